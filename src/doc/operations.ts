// The named edits of a report doc. Every edit is one transaction with its origin; invalid input
// returns a Chinese reason and changes nothing (the checks themselves are domain/edit-checks.ts).

import type * as Y from 'yjs';
// lib0's common prefix/suffix diff: the smallest single replacement, never splitting a surrogate pair.
import { simpleDiffString } from 'lib0/diff';
import { CELL_BY_KEY, FORMAT_ID, SECTION_IDS, TYPED_CELL_KEYS, type CellKey, type SectionId, type TableId } from '../domain/format.ts';
import { defaultDeadline, type Report } from '../domain/report.ts';
import { checkCellValue, checkMetaFields } from '../domain/edit-checks.ts';
import { rebaseChange, type Delta, type TextChange } from './text-delta.ts';
import { registerState, writeCell, type CellContext } from './cell-register.ts';
import { isRegisterMetaField, metaFieldState, writeMetaField, type MetaContext, type RegisterMetaField } from './meta-register.ts';
import { DOC_SCHEMA, META, SECTION_PREFIX, attachReportDoc } from './layout.ts';
import { stopCapturing } from './undo.ts';
import type { Author, EditResult, MetaPatch, Origin } from './types.ts';

export interface MetaEditOptions extends EditOptions {
  /** Per field, what she was shown when she began editing it (default: what this replica shows now). */
  context?: Partial<Record<RegisterMetaField, MetaContext>>;
}

export interface EditOptions {
  /** Origin of the edit (default 'local'). */
  origin?: Origin;
  /** Time of the edit, epoch ms (default now). */
  at?: number;
}

/**
 * Set metadata. Title, 单位名称, 单位类型, 报告年度 and 截止日期 are registers (meta-register.ts):
 * a new write superseding what she was shown, so a colleague's value written while apart is kept
 * as a conflict instead of vanishing; writing the settled value again changes nothing. The plain
 * meta map gets the value too (older apps read it; lastBy/lastAt are informational).
 */
export function setMeta(doc: Y.Doc, patch: MetaPatch, author: Author, opts: MetaEditOptions = {}): EditResult {
  const err = checkMetaFields(patch);
  if (err) return { ok: false, error: err };
  const meta = doc.getMap<unknown>(META);
  const at = opts.at ?? Date.now();
  doc.transact(() => {
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) continue;
      if (v === null) meta.delete(k);
      else {
        const value = typeof v === 'string' && k !== 'title' ? v.trim() : v;
        if (isRegisterMetaField(k) && (typeof value === 'string' || typeof value === 'number')) {
          const s = metaFieldState(doc, k);
          const settled = s.conflict === null && (s.value !== undefined ? s.value : meta.get(k)) === value;
          if (settled && !opts.context?.[k]) continue;
          writeMetaField(doc, k, value, author, at, opts.context?.[k]);
        }
        meta.set(k, value);
      }
    }
    meta.set('lastBy', author.name);
    meta.set('lastAt', at);
  }, opts.origin ?? 'local');
  return { ok: true };
}

/** Set one cell (a new write superseding what this replica shows, conflicts included). */
export function setCell(doc: Y.Doc, key: CellKey, value: number | null, author: Author, opts: EditOptions = {}): EditResult {
  return setCells(doc, [[key, value]], author, opts);
}

/**
 * Set several cells in ONE transaction (a paste). All or nothing: if any value is refused,
 * nothing changes and the first reason is returned. Cells whose settled value already equals
 * the new one are left alone (no churn, no conflict with a peer who typed the same).
 */
export function setCells(
  doc: Y.Doc,
  entries: Iterable<readonly [CellKey, number | null]> | Partial<Record<CellKey, number | null>>,
  author: Author,
  opts: EditOptions = {},
): EditResult {
  const list: [CellKey, number | null][] =
    Symbol.iterator in Object(entries)
      ? [...(entries as Iterable<readonly [CellKey, number | null]>)].map(([k, v]) => [k, v])
      : (Object.entries(entries) as [CellKey, number | null][]);
  for (const [k, v] of list) {
    const err = checkCellValue(k, v);
    if (err) return { ok: false, error: err };
  }
  // The last value for a key wins inside one paste (the register cache is per transaction).
  const last = new Map<CellKey, number | null>(list);
  const changes = [...last].filter(([k, v]) => {
    const s = registerState(doc, k);
    return s.conflict !== null || s.value !== v;
  });
  if (changes.length === 0) return { ok: true };
  writeAll(doc, changes, author, opts);
  return { ok: true };
}

function writeAll(doc: Y.Doc, changes: readonly [CellKey, number | null][], author: Author, opts: EditOptions): void {
  const at = opts.at ?? Date.now();
  stopCapturing(doc);
  doc.transact(() => {
    for (const [k, v] of changes) writeCell(doc, k, v, author, at);
  }, opts.origin ?? 'local');
  stopCapturing(doc);
}

/**
 * Set one cell as the edit of someone who was shown `context` when she began editing it
 * (cellContext, taken on focus): what arrived since stays and, if different, is a conflict.
 * Returns the write's id, so that her next keystroke in the same cell supersedes it.
 */
