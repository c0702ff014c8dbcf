// The three statistical tables as an .xlsx workbook (issue 15: "no way to get the tables into
// Excel"). One sheet per table, in the official layout: the heading, merged header cells, the
// exact labels and the numbers (derived sums included, as numbers, so Excel/WPS can check them).
//
// Written as minimal SpreadsheetML zipped with fflate — already a dependency (docx.ts, the 同步包)
// — rather than exceljs 4: that would add ~1 MB of JavaScript and a dozen transitive packages to
// write three small grids, which needs about 150 lines. Loaded lazily from the export menu.
// Labels and merges come from TABLE_LAYOUTS through tableGrid (never retyped here).

import { strToU8, zipSync } from 'fflate';
import { HEADINGS, TABLE_LAYOUTS, TABLE_NAMES, type TableId } from '../domain/format.ts';
import type { Report } from '../domain/report.ts';
import { COLUMN_WIDTHS_MM, tableGrid } from './table-grid.ts';

const SHEETS: readonly { table: TableId; name: string; heading: string }[] = [
  { table: 't2', name: TABLE_NAMES.t2, heading: HEADINGS[1] },
  { table: 't3', name: TABLE_NAMES.t3, heading: HEADINGS[2] },
  { table: 't4', name: TABLE_NAMES.t4, heading: HEADINGS[3] },
];

// Style ids in styles.xml below: 0 default, 1 heading, 2 header/label (centred, wrapped,
// bordered), 3 left-aligned label, 4 number (bordered, centred).
const STYLE = { heading: 1, header: 2, labelLeft: 3, number: 4 } as const;

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A1-style reference (0-based row and column; columns past Z go on as AA, AB…). */
export function ref(row: number, col: number): string {
  let name = '';
  for (let c = col + 1; c > 0; c = Math.floor((c - 1) / 26)) name = String.fromCharCode(65 + ((c - 1) % 26)) + name;
  return `${name}${row + 1}`;
}

export interface SheetCell {
  row: number;
  col: number;
  text?: string;
  value?: number;
  style: number;
}

/** The cells and merged ranges of one table, row 0 being the heading. Exported for tests. */
export function sheetCells(table: TableId, report: Report): { cells: SheetCell[]; merges: string[]; width: number } {
  const layout = TABLE_LAYOUTS[table];
  const grid = tableGrid(layout, report);
  const width = COLUMN_WIDTHS_MM[table].length;
  const cells: SheetCell[] = [{ row: 0, col: 0, text: SHEETS.find((s) => s.table === table)!.heading, style: STYLE.heading }];
  const merges = [`${ref(0, 0)}:${ref(0, width - 1)}`];
  // Cells covered by a rowspan from a row above, per grid row.
  const taken = new Set<string>();
  grid.forEach((gridRow, r) => {
    const row = r + 1;
    let col = 0;
    for (const c of gridRow.cells) {
      while (taken.has(`${row},${col}`)) col++;
      if (c.role === 'value') {
        const v = c.cellKey ? report.cells[c.cellKey] : null;
        cells.push({ row, col, value: v ?? undefined, style: STYLE.number });
      } else {
        cells.push({ row, col, text: c.text, style: c.align === 'left' ? STYLE.labelLeft : STYLE.header });
      }
      if (c.colspan > 1 || c.rowspan > 1) {
        merges.push(`${ref(row, col)}:${ref(row + c.rowspan - 1, col + c.colspan - 1)}`);
        // Covered cells still get the border style, so the merged box is outlined everywhere.
        for (let dr = 0; dr < c.rowspan; dr++) {
          for (let dc = 0; dc < c.colspan; dc++) {
            if (dr === 0 && dc === 0) continue;
            taken.add(`${row + dr},${col + dc}`);
            cells.push({ row: row + dr, col: col + dc, style: c.role === 'value' ? STYLE.number : STYLE.header });
          }
        }
      }
      col += c.colspan;
    }
  });
  return { cells, merges, width };
}

function sheetXml(table: TableId, report: Report): string {
  const { cells, merges } = sheetCells(table, report);
  const rows = new Map<number, SheetCell[]>();
  for (const c of cells) {
    if (!rows.has(c.row)) rows.set(c.row, []);
    rows.get(c.row)!.push(c);
  }
  const body = [...rows.keys()]
    .sort((a, b) => a - b)
    .map((r) => {
      const cs = rows.get(r)!.sort((a, b) => a.col - b.col).map((c) => {
        const at = `r="${ref(c.row, c.col)}" s="${c.style}"`;
        if (c.value !== undefined) return `<c ${at}><v>${c.value}</v></c>`;
        if (c.text !== undefined) return `<c ${at} t="inlineStr"><is><t>${esc(c.text)}</t></is></c>`;
        return `<c ${at}/>`;
      });
      return `<row r="${r + 1}">${cs.join('')}</row>`;
    })
    .join('');
  // Excel column width is in characters of the default font; ~2 mm per character at 11 pt.
  const cols = COLUMN_WIDTHS_MM[table]
    .map((mm, i) => `<col min="${i + 1}" max="${i + 1}" width="${Math.max(6, Math.round(mm / 2))}" customWidth="1"/>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    `<cols>${cols}</cols><sheetData>${body}</sheetData>` +
    `<mergeCells count="${merges.length}">${merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` +
    '</worksheet>'
  );
}

export const XLSX_STYLE = STYLE;

const STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="2"><font><sz val="11"/><name val="宋体"/></font><font><b/><sz val="12"/><name val="黑体"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>' +
  '<border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="5">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center"/></xf>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment horizontal="left" vertical="center" wrapText="1"/></xf>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>' +
  '</cellXfs></styleSheet>';

/** The workbook's bytes: 表二, 表三, 表四 as three sheets. */
export function tablesToXlsx(report: Report): Uint8Array {
  return zipWorkbook(tableSheets(report));
}

/** The three table sheets, for workbooks that add sheets of their own (the county's 汇总表). */
export function tableSheets(report: Report): { name: string; xml: string }[] {
  return SHEETS.map((s) => ({ name: s.name, xml: sheetXml(s.table, report) }));
}

/** A workbook of ready worksheet XMLs, with this file's styles (XLSX_STYLE). Also used by the county exports. */
export function zipWorkbook(sheets: readonly { name: string; xml: string }[]): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
        '</Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
        '</Relationships>',
    ),
    'xl/workbook.xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
        sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        '</sheets></workbook>',
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
        `<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
        '</Relationships>',
    ),
    'xl/styles.xml': strToU8(STYLES),
  };
  sheets.forEach((s, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(s.xml)));
  return zipSync(files, { level: 6 });
}
