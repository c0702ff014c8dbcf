// Two tabs of one browser with the same report open: edits in one appear in the other at once,
// without a reload and without a relay (src/sync/broadcast.ts over Chromium's BroadcastChannel).
import { describe, expect, it } from 'vitest';
import { createReport, typeCell, useAppAndBrowser, type App, type Browser } from './helpers.ts';

let app: App;
let browser: Browser;
useAppAndBrowser((a, b) => ((app = a), (browser = b)));

describe('tabs of one browser', () => {
  it('see each other’s cell and prose edits live, both ways', async () => {
    const ctx = await browser.newContext();
    const a = await ctx.newPage();
    const errors: string[] = [];
    a.on('pageerror', (e) => errors.push(e.message));
    await a.goto(app.url);
    await createReport(a, '标签镇人民政府');
    const b = await ctx.newPage();
    b.on('pageerror', (e) => errors.push(e.message));
    await b.goto(a.url());
    await b.locator('[data-cell="t3.r1_new.np"]').waitFor();

    await typeCell(a, 't3.r1_new.np', '4');
    await a.locator('[data-cell="t3.r1_new.biz"]').click();
    await expect.poll(() => b.locator('[data-cell="t3.r1_new.np"]').inputValue()).toBe('4');
    await expect.poll(() => b.locator('[data-cell="t3.r1_new.total"]').inputValue()).toBe('4');

    await b.locator('[data-section="s5"]').fill('存在的主要问题：公开不够及时。');
    await expect.poll(() => a.locator('[data-section="s5"]').inputValue()).toBe('存在的主要问题：公开不够及时。');

    // A tab opened later catches up from the others too.
    const c = await ctx.newPage();
    await c.goto(a.url());
    await c.locator('[data-cell="t3.r1_new.np"]').waitFor();
    await expect.poll(() => c.locator('[data-cell="t3.r1_new.np"]').inputValue()).toBe('4');
    await typeCell(c, 't3.r1_new.biz', '3');
    await c.locator('[data-cell="t3.r1_new.np"]').click();
    await expect.poll(() => a.locator('[data-cell="t3.r1_new.total"]').inputValue()).toBe('7');
    await expect.poll(() => b.locator('[data-cell="t3.r1_new.total"]').inputValue()).toBe('7');
    expect(await a.locator('[data-conflict]').count()).toBe(0);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
