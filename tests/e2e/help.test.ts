// 填报说明 (issue 15): every shown finding links to its plain explanation; the page is accessible;
// plain export labels; the export menu closes after use.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { axe, createReport, typeCell, useAppAndBrowser, type App, type Browser } from './helpers.ts';
import { RULE_HELP } from '../../src/domain/rule-help.ts';
import { HEADINGS } from '../../src/domain/format.ts';

let app: App;
let browser: Browser;
useAppAndBrowser((a, b) => ((app = a), (browser = b)));

describe('填报说明', () => {
  it('explains every part and every rule, and passes axe with no serious or critical finding', async () => {
    const page = await browser.newPage();
    await page.goto(app.url + '/#/help');
    await page.getByRole('heading', { name: '填报说明', level: 1 }).waitFor();
    for (const h of HEADINGS) await page.getByRole('heading', { name: h, level: 3 }).waitFor();
    const rules = await page.locator('[data-help-rule]').evaluateAll((els) => els.map((e) => e.getAttribute('data-help-rule')));
    expect(rules.sort()).toEqual(Object.keys(RULE_HELP).sort());
    expect(await page.locator('[data-help-rule="R-T3-BALANCE"]').innerText()).toContain('收支平衡');
    expect(await page.locator('main').innerText()).toContain('同步包：');
    expect(await axe(page)).toEqual([]);
    await page.close();
  });

  it('为什么？ beside a finding opens its explanation, scrolled to and focused; 返回 goes back to the report', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(app.url);
    await createReport(page, '下冶镇人民政府', new Date().getUTCFullYear());
    const reportUrl = page.url();
    await page.locator('[data-section="s5"]').fill('无');
    const finding = page.locator('.doc li[data-rule="R-S5"]');
    await finding.waitFor();
    await finding.getByRole('link', { name: '为什么？' }).click();
    const target = page.locator('[data-help-rule="R-S5"]');
    await target.waitFor();
    expect(page.url()).toContain('#/help/rule-R-S5');
    await expect.poll(() => target.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect.poll(() => target.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight / 2; })).toBe(true);
    expect(await target.innerText()).toContain('不能只写“无”');
    await page.getByRole('button', { name: '← 返回' }).click();
    await page.locator('[data-section="s5"]').waitFor();
    expect(page.url()).toBe(reportUrl);
    expect(await page.locator('[data-section="s5"]').inputValue()).toBe('无');
    await page.close();
  });

  it('the export menu speaks plainly and closes after a download', async () => {
    const page = await browser.newPage();
    await page.goto(app.url);
    await createReport(page);
    await page.locator('summary', { hasText: '导出' }).click();
    const labels = await page.locator('details.menu .items button').allInnerTexts();
    expect(labels).toEqual(expect.arrayContaining(['导出备份文件（可恢复）', '导出网页（发布用）', '导出 Word 文档', '导出 Excel 表格']));
    expect(labels.join()).not.toMatch(/JSON|DOCX|HTML/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出备份文件（可恢复）' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.json$/);
    expect(await page.locator('details.menu').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);

    // The Excel workbook: loaded on demand, the typed number is in 表三.
    await typeCell(page, 't3.r1_new.np', '7');
    await page.locator('summary', { hasText: '导出' }).click();
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel 表格' }).click()]);
    expect(xlsx.suggestedFilename()).toMatch(/表二至表四）\.xlsx$/);
    const files = unzipSync(new Uint8Array(readFileSync((await xlsx.path())!)));
    expect(strFromU8(files['xl/worksheets/sheet2.xml']!)).toContain('<c r="D5" s="4"><v>7</v></c>');
    expect(await page.locator('details.menu').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await page.close();
  });
});
