// Reading 表二/表三/表四 from table rows, BY LABEL: which table a row belongs to, which official
// row it is and which official column each value sits in are all decided from printed labels.
// Positions only decide where a value is once its column label is known.
//
// Two kinds of input:
// - aligned grids (HTML/DOCX): rowspan/colspan already expanded, so a value sits exactly under
//   its column header;
// - text rows (copied web pages): merged cells collapsed unpredictably, so the column ORDER is
//   read from the header labels and each row's values are fitted to it (see fitWindow).

import type { Finding } from '../domain/finding.ts';
import {
  CELL_KEYS,
  T2_GROUPS,
  TABLE_NAMES,
  T3_APPLICANT_HEADER,
  T3_ORG_COLS,
  T3_ORG_HEADER,
  T3_PART_COLS,
  T4_COLS,
  T4_GROUPS,
  T4_LITIGATION_HEADER,
  T4_PART_COLS,
  cellName,
  type CellKey,
} from '../domain/format.ts';
import { normalizeLabel } from '../domain/text.ts';
import { parseCellValue } from './cellvalue.ts';
import { formatVersionNote, labelNote } from './checks.ts';
import {
  T2_COL_ENTRIES,
  T2_CONTENT_ENTRY,
  T2_ROW_ENTRIES,
  T3_COL_ENTRIES,
  T3_CONTEXT_ENTRIES,
  T3_ROW_ENTRIES,
  T4_COL_ENTRIES,
  T4_GROUP_ENTRIES,
  format2019MarkersIn,
  labelCore,
  matchLabel,
  t2ArticleOf,
  t2GroupByArticle,
  type LabelEntry,
} from './labels.ts';
import { note, quote } from './types.ts';

export interface GridCell {
  text: string;
  /** Id of the source cell; a rowspan/colspan cell has the same origin at every position it covers. */
  origin: number;
  /** True at the positions a merged cell covers other than its own first one. */
  copy: boolean;
}
export interface SourceTable {
  rows: GridCell[][];
  /** True when rowspan/colspan were expanded into a real grid (HTML, DOCX). */
  aligned: boolean;
}

export interface TableReadResult {
  /** Values as printed: a number, or null for a blank/placeholder/unreadable cell. */
  cells: Map<CellKey, number | null>;
  notes: Finding[];
  found: { t2: boolean; t3: boolean; t4: boolean };
  /** 2019-format markers seen (R-FMT-VERSION). */
  oldFormatMarkers: string[];
  /** Every label text read from the tables (for R-FMT-VERSION). */
  labelTexts: string[];
}

type Mode = 't2' | 't3' | 't4' | null;

interface Header {
  /** Column keys in printed order. */
  order: string[];
  /** Grid position of each key (aligned grids only). */
  pos: Map<string, number>;
}


const nonBlank = (t: string | undefined): boolean => t !== undefined && t.replace(/[\s\u00a0\u3000]/g, '') !== '';
const isLabel = (t: string): boolean => parseCellValue(t).kind === 'text';

const T3_HEADER_SIGNALS = new Set(['申请人情况', '法人或其他组织', '自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构'].map((s) => labelCore(s)));
const T4_HEADER_SIGNALS = new Set(
  ['行政复议', '行政诉讼', '未经复议直接起诉', '复议后起诉', '结果维持', '结果纠正', '其他结果', '尚未审结'].map((s) => labelCore(s)),
);
/** Header groups and how many columns (cells of the row below) each stands over. */
const GROUP_CHILDREN = new Map<string, number>([
  [labelCore(T3_APPLICANT_HEADER), 3],
  [labelCore(T3_ORG_HEADER), T3_ORG_COLS.length],
  [labelCore(T4_GROUPS[0].label), T4_COLS.length],
  [labelCore(T4_LITIGATION_HEADER), 2],
  [labelCore(T4_GROUPS[1].label), T4_COLS.length],
  [labelCore(T4_GROUPS[2].label), T4_COLS.length],
]);
const AMBIGUOUS_HEADER = new Set(['总计', '合计', '其他', '维持', '纠正', '未审结'].map((s) => labelCore(s)));

