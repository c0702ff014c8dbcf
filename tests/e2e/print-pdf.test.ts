// The print view through real headless Chromium: page.pdf() with the document's own @page rules,
// then read back with poppler (pdfinfo, pdftotext) as a reader would see the paper: A4 pages,
// mirrored margins, "— n —" on every page at the outer side, the six headings in order, every
// table label, every number in table order, 表三's header repeated on each page it spans, and
// 三、本年度办理结果 printed top to bottom. PNGs of the first pages are kept in
// test-results/print-pdf/ for a human to look at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { CELL_DEFS, FEE_CELL, SECTION_IDS } from '../../src/domain/format.ts';
import { withDerived, type Report } from '../../src/domain/report.ts';
import { renderPrintDocument } from '../../src/export/print-html.ts';
import { MM, checkHeadingsAndTables, pageCount, pageSizes, pageText, pageWords, run, squash } from '../support/pdf-read.ts';
import { seedReport } from '../support/seed-report.ts';
import { importFile } from '../../src/import/index.ts';
import { readFileSync } from 'node:fs';

const OUT = 'test-results/print-pdf';
let browser: Browser;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
});

async function printToPdf(html: string, name: string): Promise<string> {
  const page = await browser.newPage();
  try {
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const path = `${OUT}/${name}.pdf`;
    writeFileSync(path, pdf);
    return path;
  } finally {
    await page.close();
  }
}

/** Everything a reader must find in the PDF; returns the page count. */
function checkPdf(pdf: string, report: Report): number {
  const n = pageCount(pdf);
  expect(n).toBeGreaterThanOrEqual(2);
  for (const [w, h] of pageSizes(pdf, n)) {
    expect(Math.abs(w - 210 * MM)).toBeLessThan(1);
    expect(Math.abs(h - 297 * MM)).toBeLessThan(1);
  }
  const pages = Array.from({ length: n }, (_, i) => pageText(pdf, i + 1));

  // "— n —" on every page, at the outer side (odd pages right, even pages left), under the 版心.
  pages.forEach((text, i) => expect(squash(text), `page ${i + 1}`).toContain(`—${i + 1}—`));
  for (let p = 1; p <= n; p++) {
    const words = pageWords(pdf, p);
    const num = words.filter((w) => w.y0 > (297 - 35) * MM - 2);
    expect(squash(num.map((w) => w.text).join('')), `page ${p} footer`).toBe(`—${p}—`);
    const right = p % 2 === 1;
    if (right) expect(Math.min(...num.map((w) => w.x0))).toBeGreaterThan(105 * MM);
    else expect(Math.max(...num.map((w) => w.x1))).toBeLessThan(105 * MM);
    // 单页码居右空一字 / 双页码居左空一字: one 14pt character from the 版心's outer edge.
    const outer = right ? 210 * MM - 26 * MM - Math.max(...num.map((w) => w.x1)) : Math.min(...num.map((w) => w.x0)) - 26 * MM;
    expect(outer).toBeGreaterThan(12);
    expect(outer).toBeLessThan(16);
    // Body text stays in the 版心, whose binding side alternates (订口 28 mm inside). pdftotext's
    // boxes use the glyph's full advance, which the −0.22pt letter-spacing overlaps: allow 1pt.
    const body = words.filter((w) => !num.includes(w));
    const inner = right ? 28 : 26;
    expect(Math.min(...body.map((w) => w.x0)), `page ${p} left edge`).toBeGreaterThan(inner * MM - 1);
    expect(Math.max(...body.map((w) => w.x1)), `page ${p} right edge`).toBeLessThan((210 - (right ? 26 : 28)) * MM + 1);
  }

  checkHeadingsAndTables(pages, report);

  // 表三's header repeats on every page that carries part of its body.
  pages.forEach((text, i) => {
    const t = squash(text);
    if (t.includes('（七）总计') || t.includes('1.属于国家秘密') || t.includes('3.其他')) expect(t, `page ${i + 1}`).toContain('申请人情况');
  });
  return n;
}

