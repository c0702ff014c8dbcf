// From where text sits on printed pages to the blocks the shared reader understands (document.ts):
// paragraphs rebuilt from lines, tables rebuilt as aligned grids. Pure: no pdf.js types here, so
// it is tested on plain arrays; pdf.js stays in the thin lazy adapter (pdf.ts), and text copied
// out of a PDF viewer comes in through the same door (pdf-text.ts turns its lines into runs).
//
// Coordinates are top-down (y grows down the page), in any unit: PDF points for real pages,
// character cells for copied text. A run's y is its baseline; `size` is its font size (height).
//
// Tables: where the page draws rules, the cell boxes come from them (a merged cell is a box with
// no rule inside it); a table that goes on over a page break is joined to its first part, so its
// header still stands over its values. Where a page draws no rules, the columns come from where
// the values sit, and the header labels are placed over the column they cover (positionalGrid).

import type { Finding } from '../domain/finding.ts';
import { headingIndex, subHead, type Block } from './document.ts';
import { t2ArticleOf } from './labels.ts';
import type { GridCell, SourceTable } from './tables.ts';
import { note, quote } from './types.ts';

export interface TextRun {
  text: string;
  /** Left edge. */
  x: number;
  /** Baseline, top-down. */
  y: number;
  /** Width. */
  w: number;
  /** Font size (glyph height). */
  size: number;
}
/** A straight drawn line (or a thin filled box), top-down, x0 ≤ x1 and y0 ≤ y1. */
export interface Segment {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
export interface LaidOutPage {
  width: number;
  height: number;
  runs: TextRun[];
  segments: Segment[];
}
export interface LayoutResult {
  blocks: Block[];
  notes: Finding[];
}

/** Lines thinner than this are rules; a table needs at least two of each direction. */
const RULE_THICKNESS = 2.5;
const SNAP = 1.6;

interface Line {
  page: number;
  y: number;
  x0: number;
  x1: number;
  size: number;
  text: string;
  runs: TextRun[];
}

interface Region {
  page: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  h: Segment[];
  v: Segment[];
}

// --- small helpers ------------------------------------------------------------------------------

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’]/;
const isSpace = (s: string) => s.replace(/[\s\u00a0\u3000]/g, '') === '';

/** Join pieces of one printed line: CJK needs no spaces; Latin words and numbers keep one. */
export function joinPieces(pieces: readonly string[]): string {
  let out = '';
  for (const raw of pieces) {
    const p = raw.replace(/[\s\u00a0]+/g, ' ').trim();
    if (!p) continue;
    if (out && !CJK.test(out.at(-1)!) && !CJK.test(p[0]!)) out += ' ';
    out += p;
  }
  return tidySpaces(out);
}

/**
 * Justified CJK lines carry spaces between characters ("邮 编 ："); they are not text. A space
 * between a number and a character ("2023 年") was typed, and is kept.
 */
function tidySpaces(out: string): string {
  return out
    .replace(/(?<=[\u2e80-\u9fff\uf900-\ufaff]) +(?=[\u2e80-\u9fff\uf900-\ufaff])/g, '')
    .replace(/ +(?=[\u3000-\u303f\uff00-\uffef“”‘’])|(?<=[\u3000-\u303f\uff00-\uffef“”‘’]) +/g, '');
}

function cluster(values: number[], tol: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const v of sorted) {
    const last = out.at(-1);
    if (last && v - last.at(-1)! <= tol) last.push(v);
    else out.push([v]);
  }
  return out.map((g) => g.reduce((a, b) => a + b, 0) / g.length);
}

/** Group runs whose baselines are close into lines, left to right. */
/** Runs of one line, with a space where the gap between two runs is wide enough to be one. */
function lineText(runs: readonly TextRun[]): string {
  const pieces: string[] = [];
  runs.forEach((r, i) => {
    const prev = runs[i - 1];
    if (prev && r.x - (prev.x + prev.w) > 0.2 * Math.min(r.size, prev.size)) pieces.push(' ');
    pieces.push(r.text);
  });
  return tidySpaces(pieces.join('').replace(/[\s\u00a0]+/g, ' ').trim());
}

