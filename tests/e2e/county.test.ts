// 汇总检查 in real Chromium against the built app and the real server (issue 17): a folder of
// the published fixtures, seeded random reports (some with a broken 表三 balance), one file that
// cannot be read and one 同步包-looking file that is damaged, added through the workspace's
// <input type=file multiple>. Then:
//   - each row's data-errors / data-warnings equal the spawned CLI's `check --summary --csv`;
//   - the 通报 DOCX lists every error finding's message;
//   - the overview XLSX, converted by LibreOffice headless, holds the same numbers;
//   - the files survive a reload (stored offline), and a unit opens read-only and back.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overviewRows, type ReadEntry } from '../../src/domain/county-overview.ts';
import { defaultTitle, reportToJSON } from '../../src/domain/report.ts';
import { readForCounty } from '../../src/workers/county-read.ts';
import { consistentReportArb } from '../property/arbitraries.ts';
import { launch, removeDir, startApp, type App } from './helpers.ts';

const SEED = Number(process.env.COUNTY_SEED ?? 1717);
const RANDOM = 24;
const dir = mkdtempSync(join(tmpdir(), 'nianbao-county-e2e-'));
const folder = join(dir, '各单位');
let app: App;
let browser: Browser;

function parseCsv(text: string): string[][] {
  // The CLI's CSV: BOM, CRLF, fields quoted only when they hold , " or line breaks.
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else if (c !== '\r') field += c;
  }
  return rows;
}

beforeAll(async () => {
  console.log(`county e2e seed: ${SEED}`);
  mkdirSync(folder, { recursive: true });
  for (const f of ['pingtan-jinjing-2021.html', 'shuyang-fgj-2023.html', 'xiaye-town-2023.txt']) copyFileSync(`tests/fixtures/${f}`, join(folder, f));
  copyFileSync('tests/fixtures/pdf/huaian-city-2024.pdf', join(folder, 'huaian-city-2024.pdf'));
  const reports = fc.sample(consistentReportArb({ year: 2023, type: 'township' }), { seed: SEED, numRuns: RANDOM });
  reports.forEach((r, i) => {
    const name = `测试第${i + 1}镇人民政府`;
    const cells = { ...r.cells };
    // Every third report has a defect the validator must call an error.
    if (i % 3 === 0) cells['t3.r1_new.np'] = (cells['t3.r1_new.np'] ?? 0) + 7;
    writeFileSync(join(folder, `unit-${String(i + 1).padStart(2, '0')}.json`), reportToJSON({ ...r, unit: { name, type: 'township' }, title: defaultTitle(name, 2023), cells }));
  });
  writeFileSync(join(folder, '损坏的报告.docx'), new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3, 4, 5]));
  writeFileSync(join(folder, '=cmd.json'), '{"format": "gov-info-disclosure-annual-report/2021", "unit": 5}');
  app = await startApp();
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (app) removeDir(app.dataDir);
  rmSync(dir, { recursive: true, force: true });
});

