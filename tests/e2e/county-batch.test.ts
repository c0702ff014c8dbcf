// 汇总检查 in real Chromium, the parts tests/e2e/county.test.ts does not cover (issue 17):
//   - adding 300 files does not freeze the page: no long task (PerformanceObserver 'longtask')
//     over 500 ms from the pick until every row is checked;
//   - a folder through the folder picker (webkitdirectory), last year's folder beside it
//     (雷同 % filled for units that have both), a unit's newer file replacing the older one and
//     saying so, two files of one unit and year shown as duplicates, an unreadable file as a row
//     with its reason;
//   - with the server stopped, the workspace opens from the service worker's cache, shows the
//     stored rows and still reads and checks a new file (the worker chunk is precached).
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultTitle, reportToJSON, type Report } from '../../src/domain/report.ts';
import { SECTION_IDS } from '../../src/domain/format.ts';
import { consistentReportArb } from '../property/arbitraries.ts';
import { answerNamePrompts, CHROMIUM_ARGS, removeDir, startApp, type App, type BrowserContext, type Page } from './helpers.ts';

const SEED = Number(process.env.COUNTY_BATCH_SEED ?? 1718);
const MANY = Number(process.env.COUNTY_BATCH_FILES ?? 300);
const UNITS = 6;
const dir = mkdtempSync(join(tmpdir(), 'nianbao-county-batch-'));
const many = join(dir, 'many');
const cur = join(dir, '本年度');
const prev = join(dir, '上年度');
const profile = mkdtempSync(join(tmpdir(), 'nianbao-profile-'));
let app: App;
let ctx: BrowserContext;

const unitName = (i: number) => `批量第${i}镇人民政府`;
function unitFile(r: Report, i: number, year: number, prose?: string): string {
  const name = unitName(i);
  const sections = prose ? (Object.fromEntries(SECTION_IDS.map((id) => [id, `${prose}（${id}）`])) as Report['sections']) : r.sections;
  return reportToJSON({ ...r, year, sections, unit: { name, type: 'township' }, title: defaultTitle(name, year) });
}
const PROSE = ['本机关坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开。', '今年主动公开文件四十二件，依申请公开办理答复十五件，均在法定期限内答复。'];

beforeAll(async () => {
  console.log(`county batch e2e seed: ${SEED}`);
  for (const d of [many, cur, prev]) mkdirSync(d, { recursive: true });
  const reports = fc.sample(consistentReportArb({ year: 2023, type: 'township' }), { seed: SEED, numRuns: 40 });
  for (let i = 0; i < MANY; i++) writeFileSync(join(many, `u${String(i).padStart(3, '0')}.json`), unitFile(reports[i % reports.length]!, 1000 + i, 2023));
  for (let i = 1; i <= UNITS; i++) {
    writeFileSync(join(cur, `unit-${i}.json`), unitFile(reports[i]!, i, 2023, PROSE[0]));
    // Last year's set has every unit but the last; unit 1's prose is last year's word for word.
    if (i < UNITS) writeFileSync(join(prev, `unit-${i}.json`), unitFile(reports[i + 10]!, i, 2022, PROSE[i === 1 ? 0 : 1]));
  }
  writeFileSync(join(cur, '损坏的报告.docx'), new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3, 4, 5]));
  app = await startApp();
  ctx = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, viewport: { width: 1366, height: 768 } });
  await answerNamePrompts(ctx);
}, 120_000);

afterAll(async () => {
  await ctx?.close();
  await app?.stop().catch(() => {});
  if (app) removeDir(app.dataDir);
  removeDir(profile);
  rmSync(dir, { recursive: true, force: true });
});

type Probe = { __long: { start: number; duration: number }[]; __answeredAfterPick: number[] };

async function openWorkspace(page: Page): Promise<void> {
  await page.goto(`${app.url}/#/`);
  await page.getByRole('button', { name: '汇总检查' }).click();
}

async function settled(page: Page, rows: number): Promise<void> {
  await expect.poll(() => page.locator('[data-unit-row]').count(), { timeout: 120_000 }).toBe(rows);
  await page.locator('[data-county-progress]').waitFor({ state: 'detached', timeout: 120_000 });
}

it(`adds ${MANY} files without a long task over 500 ms`, async () => {
  const page = await ctx.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as Probe;
    w.__long = [];
    w.__answeredAfterPick = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__long.push({ start: Math.round(e.startTime), duration: Math.round(e.duration) });
    }).observe({ type: 'longtask', buffered: true });
    // How long the workspace's own change handler runs before it lets go of the thread (window's
    // capturing listener runs first, its bubbling one after the app's delegated handler). It was
    // 0.5 ms per picked file: a synchronous stat per File.
    let t = 0;
    addEventListener('change', () => (t = performance.now()), true);
    addEventListener('change', () => w.__answeredAfterPick.push(Math.round(performance.now() - t)));
  });
  await openWorkspace(page);
  await page.locator('[data-county-totals]').waitFor();
  const from = await page.evaluate(() => performance.now());
  await page.getByLabel('添加本年度报告文件', { exact: true }).setInputFiles(Array.from({ length: MANY }, (_, i) => join(many, `u${String(i).padStart(3, '0')}.json`)));
  await settled(page, MANY);
  const probe = await page.evaluate(() => {
    const w = window as unknown as Probe;
    return { __long: w.__long, __answeredAfterPick: w.__answeredAfterPick };
  });
  const long = probe.__long.filter((t) => t.start >= from);
  console.log(`adding ${MANY} files: long tasks ([start after pick, duration] ms) ${JSON.stringify(long.map((t) => [Math.round(t.start - from), t.duration]))}; change handler ran ${probe.__answeredAfterPick} ms`);
  expect(long.filter((t) => t.duration > 500)).toEqual([]);
  // Before the fix 95 ms for 300 files (and a 1.0-2.2 s long task for 1,000); after it 9 ms (load ~10).
  expect(probe.__answeredAfterPick.length).toBe(1);
  expect(probe.__answeredAfterPick[0]).toBeLessThan(50);
  // Leave the next test an empty workspace.
  await page.getByRole('button', { name: '清空本年度' }).click();
  await expect.poll(() => page.locator('[data-unit-row]').count(), { timeout: 60_000 }).toBe(0);
  await page.close();
}, 300_000);