export function groupLines(runs: readonly TextRun[], page: number): Line[] {
  const sorted = runs.filter((r) => !isSpace(r.text)).sort((a, b) => a.y - b.y || a.x - b.x);
  const lines: Line[] = [];
  for (const r of sorted) {
    const last = lines.at(-1);
    if (last && Math.abs(r.y - last.y) <= Math.max(1, 0.45 * Math.min(r.size, last.size))) {
      last.runs.push(r);
      last.x0 = Math.min(last.x0, r.x);
      last.x1 = Math.max(last.x1, r.x + r.w);
      last.size = Math.max(last.size, r.size);
    } else lines.push({ page, y: r.y, x0: r.x, x1: r.x + r.w, size: r.size, text: '', runs: [r] });
  }
  for (const l of lines) {
    l.runs.sort((a, b) => a.x - b.x);
    l.text = lineText(l.runs);
  }
  return lines;
}

/** Text set in columns: at least two lines with a wide gap between pieces (tables, not prose). */
export function looksTabular(runs: readonly TextRun[]): boolean {
  let n = 0;
  for (const l of groupLines(runs, 0)) {
    for (let i = 1; i < l.runs.length; i++) {
      const a = l.runs[i - 1]!;
      const b = l.runs[i]!;
      if (b.x - (a.x + a.w) > 1.5 * Math.max(a.size, b.size)) {
        if (++n >= 2) return true;
        break;
      }
    }
  }
  return false;
}

// --- rules → table regions ----------------------------------------------------------------------

function rulesOf(segments: readonly Segment[]): { h: Segment[]; v: Segment[] } {
  const h: Segment[] = [];
  const v: Segment[] = [];
  for (const s of segments) {
    const w = s.x1 - s.x0;
    const t = s.y1 - s.y0;
    if (t <= RULE_THICKNESS && w >= 4) h.push({ x0: s.x0, x1: s.x1, y0: (s.y0 + s.y1) / 2, y1: (s.y0 + s.y1) / 2 });
    else if (w <= RULE_THICKNESS && t >= 4) v.push({ x0: (s.x0 + s.x1) / 2, x1: (s.x0 + s.x1) / 2, y0: s.y0, y1: s.y1 });
  }
  return { h, v };
}

const touches = (h: Segment, v: Segment) =>
  v.x0 >= h.x0 - SNAP * 2 && v.x0 <= h.x1 + SNAP * 2 && h.y0 >= v.y0 - SNAP * 2 && h.y0 <= v.y1 + SNAP * 2;

/** Connected sets of crossing rules that form a grid (≥ 2 rules each way). */
/** A report page draws a few hundred rules; a page with more is a drawing, not a table. */
export const MAX_RULES_PER_PAGE = 4000;

