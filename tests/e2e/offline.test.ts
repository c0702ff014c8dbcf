// The service worker: once the app has been opened, it opens and keeps saving with the server
// gone (the office's internet or the relay PC is down).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, createReport, removeDir, savedLocally, startApp, typeCell, type App, type BrowserContext } from './helpers.ts';

let app: App;
let ctx: BrowserContext;
const profile = mkdtempSync(join(tmpdir(), 'nianbao-profile-'));

beforeAll(async () => {
  app = await startApp();
  // A persistent profile, like a clerk's browser: service worker and IndexedDB survive.
  ctx = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await ctx?.close();
  await app?.stop().catch(() => {});
  if (app) removeDir(app.dataDir);
  removeDir(profile);
});

it('opens and saves with the server stopped, after one visit', async () => {
  const page = await ctx.newPage();
  await page.goto(app.url);
  // Wait for the service worker to finish precaching and take over on the next load.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  await createReport(page, '离线镇人民政府');
  await typeCell(page, 't3.r1_new.np', '8');
  await savedLocally(page);
  const reportUrl = page.url();

  await app.stop();
  // Prove the server is really gone.
  const reachable = await page.evaluate((u) => fetch(u + '/api/nothing', { cache: 'no-store' }).then(() => true, () => false), app.url);
  expect(reachable).toBe(false);

  await page.goto(reportUrl);
  await page.locator('[data-cell="t3.r1_new.np"]').waitFor();
  expect(await page.locator('[data-cell="t3.r1_new.np"]').inputValue()).toBe('8');
  await typeCell(page, 't3.r1_new.biz', '2');
  await page.locator('[data-section="s6"]').fill('无其他需要报告的事项。');
  await savedLocally(page);
  await page.reload();
  await page.locator('[data-cell="t3.r1_new.np"]').waitFor();
  expect(await page.locator('[data-cell="t3.r1_new.total"]').inputValue()).toBe('10');
  expect(await page.locator('[data-section="s6"]').inputValue()).toBe('无其他需要报告的事项。');
  // The library opens offline too.
  await page.goto(app.url + '/#/');
  await expect.poll(() => page.locator('tr[data-report-id]').count()).toBe(1);
});

it('imports a .docx offline: the file-reader worker and the importers it loads are precached', async () => {
  const { readFileSync, writeFileSync } = await import('node:fs');
  const { importText } = await import('../../src/import/text.ts');
  const { exportReport } = await import('../../src/export/index.ts');
  const seed = importText(readFileSync(join(__dirname, '../fixtures/xiaye-town-2023.txt'), 'utf8'));
  if (!seed.ok) throw new Error(seed.error);
  const file = join(profile, '..', `offline-${Date.now()}.docx`);
  writeFileSync(file, (await exportReport(seed.report, 'docx')) as Uint8Array);
  const page = await ctx.newPage();
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto(app.url + '/#/'); // the server was stopped by the test above
  await page.getByRole('button', { name: '导入文件' }).click();
  await page.locator('dialog input[type=file]').setInputFiles(file);
  await page.locator('section[aria-label="导入预览"]').waitFor();
  expect(await page.locator('section[aria-label="导入预览"]').textContent()).toContain('下冶镇人民政府');
  expect(workers.some((u) => /file-reader/.test(u))).toBe(true);
  removeDir(file);
});
