// Text copied out of a PDF viewer (or written by pdftotext): no tabs, columns kept apart by runs
// of spaces, lines broken inside sentences, page numbers ("- 3 -") between paragraphs, header
// labels and row labels broken over several lines ("商业" / "企业"), the 表三 group column
// printed one character per line. Read by position in the line, not by tabs:
// - prose: lines rebuilt into paragraphs by the same rules as real PDF pages (pdf-layout.ts);
// - tables (between 二 and 五): per table part (a 第二十条 block, or what one page holds), the
//   value columns are where the numbers stand; header pieces are stacked over the column they
//   stand over; each row's label is put together from its pieces (a piece that starts with a
//   number "1." / "1、" / "（一）" / "一、" starts a label, the others continue the label above
//   them in the same column), and the labels are paired with the value lines in order.
// The result is an aligned grid per part, read by the shared table reader like HTML tables.
// Copies that kept no positions (one cell per line, out of order) are not guessed at: their
// tables are reported as not found, never read as 0.

import type { Finding } from '../domain/finding.ts';
import { T4_COLS, TABLE_NAMES } from '../domain/format.ts';
import { normalizeLabel } from '../domain/text.ts';
import { parseCellValue } from './cellvalue.ts';
import { headingIndex, type Block } from './document.ts';
import { T2_COL_ENTRIES, T2_ROW_ENTRIES, T3_COL_ENTRIES, T3_CONTEXT_ENTRIES, T3_ROW_ENTRIES, T4_COL_ENTRIES, T4_GROUP_ENTRIES, labelCore, matchLabel, t2ArticleOf } from './labels.ts';
import { paragraphsOf, type LayoutLine } from './pdf-layout.ts';
import type { GridCell } from './tables.ts';
import { note } from './types.ts';

interface Tok {
  text: string;
  x: number;
  w: number;
}
interface TLine {
  page: number;
  y: number;
  raw: string;
  toks: Tok[];
}

/** "- 3 -", "— 3 —", "第 3 页", "3/6": a page number standing alone on its line. */
const PAGE_NUMBER_LINE = /^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*[/／]\s*\d{1,4})\s*$/;
const NUMBERED = /^(?:[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|[一二三四五六七八九十]+\s*[、.．]|\d+\s*[.、．])/;
const width = (s: string) => [...s].length;

/** Text that came out of a PDF: no tab-separated rows, and page breaks or space-separated number columns. */
export function looksLikePdfText(text: string): boolean {
  if (/\t/.test(text)) return false;
  if (text.includes('\f')) return true;
  const lines = text.split(/\r?\n/);
  const pageNumbers = lines.filter((l) => PAGE_NUMBER_LINE.test(l)).length;
  const spaced = lines.filter((l) => /\S\s{2,}\d[\d.,]*(?:\s{2,}|\s*$)/.test(l) && /\d\s{2,}\d/.test(l + '  0')).length;
  return pageNumbers >= 2 || spaced >= 3;
}

function tokens(line: string): Tok[] {
  const out: Tok[] = [];
  const re = /\S+(?: \S+)*/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const x = width(line.slice(0, m.index));
    // Numbers are cells of their own even when only one space apart ("2 0 1 0 3").
    if (/^[\d.,，/\-—]+(?: [\d.,，/\-—]+)+$/.test(m[0])) {
      let off = 0;
      for (const part of m[0].split(' ')) {
        out.push({ text: part, x: x + off, w: width(part) });
        off += width(part) + 1;
      }
    } else out.push({ text: m[0], x, w: width(m[0]) });
  }
  return out;
}

/** Column and group words of 表三/表四 headers, which also end some row labels ("3.其他", "（七）总计"). */
const COLUMN_WORDS = new Set(
  [...T3_COL_ENTRIES.flatMap((e) => [e.label, ...(e.aliases ?? [])]), ...T4_COLS.map((c) => c.label), '维持', '纠正', '其他', '总计', '合计', '审结'].map(labelCore),
);