function headerKind(labels: readonly string[]): 't3' | 't4' | 'ambiguous' | null {
  let t3 = false;
  let t4 = false;
  let amb = false;
  for (const l of labels) {
    const c = labelCore(l);
    if (T3_HEADER_SIGNALS.has(c) || c.includes('勾稽关系')) t3 = true;
    else if (T4_HEADER_SIGNALS.has(c)) t4 = true;
    else if (AMBIGUOUS_HEADER.has(c)) amb = true;
  }
  if (t3 && !t4) return 't3';
  if (t4 && !t3) return 't4';
  if (t3 && t4) return null;
  return amb ? 'ambiguous' : null;
}

export class TableReader {
  readonly cells = new Map<CellKey, number | null>();
  private readonly notes: Finding[] = [];
  private readonly found = { t2: false, t3: false, t4: false };
  private readonly markers: string[] = [];
  private readonly blank: Record<'t2' | 't3' | 't4', { key: CellKey; shown: string }[]> = { t2: [], t3: [], t4: [] };
  private readonly lblSeen = new Set<string>();
  private readonly labelTexts: string[] = [];

  private mode: Mode = null;
  private t2Group: (typeof T2_GROUPS)[number] | null = null;
  private t2Old = false;
  private t2Header: Header | null = null;
  private headerRows: { kind: 't3' | 't4'; rows: GridCell[][]; aligned: boolean } | null = null;
  private t3Header: Header | null = null;
  private t4Header: Header | null = null;
  /** Text rows: where values started in rows with the same last-label position (tie-breaker). */
  private learnedStart = new Map<string, number>();
  private unknownRows: string[] = [];

  read(tables: readonly SourceTable[]): TableReadResult {
    for (const table of tables) {
      this.headerRows = null;
      this.learnedStart = new Map();
      for (const row of table.rows) this.readRow(row, table.aligned);
      this.finishHeader();
    }
    return this.result();
  }

  private result(): TableReadResult {
    const notes = [...this.notes];
    for (const t of ['t2', 't3', 't4'] as const) {
      const list = this.blank[t];
      if (!list.length) continue;
      const shownKinds = [...new Set(list.map((b) => (b.shown === '' ? '空白' : `“${b.shown}”`)))].join('、');
      const names = list.slice(0, 3).map((b) => cellName(b.key)).join('、');
      notes.push(
        note(
          'R-TYPE-INT',
          'error',
          `${TABLE_NAMES[t]}有 ${list.length} 个单元格印成${shownKinds}（如${names}${list.length > 3 ? '等' : ''}），已按“未填”保留，没有当作 0。`,
          list.map((b) => b.key),
          [],
          '没有数据的单元格应填 0。',
        ),
      );
    }
    if (this.unknownRows.length) {
      notes.push(
        note(
          'IMPORT',
          'warning',
          `有 ${this.unknownRows.length} 行不属于标准表格，未导入：${this.unknownRows.slice(0, 5).join('、')}${this.unknownRows.length > 5 ? '等' : ''}。`,
        ),
      );
    }
    return { cells: this.cells, notes, found: this.found, oldFormatMarkers: [...new Set(this.markers)], labelTexts: this.labelTexts };
  }

  // --- rows ---------------------------------------------------------------------------------

