// Writing help in real Chromium against the built app (issue 14): 按表格生成 inserts a phrasing
// built from the tables; a table number changes and 按表格更新正文 puts the new number into the
// text; one 撤销 takes the last update back. A sentence carried over from last year's report is
// marked (data-carried-over) and the mark goes once she rewrites it.

import { describe, expect, it } from 'vitest';
import { axe, createReport, savedLocally, typeCell, useAppAndBrowser, type App, type Browser, type Page } from './helpers.ts';

let app: App;
let browser: Browser;
useAppAndBrowser((a, b) => ((app = a), (browser = b)));

const part = (page: Page, id: string) => page.locator('.section', { has: page.locator(`[data-section="${id}"]`) });

describe('writing help', () => {
  it('按表格生成, then 按表格更新正文 after a number changes, then 撤销', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(app.url);
    await createReport(page, '生成镇人民政府', 2023);
    await typeCell(page, 't3.r1_new.np', '5');
    await typeCell(page, 't3.r3_1_grant.np', '4');
    await typeCell(page, 't3.r3_2_partial.np', '1');
    await page.getByRole('button', { name: '表三其余填0' }).click();
    await page.getByRole('button', { name: '表四其余填0' }).click();

    const request = part(page, 's1.request');
    const text = request.locator('[data-section="s1.request"]');
    await text.fill('本部分由她先写的一句话。');
    await request.getByRole('button', { name: '按表格生成' }).click();
    await request.locator('[data-phrasing="request-full"]').getByRole('button', { name: '插入' }).click();
    await expect.poll(() => text.inputValue()).toContain('2023年，我镇共收到政府信息公开申请5件，其中自然人申请5件');
    // What she wrote stays; the generated paragraph is added after it.
    expect(await text.inputValue()).toMatch(/^本部分由她先写的一句话。\n2023年，我镇共收到/);
    await expect.poll(() => page.locator('[data-rule="R-TXT-NUM"]').count()).toBe(0);

    // The tables change: 6 received, 5 granted.
    await typeCell(page, 't3.r1_new.np', '6');
    await typeCell(page, 't3.r3_1_grant.np', '5');
    await page.locator('[data-section="s6"]').click(); // leave the cell
    const update = request.getByRole('button', { name: '按表格更新正文' });
    await expect.poll(() => update.count()).toBeGreaterThan(1);
    // The generate panel open, fixes and 需人工修改 shown: nothing serious for a screen reader or the eye.
    await request.getByRole('button', { name: '按表格生成' }).click();
    expect(await axe(page)).toEqual([]);
    await request.getByRole('button', { name: '按表格生成' }).click();
    let lastBefore = '';
    for (let n = await update.count(); n > 0; n = await update.count()) {
      lastBefore = await text.inputValue();
      await update.first().click();
      await expect.poll(() => update.count()).toBeLessThan(n);
    }
    const updated = await text.inputValue();
    expect(updated).toContain('共收到政府信息公开申请6件，其中自然人申请6件');
    expect(updated).toContain('其中予以公开5件');
    expect(updated).toMatch(/^本部分由她先写的一句话。\n/);
    await expect.poll(() => page.locator('[data-rule="R-TXT-NUM"]').count()).toBe(0);

    // One 撤销 takes back exactly the last update.
    await page.getByRole('button', { name: '撤销' }).click();
    await expect.poll(() => text.inputValue()).toBe(lastBefore);
    await expect.poll(() => request.getByRole('button', { name: '按表格更新正文' }).count()).toBe(1);
    await savedLocally(page);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('修正 shows before → after and applies a certain fix; other findings say 需人工修改', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(app.url);
    await createReport(page, '修正镇人民政府', 2023);
    const pre = page.locator('[data-section="preamble"]');
    await pre.fill('本报告根据《中华人民共和国政府信息公开条例》（国务院令第492号）编制。');
    const cite = part(page, 'preamble').locator('[data-rule="R-CITE"]');
    await cite.waitFor();
    expect(await cite.locator('[data-fix="修正"]').innerText()).toMatch(/国务院令第492号[\s\S]*→[\s\S]*国务院令第711号/);
    await cite.getByRole('button', { name: '修正' }).click();
    await expect.poll(() => pre.inputValue()).toBe('本报告根据《中华人民共和国政府信息公开条例》（国务院令第711号）编制。');
    await expect.poll(() => page.locator('[data-rule="R-CITE"]').count()).toBe(0);
    await page.locator('[data-section="s5"]').fill('无');
    await expect.poll(() => part(page, 's5').locator('[data-rule="R-S5"] [data-fix="manual"]').innerText()).toBe('需人工修改');
    await ctx.close();
  });

  it('marks a sentence carried over from last year; the mark goes when it is rewritten', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(app.url);
    await createReport(page, '雷同镇人民政府', 2022);
    // Outside text drawn by the marks: markup in it must stay text (hostile input).
    const copied = '我镇进一步加强组织领导<img src=x onerror="window.__pwned=1">，明确责任分工，细化分解任务，加大督导力度。';
    await page.locator('[data-section="s1.management"]').fill(copied);
    await savedLocally(page);
    await page.getByRole('button', { name: '← 报告列表' }).click();
    await page.getByRole('button', { name: '以雷同镇人民政府2022年报告为基础新建2023年报告' }).click();
    const management = part(page, 's1.management');
    await management.locator('[data-carried-over]').waitFor({ state: 'attached' });
    expect(await management.locator('[data-carried-over]').textContent()).toBe(copied);
    expect(await management.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await expect.poll(() => page.locator('[data-similarity]').first().innerText()).toContain('一、总体情况');
    expect(await axe(page)).toEqual([]);
    // She rewrites it in her own words for this year: the mark goes.
    const text = management.locator('[data-section="s1.management"]');
    await text.click();
    await text.press('Control+a');
    await text.pressSequentially('今年我镇重新梳理公开目录，完善保密审查流程。');
    await expect.poll(() => management.locator('[data-carried-over]').count()).toBe(0);
    await ctx.close();
  });
});
