// CMS-ready HTML: what a clerk pastes into the 政府信息公开专栏 editor (文字版). Semantic headings,
// paragraphs and real tables with the official merges and exact labels — no scripts, no app
// classes, only the inline styles a CMS keeps (borders, collapse, centring, indent), so that
// scrapers and readers get a machine-readable table and the page still looks like the report.

import type { Report } from '../domain/report.ts';
import { escapeHtml, renderBlocksInSteps, reportOutline, type Block, type Signature } from './outline.ts';
import { COLUMN_WIDTHS_MM, tableGrid, type GridCell } from './table-grid.ts';
import type { TableLayout } from '../domain/format.ts';

export interface CmsOptions {
  /** Only the article body (for pasting into an editor), without <html>/<head>. */
  fragment?: boolean;
  /** Signature lines (unit, date) after 六; most CMS pages show them, some put them in metadata. */
  signature?: Signature;
}

const TABLE_STYLE = 'border-collapse:collapse;width:100%;table-layout:fixed;';
const CELL_STYLE = 'border:1px solid #000;padding:4px;text-align:center;vertical-align:middle;';
const LEFT_CELL_STYLE = 'border:1px solid #000;padding:4px;text-align:left;vertical-align:middle;';

function cellHtml(c: GridCell): string {
  const tag = c.role === 'header' ? 'th' : 'td';
  const attrs: string[] = [];
  if (c.colspan > 1) attrs.push(`colspan="${c.colspan}"`);
  if (c.rowspan > 1) attrs.push(`rowspan="${c.rowspan}"`);
  if (c.role === 'header') attrs.push(`scope="${c.colspan > 1 ? 'colgroup' : 'col'}"`);
  // Headers keep the normal weight the official tables use (browsers bold <th> by default).
  const style = (c.align === 'left' ? LEFT_CELL_STYLE : CELL_STYLE) + (c.role === 'header' ? 'font-weight:normal;' : '');
  attrs.push(`style="${style}"`);
  return `<${tag} ${attrs.join(' ')}>${escapeHtml(c.text)}</${tag}>`;
}

function tableHtml(layout: TableLayout, report: Report): string {
  const grid = tableGrid(layout, report);
  const rows = (rs: typeof grid) => rs.map((r) => `<tr>${r.cells.map(cellHtml).join('')}</tr>`).join('\n');
  const head = grid.filter((r) => r.head);
  const body = grid.filter((r) => !r.head);
  // Column widths as in print (percentages of the 156 mm 版心), so numbers get even columns.
  const widths = COLUMN_WIDTHS_MM[layout.id];
  const total = widths.reduce((a, b) => a + b, 0);
  const cols = widths.map((w) => `<col style="width:${((w / total) * 100).toFixed(2)}%;">`).join('');
  return [
    `<table border="1" cellspacing="0" cellpadding="4" style="${TABLE_STYLE}">`,
    `<colgroup>${cols}</colgroup>`,
    head.length ? `<thead>\n${rows(head)}\n</thead>` : '',
    `<tbody>\n${rows(body)}\n</tbody>`,
    '</table>',
  ]
    .filter(Boolean)
    .join('\n');
}

function blockHtml(b: Block, report: Report): string {
  switch (b.kind) {
    case 'title':
      return `<h1 style="text-align:center;">${escapeHtml(b.text)}</h1>`;
    case 'h1':
      return `<h2>${escapeHtml(b.text)}</h2>`;
    case 'h2':
      return `<h3>${escapeHtml(b.text)}</h3>`;
    case 'p':
      return `<p style="text-indent:2em;">${escapeHtml(b.text)}</p>`;
    case 'table':
      return tableHtml(b.layout, report);
    case 'signature':
      return `<p style="text-align:right;">${escapeHtml(b.signature.unit)}</p>\n<p style="text-align:right;">${escapeHtml(b.signature.date)}</p>`;
  }
}

function wrap(report: Report, body: string, opts: CmsOptions): string {
  if (opts.fragment) return body + '\n';
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(report.title)}</title>
</head>
<body>
${body}
</body>
</html>
`;
}

export function renderCmsHtml(report: Report, opts: CmsOptions = {}): string {
  return wrap(report, reportOutline(report, opts.signature).map((b) => blockHtml(b, report)).join('\n'), opts);
}

export async function renderCmsHtmlInSteps(
  report: Report,
  opts: CmsOptions & { onProgress?: (fraction: number, step: string) => void } = {},
): Promise<string> {
  return wrap(report, await renderBlocksInSteps(report, opts.signature, (b) => blockHtml(b, report), opts.onProgress), opts);
}