const isValue = (t: string) => parseCellValue(t).kind !== 'text' && /[\d/\-—]/.test(t);

export interface PdfTextResult {
  blocks: Block[];
  notes: Finding[];
}

export function pdfTextBlocks(text: string): PdfTextResult {
  const notes: Finding[] = [];
  const lines: TLine[] = [];
  let page = 0;
  let y = 0;
  let dropped = 0;
  for (const raw of text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n').split('\n')) {
    const pieces = raw.split('\f');
    pieces.forEach((piece, i) => {
      if (i > 0) page++;
      if (PAGE_NUMBER_LINE.test(piece)) {
        dropped++;
        page++;
        return;
      }
      if (!piece.trim()) return;
      lines.push({ page, y: y++, raw: piece, toks: tokens(piece) });
    });
  }
  if (dropped) notes.push(note('IMPORT', 'info', `已去掉 ${dropped} 处页码（如“- 2 -”），它们不是正文。`));

  // Headings 二, 三, 四 open table zones; 五 closes them. Everything else is prose.
  const blocks: Block[] = [];
  let prose: TLine[] = [];
  let zone: TLine[] | null = null;
  let zoneHeading = -1;
  let last = -1;
  const flushProse = () => {
    if (prose.length) blocks.push({ kind: 'text', text: paragraphsOf(prose.map(asLayoutLine)).join('\n') });
    prose = [];
  };
  const flushZone = () => {
    if (zone?.length) blocks.push(...zoneTables(zone, zoneHeading, notes));
    zone = null;
  };
  for (const l of lines) {
    const h = headingIndex(l.raw, last);
    if (h !== null) {
      last = h;
      flushZone();
      prose.push(l);
      if (h >= 1 && h <= 3) {
        flushProse();
        zone = [];
        zoneHeading = h;
      }
      continue;
    }
    if (zone) zone.push(l);
    else prose.push(l);
  }
  flushZone();
  flushProse();
  return { blocks, notes };
}

/** In display units (a CJK character is two, as wide as it prints), so line lengths compare like on paper. */
const displayWidth = (s: string) => [...s].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e7f ? 2 : 1), 0);
function asLayoutLine(l: TLine): LayoutLine {
  const text = l.raw.trimEnd();
  const x0 = text.length - text.trimStart().length;
  return { page: l.page, y: l.y, x0, x1: x0 + displayWidth(text.trimStart()), size: 2, text: l.toks.map((t) => t.text).join(' '), runs: [] };
}

/** A zone's lines → table parts (one per 第二十条 block and per page) → aligned grids. */
const ZONE_TABLE = ['', TABLE_NAMES.t2, TABLE_NAMES.t3, TABLE_NAMES.t4];

function zoneTables(zone: TLine[], heading: number, notes: Finding[]): Block[] {
  const parts: TLine[][] = [];
  let cur: TLine[] = [];
  for (const l of zone) {
    const article = l.toks.length === 1 && t2ArticleOf(l.raw) !== null;
    // A new page starts a new part (its columns stand elsewhere), unless the part so far holds
    // no values yet (a 第二十条 line or a header left at the foot of the page).
    const newPage = l.page !== cur[0]?.page && cur.some((c) => c.toks.some((t) => isValue(t.text)));
    if (cur.length && (article || newPage)) {
      parts.push(cur);
      cur = [];
    }
    cur.push(l);
  }
  if (cur.length) parts.push(cur);
  const out: Block[] = [];
  let unplaced = 0;
  for (const p of parts) {
    const rows = partGrid(p, notes);
    if (rows === null) unplaced++;
    else if (rows.length) out.push({ kind: 'table', table: { rows, aligned: true } });
    else out.push({ kind: 'text', text: p.map((l) => l.raw.trim()).join('\n') });
  }
  if (unplaced) {
    const table = ZONE_TABLE[heading] ?? '表格';
    notes.push(
      note(
        'IMPORT',
        'warning',
        `${table}：复制的文字没有保留表格的位置（数值各占一行，与行名分开，顺序也已打乱），无法判断每个数值属于哪一行哪一列，${unplaced === parts.length ? `${table}没有导入` : `${table}有 ${unplaced} 段没有导入`}（保持未填，没有当作 0）。请直接导入 PDF 文件，或从 PDF 阅读器按版面复制。`,
      ),
    );
  }
  return out;
}

