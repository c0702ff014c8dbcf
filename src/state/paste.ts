// Pasting a block copied from Excel or WPS (tab-separated rows) into a table, from the focused
// cell rightwards and downwards. All or nothing: the plan is either a full list of cell values
// (applied by the caller in ONE transaction) or a Chinese reason, and nothing is written.

import { cellDef, cellName, type CellKey, type TableId } from '../domain/format.ts';
import { labelCore } from '../import/labels.ts';
import { normalizeNumberText, parseCellInput } from './cell-input.ts';
import { GRIDS, ROW_LABELS, positionOf } from './table-grid.ts';

export function parseTSV(text: string): string[][] {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  return lines.map((l) => l.split('\t'));
}

export type PastePlan =
  | { ok: true; entries: [CellKey, number | null][]; skippedDerived: number }
  | { ok: false; error: string };

export function planPaste(from: CellKey, text: string): PastePlan {
  let rows = parseTSV(text);
  if (rows.length === 0 || (rows.length === 1 && rows[0]!.length === 1 && rows[0]![0]!.trim() === '')) {
    return { ok: false, error: '剪贴板是空的。' };
  }
  const { table, row, col } = positionOf(from);
  const grid = GRIDS[table];
  const labelled = dropLabelColumns(rows, table, row, col);
  if (!labelled.ok) return labelled;
  rows = labelled.rows;
  if (row + rows.length > grid.length) {
    return { ok: false, error: `粘贴的内容有 ${rows.length} 行，从这里往下只剩 ${grid.length - row} 行，超出了表格。未粘贴任何内容。` };
  }
  const entries: [CellKey, number | null][] = [];
  let skippedDerived = 0;
  for (let i = 0; i < rows.length; i++) {
    const target = grid[row + i]!;
    const values = rows[i]!;
    if (col + values.length > target.length) {
      return {
        ok: false,
        error: `第 ${i + 1} 行有 ${values.length} 个数，从这里往右只有 ${target.length - col} 格，超出了表格。未粘贴任何内容。`,
      };
    }
    for (let j = 0; j < values.length; j++) {
      const key = target[col + j]!;
      const raw = values[j]!;
      if (cellDef(key).derived) {
        // Sums are computed from their parts; a pasted total is checked by the validator
        // through the parts, not typed over.
        if (raw.trim() !== '') skippedDerived++;
        continue;
      }
      const parsed = parseCellInput(key, raw);
      if (!parsed.ok) return { ok: false, error: `${cellName(key)}：${parsed.error}未粘贴任何内容。` };
      entries.push([key, parsed.value]);
    }
  }
  return { ok: true, entries, skippedDerived };
}

const NUMBER_RE = /^-?\d+(\.\d+)?$/;
const isNumberText = (raw: string) => NUMBER_RE.test(normalizeNumberText(raw));

/**
 * WPS and Excel copy a row with its label column(s): "1.属于国家秘密\t3\t0…". Leading text
 * columns that name the rows the block lands on are checked (numbering, spaces and widths
 * aside) and dropped; a label naming another row refuses the whole paste, saying which row.
 * Empty leading cells (a merged label copied once) are dropped with them.
 */
function dropLabelColumns(
  rows: string[][],
  table: TableId,
  row: number,
  col: number,
): { ok: true; rows: string[][] } | { ok: false; error: string } {
  // How many leading columns hold labels: up to the last text cell before any number, in any row.
  let k = 0;
  for (const cells of rows) {
    for (let j = 0; j < cells.length && !isNumberText(cells[j]!); j++) if (cells[j]!.trim() !== '') k = Math.max(k, j + 1);
  }
  // Only a block starting at a row's first number can carry that row's label; 表四 has none.
  if (k === 0 || col !== 0 || ROW_LABELS[table][row]!.length === 0) return { ok: true, rows };
  const grid = GRIDS[table];
  // A label merged over two columns (（一）予以公开) leaves an empty column after it: drop it too
  // when the numbers would otherwise not fit.
  while (rows.every((cells, i) => cells.length - k > (grid[row + i]?.length ?? Infinity) && (cells[k] ?? '').trim() === '')) k++;
  for (let i = 0; i < rows.length && row + i < grid.length; i++) {
    const official = ROW_LABELS[table][row + i]!;
    const cores = new Set(official.map(labelCore));
    for (const cell of rows[i]!.slice(0, k)) {
      if (cell.trim() === '' || cores.has(labelCore(cell))) continue;
      return {
        ok: false,
        error: `粘贴内容第 ${i + 1} 行的行名“${cell.trim()}”与表格中这一行“${official.at(-1)}”不一致，可能从别的行开始复制了。未粘贴任何内容。`,
      };
    }
  }
  return { ok: true, rows: rows.map((cells) => cells.slice(k)) };
}
