// Comparing two states of a report (two saved versions, or a version and now): which cells
// changed (before → after, and who wrote the new value when known), and each prose part's
// insertions and deletions. Pure: the doc layer supplies the contents and, for the current
// text, who wrote each run of characters (src/doc/authors.ts).

import { CELL_DEFS, SECTION_IDS, type CellKey, type SectionId } from './format.ts';
import { diffText, type DiffPart } from './text-diff.ts';

/** The parts of a report a version keeps and a comparison looks at. */
export interface ReportContent {
  title: string;
  sections: Readonly<Record<SectionId, string>>;
  /** Every cell, derived sums included (null = 未填). */
  cells: Readonly<Partial<Record<CellKey, number | null>>>;
  /** Who wrote each typed cell's value, when known. */
  cellsBy?: Readonly<Partial<Record<CellKey, string>>>;
}

/** A run of the newer text and who wrote it (the doc's items, for "now"). */
export interface AuthorRun {
  length: number;
  by: string;
}

export type AttributedPart = DiffPart & { by?: string };

export interface CellChange {
  key: CellKey;
  before: number | null;
  after: number | null;
  by?: string;
}

export interface SectionChange {
  id: SectionId;
  parts: AttributedPart[];
  /** Everyone whose insertions appear in the change. */
  by: string[];
}

export interface Comparison {
  title: { before: string; after: string } | null;
  cells: CellChange[];
  sections: SectionChange[];
}

/**
 * What changed from `before` to `after`. `runs`, when given for a section, tells who wrote each
 * stretch of the after-text (it must cover the after-text exactly; otherwise it is ignored).
 */
export function compareContents(
  before: ReportContent,
  after: ReportContent,
  runs: Partial<Record<SectionId, readonly AuthorRun[]>> = {},
): Comparison {
  const cells: CellChange[] = [];
  for (const def of CELL_DEFS) {
    const b = before.cells[def.key] ?? null;
    const a = after.cells[def.key] ?? null;
    if (b === a) continue;
    const c: CellChange = { key: def.key, before: b, after: a };
    const by = after.cellsBy?.[def.key];
    if (by) c.by = by;
    cells.push(c);
  }
  const sections: SectionChange[] = [];
  for (const id of SECTION_IDS) {
    const b = before.sections[id] ?? '';
    const a = after.sections[id] ?? '';
    if (a === b) continue;
    const r = runs[id];
    const parts: AttributedPart[] = r && r.reduce((n, x) => n + x.length, 0) === a.length ? attribute(diffText(b, a), r) : diffText(b, a);
    const by = [...new Set(parts.flatMap((p) => (p.kind === 'ins' && p.by ? [p.by] : [])))];
    sections.push({ id, parts, by });
  }
  return { title: before.title === after.title ? null : { before: before.title, after: after.title }, cells, sections };
}

/** Split insertions where their author changes, naming each author. */
export function attribute(parts: readonly DiffPart[], runs: readonly AuthorRun[]): AttributedPart[] {
  const out: AttributedPart[] = [];
  let ri = 0;
  let rOff = 0; // offset inside runs[ri]
  const advance = (n: number, onPiece: (len: number, by: string) => void) => {
    while (n > 0 && ri < runs.length) {
      const left = runs[ri]!.length - rOff;
      const take = Math.min(left, n);
      if (take > 0) onPiece(take, runs[ri]!.by);
      n -= take;
      rOff += take;
      if (rOff === runs[ri]!.length) {
        ri++;
        rOff = 0;
      }
    }
  };
  for (const p of parts) {
    if (p.kind === 'del') {
      out.push({ ...p });
      continue;
    }
    if (p.kind === 'same') {
      out.push({ ...p });
      advance(p.text.length, () => {});
      continue;
    }
    let at = 0;
    advance(p.text.length, (len, by) => {
      const last = out[out.length - 1];
      const text = p.text.slice(at, at + len);
      at += len;
      if (last && last.kind === 'ins' && last.by === by && at - len > 0) last.text += text;
      else out.push({ kind: 'ins', text, by });
    });
  }
  return out;
}