interface Unit {
  x: number;
  y: number;
  text: string;
}

/** The part's grid; [] when it holds no values; null when its values kept no position to read them by. */
function partGrid(part: TLine[], notes: Finding[]): GridCell[][] | null {
  let origin = 0;
  const cell = (text: string, copyOf?: number): GridCell => (copyOf !== undefined ? { text, origin: copyOf, copy: true } : { text, origin: origin++, copy: false });

  // Value columns: where the numbers of value lines stand.
  const valueLine = (l: TLine) => l.toks.filter((t) => isValue(t.text)).length >= 1 && (l.toks.length >= 2 || isValue(l.toks[0]!.text));
  const dataLines = part.filter((l) => valueLine(l) && l.toks.some((t) => isValue(t.text)));
  if (!dataLines.length) return [];
  // A copy without layout puts every cell on its own line, values apart from their labels and
  // often out of order: nothing says which row or column a bare number belongs to.
  const bare = dataLines.filter((l) => l.toks.length === 1).length;
  if (bare * 2 >= dataLines.length) return null;
  // Most value lines have one number per column: their k-th number stands in column k. (A text
  // grid shifts numbers by a character or two from row to row, so positions alone would split
  // a column in two.) Lines with blanks are placed by the nearest column.
  const valuesOf = (l: TLine) => l.toks.filter((t) => isValue(t.text));
  const counts = new Map<number, number>();
  for (const l of dataLines) counts.set(valuesOf(l).length, (counts.get(valuesOf(l).length) ?? 0) + 1);
  const full = [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]![0];
  const fullLines = dataLines.filter((l) => valuesOf(l).length === full);
  const cols = Array.from({ length: full }, (_, k) => fullLines.reduce((sum, l) => sum + valuesOf(l)[k]!.x + valuesOf(l)[k]!.w / 2, 0) / fullLines.length);
  const firstColLeft = cols[0]! - Math.max(2, (cols[1] ?? cols[0]! + 8) - cols[0]!) / 2;
  const colOf = (t: Tok) => {
    const c = t.x + t.w / 2;
    let best = 0;
    for (let i = 1; i < cols.length; i++) if (Math.abs(cols[i]! - c) < Math.abs(cols[best]! - c)) best = i;
    const gap = cols.length > 1 ? Math.min(...cols.slice(1).map((v, i) => v - cols[i]!)) : 8;
    return Math.abs(cols[best]! - c) <= Math.max(2, gap * 0.75) ? best : -1;
  };

  // Header: the lines before the first line holding a value or a row label.
  const isRowLabel = (t: Tok) => !COLUMN_WORDS.has(labelCore(t.text)) && (matchLabel(t.text, T3_ROW_ENTRIES) !== null || matchLabel(t.text, T2_ROW_ENTRIES) !== null);
  let bodyStart = part.findIndex((l) => dataLines.includes(l) || l.toks.some(isRowLabel));
  if (bodyStart < 0) bodyStart = part.length;
  const rows: GridCell[][] = [];
  const head = part.slice(0, bodyStart);
  const article = head.find((l) => l.toks.length === 1 && t2ArticleOf(l.raw) !== null);
  if (article) {
    const o = origin;
    rows.push([cell(article.toks[0]!.text), ...cols.map(() => cell(article.toks[0]!.text, o))]);
  }
  const headToks = head.filter((l) => l !== article).flatMap((l) => splitHeader(l));
  if (headToks.length) {
    const { labelArea, leaves, groups } = headerColumns(headToks, cols);
    if (groups.some((g) => g)) {
      const o = origin;
      rows.push([cell('', o), ...groups.map((g) => cell(g))]);
    }
    rows.push([cell(labelArea), ...leaves.map((l) => cell(l))]);
  }

  // Body: row labels from their pieces, paired with the value lines in order.
  const units: Unit[] = [];
  const valueRows: { y: number; vals: string[] }[] = [];
  for (const l of part.slice(bodyStart)) {
    const vals = cols.map(() => '');
    let hasVal = false;
    const lineValues = valuesOf(l);
    const byOrder = lineValues.length === cols.length && lineValues.every((t) => t.x + t.w > firstColLeft);
    for (const t of l.toks) {
      const c = isValue(t.text) ? (byOrder ? lineValues.indexOf(t) : colOf(t)) : -1;
      if (c >= 0 && t.x + t.w > firstColLeft) {
        vals[c] = t.text;
        hasVal = true;
        continue;
      }
      const text = t.text.replace(/\s+/g, '');
      // A continued label starts under its first piece or a little indented ("已获取信息").
      const sameCol = [...units].reverse().find((u) => u.x >= t.x - 6 && u.x <= t.x + 2);
      const open = sameCol && !isComplete(sameCol.text);
      if (NUMBERED.test(text) || !open) units.push({ x: t.x, y: l.y, text });
      else sameCol!.text += text;
    }
    if (hasVal) valueRows.push({ y: l.y, vals });
  }
  const labels = pairLabels(valueRows, units);
  const unlabelled = labels.filter((l) => l === '').length;
  if (unlabelled && units.length) {
    notes.push(note('IMPORT', 'warning', `一个表格有 ${unlabelled} 行数值找不到行名，未导入：${valueRows.filter((_, i) => !labels[i]).map((r) => r.vals.join(' ')).slice(0, 3).join('；')}。`));
  }
  valueRows.forEach((r, i) => rows.push([cell(labels[i]!), ...r.vals.map((v) => cell(v))]));
  return rows;
}

