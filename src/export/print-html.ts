// The print view: one standalone HTML document (shown in an iframe and printed from there, or
// turned into a PDF by a headless browser) laid out per GB/T 9704-2012 body conventions.
// See /work/shared/spec/print-layout.md and docs/print-and-export.md.

import type { Report } from '../domain/report.ts';
import { escapeHtml, renderBlocksInSteps, reportOutline, type Block, type Signature } from './outline.ts';
import { COLUMN_WIDTHS_MM, tableGrid, type GridCell, type GridRow } from './table-grid.ts';
import type { TableLayout } from '../domain/format.ts';

export interface PrintOptions {
  signature?: Signature;
}

// Official faces first, then what Windows, macOS and Linux actually have. 方正小标宋 and
// 仿宋_GB2312 cannot be shipped with the app; the fallbacks keep the same style of face.
export const FONT_STACKS = {
  title: `"方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "宋体", "SimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif`,
  body: `"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", serif`,
  heading1: `"黑体", "SimHei", "STHeiti", "Heiti SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif`,
  heading2: `"楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti", "Kaiti SC", "Noto Serif CJK SC", serif`,
  pageNumber: `"宋体", "SimSun", "Songti SC", "Noto Serif CJK SC", serif`,
} as const;

const PAGE_NUMBER = `"— " counter(page) " —"`;

