// Importing the seed fixture through the UI, refusing a bad file, and an axe-core scan of the
// library and the editor (no serious or critical violation).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { axe, useAppAndBrowser, type App, type Browser } from './helpers.ts';

let app: App;
let browser: Browser;
useAppAndBrowser((a, b) => ((app = a), (browser = b)));

describe('import and accessibility', () => {
  it('refuses a file it cannot read, creating nothing', async () => {
    const page = await browser.newPage();
    await page.goto(app.url);
    await page.getByRole('button', { name: '导入文件' }).click();
    await page.locator('dialog input[type=file]').setInputFiles({ name: '随便.txt', mimeType: 'text/plain', buffer: Buffer.from('今天天气很好。') });
    await page.locator('[data-import-error]').waitFor();
    expect(await page.locator('[data-import-error]').innerText()).toMatch(/无法导入/);
    expect(await page.getByRole('button', { name: '创建报告' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: '取消' }).click();
    expect(await page.locator('tr[data-report-id]').count()).toBe(0);
    await page.close();
  });

  it('imports the seed report, showing notes before creating, and the editor has its numbers', async () => {
    const page = await browser.newPage();
    await page.goto(app.url);
    expect(await axe(page)).toEqual([]);
    await page.getByRole('button', { name: '导入文件' }).click();
    await page.locator('dialog input[type=file]').setInputFiles({
      name: 'xiaye-town-2023.txt',
      mimeType: 'text/plain',
      buffer: readFileSync('tests/fixtures/xiaye-town-2023.txt'),
    });
    await page.getByRole('region', { name: '导入预览' }).waitFor();
    expect(await page.getByRole('region', { name: '导入预览' }).innerText()).toContain('下冶镇人民政府');
    // Nothing exists until the clerk confirms.
    expect(await page.evaluate(() => indexedDB.databases().then((d) => d.filter((x) => x.name?.startsWith('nianbao-doc-')).length))).toBe(0);
    await page.getByRole('button', { name: '创建报告' }).click();
    await page.locator('[data-cell="t2.penalty.decisions"]').waitFor();
    const expected = JSON.parse(readFileSync('tests/fixtures/xiaye-town-2023.expected.json', 'utf8')) as { cells: Record<string, number | null> };
    for (const [key, v] of Object.entries(expected.cells)) {
      expect(await page.locator(`[data-cell="${key}"]`).inputValue(), key).toBe(v === null ? '' : String(v));
    }
    // The seed is consistent: no error finding.
    const errors = await page.locator('.panel [data-severity="error"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')));
    console.log('errors after import:', errors);
    expect(errors.filter((r) => r !== 'R-DEADLINE')).toEqual([]);
    expect(await axe(page)).toEqual([]);
    await page.close();
  });
});
