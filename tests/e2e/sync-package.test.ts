// Two offices (two browser profiles) that once shared a report through the relay, then lost the
// relay: both change the same cell differently, exchange 同步包 files, and both see the
// conflict with both values until one of them picks a value — which the next file carries back.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReport, launch, removeDir, startApp, typeCell, type App, type Browser, type Page } from './helpers.ts';

let app: App;
let browser: Browser;
let serverStopped = false;

beforeAll(async () => {
  app = await startApp();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  if (!serverStopped) await app?.stop();
  if (app) removeDir(app.dataDir);
});

const CELL = 't3.r1_new.np';

async function exportPackage(page: Page, full = false): Promise<Uint8Array> {
  await page.getByRole('button', { name: '导出同步包' }).click();
  if (full) await page.locator('dialog[open] select').selectOption('');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '生成并下载' }).click()]);
  expect(download.suggestedFilename()).toMatch(/同步包.*\.gknb$/);
  return new Uint8Array(readFileSync((await download.path())!));
}

async function importPackage(page: Page, bytes: Uint8Array): Promise<void> {
  await page.locator('input[type="file"][accept^=".gknb"]').setInputFiles({ name: '同步包.gknb', mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
}

describe('同步包 between two offices', () => {
  it('an office that never had the report opens it from an encrypted 同步包, and files go back and forth', async () => {
    const a = await (await browser.newContext({ locale: 'zh-CN', acceptDownloads: true })).newPage();
    await a.goto(app.url);
    await createReport(a, '离线镇人民政府', 2024);
    await typeCell(a, CELL, '3');
    await a.locator('[data-section="s5"]').fill('甲办公室写的问题。');
    await a.locator('[data-cell="t3.r1_new.biz"]').click();
    // Encrypted, full package (A has never heard from anyone).
    await a.getByRole('button', { name: '导出同步包' }).click();
    await a.locator('dialog[open] input[type="password"]').fill('口令2024');
    const [download] = await Promise.all([a.waitForEvent('download'), a.getByRole('button', { name: '生成并下载' }).click()]);
    const first = new Uint8Array(readFileSync((await download.path())!));

    const b = await (await browser.newContext({ locale: 'zh-CN', acceptDownloads: true })).newPage();
    await b.goto(app.url);
    await b.locator('input[type="file"][accept^=".gknb"]').setInputFiles({ name: '同步包.gknb', mimeType: 'application/octet-stream', buffer: Buffer.from(first) });
    await b.locator('dialog[open] input[type="password"]').fill('错误口令');
    await b.locator('dialog[open] button[type="submit"]').click();
    await b.getByText(/口令不对/).first().waitFor();
    await b.locator('dialog[open] input[type="password"]').fill('口令2024');
    await b.locator('dialog[open] button[type="submit"]').click();
    await b.locator(`[data-cell="${CELL}"]`).waitFor({ timeout: 15_000 });
    await expect.poll(() => b.locator(`[data-cell="${CELL}"]`).inputValue()).toBe('3');
    expect(await b.locator('[data-section="s5"]').inputValue()).toBe('甲办公室写的问题。');

    // B adds to it and sends it back; A merges.
    await typeCell(b, 't3.r1_new.biz', '2');
    await b.locator(`[data-cell="${CELL}"]`).click();
    await importPackage(a, await exportPackage(b));
    await expect.poll(() => a.locator('[data-cell="t3.r1_new.total"]').inputValue()).toBe('5');
    // The notice says what changed: the cell by its official name.
    const notice = a.getByText(/已导入同步包/).first();
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/单元格：.*表三「一、本年新收政府信息公开申请数量」商业企业/);
    await a.context().close();
    await b.context().close();
  });

  it('shows a conflict on both sides with both values, and a choice travels back', async () => {
    const a = await (await browser.newContext({ locale: 'zh-CN', acceptDownloads: true })).newPage();
    await a.goto(app.url);
    await createReport(a, '交换镇人民政府', 2024);
    await a.getByRole('button', { name: '共享' }).click();
    await a.getByRole('button', { name: '生成邀请链接' }).click();
    const link = (await a.locator('[data-invite-link]').textContent())!.trim();
    await a.getByRole('button', { name: '关闭' }).click();
    const b = await (await browser.newContext({ locale: 'zh-CN', acceptDownloads: true })).newPage();
    await b.goto(link);
    await b.locator(`[data-cell="${CELL}"]`).waitFor({ timeout: 30_000 });

    // One exchange of files while the server still runs, so that both pages have loaded the
    // lazily imported 同步包 code (a fresh test profile has no service worker cache yet).
    await importPackage(b, await exportPackage(a));
    await importPackage(a, await exportPackage(b));
    await b.getByText('没有变化').first().waitFor();

    // The relay goes away; each office keeps working on its own copy.
    await app.stop();
    serverStopped = true;
    await typeCell(a, CELL, '12');
    await a.locator('[data-cell="t3.r1_new.biz"]').click();
    await typeCell(b, CELL, '15');
    await b.locator('[data-cell="t3.r1_new.biz"]').click();

    const fromA = await exportPackage(a);
    await importPackage(b, fromA);
    const conflictB = b.locator(`td[data-conflict]:has([data-cell="${CELL}"])`);
    await conflictB.waitFor({ timeout: 15_000 });
    const choices = await conflictB.locator('button').allInnerTexts();
    expect(choices.join(' ')).toMatch(/采用 12/);
    expect(choices.join(' ')).toMatch(/采用 15/);
    expect(await b.locator('[data-rule="R-CONFLICT"]').count()).toBeGreaterThan(0);

    const fromB = await exportPackage(b);
    await importPackage(a, fromB);
    const conflictA = a.locator(`td[data-conflict]:has([data-cell="${CELL}"])`);
    await conflictA.waitFor({ timeout: 15_000 });

    // A picks 15; B learns it from A's next file and the conflict disappears there too.
    await conflictA.getByRole('button', { name: /采用 15/ }).click();
    await expect.poll(() => conflictA.count()).toBe(0);
    expect(await a.locator(`[data-cell="${CELL}"]`).inputValue()).toBe('15');
    const full = await exportPackage(a, true);
    const resolution = await exportPackage(a);
    // A heard from B, so this package carries only what B lacks.
    expect(resolution.length).toBeLessThan(full.length);
    await importPackage(b, resolution);
    await expect.poll(() => conflictB.count()).toBe(0);
    expect(await b.locator(`[data-cell="${CELL}"]`).inputValue()).toBe('15');
  });
});
