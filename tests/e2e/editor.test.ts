import { describe, expect, it } from 'vitest';
import { createReport, savedLocally, typeCell, useAppAndBrowser, type App, type Browser } from './helpers.ts';

let app: App;
let browser: Browser;
useAppAndBrowser((a, b) => ((app = a), (browser = b)));

describe('editor', () => {
  it('keeps cells and text across a reload', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(app.url);
    await createReport(page);
    await typeCell(page, 't3.r1_new.np', '5');
    await typeCell(page, 't3.r1_new.biz', '2');
    await expect.poll(() => page.locator('[data-cell="t3.r1_new.total"]').inputValue()).toBe('7');
    await page.locator('[data-section="s1.proactive"]').fill('全年主动公开政府信息120条。');
    await savedLocally(page);
    await page.reload();
    await page.locator('[data-cell="t3.r1_new.np"]').waitFor();
    expect(await page.locator('[data-cell="t3.r1_new.np"]').inputValue()).toBe('5');
    expect(await page.locator('[data-cell="t3.r1_new.total"]').inputValue()).toBe('7');
    expect(await page.locator('[data-section="s1.proactive"]').inputValue()).toBe('全年主动公开政府信息120条。');
    // The library lists it with its counts.
    await page.getByRole('button', { name: '← 报告列表' }).click();
    await expect.poll(() => page.locator('tr[data-report-id]').count()).toBe(1);
    expect(await page.locator('tr[data-report-id]').innerText()).toContain('下冶镇人民政府');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it("starts next year's report from last year's, carrying 结转 into 上年结转", async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(app.url);
    await createReport(page, '续写镇人民政府', 2023);
    await typeCell(page, 't3.r4_carryOut.np', '2');
    await page.locator('[data-section="s6"]').fill('2023年未收取信息处理费。');
    await savedLocally(page);
    await page.getByRole('button', { name: '← 报告列表' }).click();
    await page.getByRole('button', { name: '以续写镇人民政府2023年报告为基础新建2024年报告' }).click();
    await page.locator('[data-cell="t3.r2_carryIn.np"]').waitFor();
    expect(await page.locator('[data-cell="t3.r2_carryIn.np"]').inputValue()).toBe('2');
    expect(await page.locator('[data-cell="t3.r4_carryOut.np"]').inputValue()).toBe('');
    expect(await page.locator('[data-section="s6"]').inputValue()).toBe('2023年未收取信息处理费。');
    expect(await page.locator('#report-title').inputValue()).toBe('续写镇人民政府2024年政府信息公开工作年度报告');
    // A second time is refused with the reason, creating nothing.
    await page.getByRole('button', { name: '← 报告列表' }).click();
    await page.getByRole('button', { name: '以续写镇人民政府2023年报告为基础新建2024年报告' }).click();
    await page.getByText('续写镇人民政府已有2024年的报告，请直接打开它。').waitFor();
    await ctx.close();
  });

  it('shows R-T3-BALANCE on the cells of the broken balance', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(app.url);
    await createReport(page, '测试镇人民政府');
    await typeCell(page, 't3.r1_new.np', '3');
    await typeCell(page, 't3.r2_carryIn.np', '0');
    await typeCell(page, 't3.r3_1_grant.np', '1');
    await typeCell(page, 't3.r4_carryOut.np', '0');
    const mark = page.locator('td:has([data-cell="t3.r1_new.np"]) [data-rule="R-T3-BALANCE"]');
    await mark.waitFor();
    for (const key of ['t3.r2_carryIn.np', 't3.r3_7_total.np', 't3.r4_carryOut.np']) {
      expect(await page.locator(`td:has([data-cell="${key}"]) [data-rule="R-T3-BALANCE"]`).count(), key).toBe(1);
    }
    // Other columns are not blamed.
    expect(await page.locator('td:has([data-cell="t3.r1_new.biz"]) [data-rule="R-T3-BALANCE"]').count()).toBe(0);
    const inPanel = page.locator('.panel [data-rule="R-T3-BALANCE"]').first();
    expect(await inPanel.innerText()).toMatch(/自然人.*3.*1/s);
    // Clicking the finding focuses its first cell.
    await inPanel.locator('button').click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-cell'))).toBe('t3.r1_new.np');
    // Fix it: the finding goes away.
    await typeCell(page, 't3.r3_1_grant.np', '3');
    await expect.poll(() => mark.count()).toBe(0);
    await ctx.close();
  });

  it('refuses bad input with a reason, and moves like a spreadsheet', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(app.url);
    await createReport(page, '键盘镇人民政府');
    await typeCell(page, 't3.r1_new.np', '-2');
    await page.locator('td:has([data-cell="t3.r1_new.np"]) .refused').waitFor();
    expect(await page.locator('td:has([data-cell="t3.r1_new.np"]) .refused').innerText()).toMatch(/负数/);
    // Esc restores the value from before editing (未填).
    await page.locator('[data-cell="t3.r1_new.np"]').press('Escape');
    expect(await page.locator('[data-cell="t3.r1_new.np"]').inputValue()).toBe('');
    await page.locator('[data-cell="t3.r1_new.np"]').pressSequentially('4');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-cell'))).toBe('t3.r2_carryIn.np');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-cell'))).toBe('t3.r2_carryIn.biz');
    await page.keyboard.press('ArrowUp');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-cell'))).toBe('t3.r1_new.biz');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-cell'))).toBe('t3.r1_new.research');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-cell'))).toBe('t3.r1_new.biz');
    expect(await page.locator('[data-cell="t3.r1_new.np"]').inputValue()).toBe('4');
    await ctx.close();
  });

  it('pastes a row copied from Excel in one step, and refuses a bad one whole', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(app.url);
    await createReport(page, '粘贴镇人民政府');
    const paste = (key: string, text: string) =>
      page.locator(`[data-cell="${key}"]`).evaluate((el, t) => {
        (el as HTMLInputElement).focus();
        const dt = new DataTransfer();
        dt.setData('text/plain', t);
        el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
      }, text);
    await paste('t3.r1_new.np', '3\t1\t0\t0\t0\t0\t4\r\n');
    await expect.poll(() => page.locator('[data-cell="t3.r1_new.total"]').inputValue()).toBe('4');
    expect(await page.locator('[data-cell="t3.r1_new.biz"]').inputValue()).toBe('1');
    await paste('t3.r2_carryIn.np', '1\t2\tx');
    await page.getByRole('alert').filter({ hasText: '未粘贴任何内容' }).waitFor();
    expect(await page.locator('[data-cell="t3.r2_carryIn.np"]').inputValue()).toBe('');
    // One undo takes the whole paste back.
    await page.locator('[data-cell="t3.r4_carryOut.np"]').focus();
    await page.getByRole('button', { name: '撤销' }).click();
    await expect.poll(() => page.locator('[data-cell="t3.r1_new.biz"]').inputValue()).toBe('');
    expect(await page.locator('[data-cell="t3.r1_new.np"]').inputValue()).toBe('');
    await ctx.close();
  });
});