export function tableRegions(segments: readonly Segment[], page: number): Region[] {
  const { h, v } = rulesOf(segments);
  if (h.length + v.length > MAX_RULES_PER_PAGE) return [];
  const all = [...h, ...v];
  const parent = all.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < h.length; i++) {
    for (let j = 0; j < v.length; j++) {
      if (touches(h[i]!, v[j]!)) parent[find(i)] = find(h.length + j);
    }
  }
  // Pieces of one line drawn end to end (Chromium draws each cell's border on its own) are one
  // line, even where no crossing line meets a piece.
  const chain = (idx: number[], pos: (s: Segment) => number, from: (s: Segment) => number, to: (s: Segment) => number) => {
    // Lines at (nearly) the same position, in order along it: each piece that starts where the
    // run so far ends continues it.
    idx.sort((a, b) => pos(all[a]!) - pos(all[b]!));
    const groups: number[][] = [];
    for (const i of idx) {
      const g = groups.at(-1);
      if (g && pos(all[i]!) - pos(all[g.at(-1)!]!) <= SNAP) g.push(i);
      else groups.push([i]);
    }
    for (const g of groups) {
      g.sort((a, b) => from(all[a]!) - from(all[b]!));
      let reach = to(all[g[0]!]!);
      for (let k = 1; k < g.length; k++) {
        const b = all[g[k]!]!;
        if (from(b) <= reach + SNAP * 2) parent[find(g[k]!)] = find(g[k - 1]!);
        reach = Math.max(reach, to(b));
      }
    }
  };
  chain(h.map((_, i) => i), (s) => s.y0, (s) => s.x0, (s) => s.x1);
  chain(v.map((_, j) => h.length + j), (s) => s.x0, (s) => s.y0, (s) => s.y1);
  const groups = new Map<number, number[]>();
  all.forEach((_, i) => {
    const r = find(i);
    if (!groups.has(r)) groups.set(r, []);
    groups.get(r)!.push(i);
  });
  const regions: Region[] = [];
  for (const idx of groups.values()) {
    const hs = idx.filter((i) => i < h.length).map((i) => h[i]!);
    const vs = idx.filter((i) => i >= h.length).map((i) => all[i]!);
    if (cluster(hs.map((s) => s.y0), SNAP).length < 2 || cluster(vs.map((s) => s.x0), SNAP).length < 2) continue;
    regions.push({
      page,
      x0: Math.min(...hs.map((s) => s.x0), ...vs.map((s) => s.x0)),
      x1: Math.max(...hs.map((s) => s.x1), ...vs.map((s) => s.x1)),
      y0: Math.min(...hs.map((s) => s.y0), ...vs.map((s) => s.y0)),
      y1: Math.max(...hs.map((s) => s.y1), ...vs.map((s) => s.y1)),
      h: hs,
      v: vs,
    });
  }
  return regions.sort((a, b) => a.y0 - b.y0);
}

const inside = (r: Region, x: number, y: number, pad = 0) => x >= r.x0 - pad && x <= r.x1 + pad && y >= r.y0 - pad && y <= r.y1 + pad;
const runCentre = (r: TextRun) => ({ x: r.x + r.w / 2, y: r.y - r.size * 0.35 });

/**
 * A ruled table (possibly in parts over several pages, each shifted to sit under the one before)
 * as an aligned grid: every box between rules is a grid cell; boxes with no rule between them
 * are one merged cell, copied to every position it covers (as HTML rowspan/colspan are).
 */
