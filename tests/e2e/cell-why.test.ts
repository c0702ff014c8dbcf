// 为什么？ on a cell's mark (issue 15): the finding shown at a cell links to its explanation in
// 填报说明, as the findings list does; and the editor, with marks, a block selected and a table
// notice showing, passes axe with no serious or critical finding.
import { describe, expect, it } from 'vitest';
import { axe, createReport, typeCell, useAppAndBrowser, type App, type Browser } from './helpers.ts';

let app: App;
let browser: Browser;
useAppAndBrowser((a, b) => ((app = a), (browser = b)));

describe('a cell mark explains itself', () => {
  it('clicking the ✖ on a cell opens its rule in 填报说明; the editor passes axe', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(app.url);
    await createReport(page, '缘由镇人民政府', new Date().getUTCFullYear());
    // 一 + 二 ≠ 三 + 四: 表三 does not balance, and says so at its cells.
    await typeCell(page, 't3.r1_new.np', '1');
    await typeCell(page, 't3.r3_1_grant.np', '5');
    await page.getByRole('button', { name: '表三其余填0' }).click();
    const mark = page.locator('td:has([data-cell="t3.r1_new.np"]) [data-rule="R-T3-BALANCE"]');
    await mark.waitFor();
    expect(await mark.getAttribute('href')).toBe('#/help/rule-R-T3-BALANCE');
    expect(await mark.innerText()).toContain('为什么？'); // said to screen readers (visually hidden)

    // The editor as she sees it now (marks, the table notice, a block selected) passes axe.
    await page.locator('[data-cell="t3.r1_new.biz"]').click();
    await page.keyboard.press('Shift+ArrowRight');
    expect(await axe(page)).toEqual([]);

    await mark.click();
    const target = page.locator('[data-help-rule="R-T3-BALANCE"]');
    await target.waitFor();
    expect(page.url()).toContain('#/help/rule-R-T3-BALANCE');
    await expect.poll(() => target.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; })).toBe(true);
    await page.getByRole('button', { name: '← 返回' }).click();
    await page.locator('[data-cell="t3.r1_new.np"]').waitFor();
    expect(await page.locator('[data-cell="t3.r1_new.np"]').inputValue()).toBe('1');
    expect(errors).toEqual([]);
    await page.close();
  });
});