export const PRINT_CSS = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
/* 双面印刷: 订口 (28mm) is always on the binding side, so even (left) pages mirror it. */
@page :right {
  margin-left: 28mm; margin-right: 26mm;
  @bottom-right {
    content: ${PAGE_NUMBER}; font-family: ${FONT_STACKS.pageNumber}; font-size: 14pt;
    /* 单页码居右空一字; 一字线上距版心下边缘 7mm. */
    text-align: right; vertical-align: top; padding-right: 14pt; padding-top: 7mm; line-height: 1;
  }
}
@page :left {
  margin-left: 26mm; margin-right: 28mm;
  @bottom-left {
    content: ${PAGE_NUMBER}; font-family: ${FONT_STACKS.pageNumber}; font-size: 14pt;
    /* 双页码居左空一字. */
    text-align: left; vertical-align: top; padding-left: 14pt; padding-top: 7mm; line-height: 1;
  }
}
html { font-family: ${FONT_STACKS.body}; font-size: 16pt; line-height: 28.95pt; color: #000; background: #fff;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; }
h1, h2, h3, p { margin: 0; font-weight: normal; font-size: 16pt; line-height: 28.95pt; }
/* 3号仿宋 on the 22-line × 28-character grid: 28 × (16pt − 0.22pt) fits the 156mm 版心. */
p, h2, h3 { text-indent: 2em; text-align: justify; letter-spacing: -0.22pt; orphans: 2; widows: 2; }
h1.title { font-family: ${FONT_STACKS.title}; font-size: 22pt; line-height: 36pt; text-align: center;
  margin-bottom: 28.95pt; text-indent: 0; letter-spacing: 0; }
h1.title span { display: block; }
h2 { font-family: ${FONT_STACKS.heading1}; break-after: avoid; }
h3 { font-family: ${FONT_STACKS.heading2}; break-after: avoid; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 6pt 0 14pt;
  font-size: 12pt; line-height: 1.3; text-indent: 0; letter-spacing: 0; }
table.t3, table.t4 { font-size: 10.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
tr.spans { break-inside: auto; page-break-inside: auto; }
tbody.keep { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.75pt solid #000; padding: 2pt 1.5pt; text-align: center; vertical-align: middle;
  font-weight: normal; overflow-wrap: anywhere; }
td.left, th.left { text-align: left; padding-left: 3pt; }
/* 表三's 三、本年度办理结果: a narrow column printed top to bottom, one character per line. */
.vertical { writing-mode: vertical-rl; text-orientation: upright; letter-spacing: 2pt; }
/* 署名 centred over the 成文日期, which stands 4 characters in from the right (右空四字). */
.signature { margin-top: 28.95pt; display: flex; justify-content: flex-end; padding-right: 4em; break-inside: avoid; }
.signature p { text-indent: 0; text-align: center; letter-spacing: 0; }
@media screen {
  html { background: #e8e8e8; }
  body { width: 156mm; min-height: 225mm; margin: 12mm auto; padding: 37mm 26mm 35mm 28mm;
    background: #fff; box-shadow: 0 1px 6px rgba(0,0,0,.25); }
}
`;

function cellHtml(c: GridCell): string {
  const tag = c.role === 'header' ? 'th' : 'td';
  const attrs: string[] = [];
  if (c.colspan > 1) attrs.push(`colspan="${c.colspan}"`);
  if (c.rowspan > 1) attrs.push(`rowspan="${c.rowspan}"`);
  if (c.role === 'header' || c.role === 'label') attrs.push(c.colspan > 1 && c.role === 'header' ? 'scope="colgroup"' : c.role === 'header' ? 'scope="col"' : 'scope="row"');
  if (c.cellKey) attrs.push(`data-cell="${escapeHtml(c.cellKey)}"`);
  const classes = [c.align === 'left' ? 'left' : ''].filter(Boolean);
  if (classes.length) attrs.push(`class="${classes.join(' ')}"`);
  const text = escapeHtml(c.text);
  const inner = c.vertical ? `<span class="vertical">${text}</span>` : text;
  return `<${tag}${attrs.length ? ' ' + attrs.join(' ') : ''}>${inner}</${tag}>`;
}

function rowHtml(r: GridRow): string {
  // A row that starts a rowspan must stay breakable, or Chromium keeps the whole spanned block
  // (表三's 22 rows under 三、本年度办理结果) together and leaves half a page blank.
  const spans = r.cells.some((c) => c.rowspan > 1);
  return `<tr${spans ? ' class="spans"' : ''}>${r.cells.map(cellHtml).join('')}</tr>`;
}

/** 表二 prints as four blocks (第二十条第（一）（五）（六）（八）项); each block stays on one page. */
function rowGroups(layout: TableLayout, rows: GridRow[]): GridRow[][] {
  if (layout.id !== 't2') return [rows];
  const groups: GridRow[][] = [];
  for (const r of rows) {
    const article = r.cells.length === 1 && r.cells[0]!.role === 'header';
    if (article || !groups.length) groups.push([]);
    groups.at(-1)!.push(r);
  }
  return groups;
}

function tableHtml(layout: TableLayout, report: Report): string {
  const grid = tableGrid(layout, report);
  const cols = COLUMN_WIDTHS_MM[layout.id].map((w) => `<col style="width:${w}mm">`).join('');
  const head = grid.filter((r) => r.head);
  const groups = rowGroups(layout, grid.filter((r) => !r.head));
  const rows = (rs: GridRow[]) => rs.map(rowHtml).join('\n');
  return [
    `<table class="${layout.id}">`,
    `<colgroup>${cols}</colgroup>`,
    head.length ? `<thead>\n${rows(head)}\n</thead>` : '',
    ...groups.map((g) => `<tbody${groups.length > 1 ? ' class="keep"' : ''}>\n${rows(g)}\n</tbody>`),
    `</table>`,
  ]
    .filter(Boolean)
    .join('\n');
}

function blockHtml(b: Block, report: Report): string {
  switch (b.kind) {
    case 'title':
      // Lines as blocks, not <br>: the heading's text stays the whole title for readers and importers.
      return `<h1 class="title">${b.lines.map((l) => `<span>${escapeHtml(l)}</span>`).join('')}</h1>`;
    case 'h1':
      return `<h2>${escapeHtml(b.text)}</h2>`;
    case 'h2':
      return `<h3>${escapeHtml(b.text)}</h3>`;
    case 'p':
      return `<p>${escapeHtml(b.text)}</p>`;
    case 'table':
      return tableHtml(b.layout, report);
    case 'signature':
      return `<div class="signature"><div><p>${escapeHtml(b.signature.unit)}</p><p>${escapeHtml(b.signature.date)}</p></div></div>`;
  }
}

function wrapDocument(report: Report, body: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(report.title)}</title>
<style>${PRINT_CSS}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** The complete print document for a report. */
export function renderPrintDocument(report: Report, opts: PrintOptions = {}): string {
  const body = reportOutline(report, opts.signature).map((b) => blockHtml(b, report));
  return wrapDocument(report, body.join('\n'));
}

/** Same document, built table by table with a yield between each so the editor keeps running. */
export async function renderPrintDocumentInSteps(
  report: Report,
  opts: PrintOptions & { onProgress?: (fraction: number, step: string) => void } = {},
): Promise<string> {
  return wrapDocument(report, await renderBlocksInSteps(report, opts.signature, (b) => blockHtml(b, report), opts.onProgress));
}

/**
 * Whether this browser prints the "— n —" page numbers: they come from @page margin boxes, which
 * Chromium supports from version 131 (Chrome, Edge, and the domestic browsers built on them).
 * Older engines (many 360/QQ browsers in offices) and Firefox/Safari print without page numbers,
 * so the app should say so and offer the Word file instead.
 */
export function printsPageNumbers(userAgent: string): boolean {
  if (/Firefox\//.test(userAgent)) return false;
  const m = /(?:Chrome|Chromium)\/(\d+)/.exec(userAgent);
  return m ? Number(m[1]) >= 131 : false;
}