export function ruledGrid(parts: readonly { region: Region; runs: TextRun[] }[]): SourceTable {
  const h: Segment[] = [];
  const v: Segment[] = [];
  const runs: TextRun[] = [];
  let offset = 0;
  const left = parts[0]?.region.x0 ?? 0;
  for (const { region, runs: rs } of parts) {
    // Stacked under the part before, and aligned on its left edge: mirrored margins move a
    // table sideways on even pages.
    const dy = offset - region.y0;
    const dx = left - region.x0;
    for (const s of region.h) h.push({ x0: s.x0 + dx, x1: s.x1 + dx, y0: s.y0 + dy, y1: s.y1 + dy });
    for (const s of region.v) v.push({ x0: s.x0 + dx, x1: s.x1 + dx, y0: s.y0 + dy, y1: s.y1 + dy });
    for (const r of rs) runs.push({ ...r, x: r.x + dx, y: r.y + dy });
    offset += region.y1 - region.y0;
  }
  const xs = cluster(v.map((s) => s.x0), SNAP);
  const ys = cluster(h.map((s) => s.y0), SNAP);
  const nc = xs.length - 1;
  const nr = ys.length - 1;
  const hasV = (x: number, y: number) => v.some((s) => Math.abs(s.x0 - x) <= SNAP && s.y0 - SNAP <= y && s.y1 + SNAP >= y);
  const hasH = (y: number, x: number) => h.some((s) => Math.abs(s.y0 - y) <= SNAP && s.x0 - SNAP <= x && s.x1 + SNAP >= x);
  const id = (r: number, c: number) => r * nc + c;
  const parent = Array.from({ length: nr * nc }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  for (let r = 0; r < nr; r++) {
    const ym = (ys[r]! + ys[r + 1]!) / 2;
    for (let c = 0; c < nc; c++) {
      const xm = (xs[c]! + xs[c + 1]!) / 2;
      if (c + 1 < nc && !hasV(xs[c + 1]!, ym)) union(id(r, c), id(r, c + 1));
      if (r + 1 < nr && !hasH(ys[r + 1]!, xm)) union(id(r, c), id(r + 1, c));
    }
  }
  // Each run goes to the box its centre is in.
  const texts = new Map<number, TextRun[]>();
  const locate = (vals: number[], p: number) => {
    for (let i = 0; i + 1 < vals.length; i++) if (p >= vals[i]! && p < vals[i + 1]!) return i;
    return -1;
  };
  for (const run of splitAtRules(runs, xs, hasV)) {
    const c = runCentre(run);
    const col = locate(xs, c.x);
    const row = locate(ys, c.y);
    if (col < 0 || row < 0) continue;
    const root = find(id(row, col));
    if (!texts.has(root)) texts.set(root, []);
    texts.get(root)!.push(run);
  }
  const cellText = new Map<number, string>();
  for (const [root, rs] of texts) cellText.set(root, groupLines(rs, 0).map((l) => l.text).join(''));
  const rows: GridCell[][] = [];
  const seen = new Set<number>();
  for (let r = 0; r < nr; r++) {
    const row: GridCell[] = [];
    for (let c = 0; c < nc; c++) {
      const root = find(id(r, c));
      row.push({ text: cellText.get(root) ?? '', origin: root, copy: seen.has(root) });
      seen.add(root);
    }
    // A row that only repeats merged cells from above adds nothing (and would read as a
    // second copy of the row above).
    if (row.some((cell) => !cell.copy)) rows.push(row);
  }
  return { rows, aligned: true };
}

/**
 * pdf.js joins text drawn close together into one run, even across a cell border: wide numbers
 * in narrow columns ("99997" "70160" → "9999770160"). A run that crosses a drawn rule is cut
 * there, by the width of its characters (figures are all one width).
 */
function splitAtRules(runs: readonly TextRun[], xs: readonly number[], hasV: (x: number, y: number) => boolean): TextRun[] {
  const out: TextRun[] = [];
  // Estimated advance of each character (CJK one em, figures and letters about half, a space a
  // third), scaled so the run's characters fill its measured width.
  const est = (ch: string) => (ch.charCodeAt(0) > 0x2e7f ? 1 : ch === ' ' ? 0.3 : 0.55);
  for (const run of runs) {
    const chars = [...run.text];
    const raw = chars.map(est);
    const total = raw.reduce((a, b) => a + b, 0);
    if (!chars.length || !total) {
      out.push(run);
      continue;
    }
    const adv = raw.map((r) => (r / total) * run.w);
    const ym = run.y - run.size * 0.35;
    const minAdv = Math.min(...adv);
    const cuts = xs.filter((x) => x > run.x + minAdv * 0.5 && x < run.x + run.w - minAdv * 0.5 && hasV(x, ym));
    if (!cuts.length) {
      out.push(run);
      continue;
    }
    let k = 0;
    let x = run.x;
    for (const cut of [...cuts, Number.POSITIVE_INFINITY]) {
      const from = k;
      const x0 = x;
      // A character belongs to the side of the cut its middle is on.
      while (k < chars.length && x + adv[k]! / 2 < cut) x += adv[k++]!;
      const text = chars.slice(from, k).join('');
      if (text.trim()) out.push({ ...run, text: text.trim(), x: x0, w: x - x0 });
    }
  }
  return out;
}

// --- page furniture -------------------------------------------------------------------------------

const PAGE_NUMBER = /^[-—–－_~·\s]*(?:第\s*)?[0-9０-９]{1,4}\s*(?:页)?(?:\s*[/／]\s*[0-9]{1,4}|\s*共\s*[0-9]{1,4}\s*页)?[-—–－_~·\s]*$/;
const PAGE_X_OF_Y = /^(?:第\s*\d{1,4}\s*页\s*[,，]?\s*共\s*\d{1,4}\s*页|\d{1,4}\s*[/／]\s*\d{1,4}|page\s*\d+(?:\s*of\s*\d+)?)$/i;

/** Page numbers and running headers/footers: lines in the top or bottom margin band. */
function furniture(lines: readonly Line[], pages: readonly LaidOutPage[]): Set<Line> {
  const out = new Set<Line>();
  const band = (l: Line) => {
    const p = pages[l.page]!;
    return l.y < p.height * 0.12 || l.y > p.height * 0.86;
  };
  const shape = (t: string) => t.replace(/[0-9０-９]+/g, '#').replace(/\s+/g, '');
  const pagesWith = new Map<string, Set<number>>();
  for (const l of lines) {
    if (!band(l)) continue;
    const s = shape(l.text);
    if (!pagesWith.has(s)) pagesWith.set(s, new Set());
    pagesWith.get(s)!.add(l.page);
  }
  const minPages = Math.max(2, Math.ceil(pages.length / 2));
  for (const l of lines) {
    if (!band(l)) continue;
    // The page-level edge lines: the first or last line of a page in the margin band.
    const t = l.text.trim();
    if (PAGE_NUMBER.test(t) || PAGE_X_OF_Y.test(t)) out.add(l);
    else if (pages.length >= 3 && pagesWith.get(shape(t))!.size >= minPages && t.length <= 60) out.add(l);
  }
  return out;
}

// --- prose --------------------------------------------------------------------------------------

const ENDS_SENTENCE = /[。！？；：:!?;）)」』”]$/;

