// Pasting a block copied from Excel or WPS (tab-separated rows) into a table, from the focused
// cell rightwards and downwards. All or nothing: the plan is either a full list of cell values
// (applied by the caller in ONE transaction) or a Chinese reason, and nothing is written.

import { cellDef, cellName, type CellKey } from '../domain/format.ts';
import { parseCellInput } from './cell-input.ts';
import { GRIDS, positionOf } from './table-grid.ts';

export function parseTSV(text: string): string[][] {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  return lines.map((l) => l.split('\t'));
}

export type PastePlan =
  | { ok: true; entries: [CellKey, number | null][]; skippedDerived: number }
  | { ok: false; error: string };

export function planPaste(from: CellKey, text: string): PastePlan {
  const rows = parseTSV(text);
  if (rows.length === 0 || (rows.length === 1 && rows[0]!.length === 1 && rows[0]![0]!.trim() === '')) {
    return { ok: false, error: '剪贴板是空的。' };
  }
  const { table, row, col } = positionOf(from);
  const grid = GRIDS[table];
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
