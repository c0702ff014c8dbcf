// Two offices with no network in common: 同步包 files carry the report and the edits; a cell
// changed differently on both sides shows as a conflict with both values until one is picked.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { createReport, savedLocally, typeCell, useAppAndBrowser, type App, type Browser, type Page } from './helpers.ts';

let app: App;
let browser: Browser;
useAppAndBrowser((a, b) => ((app = a), (browser = b)));

async function exportPkg(page: Page): Promise<Buffer> {
  await page.getByRole('button', { name: '导出同步包' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '生成并下载' }).click()]);
  return readFileSync((await download.path())!);
}
async function importPkg(page: Page, bytes: Buffer): Promise<void> {
  await page.locator('input[type=file][accept^=".gknb"]').setInputFiles({ name: 'x.gknb', mimeType: 'application/octet-stream', buffer: bytes });
}

it('carries a report to another office and shows a concurrent cell edit as a conflict', async () => {
  const a = await (await browser.newContext({ acceptDownloads: true })).newPage();
  const b = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await a.goto(app.url);
  await createReport(a, '交换镇人民政府');
  await typeCell(a, 't3.r1_new.np', '3');
  await a.locator('[data-section="s6"]').fill('无。');
  await savedLocally(a);

  // Office B has nothing yet: importing from the library creates the report.
  await b.goto(app.url);
  await importPkg(b, await exportPkg(a));
  await b.locator('[data-cell="t3.r1_new.np"]').waitFor();
  expect(await b.locator('[data-cell="t3.r1_new.np"]').inputValue()).toBe('3');
  expect(await b.locator('[data-section="s6"]').inputValue()).toBe('无。');

  // Both change the same cell while apart.
  await typeCell(a, 't3.r1_new.np', '5');
  await typeCell(b, 't3.r1_new.np', '7');
  await savedLocally(a);
  await savedLocally(b);
  await importPkg(a, await exportPkg(b));
  const cell = a.locator('td:has([data-cell="t3.r1_new.np"])');
  await a.locator('td[data-conflict]:has([data-cell="t3.r1_new.np"])').waitFor();
  expect(await cell.innerText()).toMatch(/采用 5/);
  expect(await cell.innerText()).toMatch(/采用 7/);
  expect(await a.locator('.panel [data-rule="R-CONFLICT"]').count()).toBe(1);
  await cell.getByRole('button', { name: /采用 7/ }).click();
  await expect.poll(() => a.locator('td[data-conflict]').count()).toBe(0);
  expect(await a.locator('[data-cell="t3.r1_new.np"]').inputValue()).toBe('7');

  // The choice travels back: B ends with 7 and no conflict.
  await importPkg(b, await exportPkg(a));
  await expect.poll(() => b.locator('[data-cell="t3.r1_new.np"]').inputValue()).toBe('7');
  expect(await b.locator('td[data-conflict]').count()).toBe(0);
});
