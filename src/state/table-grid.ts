// The value cells of each official table as a visual grid (rows of cell keys, read from
// TABLE_LAYOUTS), for spreadsheet keys and for pasting a block copied from Excel/WPS.

import { TABLE_LAYOUTS, isValueCell, cellDef, type CellKey, type LayoutLabel, type TableId } from '../domain/format.ts';

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

/**
 * The row labels that apply to each grid row (its own, and those of merged cells spanning down
 * into it), as printed: a block copied from WPS with its label column is checked against them.
 */
function buildRowLabels(table: TableId): readonly (readonly string[])[] {
  const out: string[][] = [];
  let spanning: { label: string; left: number }[] = [];
  for (const row of TABLE_LAYOUTS[table].rows) {
    const own = row.filter((c): c is LayoutLabel => !isValueCell(c) && !c.header);
    const labels = [...spanning.map((s) => s.label), ...own.map((c) => c.label)];
    spanning = spanning.map((s) => ({ ...s, left: s.left - 1 })).filter((s) => s.left > 0);
    for (const c of own) if ((c.rowspan ?? 1) > 1) spanning.push({ label: c.label, left: c.rowspan! - 1 });
    if (row.some(isValueCell)) out.push(labels);
  }
  return out;
}

export const ROW_LABELS: Readonly<Record<TableId, readonly (readonly string[])[]>> = {
  t2: buildRowLabels('t2'),
  t3: buildRowLabels('t3'),
  t4: buildRowLabels('t4'),
};

/**
 * Where Enter goes: down to the next row she can type in (read-only sums such as （七）总计 are
 * skipped), in the column where her run of Tabs began (WPS/Excel), or in this column without one.
 */
export function enterTarget(key: CellKey, tabRunStart: CellKey | null, up = false): CellKey | null {
  const { table, row } = positionOf(key);
  const startCol = positionOf(tabRunStart && cellDef(tabRunStart).table === table ? tabRunStart : key).col;
  const grid = GRIDS[table];
  for (let r = up ? row - 1 : row + 1; r >= 0 && r < grid.length; r += up ? -1 : 1) {
    const target = grid[r]![Math.min(startCol, grid[r]!.length - 1)]!;
    if (!cellDef(target).derived) return target;
  }
  // A column of sums only (总计): plain movement, one row.
  return neighbour(key, up ? 'up' : 'down');
}

/**
 * A run of Tabs across a row: the cell it began in, until she presses Enter or moves some other
 * way. One keyboard, one run: module state shared by every cell of the page.
 */
export class TabRun {
  private start: CellKey | null = null;
  /** Tab pressed in `key`: a new run starts here unless one is going on. */
  tab(key: CellKey): void {
    this.start ??= key;
  }
  /** Enter pressed in `key`: where to go; the run ends. */
  enter(key: CellKey, up = false): CellKey | null {
    const target = enterTarget(key, this.start, up);
    this.start = null;
    return target;
  }
  /** Any other move (arrow, click) ends the run. */
  reset(): void {
    this.start = null;
  }
}

export const tabRun = new TabRun();

/** The grid column each layout cell starts in (merged cells from rows above taken into account). */
export function columnStarts(table: TableId): number[][] {
  const busy: number[] = []; // per column: rows still covered by a rowspan from above
  return TABLE_LAYOUTS[table].rows.map((row) => {
    let col = 0;
    const starts = row.map((c) => {
      while ((busy[col] ?? 0) > 0) col++;
      const start = col;
      const span = c.colspan ?? 1;
      const rows = isValueCell(c) ? 1 : (c.rowspan ?? 1);
      for (let i = 0; i < span; i++) busy[start + i] = rows;
      col += span;
      return start;
    });
    for (let i = 0; i < busy.length; i++) busy[i] = Math.max(0, (busy[i] ?? 0) - 1);
    return starts;
  });
}