/** Every typed cell distinct (so order mistakes show), sums derived, long prose for many pages. */
function busyReport(): Report {
  const r = seedReport();
  CELL_DEFS.forEach((d, i) => {
    if (!d.derived) r.cells[d.key] = 100 + i;
  });
  r.cells[FEE_CELL] = 24252.311082;
  r.cells = withDerived(r.cells);
  const para = (id: string, k: number) => `${id}第${k + 1}段：为进一步深化和规范政府信息公开工作，由分管领导具体指导、监督信息公开工作，各部门按职责要求分工落实政府信息公开各项工作，党政综合办公室负责政务公开日常工作。`;
  for (const id of SECTION_IDS) r.sections[id] = Array.from({ length: 4 }, (_, k) => para(id, k)).join('\n');
  return r;
}

describe('print view → Chromium PDF', () => {
  it('prints the seed report as an official A4 report', async () => {
    const seed = seedReport();
    const pdf = await printToPdf(renderPrintDocument(seed, { signature: { unit: '下冶镇人民政府', date: '2024年1月20日' } }), 'seed');
    const n = checkPdf(pdf, seed);
    // 三、本年度办理结果 runs top to bottom, one character under the other.
    const t3Page = Array.from({ length: n }, (_, i) => i + 1).find((p) => squash(pageText(pdf, p)).includes('（一）予以公开'))!;
    const words = pageWords(pdf, t3Page);
    const first = words.find((w) => w.text === '三')!;
    const column = words.filter((w) => Math.abs(w.x0 - first.x0) < 0.5 && w.y0 >= first.y0).sort((a, b) => a.y0 - b.y0);
    expect(column.map((w) => w.text).join('')).toBe('三、本年度办理结果');
    // 表四 in portrait: its headers wrap to 2×2 characters (结果 over 维持), never one 4-character line.
    const t4Page = Array.from({ length: n }, (_, i) => i + 1).find((p) => squash(pageText(pdf, p)).includes('未经复议直接起诉'))!;
    const t4 = pageWords(pdf, t4Page);
    expect(t4.some((w) => w.text.includes('结果维持'))).toBe(false);
    const stacked = t4.filter((w) => w.text === '维持' && t4.some((a) => a.text === '结果' && Math.abs(a.x0 - w.x0) < 1 && a.y0 < w.y0));
    expect(stacked).toHaveLength(3); // 行政复议, 未经复议直接起诉, 复议后起诉
    // The signature closes the report, right-aligned.
    const last = pageWords(pdf, n).filter((w) => w.y0 < (297 - 35) * MM);
    expect(last.at(-1)!.text).toBe('2024年1月20日');
    expect(last.at(-1)!.x1).toBeGreaterThan(150 * MM);
    run('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', String(Math.min(n, 6)), pdf, `${OUT}/seed`]);
    console.log(`[print-pdf] seed: ${n} pages, PNGs in ${OUT}/`);
  });

  it('prints a long report with every number in place and a page number on every page', async () => {
    const r = busyReport();
    const pdf = await printToPdf(renderPrintDocument(r), 'busy');
    const n = checkPdf(pdf, r);
    expect(n).toBeGreaterThanOrEqual(8);
    run('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', String(n), pdf, `${OUT}/busy`]);
    console.log(`[print-pdf] busy: ${n} pages`);
  });

  it('prints a real published report as imported (沭阳县发改局 2023, blank 表三 columns stay blank)', async () => {
    const imported = await importFile(new Uint8Array(readFileSync('tests/fixtures/shuyang-fgj-2023.html')), 'shuyang-fgj-2023.html');
    if (!imported.ok) throw new Error(imported.error);
    const r = imported.report;
    expect(r.cells['t3.r1_new.biz']).toBeNull(); // the fixture prints these blank
    const pdf = await printToPdf(renderPrintDocument(r), 'shuyang');
    const n = checkPdf(pdf, r);
    run('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', String(n), pdf, `${OUT}/shuyang`]);
    console.log(`[print-pdf] shuyang: ${n} pages`);
  });
});