/** A label that equals an official row label already (so a following piece starts a new one). */
function isComplete(text: string): boolean {
  const c = labelCore(text);
  return [...T3_ROW_ENTRIES, ...T2_ROW_ENTRIES].some((e) => labelCore(e.label) === c || (e.aliases ?? []).some((a) => labelCore(a) === c));
}

/**
 * Header pieces: split on every space, since header words stand one space apart over their
 * columns ("总 计 结果 结果 其他"), except single characters in a row, which are one spaced-out
 * word ("总 计").
 */
function splitHeader(l: TLine): Tok[] {
  const out: Tok[] = [];
  for (const t of l.toks) {
    let off = 0;
    let prevSingle = false;
    for (const part of t.text.split(' ')) {
      const single = width(part) === 1;
      const last = out.at(-1);
      if (single && prevSingle && last) {
        last.text += part;
        last.w = t.x + off + 1 - last.x;
      } else out.push({ text: part, x: t.x + off, w: width(part) });
      prevSingle = single;
      off += width(part) + 1;
    }
  }
  return out;
}

const COLUMN_ENTRIES = [...T2_COL_ENTRIES, ...T3_COL_ENTRIES, ...T4_COL_ENTRIES];
const SKIPPED_GROUPS = /^(?:申请人情况|法人或其他组织|行政诉讼)$/;

/**
 * Header pieces stacked in the same place make one label ("商业" over "企业"); the stacks that
 * are column labels, left to right, are the columns — in copied text the header words do not
 * stand exactly over their numbers (CJK is narrower in a text grid), but they keep their order.
 * 表四's group labels (行政复议, 未经复议直接起诉, 复议后起诉) each stand over the next five columns.
 */