  private readRow(row: GridCell[], aligned: boolean): void {
    const labelIdx: number[] = [];
    row.forEach((c, i) => {
      if (isLabel(c.text)) labelIdx.push(i);
    });
    const ownLabels = labelIdx.filter((i) => !row[i]!.copy).map((i) => row[i]!.text);
    const allLabels = labelIdx.map((i) => row[i]!.text);
    for (const l of ownLabels) this.markers.push(...format2019MarkersIn(l));
    this.labelTexts.push(...ownLabels);
    const hasNumber = row.some((c) => parseCellValue(c.text).kind === 'number');

    // 表二: article rows and column-header rows set the context of the rows below.
    const article = allLabels.map(t2ArticleOf).find((a) => a !== null);
    if (article) {
      this.finishHeader();
      this.mode = 't2';
      this.found.t2 = true;
      this.t2Group = t2GroupByArticle(article);
      this.t2Old = this.t2Group === null;
      this.t2Header = null;
      return;
    }
    if (allLabels.some((l) => matchLabel(l, T2_CONTENT_ENTRY))) {
      this.finishHeader();
      this.mode = 't2';
      this.found.t2 = true;
      this.t2Old = this.t2Old || ownLabels.some((l) => format2019MarkersIn(l).length > 0);
      this.t2Header = this.columnHeader([row], aligned, (labels) => this.t2ColAt(labels));
      return;
    }

    // 表三/表四 header rows (possibly several in a row) are collected, then read together.
    // "总计"/"其他" alone could be either table's: they only continue a header already begun.
    const kind = allLabels.length ? headerKind(allLabels) : null;
    const continuing = this.headerRows !== null && kind === 'ambiguous' && !hasNumber;
    if (kind === 't3' || kind === 't4' || continuing) {
      const k = kind === 't3' || kind === 't4' ? kind : this.headerRows!.kind;
      if (!this.headerRows || this.headerRows.kind !== k) {
        this.finishHeader();
        this.headerRows = { kind: k, rows: [], aligned };
      }
      this.headerRows.rows.push(row);
      this.mode = k;
      this.found[k] = true;
      return;
    }
    this.finishHeader();

    const t3Row = this.matchRowLabel(row, labelIdx, T3_ROW_ENTRIES);
    if (t3Row) {
      this.mode = 't3';
      this.found.t3 = true;
      this.readT3Row(row, t3Row, aligned);
      return;
    }
    const t2Row = this.matchRowLabel(row, labelIdx, T2_ROW_ENTRIES);
    if (t2Row) {
      this.mode = 't2';
      this.found.t2 = true;
      this.readT2Row(row, t2Row, aligned);
      return;
    }
    if (this.mode === 't4' && labelIdx.length === 0 && hasNumber) {
      this.readT4Row(row, aligned);
      return;
    }
    if (this.mode === 't3' && this.isOldOtherRow(row, labelIdx)) {
      this.markers.push('（六）其他处理（单行）');
      return;
    }
    if (hasNumber && this.mode !== null) {
      const label = ownLabels.join(' ') || row.map((c) => c.text).join(' ');
      if (format2019MarkersIn(label).length === 0) this.unknownRows.push(quote(label, 24));
    }
  }

  /** The official row a row stands for: the last label cell that matches one (context labels skipped). */
  private matchRowLabel(row: GridCell[], labelIdx: number[], entries: readonly LabelEntry<string>[]) {
    for (let j = labelIdx.length - 1; j >= 0; j--) {
      const i = labelIdx[j]!;
      const text = row[i]!.text;
      const m = matchLabel(text, entries);
      if (m) return { ...m, text, index: i };
    }
    return null;
  }

  /** 2019 format: a single （六）其他处理 row carrying values. */
  private isOldOtherRow(row: GridCell[], labelIdx: number[]): boolean {
    const last = labelIdx.at(-1);
    if (last === undefined) return false;
    const m = matchLabel(row[last]!.text, T3_CONTEXT_ENTRIES);
    return m?.key === 'r3_6' && row.slice(last + 1).some((c) => parseCellValue(c.text).kind === 'number');
  }

  private noteLabel(found: string, expected: string, where: string): void {
    const id = `${normalizeLabel(found)}→${expected}`;
    if (this.lblSeen.has(id)) return;
    this.lblSeen.add(id);
    this.notes.push(...labelNote(found, expected, where));
  }

  // --- headers ------------------------------------------------------------------------------

  private finishHeader(): void {
    const h = this.headerRows;
    if (!h) return;
    this.headerRows = null;
    if (h.kind === 't3') {
      this.t3Header = this.columnHeader(h.rows, h.aligned, (labels) => this.t3ColAt(labels));
      const missing = [...T3_PART_COLS, 'total'].filter((k) => !this.t3Header!.order.includes(k));
      if (missing.length) {
        this.notes.push(note('IMPORT', 'warning', `表三表头缺少 ${missing.length} 列（${missing.join('、')}），这些列未导入。`));
      }
    } else {
      this.t4Header = this.columnHeader(h.rows, h.aligned, (labels) => this.t4ColAt(labels));
      if (this.t4Header.order.length < 15) {
        this.notes.push(note('IMPORT', 'warning', `表四表头只认出 ${this.t4Header.order.length} 列（应为 15 列），其余列未导入。`));
      }
    }
  }

