// The clerk's first hour (issue 15) in real Chromium against the built app: progress, not alarm.
import { describe, expect, it } from 'vitest';
import { createReport, typeCell, useAppAndBrowser, type App, type Browser } from './helpers.ts';
import { TYPED_CELL_KEYS } from '../../src/domain/format.ts';

let app: App;
let browser: Browser;
useAppAndBrowser((a, b) => ((app = a), (browser = b)));

const errorMarks = (page: import('./helpers.ts').Page) => page.locator('.doc [data-severity="error"], .doc .mark.sev-error');

describe('first hour: progress, not alarm', () => {
  it('an empty report shows no ✖ before 打印, counts what is left, and 打印 turns 未填 into errors', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await ctx.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(app.url);
    // This year's report: its deadline has not passed, so nothing real is wrong with it yet.
    await createReport(page, '下冶镇人民政府', new Date().getUTCFullYear());

    expect(await errorMarks(page).count()).toBe(0);
    expect(await page.locator('.doc').innerText()).not.toContain('✖');
    expect(await page.locator('.doc').innerText()).not.toContain('一、总体情况缺少');
    expect(await page.locator('td.cell.err').count()).toBe(0);
    const total = TYPED_CELL_KEYS.length;
    await expect.poll(() => page.locator('[data-progress="cells"]').innerText()).toBe(`0 / ${total}`);
    expect(await page.locator('[data-progress="t3"]').innerText()).toBe('已填 0 / 144');
    // Each empty required part has its own quiet mark.
    expect(await page.locator('[data-todo]').count()).toBe(7);

    // Progress moves as she types.
    await typeCell(page, 't3.r1_new.np', '5');
    await typeCell(page, 't3.r1_new.biz', '0');
    await expect.poll(() => page.locator('[data-progress="t3"]').innerText()).toBe('已填 2 / 144');
    await expect.poll(() => page.locator('[data-progress="cells"]').innerText()).toBe(`2 / ${total}`);
    await page.locator('[data-section="s5"]').fill('无');
    // A real error stays loud at once: a bare “无” in 五.
    await page.locator('.doc [data-rule="R-S5"][data-severity="error"]').waitFor();
    expect(await page.locator('[data-todo]').count()).toBe(6);

    // She asks to print: now what is left is listed as the errors it is.
    await page.getByRole('button', { name: '打印' }).click();
    const listed = page.locator('[data-print-errors]');
    await listed.waitFor();
    expect(await listed.locator('[data-rule="R-TYPE-INT"]').count()).toBe(3);
    expect(await listed.innerText()).toContain('表三有142个单元格未填');
    await page.getByRole('button', { name: '关闭' }).click();
    await expect.poll(() => page.locator('td.cell.err').count()).toBe(total - 2);
    // "一、总体情况缺少…" names five parts and is listed once, not under each of them.
    expect(await page.locator('.doc [data-rule="R-S1-PARTS"][data-severity="error"]').count()).toBe(1);
    expect(await page.locator('[data-todo]').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await ctx.close();
  });
});
