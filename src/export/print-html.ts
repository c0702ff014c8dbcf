// The print view: one standalone HTML document (shown in an iframe and printed from there, or
// turned into a PDF by a headless browser) laid out per GB/T 9704-2012 body conventions.
// See /work/shared/spec/print-layout.md and docs/print-and-export.md.

import type { Report } from '../domain/report.ts';
import { escapeHtml, renderBlocksInSteps, reportOutline, type Block, type Signature } from './outline.ts';
import { COLUMN_WIDTHS_MM, fittedNumberPt, tableGrid, type GridCell, type GridRow } from './table-grid.ts';
import type { TableLayout } from '../domain/format.ts';

export interface PrintOptions {
  signature?: Signature;
  /**
   * For browsers without @page margin boxes (Chromium < 131, Firefox, Safari): the URL of the
   * Paged.js polyfill the build emits (PAGED_POLYFILL_PATH, same origin — no inline script, so a
   * strict CSP holds). It lays the document out in page boxes itself, margin boxes and
   * "— n —" numbers included, from the same @page rules.
   */
  paginateScript?: string;
  /** The document's <title>: what "Save as PDF" proposes as the file name. Default: the report's title. */
  title?: string;
}

/** Where the build puts the Paged.js polyfill (see vite.config.ts), relative to the app's root. */
export const PAGED_POLYFILL_PATH = 'vendor/paged.polyfill.js';

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
/* …but its other cells stay whole: a long 表三 label (1.申请人无正当理由逾期不补正…) was cut in
   two at a page break, half a row on each page. The break then falls before the row. */
tr.spans > td:not([rowspan]), tr.spans > th:not([rowspan]) { break-inside: avoid; page-break-inside: avoid; }
tbody.keep { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.75pt solid #000; padding: 2pt 1.5pt; text-align: center; vertical-align: middle;
  font-weight: normal; overflow-wrap: anywhere; }
td.left, th.left { text-align: left; padding-left: 3pt; }
/* Paged.js path: a merged cell drawn as one cell per row, the rules between them hidden. */
.span-first, .span-more { border-bottom-style: hidden; }
.span-more, .span-last { border-top-style: hidden; }
/* Paged.js drops the <colgroup> on continuation pages, and a fixed layout would then share a
   colspan's width equally among its columns: let each cell's own width decide instead. */
html.paged table { table-layout: auto; }
/* …and an auto layout may narrow a column below the width a long number was fitted to: keep
   numbers on one line there and let the column take the width (959849 wrapped otherwise). */