  /** Column keys of a header: by grid position when aligned, else by the header's structure. */
  private columnHeader(
    rows: GridCell[][],
    aligned: boolean,
    keyAt: (labels: { text: string; weak: boolean }[]) => string | null,
  ): Header {
    if (!aligned) return this.flatHeader(rows, keyAt);
    const width = Math.max(0, ...rows.map((r) => r.length));
    const pos = new Map<string, number>();
    for (let p = 0; p < width; p++) {
      // Deepest header row first: the most specific label wins. Merged cells are copied to
      // every position they cover, so a group label is seen above each of its columns.
      const labels = rows.map((r) => ({ text: r[p]?.text ?? '', weak: false })).reverse();
      const key = keyAt(labels);
      if (key && !pos.has(key)) pos.set(key, p);
    }
    const order = [...pos.keys()].sort((a, b) => pos.get(a)! - pos.get(b)!);
    return { order, pos };
  }

  /**
   * Text rows keep no positions (copies drop merged and leading cells), but they keep order:
   * each known group label (申请人情况, 法人或其他组织, 行政复议, 行政诉讼…) stands over the next
   * cells of the row below, as many as it has columns; everything else is a column. Reading
   * the rows top-down this way gives the columns in printed order, each with its groups.
   */
  private flatHeader(rows: GridCell[][], keyAt: (labels: { text: string; weak: boolean }[]) => string | null): Header {
    interface Token {
      text: string;
      path: string[];
      open: number;
    }
    const token = (text: string, path: string[]): Token => ({ text, path, open: GROUP_CHILDREN.get(labelCore(text)) ?? 0 });
    let tokens: Token[] = [];
    for (const row of rows) {
      const queue = row.map((c) => c.text).filter(nonBlank);
      if (!tokens.length) {
        tokens = queue.map((t) => token(t, []));
        continue;
      }
      const next: Token[] = [];
      for (const tok of tokens) {
        if (tok.open > 0 && queue.length) {
          for (const kid of queue.splice(0, tok.open)) next.push(token(kid, [...tok.path, tok.text]));
        } else next.push(tok);
      }
      next.push(...queue.map((t) => token(t, [])));
      tokens = next;
    }
    const order: string[] = [];
    for (const tok of tokens) {
      const key = keyAt([{ text: tok.text, weak: false }, ...[...tok.path].reverse().map((text) => ({ text, weak: true }))]);
      if (key && !order.includes(key)) order.push(key);
    }
    return { order, pos: new Map() };
  }

  private t2ColAt(labels: { text: string; weak: boolean }[]): string | null {
    for (const l of labels) {
      if (l.weak || !nonBlank(l.text)) continue;
      const m = matchLabel(l.text, T2_COL_ENTRIES);
      if (m) {
        if (!m.exact) this.noteLabel(l.text, m.label, '表二的列名');
        return m.key;
      }
    }
    return null;
  }

  private t3ColAt(labels: { text: string; weak: boolean }[]): string | null {
    for (const l of labels) {
      if (l.weak || !nonBlank(l.text)) continue;
      const m = matchLabel(l.text, T3_COL_ENTRIES);
      if (m) {
        if (!m.exact) this.noteLabel(l.text, m.label, '表三的列名');
        return m.key;
      }
    }
    return null;
  }

  private t4ColAt(labels: { text: string; weak: boolean }[]): string | null {
    let col: string | null = null;
    let group: string | null = null;
    for (const l of labels) {
      if (!nonBlank(l.text)) continue;
      if (!col && !l.weak) {
        const m = matchLabel(l.text, T4_COL_ENTRIES);
        if (m) {
          if (!m.exact) this.noteLabel(l.text, m.label, '表四的列名');
          col = m.key;
          continue;
        }
      }
      if (!group) {
        const g = matchLabel(l.text, T4_GROUP_ENTRIES);
        if (g) {
          if (!g.exact && !l.weak) this.noteLabel(l.text, g.label, '表四的列名');
          group = g.key;
        }
      }
    }
    return col && group ? `${group}.${col}` : null;
  }

  // --- data rows ----------------------------------------------------------------------------

