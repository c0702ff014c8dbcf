// The value cells of each official table as a visual grid (rows of cell keys, read from
// TABLE_LAYOUTS), for spreadsheet keys and for pasting a block copied from Excel/WPS.

import { TABLE_LAYOUTS, isValueCell, cellDef, type CellKey, type TableId } from '../domain/format.ts';

export type Grid = readonly (readonly CellKey[])[];

function buildGrid(table: TableId): Grid {
  return TABLE_LAYOUTS[table].rows.map((row) => row.filter(isValueCell).map((c) => c.cell)).filter((r) => r.length > 0);
}

export const GRIDS: Readonly<Record<TableId, Grid>> = { t2: buildGrid('t2'), t3: buildGrid('t3'), t4: buildGrid('t4') };

export function positionOf(key: CellKey): { table: TableId; row: number; col: number } {
  const table = cellDef(key).table;
  const grid = GRIDS[table];
  for (let r = 0; r < grid.length; r++) {
    const c = grid[r]!.indexOf(key);
    if (c >= 0) return { table, row: r, col: c };
  }
  throw new Error(`单元格不在表格布局中：${key}`);
}

export type Move = 'up' | 'down' | 'left' | 'right';

/** The cell a spreadsheet key moves to, or null at the table's edge. */
export function neighbour(key: CellKey, move: Move): CellKey | null {
  const { table, row, col } = positionOf(key);
  const grid = GRIDS[table];
  if (move === 'left') return col > 0 ? grid[row]![col - 1]! : row > 0 ? grid[row - 1]!.at(-1)! : null;
  if (move === 'right') return col < grid[row]!.length - 1 ? grid[row]![col + 1]! : row < grid.length - 1 ? grid[row + 1]![0]! : null;
  const r = move === 'up' ? row - 1 : row + 1;
  if (r < 0 || r >= grid.length) return null;
  const target = grid[r]!;
  return target[Math.min(col, target.length - 1)]!;
}
