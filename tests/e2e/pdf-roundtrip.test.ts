// The project's own PDFs read back: the print view printed by real Chromium (page.pdf of the
// print document, as 打印 → 另存为 PDF makes it) and the DOCX export converted by LibreOffice
// (soffice --headless --convert-to pdf). All 200 cells come back equal (LibreOffice: its pages are checked whole first), for the seed and for
// seeded random reports (seed printed; FC_SEED=n replays; failing seeds are pinned).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CELL_KEYS, SECTION_IDS } from '../../src/domain/format.ts';
import type { Report } from '../../src/domain/report.ts';
import { exportReport } from '../../src/export/index.ts';
import { renderPrintDocument } from '../../src/export/print-html.ts';
import { importFile } from '../../src/import/index.ts';
import { reportArb } from '../support/random-report.ts';
import { seedReport } from '../support/seed-report.ts';
import { CHROMIUM_ARGS } from './helpers.ts';

// 447252: five-digit numbers in narrow 表三 columns came out of pdf.js as one run across cells.
// 399390: a long unit name broke the printed title over three lines (unit / 2028年 / 政府信息公开…).
// 321658: LibreOffice dropped 表二 rows after a page break (keep-with-next inside 表二).
const PINNED_SEEDS: number[] = [447252, 399390, 321658];
const OUT = 'test-results/pdf-roundtrip';
const seed = Number(process.env.FC_SEED ?? Date.now() % 1_000_000);
let browser: Browser;
let work: string;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'pdf-roundtrip-'));
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  console.log(`pdf-roundtrip seed ${seed} (FC_SEED=${seed} to replay)`);
});
afterAll(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function printPdf(report: Report, name: string): Promise<Uint8Array> {
  const page = await browser.newPage();
  try {
    await page.setContent(renderPrintDocument(report), { waitUntil: 'load' });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    writeFileSync(`${OUT}/${name}.print.pdf`, pdf);
    return new Uint8Array(pdf);
  } finally {
    await page.close();
  }
}

async function libreOfficePdf(report: Report, name: string): Promise<Uint8Array> {
  const docx = (await exportReport(report, 'docx')) as Uint8Array;
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.docx`), docx);
  // A profile of its own per run: parallel or leftover soffice processes do not share one.
  execFileSync('soffice', [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, `${name}.docx`)], { timeout: 180_000, stdio: 'ignore' });
  const pdf = readFileSync(join(dir, `${name}.pdf`));
  writeFileSync(`${OUT}/${name}.lo.pdf`, pdf);
  return new Uint8Array(pdf);
}

/**
 * LibreOffice once stopped laying out our DOCX after 表三, and later dropped 表二 rows at a page
 * break (seed 321658): every part must be on its pages before the cells are compared.
 */
function printedTables(pdf: Uint8Array, what: string): readonly string[] {
  const file = join(work, `${what.replace(/\W+/g, '-')}.pdf`);
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  expect(text, `${what}: LibreOffice laid out all six parts`).toContain('六、其他需要报告的事项');
  return ['t2.', 't3.', 't4.'];
}

async function readBack(pdf: Uint8Array, report: Report, what: string, tables: readonly string[] = ['t2.', 't3.', 't4.']) {
  const r = await importFile(pdf, `${what}.pdf`);
  if (!r.ok) throw new Error(`${what}: ${r.error}`);
  const keys = CELL_KEYS.filter((k) => tables.some((t) => k.startsWith(t)));
  const wrong = keys.filter((k) => r.report.cells[k] !== report.cells[k]).map((k) => `${k}: ${r.report.cells[k]} ≠ ${report.cells[k]}`);
  expect(wrong, what).toEqual([]);
  expect(r.report.unit.name, what).toBe(report.unit.name);
  expect(r.report.year, what).toBe(report.year);
  return r.report;
}

describe('PDFs made by this project read back', () => {
  it('the seed, printed by Chromium and converted by LibreOffice: 200 cells and the prose', async () => {
    const report = seedReport();
    const printed = await readBack(await printPdf(report, 'seed'), report, 'seed print');
    for (const id of SECTION_IDS) expect(printed.sections[id], `print ${id}`).toBe(report.sections[id]);
    const lo = await libreOfficePdf(report, 'seed');
    const tables = printedTables(lo, 'seed libreoffice');
    const back = await readBack(lo, report, 'seed libreoffice', tables);
    for (const id of SECTION_IDS) {
      expect(back.sections[id], `libreoffice ${id}`).toBe(report.sections[id]);
    }
  });

  for (const s of [...PINNED_SEEDS, seed]) {
    it(`seeded random reports (seed ${s}): 200 cells, print and LibreOffice`, async () => {
      const reports = fc.sample(reportArb, { seed: s, numRuns: 2 });
      for (const [i, report] of reports.entries()) {
        await readBack(await printPdf(report, `r${s}-${i}`), report, `seed ${s} #${i} print`);
        const lo = await libreOfficePdf(report, `r${s}-${i}`);
        await readBack(lo, report, `seed ${s} #${i} libreoffice`, printedTables(lo, `r${s}-${i}`));
      }
    }, 600_000);
  }
});