describe('two tabs', () => {
  it('see each other’s edits at once, and the caret stays put in a section being typed in', async () => {
    const ctx = await browser.newContext();
    const a = await ctx.newPage();
    await a.goto(app.url);
    await createReport(a, '双窗镇人民政府');
    const b = await ctx.newPage();
    await b.goto(a.url());
    await b.locator('[data-cell="t3.r1_new.np"]').waitFor();
    await typeCell(a, 't3.r1_new.np', '6');
    await expect.poll(() => b.locator('[data-cell="t3.r1_new.np"]').inputValue()).toBe('6');

    // B is typing in 五 with its caret after “问题”; A inserts text before it.
    const secB = b.locator('[data-section="s5"]');
    await secB.fill('主要问题：公开不及时。');
    await expect.poll(() => a.locator('[data-section="s5"]').inputValue()).toBe('主要问题：公开不及时。');
    await secB.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(4, 4));
    await secB.press('ArrowRight');
    await secB.press('ArrowLeft'); // caret at 4, remembered
    await a.locator('[data-section="s5"]').evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(0, 0));
    await a.locator('[data-section="s5"]').pressSequentially('一、');
    await expect.poll(() => secB.inputValue()).toBe('一、主要问题：公开不及时。');
    expect(await secB.evaluate((el: HTMLTextAreaElement) => [el.selectionStart, el.selectionEnd])).toEqual([6, 6]);
    await ctx.close();
  });
});