export function setCellFrom(
  doc: Y.Doc,
  key: CellKey,
  value: number | null,
  author: Author,
  context: CellContext,
  opts: EditOptions = {},
): { ok: true; id: string } | { ok: false; error: string } {
  const err = checkCellValue(key, value);
  if (err) return { ok: false, error: err };
  let id = '';
  stopCapturing(doc);
  doc.transact(() => {
    id = writeCell(doc, key, value, author, opts.at ?? Date.now(), context);
  }, opts.origin ?? 'local');
  stopCapturing(doc);
  return { ok: true, id };
}

/** Choose the value of a conflicted (or any) cell: supersedes every value shown, on every replica. */
export function resolveConflict(doc: Y.Doc, key: CellKey, value: number | null, author: Author, opts: EditOptions = {}): EditResult {
  const err = checkCellValue(key, value);
  if (err) return { ok: false, error: err };
  writeAll(doc, [[key, value]], author, opts);
  return { ok: true };
}

/** "其余填0": fill every 未填 typed cell of a table with 0 (cells in conflict are left alone). */
export function fillEmptyWithZero(doc: Y.Doc, table: TableId, author: Author, opts: EditOptions = {}): { ok: true; filled: CellKey[] } {
  const filled = TYPED_CELL_KEYS.filter((k) => {
    if (CELL_BY_KEY.get(k)!.table !== table) return false;
    const s = registerState(doc, k);
    return s.value === null && s.conflict === null;
  });
  if (filled.length) writeAll(doc, filled.map((k) => [k, 0] as [CellKey, number]), author, opts);
  return { ok: true, filled };
}

/**
 * Replace a section's text with `text` as a minimal edit (common prefix/suffix untouched), so
 * that remote carets and concurrent edits elsewhere in the text stay where they are.
 */
export function replaceSectionText(doc: Y.Doc, id: SectionId, text: string, author: Author, opts: EditOptions = {}): EditResult {
  if (!SECTION_IDS.includes(id)) return { ok: false, error: `未知的正文部分“${id}”。` };
  if (typeof text !== 'string') return { ok: false, error: '正文应为文字。' };
  const ytext = doc.getText(SECTION_PREFIX + id);
  const current = ytext.toString();
  if (current === text) return { ok: true };
  const d = simpleDiffString(current, text);
  doc.transact(() => {
    if (d.remove) ytext.delete(d.index, d.remove);
    if (d.insert) ytext.insert(d.index, d.insert);
  }, opts.origin ?? 'local');
  return { ok: true };
}

/**
 * The edit a person made to a section, against the text she was shown: `change` is her change to
 * that text, `since` the deltas the section received after it (colleagues' edits she has not
 * been shown yet). Her change lands where its characters are now (text-delta.ts): nothing a
 * colleague wrote meanwhile is removed. Returns where her inserted text ends now (the caret).
 */
export function editSectionText(
  doc: Y.Doc,
  id: SectionId,
  change: TextChange,
  author: Author,
  opts: EditOptions & { since?: readonly Delta[] } = {},
): { ok: true; caret: number } | { ok: false; error: string } {
  if (!SECTION_IDS.includes(id)) return { ok: false, error: `未知的正文部分“${id}”。` };
  const ytext = doc.getText(SECTION_PREFIX + id);
  const { deletes, at, insert } = rebaseChange(change, opts.since ?? []);
  if (deletes.length === 0 && insert === '') return { ok: true, caret: at };
  const len = ytext.length;
  if (at > len || deletes.some(([a, b]) => b > len || a < at)) return { ok: false, error: '正文已被同时修改，未能应用这次输入。' };
  doc.transact(() => {
    for (let i = deletes.length - 1; i >= 0; i--) ytext.delete(deletes[i]![0], deletes[i]![1] - deletes[i]![0]);
    if (insert) ytext.insert(at, insert);
  }, opts.origin ?? 'local');
  return { ok: true, caret: at + insert.length };
}

/**
 * Put a whole Report into a doc (an import), in one transaction with origin 'import'. Derived
 * sums are not stored (they are computed); typed cells are stored as given even when the
 * validator will object (negative, fractional), so that the user sees and fixes them.
 */
export function loadReport(doc: Y.Doc, report: Report, author: Author, opts: { at?: number } = {}): EditResult {
  attachReportDoc(doc);
  const at = opts.at ?? Date.now();
  const meta = doc.getMap<unknown>(META);
  doc.transact(() => {
    meta.set('name', report.unit.name);
    meta.set('type', report.unit.type);
    meta.set('year', report.year);
    meta.set('title', report.title);
    meta.set('deadline', report.deadline ?? defaultDeadline(report.year));
    if (report.publishedOn) meta.set('publishedOn', report.publishedOn);
    if (meta.get('status') === undefined) meta.set('status', 'draft');
    meta.set('formatVersion', FORMAT_ID);
    meta.set('docSchema', DOC_SCHEMA);
    if (meta.get('createdAt') === undefined) {
      meta.set('createdBy', author.name);
      meta.set('createdAt', at);
    }
    for (const id of SECTION_IDS) {
      const ytext = doc.getText(SECTION_PREFIX + id);
      const want = report.sections[id] ?? '';
      const d = simpleDiffString(ytext.toString(), want);
      if (d.remove) ytext.delete(d.index, d.remove);
      if (d.insert) ytext.insert(d.index, d.insert);
    }
    for (const k of TYPED_CELL_KEYS) {
      const v = report.cells[k] ?? null;
      const s = registerState(doc, k);
      if (s.conflict === null && s.value === v) continue;
      writeCell(doc, k, v, author, at);
    }
  }, 'import' satisfies Origin);
  return { ok: true };
}
