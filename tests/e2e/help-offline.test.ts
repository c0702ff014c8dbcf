// The 填报说明 page is part of the precached bundle: opened for the first time from a finding
// with the server stopped, it still comes up (its lazily loaded chunk comes from the SW cache).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, createReport, removeDir, savedLocally, startApp, type App, type BrowserContext } from './helpers.ts';

let app: App;
let ctx: BrowserContext;
const profile = mkdtempSync(join(tmpdir(), 'nianbao-profile-'));

beforeAll(async () => {
  app = await startApp();
  ctx = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await ctx?.close();
  await app?.stop().catch(() => {});
  if (app) removeDir(app.dataDir);
  removeDir(profile);
});

it('opens the help page offline from a finding', async () => {
  const page = await ctx.newPage();
  await page.goto(app.url);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await createReport(page, '离线镇人民政府', new Date().getUTCFullYear());
  await page.locator('[data-section="s5"]').fill('无');
  await savedLocally(page);
  // The help chunk has not been loaded by this page yet.
  const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /HelpPage/.test(n)));
  expect(loaded).toEqual([]);

  await app.stop();
  const reachable = await page.evaluate((u) => fetch(u + '/api/nothing', { cache: 'no-store' }).then(() => true, () => false), app.url);
  expect(reachable).toBe(false);

  await page.locator('.doc li[data-rule="R-S5"]').getByRole('link', { name: '为什么？' }).click();
  const target = page.locator('[data-help-rule="R-S5"]');
  await target.waitFor();
  expect(await target.innerText()).toContain('不能只写“无”');
  await page.getByRole('heading', { name: '一、总体情况', level: 3 }).waitFor();
});