describe('汇总检查 in Chromium', () => {
  it('matches the CLI, writes a 通报 with every error and an XLSX LibreOffice reads with the same numbers', async () => {
    const csvFile = join(dir, 'cli.csv');
    const cli = spawnSync(process.execPath, ['bin/nianbao.js', 'check', folder, '--summary', '--csv', csvFile], { encoding: 'utf8', timeout: 120_000 });
    expect(cli.status, cli.stderr).toBe(1);
    const cliRows = parseCsv(readFileSync(csvFile, 'utf8'));
    const header = cliRows[0]!;
    const col = (name: string) => header.indexOf(name);
    const byFile = new Map(cliRows.slice(1).map((r) => [r[col('文件')]!.split('/').pop()!, r]));
    const files = readdirSync(folder);
    expect(byFile.size).toBe(files.length);

    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${app.url}/#/`);
    await page.getByRole('button', { name: '汇总检查' }).click();
    await page.getByLabel('添加本年度报告文件', { exact: true }).setInputFiles(files.map((f) => join(folder, f)));
    const rows = page.locator('[data-unit-row]');
    await expect.poll(() => rows.count(), { timeout: 90_000 }).toBe(files.length);
    await page.locator('[data-county-progress]').waitFor({ state: 'detached', timeout: 90_000 });

    // Same counts as the CLI, file by file.
    expect((await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-file')))).sort()).toEqual([...files].sort());
    for (const f of files) {
      const cliRow = byFile.get(f)!;
      const row = page.locator(`[data-file="${f}"]`);
      const unreadable = cliRow[col('错误')] === '';
      if (unreadable) {
        await expect.poll(() => row.getAttribute('data-unreadable')).toBe('');
        continue;
      }
      expect([f, await row.getAttribute('data-errors'), await row.getAttribute('data-warnings')]).toEqual([f, cliRow[col('错误')], cliRow[col('警告')]]);
    }
    const withErrors = [...byFile.values()].filter((r) => Number(r[col('错误')]) > 0).length;
    expect(withErrors).toBeGreaterThanOrEqual(RANDOM / 3);
    // The duplicate (the same 下冶镇 report twice would be one; here: none) and the unreadable ones are shown.
    await expect.poll(() => page.locator('[data-unreadable]').count()).toBe(2);
    // Fits a 1366-wide screen: no horizontal scrolling of the page.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);

    // 通报 DOCX: every error finding's message is in it.
    const [notice] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出通报（Word）' }).click()]);
    const docXml = strFromU8(unzipSync(new Uint8Array(readFileSync((await notice.path())!)))['word/document.xml']!);
    const docText = [...docXml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!).join('').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    const entries: ReadEntry[] = [];
    for (const f of files) {
      const r = await readForCounty(new Uint8Array(readFileSync(join(folder, f))), f);
      entries.push(r.ok ? { id: f, set: 'current', fileName: f, report: r.report, notes: r.notes } : { id: f, set: 'current', fileName: f, error: r.error });
    }
    const errorMessages = overviewRows(entries, '2024-01-01').flatMap((r) => r.findings.filter((x) => x.severity === 'error').map((x) => x.message));
    expect(errorMessages.length).toBeGreaterThan(RANDOM / 3);
    for (const m of errorMessages) expect(docText).toContain(m);
    expect(docText).toContain('关于2021、2023、2024年度政府信息公开工作年度报告检查情况的通报');

    // Overview XLSX → LibreOffice → CSV: the same numbers as the CLI's CSV.
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出总表（Excel）' }).click()]);
    const xlsxFile = join(dir, 'overview.xlsx');
    copyFileSync((await xlsx.path())!, xlsxFile);
    const profile = mkdtempSync(join(tmpdir(), 'lo-profile-'));
    try {
      execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', join(dir, 'lo'), xlsxFile], { stdio: 'pipe', timeout: 240_000 });
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
    const loRows = parseCsv(readFileSync(join(dir, 'lo', 'overview.csv'), 'utf8'));
    expect(loRows[0]).toEqual(header);
    const loByFile = new Map(loRows.slice(1).map((r) => [r[col('文件')]!, r]));
    for (const f of files) {
      const lo = loByFile.get(f)!;
      const c = byFile.get(f)!;
      expect([f, lo[col('错误')], lo[col('警告')], lo[col('单位名称')]]).toEqual([f, c[col('错误')], c[col('警告')], c[col('单位名称')].split('/').pop()]);
    }
    // The hostile file name is text in the spreadsheet, not a formula LibreOffice evaluated.
    expect(loByFile.get('=cmd.json')![col('单位名称')]).toBe('=cmd.json');
    // …and in the CLI's CSV it is neutralised (the path starts with "/", the 备注 does not matter).
    expect(readFileSync(csvFile, 'utf8')).not.toMatch(/(^|,)=/m);

    // A unit opens read-only with its findings, and back; the set is still there after a reload.
    await page.locator('[data-file="unit-01.json"]').getByRole('button').first().click();
    await page.locator('[data-county-unit="测试第1镇人民政府"] [data-rule="R-T3-BALANCE"]').first().waitFor();
    await page.getByRole('button', { name: '返回总表' }).click();
    await page.reload();
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(files.length);
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