function headerColumns(toks: Tok[], cols: number[]): { labelArea: string; leaves: string[]; groups: string[] } {
  const groupToks: Tok[] = [];
  const stacks: { x: number; parts: string[] }[] = [];
  for (const t of toks) {
    if (!t.text) continue;
    const g = matchLabel(t.text, T4_GROUP_ENTRIES);
    if (g?.exact) {
      groupToks.push(t);
      continue;
    }
    if (SKIPPED_GROUPS.test(normalizeLabel(t.text))) continue;
    const s = stacks.find((st) => Math.abs(st.x - t.x) <= 1);
    if (s) s.parts.push(t.text);
    else stacks.push({ x: t.x, parts: [t.text] });
  }
  stacks.sort((a, b) => a.x - b.x);
  const labelParts: string[] = [];
  const leafStacks: { x: number; text: string }[] = [];
  for (const st of stacks) {
    const text = st.parts.join('');
    if (matchLabel(text, COLUMN_ENTRIES)) leafStacks.push({ x: st.x, text });
    else labelParts.push(text);
  }
  const leaves = cols.map(() => '');
  if (leafStacks.length === cols.length) leafStacks.forEach((l, i) => (leaves[i] = l.text));
  else {
    for (const l of leafStacks) {
      let best = 0;
      for (let i = 1; i < cols.length; i++) if (Math.abs(cols[i]! - l.x) < Math.abs(cols[best]! - l.x)) best = i;
      if (!leaves[best]) leaves[best] = l.text;
    }
  }
  const groups = cols.map(() => '');
  const per = T4_COLS.length;
  groupToks
    .sort((a, b) => a.x - b.x)
    .forEach((g, k) => {
      for (let i = k * per; i < Math.min(cols.length, (k + 1) * per); i++) groups[i] = g.text;
    });
  return { labelArea: labelParts.join(''), leaves, groups };
}

/**
 * Pair value lines with label pieces in order, each with the nearest label (by line), never
 * crossing: a label wrapped around its numbers ("1、申请人…不补" / "正、…政府信   67 3 …" /
 * "息公开申请") still meets its own line. Labels of official rows are preferred; group labels
 * such as “（六）其他处理” may carry numbers themselves (the 2019 format's single row).
 */
function pairLabels(values: { y: number }[], units: Unit[]): string[] {
  const cands = units
    .map((u) => ({ u, row: matchLabel(u.text, T3_ROW_ENTRIES) !== null || matchLabel(u.text, T2_ROW_ENTRIES) !== null }))
    .filter((c) => c.row || matchLabel(c.u.text, T3_CONTEXT_ENTRIES) !== null);
  const n = values.length;
  const m = cands.length;
  const INF = Number.POSITIVE_INFINITY;
  // best[i][j]: cost of labelling the first i value lines using only the first j candidates.
  const best = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(INF));
  const took = Array.from({ length: n + 1 }, () => new Array<boolean>(m + 1).fill(false));
  for (let j = 0; j <= m; j++) best[0]![j] = 0;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const skip = best[i]![j - 1]!;
      const c = cands[j - 1]!;
      const take = best[i - 1]![j - 1]! + Math.abs(values[i - 1]!.y - c.u.y) + (c.row ? 0 : 1.5);
      if (take <= skip) {
        best[i]![j] = take;
        took[i]![j] = true;
      } else best[i]![j] = skip;
    }
  }
  const out = values.map(() => '');
  if (m === 0 || best[n]![m] === INF) {
    // More value lines than labels: label what can be labelled, nearest first, in order.
    let j = 0;
    values.forEach((v, i) => {
      while (j < m && cands[j]!.u.y < v.y - 3) j++;
      if (j < m && Math.abs(cands[j]!.u.y - v.y) <= 3) out[i] = cands[j++]!.u.text;
    });
    return out;
  }
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    if (took[i]![j]) {
      out[i - 1] = cands[j - 1]!.u.text;
      i--;
    }
    j--;
  }
  return out;
}