  private readT2Row(row: GridCell[], m: NonNullable<ReturnType<TableReader['matchRowLabel']>>, aligned: boolean): void {
    const group = T2_GROUPS.find((g) => (g.rows as readonly string[]).includes(m.key))!;
    const underOwnArticle = this.t2Group === null || this.t2Group === group;
    // 2019 columns (本年新制作数量…) are never mapped onto 2021 cells.
    if (this.t2Old && underOwnArticle) return;
    if (!m.exact) this.noteLabel(m.text, m.label, '表二的行名');
    const groupCols: string[] = group.cols.map((c) => c.key);
    // Columns come from the header printed for this row's article; a row without one (or under
    // another article's header) is read in the official column order.
    const printed = this.t2Header;
    const header =
      printed && underOwnArticle && groupCols.every((c) => printed.order.includes(c))
        ? { order: printed.order.filter((k) => groupCols.includes(k)), pos: printed.pos }
        : null;
    const values = this.rowValues(row, m.index, header ?? { order: groupCols, pos: new Map() }, aligned && header !== null, null, 't2');
    (header?.order ?? groupCols).forEach((col, i) => this.setCell(`t2.${m.key}.${col}`, values[i], 't2'));
  }

  private readT3Row(row: GridCell[], m: NonNullable<ReturnType<TableReader['matchRowLabel']>>, aligned: boolean): void {
    if (!m.exact) this.noteLabel(m.text, m.label, '表三的行名');
    let header = this.t3Header;
    if (!header) {
      header = { order: [...T3_PART_COLS, 'total'], pos: new Map() };
      this.t3Header = header;
      aligned = false;
      this.notes.push(note('IMPORT', 'warning', '表三没有可识别的表头，按标准列顺序（自然人…总计）读取了数值，请核对。'));
    }
    const consistent = (vals: (string | undefined)[]): boolean => {
      const num = (k: string) => {
        const i = header!.order.indexOf(k);
        const v = i < 0 ? undefined : parseCellValue(vals[i] ?? '');
        return v?.kind === 'number' ? v.value : null;
      };
      const total = num('total');
      if (total === null) return false;
      return T3_PART_COLS.reduce((s, k) => s + (num(k) ?? 0), 0) === total;
    };
    const values = this.rowValues(row, m.index, header, aligned, consistent, 't3');
    header.order.forEach((col, i) => this.setCell(`t3.${m.key}.${col}`, values[i], 't3'));
  }

  private readT4Row(row: GridCell[], aligned: boolean): void {
    const header = this.t4Header;
    if (!header || header.order.length === 0) {
      this.notes.push(note('IMPORT', 'warning', '表四的数值行前没有可识别的表头，未导入表四。'));
      return;
    }
    const consistent = (vals: (string | undefined)[]): boolean =>
      T4_GROUPS.every((g) => {
        const num = (c: string) => {
          const i = header.order.indexOf(`${g.key}.${c}`);
          const v = i < 0 ? undefined : parseCellValue(vals[i] ?? '');
          return v?.kind === 'number' ? v.value : null;
        };
        const total = num('total');
        return total !== null && T4_PART_COLS.reduce((s, c) => s + (num(c) ?? 0), 0) === total;
      });
    const values = this.rowValues(row, -1, header, aligned, consistent, 't4');
    header.order.forEach((k, i) => this.setCell(`t4.${k}`, values[i], 't4'));
  }

  /** The printed value text for each key of `header.order` (undefined: no cell there). */
  private rowValues(
    row: GridCell[],
    lastLabel: number,
    header: Header,
    aligned: boolean,
    consistent: ((vals: (string | undefined)[]) => boolean) | null,
    table: 't2' | 't3' | 't4',
  ): (string | undefined)[] {
    if (aligned && header.order.every((k) => header.pos.has(k))) {
      const out = header.order.map((k) => {
        const p = header.pos.get(k)!;
        return p > lastLabel ? row[p] : undefined;
      });
      // A value column covered by a label or missing altogether: the grid is irregular here.
      const regular = out.every((c, i) => c !== undefined && !isLabel(c.text) && !(c.copy && out[i - 1]?.origin === c.origin));
      if (regular) return out.map((c) => c!.text);
    }
    const rest = row.slice(lastLabel + 1).filter((c) => !c.copy).map((c) => c.text);
    return this.fitWindow(rest, header.order.length, lastLabel, consistent, table);
  }

