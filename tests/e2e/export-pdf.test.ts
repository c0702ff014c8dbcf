// 导出 PDF in the built app (real server, Chromium): the print view is printed straight away to
// the browser's printer dialog (where the clerk picks “另存为 PDF”), with the page and the print
// document titled like the other exports so the PDF gets that file name. window.print is
// recorded instead of opening a dialog. With "?paged" (the path of browsers without @page margin
// boxes) it prints only after Paged.js has laid out the pages, and the document it prints gives
// a PDF with "— n —" on every page.
import { describe, expect, it } from 'vitest';
import { writeFileSync, mkdirSync } from 'node:fs';
import { HEADINGS } from '../../src/domain/format.ts';
import { pageCount, pageText, squash } from '../support/pdf-read.ts';
import { createReport, useAppAndBrowser, type App, type Browser } from './helpers.ts';

let app: App;
let browser: Browser;
useAppAndBrowser((a, b) => ((app = a), (browser = b)));

const NAME = '下冶镇人民政府2023年政府信息公开工作年度报告';

interface PrintCall { title: string; topTitle: string; paginated: string | null; pages: number; text: string }

/** Every frame's window.print records what would have been printed, instead of a dialog. */
const recordPrint = () => {
  window.print = function () {
    const top = window.top as unknown as { __prints?: unknown[]; document: Document };
    (top.__prints ??= []).push({
      title: document.title,
      topTitle: top.document.title,
      paginated: document.documentElement.getAttribute('data-paginated'),
      pages: document.querySelectorAll('.pagedjs_page').length,
      text: document.body?.innerText ?? '',
    });
  };
};

async function exportPdf(query: string) {
  const page = await browser.newPage();
  await page.addInitScript(recordPrint);
  await page.goto(`${app.url}/${query}`);
  await createReport(page);
  const titleBefore = await page.title();
  await page.locator('summary', { hasText: '导出' }).click();
  await page.getByRole('button', { name: '导出 PDF' }).click();
  await expect.poll(() => page.evaluate(() => ((window as unknown as { __prints?: unknown[] }).__prints ?? []).length), { timeout: 90_000 }).toBe(1);
  const [call] = (await page.evaluate(() => (window as unknown as { __prints: unknown[] }).__prints)) as PrintCall[];
  return { page, call: call!, titleBefore };
}

describe('导出 PDF', () => {
  it('prints the print view at once, titled like the other exports, and gives the page its title back', async () => {
    const { page, call, titleBefore } = await exportPdf('');
    expect(call.title).toBe(NAME);
    expect(call.topTitle).toBe(NAME);
    expect(await page.title()).toBe(titleBefore);
    for (const h of HEADINGS) expect(call.text).toContain(h);
    expect(call.paginated).toBeNull(); // today's Chromium prints its own page numbers
    // Here the preview runs no script at all (sandbox without allow-scripts).
    expect(await page.locator('iframe[title="打印预览"]').getAttribute('sandbox')).toBe('allow-same-origin allow-modals');
    await page.close();
  });

  it('on the Paged.js path (forced by ?paged) prints only once the pages are laid out, each with "— n —"', async () => {
    const { page, call } = await exportPdf('?paged');
    expect(call.title).toBe(NAME);
    expect(Number(call.paginated)).toBeGreaterThanOrEqual(2); // a new, empty report: 3 pages
    expect(call.pages).toBe(Number(call.paginated));
    // (The numbers are generated content of Paged.js's margin boxes, not DOM text: read from the PDF.)
    // The document the app printed, as Chromium prints it to PDF.
    // Only this path lets the preview run script — the one same-origin polyfill (CSP script-src 'self').
    expect(await page.locator('iframe[title="打印预览"]').getAttribute('sandbox')).toBe('allow-same-origin allow-modals allow-scripts');
    const html = await page.locator('iframe[title="打印预览"]').getAttribute('srcdoc');
    expect(html).toContain('/vendor/paged.polyfill.js');
    const printed = await browser.newPage();
    await printed.route(`${app.url}/__export-pdf.html`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html! }));
    await printed.goto(`${app.url}/__export-pdf.html`);
    await printed.waitForSelector('html[data-paginated]', { timeout: 90_000 });
    mkdirSync('test-results/export-pdf', { recursive: true });
    const pdf = 'test-results/export-pdf/paged.pdf';
    writeFileSync(pdf, await printed.pdf({ preferCSSPageSize: true, printBackground: true }));
    const n = pageCount(pdf);
    expect(n).toBe(call.pages);
    for (let p = 1; p <= n; p++) expect(squash(pageText(pdf, p)).match(/—\d+—/g), `page ${p}`).toEqual([`—${p}—`]);
    await printed.close();
    await page.close();
  });
});