/** Lines → paragraphs: a paragraph starts at an indented line, after a short line, or at a heading. */
function paragraphs(lines: readonly Line[], pageStats: Map<number, { left: number; right: number }>): string[] {
  const out: string[] = [];
  let prev: Line | null = null;
  for (const l of lines) {
    const st = pageStats.get(l.page)!;
    const em = l.size || 1;
    const indented = l.x0 > st.left + 0.8 * em;
    const prevShort = prev !== null && prev.x1 < pageStats.get(prev.page)!.right - 1.5 * (prev.size || 1);
    const bigGap = prev !== null && prev.page === l.page && l.y - prev.y > 2.4 * em;
    const heading = headingIndex(l.text, -1) !== null || subHead(l.text) !== null || t2ArticleOf(l.text) !== null;
    const prevEndsSentence = prev !== null && ENDS_SENTENCE.test(prev.text);
    const newPara = prev === null || indented || heading || bigGap || (prevShort && prevEndsSentence) || (prevShort && !sameParaWrap(prev, l, st));
    if (newPara) out.push(joinPieces([l.text]));
    else {
      const para = out[out.length - 1]!;
      // A line break between a character and a number hides whether a space stood there; the
      // paragraph's own habit ("政务 67 件" elsewhere) decides.
      const habit = /[\u4e00-\u9fff] [0-9A-Za-z]|[0-9A-Za-z] [\u4e00-\u9fff]/;
      const spaced = habit.test(para) || habit.test(l.text);
      const mixed = /[\u4e00-\u9fff]$/.test(para) !== /^[\u4e00-\u9fff]/.test(l.text) && /[0-9A-Za-z]$|^[0-9A-Za-z]/.test(para.slice(-1) + l.text[0]);
      out[out.length - 1] = spaced && mixed ? `${para} ${joinPieces([l.text])}` : joinPieces([para, l.text]);
    }
    prev = l;
  }
  return out;
}

/** A short previous line still continues into this one when it is very short of the edge only by a word. */
function sameParaWrap(prev: Line, _l: Line, st: { right: number }): boolean {
  return prev.x1 >= st.right - 3 * (prev.size || 1) && !ENDS_SENTENCE.test(prev.text);
}

function pageStatsOf(lines: readonly Line[]): Map<number, { left: number; right: number }> {
  const byPage = new Map<number, Line[]>();
  for (const l of lines) {
    if (!byPage.has(l.page)) byPage.set(l.page, []);
    byPage.get(l.page)!.push(l);
  }
  const all = { left: modeLeft(lines), right: rightEdge(lines) };
  const out = new Map<number, { left: number; right: number }>();
  for (const [p, ls] of byPage) out.set(p, ls.length >= 6 ? { left: modeLeft(ls), right: rightEdge(ls) } : all);
  return out;
}
function modeLeft(lines: readonly Line[]): number {
  const counts = new Map<number, number>();
  for (const l of lines) counts.set(Math.round(l.x0), (counts.get(Math.round(l.x0)) ?? 0) + 1);
  let best = 0;
  let bestN = -1;
  for (const [x, n] of counts) if (n > bestN || (n === bestN && x < best)) [best, bestN] = [x, n];
  return best;
}
function rightEdge(lines: readonly Line[]): number {
  const ends = lines.map((l) => l.x1).sort((a, b) => a - b);
  // Not the very longest: a line of wide digits or a justified line with gaps runs past the edge.
  return ends[Math.floor(ends.length * 0.8)] ?? 0;
}

