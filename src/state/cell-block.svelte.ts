// A rectangular block of cells in one table (Shift+arrows or a mouse drag), and what copying it
// puts on the clipboard: tab-separated text, and a small HTML table that WPS and Excel paste as
// cells. Values only (no labels), so that the block pastes back into the same cells.

import { cellDef, type CellKey } from '../domain/format.ts';
import { formatCellValue } from './cell-input.ts';
import { GRIDS, positionOf } from './table-grid.ts';

/** The cells between two corners (same table), row by row; one row may be shorter (表二). */
export function blockBetween(a: CellKey, b: CellKey): CellKey[][] {
  const pa = positionOf(a);
  const pb = positionOf(b);
  if (pa.table !== pb.table) return [[b]];
  const grid = GRIDS[pa.table];
  const [r0, r1] = [Math.min(pa.row, pb.row), Math.max(pa.row, pb.row)];
  const [c0, c1] = [Math.min(pa.col, pb.col), Math.max(pa.col, pb.col)];
  const out: CellKey[][] = [];
  for (let r = r0; r <= r1; r++) {
    const row = grid[r]!.slice(c0, c1 + 1);
    if (row.length) out.push([...row]);
  }
  return out;
}

/** The whole row a cell is on. */
export function rowOf(key: CellKey): CellKey[][] {
  const { table, row } = positionOf(key);
  return [[...GRIDS[table][row]!]];
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function blockClipboard(block: readonly (readonly CellKey[])[], valueOf: (k: CellKey) => number | null | undefined): { text: string; html: string } {
  const values = block.map((row) => row.map((k) => formatCellValue(valueOf(k))));
  const text = values.map((row) => row.join('\t')).join('\r\n') + '\r\n';
  const html =
    '<table>' +
    values.map((row, i) => '<tr>' + row.map((v, j) => `<td${cellDef(block[i]![j]!).derived ? ' data-derived' : ''}>${escapeHtml(v)}</td>`).join('') + '</tr>').join('') +
    '</table>';
  return { text, html };
}

/** The block being selected: its anchor and the corner that moves. One keyboard, one selection. */
export class CellBlock {
  anchor: CellKey | null = $state(null);
  corner: CellKey | null = $state(null);
  /** The selected keys (empty without a block of two or more cells). */
  keys: ReadonlySet<CellKey> = $derived.by(() => {
    if (!this.anchor || !this.corner || this.anchor === this.corner) return new Set();
    return new Set(blockBetween(this.anchor, this.corner).flat());
  });

  extend(from: CellKey, to: CellKey): void {
    if (!this.anchor || !this.keys.has(from) && this.corner !== from) this.anchor = from;
    this.corner = to;
  }
  clear(): void {
    if (this.anchor) this.anchor = this.corner = null;
  }

  private dragFrom: CellKey | null = null;
  /** Mouse pressed on a cell: a drag from here selects a block. */
  startDrag(key: CellKey): void {
    this.dragFrom = key;
    if (typeof window !== 'undefined') window.addEventListener('mouseup', () => (this.dragFrom = null), { once: true });
  }
  dragOver(key: CellKey): void {
    if (!this.dragFrom || positionOf(this.dragFrom).table !== positionOf(key).table) return;
    this.anchor = this.dragFrom;
    this.corner = key;
  }
  /** What Ctrl+C copies from `focused`: the block if there is one, else her row. */
  copied(focused: CellKey): CellKey[][] {
    return this.anchor && this.corner && this.anchor !== this.corner ? blockBetween(this.anchor, this.corner) : rowOf(focused);
  }
}

export const cellBlock = new CellBlock();
