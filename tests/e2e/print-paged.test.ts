// The print path for browsers without @page margin boxes (Chromium < 131 — Chrome 109 on
// Windows 7, older 360/QQ cores — and Firefox/Safari): the print document loads the Paged.js
// polyfill the build emits (dist/vendor/paged.polyfill.js, served by the real server from its
// own origin), which lays the pages out itself. Forced here in today's Chromium; the PDF it
// prints is read back with poppler: "— n —" on every page at the outer side under the 版心,
// every heading, label and number. Also: the polyfill is in the service worker's precache.
import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { Report } from '../../src/domain/report.ts';
import { CELL_KEYS, T3_RESULT_LABEL } from '../../src/domain/format.ts';
import { formatCellValue } from '../../src/export/outline.ts';
import { renderPrintDocument, PAGED_POLYFILL_PATH } from '../../src/export/print-html.ts';
import { importFile } from '../../src/import/index.ts';
import { seedReport } from '../support/seed-report.ts';
import { extremeReports } from '../support/extreme-reports.ts';
import { MM, checkHeadingsAndTables, pageCount, pageSizes, pageText, pageWords, run, squash } from '../support/pdf-read.ts';
import { useAppAndBrowser, type App } from './helpers.ts';

const OUT = 'test-results/print-paged';
let app: App;
let browser: Browser;
useAppAndBrowser((a, b) => {
  app = a;
  browser = b;
});