html.paged td[data-cell] { white-space: nowrap; }
/* 表三's 三、本年度办理结果: a narrow column printed top to bottom, one character per line. */
.vertical { writing-mode: vertical-rl; text-orientation: upright; letter-spacing: 2pt; }
/* 署名 centred over the 成文日期, which stands 4 characters in from the right (右空四字). */
.signature { margin-top: 28.95pt; display: flex; justify-content: flex-end; padding-right: 4em; break-inside: avoid; }
.signature p { text-indent: 0; text-align: center; letter-spacing: 0; }
@media screen {
  html { background: #e8e8e8; }
  body { width: 156mm; min-height: 225mm; margin: 12mm auto; padding: 37mm 26mm 35mm 28mm;
    background: #fff; box-shadow: 0 1px 6px rgba(0,0,0,.25); }
  /* Paginated by Paged.js: it draws the page boxes itself. */
  html.paged body { width: auto; min-height: 0; margin: 0; padding: 8mm 0; background: none; box-shadow: none; }
  html.paged .pagedjs_page { background: #fff; margin: 0 auto 8mm; box-shadow: 0 1px 6px rgba(0,0,0,.25); }
}
`;

/** Table text sizes in pt, as the stylesheet above sets them. */
const TABLE_PT: Readonly<Record<TableLayout['id'], number>> = { t2: 12, t3: 10.5, t4: 10.5 };
/** A cell's padding (1.5pt each side) and rule (0.75pt), taken off its width. */
const CELL_CHROME_PT = 3.75;

function cellHtml(c: GridCell | FlatCell, tablePt: number): string {
  const tag = c.role === 'header' ? 'th' : 'td';
  const attrs: string[] = [];
  const styles: string[] = [];
  if ('width' in c) styles.push(`width:${c.width}mm`);
  // A long number set smaller rather than wrapped over two lines (see fittedNumberPt).
  const fitted = c.widthMm ? fittedNumberPt(c.text, (c.widthMm * 72) / 25.4 - CELL_CHROME_PT, tablePt) : tablePt;
  if (fitted < tablePt) styles.push(`font-size:${fitted}pt`);
  if (styles.length) attrs.push(`style="${styles.join(';')}"`);
  if (c.colspan > 1) attrs.push(`colspan="${c.colspan}"`);
  if (c.rowspan > 1) attrs.push(`rowspan="${c.rowspan}"`);
  if (c.role === 'header' || c.role === 'label') attrs.push(c.colspan > 1 && c.role === 'header' ? 'scope="colgroup"' : c.role === 'header' ? 'scope="col"' : 'scope="row"');
  if (c.cellKey) attrs.push(`data-cell="${escapeHtml(c.cellKey)}"`);
  const classes = [c.align === 'left' ? 'left' : '', 'part' in c && c.part ? `span-${c.part}` : ''].filter(Boolean);
  if (classes.length) attrs.push(`class="${classes.join(' ')}"`);
  const text = escapeHtml(c.text);
  const inner = c.vertical ? `<span class="vertical">${text}</span>` : text;
  return `<${tag}${attrs.length ? ' ' + attrs.join(' ') : ''}>${inner}</${tag}>`;
}

function rowHtml(r: GridRow, tablePt: number): string {
  // A row that starts a rowspan must stay breakable, or Chromium keeps the whole spanned block
  // (表三's 22 rows under 三、本年度办理结果) together and leaves half a page blank.
  const spans = r.cells.some((c) => c.rowspan > 1);
  // head: on the Paged.js path (no thead there) src/export/paged-handlers.js repeats these rows.
  const classes = [spans ? 'spans' : '', r.head ? 'head' : ''].filter(Boolean).join(' ');
  return `<tr${classes ? ` class="${classes}"` : ''}>${r.cells.map((c) => cellHtml(c, tablePt)).join('')}</tr>`;
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

/**
 * The same table without rowspans, for the Paged.js path: Paged.js 0.4 duplicates and drops rows
 * when a page break falls inside a rowspan, and forgets the <colgroup> on continuation pages. So
 * each spanned cell becomes one cell per row — text in the first, the rule between them hidden
 * (it reads as one merged cell) — and every cell carries its width. 表三's vertical label puts
 * one character in each of its rows, centred in the block, so it still runs top to bottom.
 */
function flatRows(layout: TableLayout, grid: GridRow[]): GridRow[] {
  const widths = COLUMN_WIDTHS_MM[layout.id];
  const below: ({ cell: GridCell; left: number; index: number } | undefined)[] = [];
  return grid.map((row) => {
    const cells: GridCell[] = [];
    let col = 0;
    const queue = [...row.cells];
    while (queue.length || below.slice(col).some(Boolean)) {
      const span = below[col];
      if (span) {
        const { cell } = span;
        span.index++;
        cells.push({ ...flatCell(cell, span.index, widths, col), text: spanText(cell, span.index), cellKey: undefined });
        col += cell.colspan;
        if (--span.left === 0) for (let k = col - cell.colspan; k < col; k++) below[k] = undefined;
        continue;
      }
      const c = queue.shift();
      if (!c) break;
      if (c.rowspan > 1) for (let k = col; k < col + c.colspan; k++) below[k] = { cell: c, left: c.rowspan - 1, index: 0 };
      cells.push({ ...flatCell(c, 0, widths, col), text: spanText(c, 0) });
      col += c.colspan;
    }
    return { head: row.head, cells };
  });
}
type FlatCell = GridCell & { width: number; part?: 'first' | 'more' | 'last' };
function flatCell(c: GridCell, index: number, widths: readonly number[], col: number): FlatCell {
  const width = widths.slice(col, col + c.colspan).reduce((a, b) => a + b, 0);
  const part = c.rowspan > 1 ? (index === 0 ? 'first' : index === c.rowspan - 1 ? 'last' : 'more') : undefined;
  return { ...c, rowspan: 1, width, part, vertical: false };
}
function spanText(c: GridCell, index: number): string {
  if (!c.vertical) return index === 0 ? c.text : '';
  const chars = [...c.text];
  const start = Math.max(0, Math.floor((c.rowspan - chars.length) / 2));
  return chars[index - start] ?? '';
}

function tableHtml(layout: TableLayout, report: Report, flat = false): string {
  const grid = flat ? flatRows(layout, tableGrid(layout, report)) : tableGrid(layout, report);
  const cols = COLUMN_WIDTHS_MM[layout.id].map((w) => `<col style="width:${w}mm">`).join('');
  const head = grid.filter((r) => r.head);
  const groups = rowGroups(layout, grid.filter((r) => !r.head));
  const rows = (rs: GridRow[]) => rs.map((r) => rowHtml(r, TABLE_PT[layout.id])).join('\n');
  if (flat && head.length && groups.length === 1 && groups[0]!.length > 2) {
    // Paged.js ignores break-after: avoid on a thead and left 表三's header alone at a page's
    // foot: on this path the header and the first two rows form one unbreakable group; the
    // header rows (tr.head) are repeated on continuation pages by src/export/paged-handlers.js.
    return [
      `<table class="${layout.id}">`,
      `<colgroup>${cols}</colgroup>`,
      `<tbody class="keep">\n${rows([...head, ...groups[0]!.slice(0, 2)])}\n</tbody>`,
      `<tbody>\n${rows(groups[0]!.slice(2))}\n</tbody>`,
      `</table>`,
    ].join('\n');
  }
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

function blockHtml(b: Block, report: Report, flat = false): string {
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
      return tableHtml(b.layout, report, flat);
    case 'signature':
      return `<div class="signature"><div><p>${escapeHtml(b.signature.unit)}</p><p>${escapeHtml(b.signature.date)}</p></div></div>`;
  }
}

function wrapDocument(report: Report, body: string, opts: PrintOptions = {}): string {
  const script = opts.paginateScript;
  // Only an http(s) URL: the option never becomes a javascript: or data: script.
  if (script !== undefined && !/^https?:\/\/[^\s"'<>]+$/.test(script)) throw new Error('分页脚本地址无效。');
  return `<!DOCTYPE html>
<html lang="zh-CN"${script ? ' class="paged"' : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(opts.title ?? report.title)}</title>
<style>${PRINT_CSS}</style>
</head>
<body>
<main>
${body}
</main>
${script ? `<script src="${escapeHtml(script)}"></script>\n` : ''}</body>
</html>
`;
}

/** The complete print document for a report. */
export function renderPrintDocument(report: Report, opts: PrintOptions = {}): string {
  const body = reportOutline(report, opts.signature).map((b) => blockHtml(b, report, !!opts.paginateScript));
  return wrapDocument(report, body.join('\n'), opts);
}

/** Same document, built table by table with a yield between each so the editor keeps running. */
export async function renderPrintDocumentInSteps(
  report: Report,
  opts: PrintOptions & { onProgress?: (fraction: number, step: string) => void } = {},
): Promise<string> {
  return wrapDocument(report, await renderBlocksInSteps(report, opts.signature, (b) => blockHtml(b, report, !!opts.paginateScript), opts.onProgress), opts);
}

/**
 * Whether this browser prints the "— n —" page numbers by itself: they come from @page margin
 * boxes, which Chromium supports from version 131 (Chrome, Edge, and the domestic browsers built
 * on them). For older engines (Chrome 109 on Windows 7, many 360/QQ browsers in offices) and
 * Firefox/Safari the app paginates with Paged.js instead (PrintOptions.paginateScript).
 */
export function printsPageNumbers(userAgent: string): boolean {
  if (/Firefox\//.test(userAgent)) return false;
  const m = /(?:Chrome|Chromium)\/(\d+)/.exec(userAgent);
  return m ? Number(m[1]) >= 131 : false;
}