it('adds folders, compares with last year, replaces, flags duplicates and unreadable files, and works offline', async () => {
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openWorkspace(page);
  await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  await page.reload();
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await page.locator('[data-county-totals]').waitFor();
  expect(await page.locator('[data-unit-row]').count()).toBe(0);

  // The folder picker: rows carry the file's path inside the folder.
  await page.getByLabel('添加本年度报告文件夹', { exact: true }).setInputFiles(cur);
  await settled(page, UNITS + 1);
  const files = await page.locator('[data-unit-row]').evaluateAll((els) => els.map((e) => e.getAttribute('data-file')).sort());
  expect(files).toEqual([...Array.from({ length: UNITS }, (_, i) => `本年度/unit-${i + 1}.json`), '本年度/损坏的报告.docx'].sort());
  const bad = page.locator('[data-unreadable]');
  expect(await bad.count()).toBe(1);
  expect(await bad.innerText()).toMatch(/无法读取：.+/);
  const crossYear = (i: number) => page.locator(`[data-unit-row="${unitName(i)}"] [data-kind="crossYear"]`).innerText();
  for (let i = 1; i <= UNITS; i++) {
    expect(await page.locator(`[data-unit-row="${unitName(i)}"]`).getAttribute('data-similarity')).toBeNull();
    expect(await crossYear(i)).toBe('');
  }

  // Last year's folder beside it: 雷同 % for the units that have both, none for the last.
  await page.getByLabel('添加上年度报告文件夹', { exact: true }).setInputFiles(prev);
  await page.locator('[data-county-progress]').waitFor({ state: 'detached', timeout: 120_000 });
  await expect.poll(() => page.locator(`[data-unit-row="${unitName(1)}"]`).getAttribute('data-similarity')).toBe('100');
  for (let i = 2; i < UNITS; i++) expect(await page.locator(`[data-unit-row="${unitName(i)}"]`).getAttribute('data-similarity')).toMatch(/^\d+$/);
  expect(await page.locator(`[data-unit-row="${unitName(UNITS)}"]`).getAttribute('data-similarity')).toBeNull();
  expect(await page.locator(`[data-unit-row="${unitName(1)}"]`).innerText()).toContain('100%');
  // …and the 跨年度 column: unit 1 repeats last year's prose word for word (R-X-DUP), the last has no last year.
  expect(Number(await crossYear(1))).toBeGreaterThan(0);
  expect(await crossYear(UNITS)).toBe('');

  // Unit 2 sends a corrected, newer file: it replaces the older and the page says so.
  const newer = join(dir, 'unit-2-修改.json');
  writeFileSync(newer, unitFile(fc.sample(consistentReportArb({ year: 2023, type: 'township' }), { seed: SEED + 1, numRuns: 1 })[0]!, 2, 2023));
  const later = new Date(Date.now() + 60_000);
  utimesSync(newer, later, later);
  await page.getByLabel('添加本年度报告文件', { exact: true }).setInputFiles(newer);
  await settled(page, UNITS + 1);
  expect(await page.locator(`[data-unit-row="${unitName(2)}"]`).getAttribute('data-file')).toBe('unit-2-修改.json');
  expect(await page.locator('[data-county-messages]').innerText()).toContain(`已用较新的“unit-2-修改.json”替换原来的“本年度/unit-2.json”`);

  // Two files of one unit and year in one batch: both rows, marked as duplicates.
  const twinA = join(dir, 'twin-a.json');
  const twinB = join(dir, 'twin-b.json');
  writeFileSync(twinA, unitFile(fc.sample(consistentReportArb({ year: 2023, type: 'township' }), { seed: SEED + 2, numRuns: 1 })[0]!, 99, 2023));
  writeFileSync(twinB, unitFile(fc.sample(consistentReportArb({ year: 2023, type: 'township' }), { seed: SEED + 3, numRuns: 1 })[0]!, 99, 2023));
  await page.getByLabel('添加本年度报告文件', { exact: true }).setInputFiles([twinA, twinB]);
  await settled(page, UNITS + 3);
  expect(await page.locator(`[data-unit-row="${unitName(99)}"][data-duplicate]`).count()).toBe(2);
  expect(await page.locator('[data-county-messages]').innerText()).toContain('同一单位同一年度有多份报告');

  // The server stops: the workspace still opens, with its rows, and reads and checks a new file.
  await app.stop();
  expect(await page.evaluate((u) => fetch(u + '/api/nothing', { cache: 'no-store' }).then(() => true, () => false), app.url)).toBe(false);
  await page.reload();
  await settled(page, UNITS + 3);
  const offline = join(dir, 'offline.json');
  writeFileSync(offline, unitFile(fc.sample(consistentReportArb({ year: 2023, type: 'township' }), { seed: SEED + 4, numRuns: 1 })[0]!, 50, 2023));
  await page.getByLabel('添加本年度报告文件', { exact: true }).setInputFiles(offline);
  await settled(page, UNITS + 4);
  expect(await page.locator(`[data-unit-row="${unitName(50)}"]`).getAttribute('data-errors')).toMatch(/^\d+$/);
  expect(errors).toEqual([]);
  await page.close();
}, 300_000);
