// The county workspace's spreadsheets (issue 17): the overview as CSV and XLSX, and the 汇总表
// (表二/三/四 summed) as XLSX with the units included and missing. The XLSX reuses the
// workbook writer of xlsx.ts (fflate; no spreadsheet library).
//
// CSV injection: a spreadsheet treats a cell starting with = + - @ (or a tab / carriage return
// before one) as a formula. Unit names and file names come from outside, so every such text
// cell is prefixed with an apostrophe (OWASP's advice); numbers are written as numbers. In the
// XLSX every text is an inline string, which a spreadsheet never evaluates, so it stays as is.

import { FINDING_KINDS, FINDING_KIND_LABELS } from '../domain/finding-kinds.ts';
import type { Aggregate } from '../domain/aggregate.ts';
import type { UnitRow } from '../domain/county-overview.ts';
import { XLSX_STYLE, esc, ref, tableSheets, zipWorkbook } from './xlsx.ts';

type Cell = string | number | null;

export const OVERVIEW_HEADERS = [
  '单位名称',
  '单位类型',
  '年度',
  '文件',
  '状态',
  '错误',
  '警告',
  ...FINDING_KINDS.map((k) => FINDING_KIND_LABELS[k]),
  '与上年雷同%',
  '距截止（天）',
  '备注',
] as const;

export function overviewTable(rows: readonly UnitRow[]): Cell[][] {
  return rows.map((r) => [
    r.unitName,
    r.unitType,
    r.year,
    r.fileName,
    r.status,
    r.error ? null : r.errors,
    r.error ? null : r.warnings,
    ...FINDING_KINDS.map((k) => (r.error ? null : r.kinds[k])),
    r.similarity,
    r.daysLeft,
    r.error ?? (r.duplicate ? '同一单位同一年度有多份文件，待处理' : ''),
  ]);
}

/** Text a spreadsheet would run as a formula gets a leading apostrophe. */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvField(c: Cell): string {
  if (c === null) return '';
  if (typeof c === 'number') return String(c);
  const t = neutralise(c);
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

/** CSV with a BOM (Excel and WPS then read it as UTF-8) and CRLF line ends. */
export function overviewCsv(rows: readonly UnitRow[]): string {
  const lines = [[...OVERVIEW_HEADERS], ...overviewTable(rows)].map((r) => r.map(csvField).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

function gridSheet(grid: readonly (readonly Cell[])[], widths: readonly number[]): string {
  const body = grid
    .map((row, r) => {
      const cells = row.map((c, col) => {
        const style = r === 0 ? XLSX_STYLE.header : typeof c === 'number' ? XLSX_STYLE.number : XLSX_STYLE.labelLeft;
        const at = `r="${ref(r, col)}" s="${style}"`;
        if (c === null || c === '') return `<c ${at}/>`;
        if (typeof c === 'number') return `<c ${at}><v>${c}</v></c>`;
        // An inline string is never evaluated as a formula (whatever it starts with): no prefix needed.
        return `<c ${at} t="inlineStr"><is><t xml:space="preserve">${esc(c)}</t></is></c>`;
      });
      return `<row r="${r + 1}">${cells.join('')}</row>`;
    })
    .join('');
  const cols = widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    `<cols>${cols}</cols><sheetData>${body}</sheetData></worksheet>`
  );
}

export function overviewXlsx(rows: readonly UnitRow[]): Uint8Array {
  const widths = [28, 10, 7, 24, 18, 6, 6, ...FINDING_KINDS.map(() => 10), 10, 10, 36];
  return zipWorkbook([{ name: '汇总检查', xml: gridSheet([[...OVERVIEW_HEADERS], ...overviewTable(rows)], widths) }]);
}

/** 表二/三/四 of the sum, then a sheet of the units included and missing, and the sums' checks. */
export function aggregateXlsx(agg: Aggregate): Uint8Array {
  const units: Cell[][] = [['序号', '已汇总的单位'], ...agg.units.map((u, i) => [i + 1, u])];
  const sheets = [...tableSheets(agg.report), { name: '已汇总单位', xml: gridSheet(units, [8, 40]) }];
  if (agg.missing.length) sheets.push({ name: '未报送单位', xml: gridSheet([['序号', '未报送的单位'], ...agg.missing.map((u, i) => [i + 1, u])], [8, 40]) });
  const checks: Cell[][] = [['规则', '问题'], ...agg.findings.map((f) => [f.rule, f.message])];
  if (!agg.findings.length) checks.push(['', '汇总数字的勾稽关系全部正确。']);
  sheets.push({ name: '汇总核对', xml: gridSheet(checks, [16, 80]) });
  return zipWorkbook(sheets);
}