/** Serves the print document at a page of the app's origin (as the app's iframe has it) and prints it. */
async function pagedPdf(report: Report, name: string): Promise<{ pdf: string; paginated: number }> {
  mkdirSync(OUT, { recursive: true });
  const page = await browser.newPage();
  try {
    const html = renderPrintDocument(report, { paginateScript: `${app.url}/${PAGED_POLYFILL_PATH}` });
    await page.route(`${app.url}/__print-${name}.html`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
    await page.goto(`${app.url}/__print-${name}.html`);
    await page.waitForSelector('html[data-paginated]', { timeout: 90_000 });
    const paginated = Number(await page.getAttribute('html', 'data-paginated'));
    const path = `${OUT}/${name}.pdf`;
    writeFileSync(path, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    return { pdf: path, paginated };
  } finally {
    await page.close();
  }
}

function checkPagedPdf(pdf: string, paginated: number, report: Report): number {
  const n = pageCount(pdf);
  expect(n).toBe(paginated); // one printed sheet per Paged.js page, no blank extras
  expect(n).toBeGreaterThanOrEqual(4);
  for (const [w, h] of pageSizes(pdf, n)) {
    expect(Math.abs(w - 210 * MM)).toBeLessThan(1);
    expect(Math.abs(h - 297 * MM)).toBeLessThan(1);
  }
  const pages = Array.from({ length: n }, (_, i) => pageText(pdf, i + 1));
  for (let p = 1; p <= n; p++) {
    // Exactly one "— p —" (the native margin boxes must not print a second one), at the outer
    // side, one character in from the 版心's edge, below the 版心.
    expect(squash(pages[p - 1]!).match(/—\d+—/g), `page ${p}`).toEqual([`—${p}—`]);
    const num = pageWords(pdf, p).filter((w) => w.y0 > (297 - 35) * MM - 2);
    expect(squash(num.map((w) => w.text).join('')), `page ${p} footer`).toBe(`—${p}—`);
    const right = p % 2 === 1;
    const outer = right ? 210 * MM - 26 * MM - Math.max(...num.map((w) => w.x1)) : Math.min(...num.map((w) => w.x0)) - 26 * MM;
    expect(outer, `page ${p} number one character in`).toBeGreaterThan(10);
    expect(outer).toBeLessThan(18);
  }
  // 表三 has no rowspans on this path: 三、本年度办理结果 stands one character per row in its 9 mm
  // column. Read the column down the pages (x from 表三's left rule: mirrored margins move it),
  // then take those characters out of the text for the label and number checks.
  const chars = new Set([...T3_RESULT_LABEL]);
  const column = Array.from({ length: n }, (_, i) => pageWords(pdf, i + 1)).flatMap((ws) => {
    const group = ws.find((w) => w.text.startsWith('（一）予以公开') || w.text.startsWith('（七）总计') || w.text.startsWith('（三）'));
    if (!group) return [];
    return ws.filter((w) => w.text.length === 1 && chars.has(w.text) && w.x1 <= group.x0 && w.x0 > group.x0 - 12 * MM).sort((a, b) => a.y0 - b.y0);
  });
  expect(column.map((w) => w.text).join(''), 'vertical label').toBe(T3_RESULT_LABEL);
  const unstacked = pages.map((t) => t.split('\n').map((l) => l.replace(/^([三、本年度办理结果])\s+(?=\S)/u, '')).join('\n'));
  checkHeadingsAndTables(unstacked, report, 'paged', [T3_RESULT_LABEL]);
  // 表三's header never stands alone at a page's foot (Paged.js left it there before the header
  // and first rows were made one group).
  const headerPage = pages.findIndex((t) => squash(t).includes('申请人情况'));
  expect(squash(pages[headerPage]!)).toContain('一、本年新收政府信息公开申请数量');
  // …and repeats on every page that carries 表三's rows (src/export/paged-handlers.js).
  const t3Pages = pages.map((t, i) => [squash(t), i + 1] as const).filter(([t]) => t.includes('（七）总计') || t.includes('1.属于国家秘密') || t.includes('3.其他'));
  expect(t3Pages.length).toBeGreaterThanOrEqual(2);
  for (const [t, p] of t3Pages) expect(t, `page ${p}`).toContain('申请人情况');
  return n;
}

describe('print view paginated by Paged.js (forced, as on Chrome 109)', () => {
  it('prints the seed report with "— n —" on every page', async () => {
    const r = seedReport();
    const { pdf, paginated } = await pagedPdf(r, 'seed');
    const n = checkPagedPdf(pdf, paginated, r);
    run('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', String(n), pdf, `${OUT}/seed`]);
    console.log(`[print-paged] seed: ${n} pages`);
  });

  it('prints a real published report (沭阳县发改局 2023) the same way', async () => {
    const imported = await importFile(new Uint8Array(readFileSync('tests/fixtures/shuyang-fgj-2023.html')), 'shuyang-fgj-2023.html');
    if (!imported.ok) throw new Error(imported.error);
    const { pdf, paginated } = await pagedPdf(imported.report, 'shuyang');
    console.log(`[print-paged] shuyang: ${checkPagedPdf(pdf, paginated, imported.report)} pages`);
  });

  it('prints a long report (42-character unit name, long prose in every part, 6–8 digit numbers) without losing a row', async () => {
    const r = new Map(extremeReports(7)).get('extreme-big')!;
    const { pdf, paginated } = await pagedPdf(r, 'extreme-big');
    const n = checkPagedPdf(pdf, paginated, r);
    expect(n).toBeGreaterThanOrEqual(10);
    // Long numbers are set smaller, not wrapped: each is one word on its page.
    const words = new Set(Array.from({ length: n }, (_, i) => pageWords(pdf, i + 1)).flat().map((w) => w.text));
    const long = CELL_KEYS.map((k) => formatCellValue(r.cells[k])).filter((t) => t.length >= 5);
    expect(long.filter((t) => !words.has(t)), 'numbers broken over two lines').toEqual([]);
    console.log(`[print-paged] extreme-big: ${n} pages`);
  }, 180_000);

  it('is one same-origin script, precached by the service worker for offline printing', async () => {
    const res = await fetch(`${app.url}/${PAGED_POLYFILL_PATH}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(await res.text()).toContain('Paged.js');
    const sw = await (await fetch(`${app.url}/sw.js`)).text();
    expect(sw).toContain(`"${PAGED_POLYFILL_PATH}"`);
  });
});
