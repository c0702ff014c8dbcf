// The three statistical tables as rows of printable cells, walked from TABLE_LAYOUTS (domain)
// so that labels and merges are never retyped. The print view and the CMS HTML turn this into
// markup with their own styling; the DOCX writer walks the same grid.

import { T3_GROUPS, T3_RESULT_LABEL, isValueCell, type TableLayout } from '../domain/format.ts';
import type { Report } from '../domain/report.ts';
import { formatCellValue } from './outline.ts';

export interface GridCell {
  /** 'header': column headings and 第二十条 rows; 'label': row labels; 'value': a number cell. */
  role: 'header' | 'label' | 'value';
  text: string;
  colspan: number;
  rowspan: number;
  cellKey?: string;
  /** A number cell's width in mm (the columns it spans), for fitting long numbers on one line. */
  widthMm?: number;
  /** Printed one character per line (表三's 三、本年度办理结果). */
  vertical: boolean;
  align: 'left' | 'center';
}
export interface GridRow {
  /** Part of the header that repeats on every printed page. */
  head: boolean;
  cells: GridCell[];
}

const T3_GROUP_LABELS: ReadonlySet<string> = new Set(T3_GROUPS.map((g) => g.label));

export function tableGrid(layout: TableLayout, report: Report): GridRow[] {
  const widths = COLUMN_WIDTHS_MM[layout.id];
  return layout.rows.map((row, i) => ({
    head: i < layout.headerRows,
    cells: row.map((c, j): GridCell => {
      if (isValueCell(c)) {
        // Number cells are the rightmost cells of their row (row-spanning labels only ever sit
        // on the left), so their columns are counted from the right.
        const end = widths.length - row.slice(j + 1).reduce((a, x) => a + (x.colspan ?? 1), 0);
        return {
          widthMm: widths.slice(end - (c.colspan ?? 1), end).reduce((a, b) => a + b, 0),
          role: 'value',
          text: formatCellValue(report.cells[c.cell]),
          colspan: c.colspan ?? 1,
          rowspan: 1,
          cellKey: c.cell,
          vertical: false,
          align: 'center',
        };
      }
      const vertical = layout.id === 't3' && c.label === T3_RESULT_LABEL;
      // 表三's long row labels read better flush left; group and heading cells stay centred.
      const left = layout.id === 't3' && !c.header && !vertical && !T3_GROUP_LABELS.has(c.label);
      return {
        role: c.header ? 'header' : 'label',
        text: c.label,
        colspan: c.colspan ?? 1,
        rowspan: c.rowspan ?? 1,
        vertical,
        align: left ? 'left' : 'center',
      };
    }),
  }));
}

/**
 * Column widths in millimetres inside the 156 mm 版心. 表三: a narrow vertical column, the group
 * column, the long labels, then seven numbers; 表四: fifteen equal columns, narrow enough that
 * "结果维持" wraps to 2×2 characters at 10.5pt (as the official tables print).
 */
export const COLUMN_WIDTHS_MM: Readonly<Record<TableLayout['id'], readonly number[]>> = {
  t2: [48, 36, 36, 36],
  t3: [9, 21, 42, ...Array<number>(7).fill(12)],
  t4: Array<number>(15).fill(10.4),
};

/**
 * Font size (pt) at which a number fits on one line of a cell with `roomPt` inside its padding.
 * Six- and seven-digit counts (a big city's 总计 column) wrapped in 表三's 12 mm columns —
 * "40181" over "7" reads as two numbers — so they are set smaller instead. A digit is taken as
 * 0.56 em, a little more than the faces Chromium and LibreOffice used for digits here (five
 * digits at 10.5 pt just fit 12 mm); rounded down to a half point, never below 6 pt.
 */
export function fittedNumberPt(text: string, roomPt: number, sizePt: number): number {
  const need = [...text].length * 0.56 * sizePt;
  if (need <= roomPt) return sizePt;
  return Math.max(6, Math.floor((roomPt / ([...text].length * 0.56)) * 2) / 2);
}
