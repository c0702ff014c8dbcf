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
  return layout.rows.map((row, i) => ({
    head: i < layout.headerRows,
    cells: row.map((c): GridCell => {
      if (isValueCell(c)) {
        return {
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