  /**
   * Text rows: pick the run of `n` cells that holds every printed value, preferring one whose
   * printed total agrees with its parts, then the start seen in similar rows of this table.
   */
  private fitWindow(
    rest: string[],
    n: number,
    lastLabel: number,
    consistent: ((vals: (string | undefined)[]) => boolean) | null,
    table: 't2' | 't3' | 't4',
  ): (string | undefined)[] {
    if (rest.length <= n) {
      if (rest.length < n && rest.some(nonBlank) && table !== 't2') {
        this.notes.push(note('IMPORT', 'warning', `${TABLE_NAMES[table]}有一行只有 ${rest.length} 个数值（应为 ${n} 个），缺少的按未填处理。`));
      }
      return [...rest, ...Array<undefined>(n - rest.length).fill(undefined)];
    }
    const shapeKey = `${table}:${lastLabel}`;
    let best: { s: number; score: number }[] = [];
    for (let s = 0; s + n <= rest.length; s++) {
      const window = rest.slice(s, s + n);
      const outside = rest.filter((t, i) => (i < s || i >= s + n) && nonBlank(t)).length;
      const score = -outside * 100 + (consistent?.(window) ? 10 : 0);
      if (!best.length || score > best[0]!.score) best = [{ s, score }];
      else if (score === best[0]!.score) best.push({ s, score });
    }
    if (best[0]!.score < 0) {
      this.notes.push(note('IMPORT', 'warning', `${TABLE_NAMES[table]}有一行的数值多于 ${n} 个，多出的未导入：${rest.filter(nonBlank).join(' ')}。`));
    }
    let chosen = best[0]!.s;
    const learned = this.learnedStart.get(shapeKey);
    if (best.length > 1) {
      const distinct = new Set(best.map((b) => rest.slice(b.s, b.s + n).join('\u0000')));
      if (learned !== undefined && best.some((b) => b.s === learned)) chosen = learned;
      else if (distinct.size > 1) {
        this.notes.push(
          note('IMPORT', 'warning', `${TABLE_NAMES[table]}有一行空白单元格较多，数值所在的列不能确定，已按最靠前的位置读取：${rest.join('|')}。请核对。`),
        );
      }
    } else {
      this.learnedStart.set(shapeKey, chosen);
    }
    return rest.slice(chosen, chosen + n);
  }

  private setCell(key: CellKey, text: string | undefined, table: 't2' | 't3' | 't4'): void {
    if (text === undefined) return;
    const v = parseCellValue(text);
    const value = v.kind === 'number' ? v.value : null;
    if (this.cells.has(key)) {
      const prev = this.cells.get(key);
      this.notes.push(
        note(
          'IMPORT',
          prev === value ? 'info' : 'warning',
          prev === value
            ? `${cellName(key)}出现了两次（都是 ${value ?? '空白'}），只取一次。`
            : `${cellName(key)}出现了两次，数值不同（${prev ?? '空白'} 和 ${value ?? '空白'}），已保留先出现的 ${prev ?? '空白'}。`,
          [key],
        ),
      );
      return;
    }
    this.cells.set(key, value);
    if (v.kind === 'blank') this.blank[table].push({ key, shown: v.shown });
    if (v.kind === 'text') {
      this.notes.push(note('IMPORT', 'warning', `${cellName(key)}印的是${quote(v.shown)}，不是数字，已按“未填”保留。`, [key]));
    }
  }
}

export function readTables(tables: readonly SourceTable[]): TableReadResult {
  const r = new TableReader().read(tables);
  if (r.oldFormatMarkers.length) {
    const left = CELL_KEYS.filter((k) => (k.startsWith('t2.') || k.startsWith('t3.r3_6_')) && !r.cells.has(k));
    const f = formatVersionNote(
      r.labelTexts,
      r.oldFormatMarkers,
      '表二的各列含义与2021年版不同，表二和表三“（六）其他处理”没有导入（保持未填），其余按相同的标签导入',
    );
    r.notes.unshift({ ...f, cells: left });
  }
  return r;
}