// --- the whole document -------------------------------------------------------------------------

/**
 * Pages → blocks in reading order. Tables continued over a page break (nothing but page
 * furniture between the end of one and the start of the next) are joined into one grid.
 */
export function pagesToBlocks(pages: readonly LaidOutPage[], positional?: (lines: Line[]) => Block[]): LayoutResult {
  const notes: Finding[] = [];
  const regions = pages.map((p, i) => tableRegions(p.segments, i));
  const allLines: Line[] = [];
  const regionRuns = new Map<Region, TextRun[]>();
  pages.forEach((p, i) => {
    const free: TextRun[] = [];
    for (const run of p.runs) {
      if (isSpace(run.text)) continue;
      const c = runCentre(run);
      const reg = regions[i]!.find((r) => inside(r, c.x, c.y, 0.5));
      if (reg) {
        if (!regionRuns.has(reg)) regionRuns.set(reg, []);
        regionRuns.get(reg)!.push(run);
      } else free.push(run);
    }
    allLines.push(...groupLines(free, i));
  });
  const furn = furniture(allLines, pages);
  if (furn.size) {
    notes.push(note('IMPORT', 'info', `已去掉 ${furn.size} 处页码和页眉页脚（如${quote([...furn][0]!.text, 20)}），它们不是正文。`));
  }
  const body = allLines.filter((l) => !furn.has(l));

  // Reading order: per page, lines and tables by their top.
  type Item = { kind: 'line'; line: Line } | { kind: 'table'; region: Region };
  const items: Item[] = [];
  pages.forEach((_, i) => {
    const here: { y: number; item: Item }[] = [
      ...body.filter((l) => l.page === i).map((line) => ({ y: line.y - line.size, item: { kind: 'line', line } as Item })),
      ...regions[i]!.map((region) => ({ y: region.y0, item: { kind: 'table', region } as Item })),
    ];
    here.sort((a, b) => a.y - b.y);
    items.push(...here.map((h) => h.item));
  });

  const stats = pageStatsOf(body);
  const blocks: Block[] = [];
  let pendingLines: Line[] = [];
  const flushLines = () => {
    if (!pendingLines.length) return;
    if (positional) blocks.push(...positional(pendingLines));
    else blocks.push({ kind: 'text', text: paragraphs(pendingLines, stats).join('\n') });
    pendingLines = [];
  };
  let group: { region: Region; runs: TextRun[] }[] | null = null;
  const flushTable = () => {
    if (group) blocks.push({ kind: 'table', table: ruledGrid(group) });
    group = null;
  };
  for (const it of items) {
    if (it.kind === 'line') {
      flushTable();
      pendingLines.push(it.line);
      continue;
    }
    flushLines();
    const part = { region: it.region, runs: regionRuns.get(it.region) ?? [] };
    const last = group?.at(-1);
    // Only page furniture between the two parts (furniture is not in items), on the next page,
    // and the two parts overlap across: the same table going on.
    if (group && last && it.region.page === last.region.page + 1 && overlapX(last.region, it.region) > 0.6) group.push(part);
    else {
      flushTable();
      group = [part];
    }
  }
  flushTable();
  flushLines();
  return { blocks, notes };
}

function overlapX(a: Region, b: Region): number {
  const o = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  return o / Math.min(a.x1 - a.x0, b.x1 - b.x0);
}

/** Lines → paragraphs, with the margins measured from the lines themselves. */
export function paragraphsOf(lines: readonly Line[]): string[] {
  return paragraphs(lines, pageStatsOf(lines));
}

export type { Line as LayoutLine };
