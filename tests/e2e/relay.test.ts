// Three real Chromium contexts (three separate browser profiles, like three office PCs) against
// the built app and the real relay: share → invite link → join, live edits both ways, presence,
// edits made while the relay is down merge by themselves when it returns, and a tampered link
// gets nothing.
import { cellName } from '../../src/domain/format.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReport, launch, removeDir, startApp, typeCell, type App, type Browser, type Page } from './helpers.ts';

let app: App;
let browser: Browser;

beforeAll(async () => {
  app = await startApp();
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (app) removeDir(app.dataDir);
});

const CELL = 't3.r1_new.np';
const CELL2 = 't3.r1_new.biz';

async function openProfile(): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN' });
  return context.newPage();
}

async function cellValue(page: Page, key: string): Promise<string> {
  return page.locator(`[data-cell="${key}"]`).inputValue();
}

async function waitCell(page: Page, key: string, value: string) {
  await expect.poll(() => cellValue(page, key), { timeout: 15_000 }).toBe(value);
}

async function waitSynced(page: Page) {
  await page.locator('[data-sync-state="synced"]').waitFor({ timeout: 15_000 });
}

describe('office relay in the browser', () => {
  let a: Page;
  let b: Page;
  let c: Page;
  let link: string;

  it('shares a report and a colleague joins through the invite link', async () => {
    a = await openProfile();
    await a.goto(app.url);
    await createReport(a, '下冶镇人民政府', 2024);
    await typeCell(a, CELL, '12');
    await a.locator('[data-section="s5"]').fill('共享前写的问题。');
    await a.getByRole('button', { name: '共享' }).click();
    await a.getByRole('button', { name: '生成邀请链接' }).click();
    link = (await a.locator('[data-invite-link]').textContent())!.trim();
    expect(link).toMatch(/#\/join\?relay=ws/);
    await expect.poll(() => a.locator('img[alt="邀请链接二维码"]').count()).toBe(1);
    await a.getByRole('button', { name: '关闭' }).click();

    b = await openProfile();
    await b.goto(link);
    await b.locator(`[data-cell="${CELL}"]`).waitFor({ timeout: 30_000 });
    await waitCell(b, CELL, '12');
    await expect.poll(() => b.locator('[data-section="s5"]').inputValue()).toBe('共享前写的问题。');
  });

  it('carries live edits both ways and shows who is present', async () => {
    await typeCell(b, CELL2, '7');
    await waitCell(a, CELL2, '7');
    await typeCell(a, CELL, '15');
    await waitCell(b, CELL, '15');

    c = await openProfile();
    await c.goto(link);
    await waitCell(c, CELL, '15');
    await waitCell(c, CELL2, '7');
    // A's share dialog lists everyone with the report open: A, B and C.
    await a.getByRole('button', { name: '共享' }).click();
    const present = a.locator('dialog[open] p', { hasText: '正在编辑' });
    await expect.poll(async () => ((await present.textContent()) ?? '').split('、').length, { timeout: 15_000 }).toBe(3);
    await a.getByRole('button', { name: '关闭' }).click();
    // Where colleagues are: C focuses a cell, A's header names it and A's cell is marked.
    await c.locator(`[data-cell="${CELL2}"]`).focus();
    await expect.poll(() => a.locator('[data-present]').textContent(), { timeout: 15_000 }).toContain(cellName(CELL2));
    await expect.poll(() => a.locator(`td:has(> [data-cell="${CELL2}"])`).getAttribute('class')).toContain('others');
  });

  it('merges edits made while the relay was down, with no user action', async () => {
    await Promise.all([waitSynced(a), waitSynced(b)]);
    const port = app.server.port;
    const dataDir = app.dataDir;
    await app.stop();
    await expect.poll(() => a.locator('[data-sync-state]').getAttribute('data-sync-state'), { timeout: 15_000 }).toMatch(/offline|pending/);
    await typeCell(a, 't3.r2_carryIn.np', '3');
    await b.locator('[data-section="s6"]').fill('断网时乙写的。');
    await expect.poll(() => a.locator('[data-sync-state]').getAttribute('data-sync-state')).toBe('pending');

    app = await startApp(port, dataDir);
    await waitCell(b, 't3.r2_carryIn.np', '3');
    await expect.poll(() => a.locator('[data-section="s6"]').inputValue(), { timeout: 30_000 }).toBe('断网时乙写的。');
    await expect.poll(() => c.locator('[data-section="s6"]').inputValue(), { timeout: 30_000 }).toBe('断网时乙写的。');
    await waitCell(c, 't3.r2_carryIn.np', '3');
    await Promise.all([waitSynced(a), waitSynced(b), waitSynced(c)]);
  });

  it('a link with a wrong code gets nothing of the report', async () => {
    const bad = link.replace(/code=([^&]+)/, (_m, code: string) => `code=${code.slice(0, -3)}${code.endsWith('xyz') ? 'abc' : 'xyz'}`);
    const d = await openProfile();
    await d.goto(bad);
    // The relay's refusal is shown as soon as it comes, not after the 30 s unreachable timeout.
    const t0 = Date.now();
    await expect.poll(() => d.getByText('邀请码不正确或已失效').count(), { timeout: 20_000 }).toBe(1);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(await d.locator(`[data-cell="${CELL}"]`).count()).toBe(0);
    expect(await d.content()).not.toContain('下冶镇');
  });
});
