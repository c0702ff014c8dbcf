// A clerk used to WPS, in real Chromium against the built app (issue 15 items 2 and 3): the
// result of a paste or 其余填0 is said beside the table, in view; a row copied with its label
// column pastes; Enter after Tabs goes back to where the run began; Ctrl+S says it is saved;
// copying cells gives TSV and an HTML table; Ctrl+Z / Ctrl+Y are the app's undo of HER edits in
// every field, with a colleague typing in another tab.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createReport, typeCell, useAppAndBrowser, type App, type Browser, type Page } from './helpers.ts';

let app: App;
let browser: Browser;
useAppAndBrowser((a, b) => ((app = a), (browser = b)));

const cell = (page: Page, key: string) => page.locator(`[data-cell="${key}"]`);

/** A real Ctrl+V of `text` into the focused element (the system clipboard, as WPS leaves it). */
async function pasteText(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press('Control+v');
}

/** The box is inside the window (no scrolling needed to see it), below the sticky bar. */
async function inView(page: Page, selector: string | ReturnType<Page['locator']>): Promise<boolean> {
  const box = await (typeof selector === 'string' ? page.locator(selector) : selector).boundingBox();
  const vp = page.viewportSize()!;
  return !!box && box.height > 0 && box.y >= 0 && box.y + box.height <= vp.height && box.x >= 0 && box.x + box.width <= vp.width;
}

describe('WPS habits', () => {
  it('paste and 其余填0 are answered beside the table, in view at 1366×768; a label column is checked and dropped', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', acceptDownloads: true });
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(app.url);
    await createReport(page, '粘贴镇人民政府');

    // A refused block, pasted low in 表三: the reason is where she looks, not 2000 px above.
    await cell(page, 't3.r4_carryOut.np').scrollIntoViewIfNeeded();
    await cell(page, 't3.r4_carryOut.np').click();
    await pasteText(page, '1\t2\n3\t4\n');
    const notice = '[data-table-notice="t3"] p';
    // Said (as an alert) where she pasted: in the window without scrolling.
    const refusal = page.getByRole('alert').filter({ hasText: '未粘贴任何内容' });
    await refusal.waitFor();
    expect(await inView(page, refusal)).toBe(true);
    expect(await page.locator(notice).innerText()).toContain('未粘贴任何内容');
    expect(await page.locator(notice).getAttribute('role')).toBe('alert');
    expect(await page.locator('[data-table-notice="t3"]').getAttribute('aria-live')).toBe('polite');
    expect(await inView(page, notice)).toBe(true);
    expect(await page.locator('.banner').count()).toBe(0);

    // Rows copied from WPS with their labels (numbering written another way) land on those rows.
    await cell(page, 't3.r3_3_1_stateSecret.np').scrollIntoViewIfNeeded();
    await cell(page, 't3.r3_3_1_stateSecret.np').click();
    await pasteText(page, '（三）不予公开\t1、属于国家秘密\t1\t0\t0\t0\t0\t2\t3\r\n\t(2)其他法律行政法规禁止公开\t4\t0\t0\t0\t0\t0\t4\r\n');
    await expect.poll(() => page.locator(notice).innerText()).toContain('已粘贴 12 个单元格');
    expect(await inView(page, notice)).toBe(true);
    expect(await cell(page, 't3.r3_3_1_stateSecret.otherOrg').inputValue()).toBe('2');
    expect(await cell(page, 't3.r3_3_2_lawForbidden.np').inputValue()).toBe('4');
    expect(await cell(page, 't3.r3_3_1_stateSecret.total').inputValue()).toBe('3');

    // A label naming another row: refused whole, saying which row, nothing changed.
    await cell(page, 't3.r3_4_1_notHeld.np').scrollIntoViewIfNeeded();
    await cell(page, 't3.r3_4_1_notHeld.np').click();
    await pasteText(page, '1.本机关不掌握相关政府信息\t5\r\n3.补正后申请内容仍不明确\t6\r\n');
    await expect.poll(() => page.locator(notice).innerText()).toContain('第 2 行的行名“3.补正后申请内容仍不明确”与表格中这一行“2.没有现成信息需要另行制作”不一致');
    expect(await inView(page, notice)).toBe(true);
    expect(await cell(page, 't3.r3_4_1_notHeld.np').inputValue()).toBe('');
    expect(await cell(page, 't3.r3_4_2_needCreate.np').inputValue()).toBe('');

    // A 同步包 imported from the bar while she is down at 表四: the result is in view under the bar.
    await page.getByRole('button', { name: '导出同步包' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '生成并下载' }).click()]);
    const bytes = readFileSync((await download.path())!);
    await cell(page, 't4.review.upheld').scrollIntoViewIfNeeded();
    await page.locator('input[type="file"][accept^=".gknb"]').setInputFiles({ name: '同步包.gknb', mimeType: 'application/octet-stream', buffer: bytes });
    const imported = page.locator('.banner', { hasText: '同步包' });
    await imported.waitFor();
    expect(await inView(page, imported)).toBe(true);
    await imported.getByRole('button', { name: '知道了' }).click();

    // 其余填0 on 表四: said beside 表四.
    await page.getByRole('button', { name: '表四其余填0' }).click();
    await expect.poll(() => page.locator('[data-table-notice="t4"] p').innerText()).toContain('已将 12 个未填单元格填为 0');
    expect(await inView(page, '[data-table-notice="t4"] p')).toBe(true);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('Enter after Tabs returns to the first column of the run, on the next typeable row; Ctrl+S says it is saved', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await ctx.newPage();
    await page.goto(app.url);
    await createReport(page, '回车镇人民政府');
    await cell(page, 't3.r3_6_3_other.biz').click();
    await page.keyboard.type('1');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2');
    await page.keyboard.press('Tab');
    await page.keyboard.type('3');
    await page.keyboard.press('Enter');
    // Past the read-only （七）总计 row, back under 商业企业.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-cell'))).toBe('t3.r4_carryOut.biz');
    expect(await cell(page, 't3.r3_6_3_other.npo').inputValue()).toBe('3');

    // Ctrl+S: the page's own save dialog never opens (default prevented), and she is told.
    await page.evaluate(() => {
      window.addEventListener('keydown', (e) => {
        if (e.key === 's') (window as unknown as { ctrlSPrevented: boolean }).ctrlSPrevented = e.defaultPrevented;
      });
    });
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.locator('[data-ctrl-s]').innerText()).toContain('已自动保存到本机');
    expect(await page.evaluate(() => (window as unknown as { ctrlSPrevented: boolean }).ctrlSPrevented)).toBe(true);
    expect(await inView(page, '[data-ctrl-s] span')).toBe(true);
    await ctx.close();
  });

  it('copying a block of cells (Shift+arrows or a mouse drag) gives TSV and an HTML table; without a block, the row', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await ctx.newPage();
    await page.goto(app.url);
    await createReport(page, '复制镇人民政府');
    await typeCell(page, 't3.r1_new.np', '3');
    await typeCell(page, 't3.r1_new.biz', '1');
    await typeCell(page, 't3.r2_carryIn.np', '2');
    await typeCell(page, 't3.r2_carryIn.biz', '0');
    await page.evaluate(() => {
      const w = window as unknown as { copied: { text: string; html: string }[] };
      w.copied = [];
      window.addEventListener('copy', (e) => w.copied.push({ text: e.clipboardData!.getData('text/plain'), html: e.clipboardData!.getData('text/html') }));
    });
    await cell(page, 't3.r1_new.np').click();
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowDown');
    expect(await page.locator('td[data-selected]').count()).toBe(4);
    await page.keyboard.press('Control+c');
    await cell(page, 't3.r2_carryIn.np').click(); // a click ends the block
    expect(await page.locator('td[data-selected]').count()).toBe(0);
    await page.keyboard.press('Control+c');
    // A mouse drag from 二、自然人 up to 一、商业企业 selects the same block.
    await cell(page, 't3.r2_carryIn.np').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const from = (await cell(page, 't3.r2_carryIn.np').boundingBox())!;
    const to = (await cell(page, 't3.r1_new.biz').boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 5 });
    await page.mouse.up();
    expect(await page.locator('td[data-selected]').count()).toBe(4);
    await page.keyboard.press('Control+c');
    const copied = await page.evaluate(() => (window as unknown as { copied: { text: string; html: string }[] }).copied);
    expect(copied).toHaveLength(3);
    expect(copied[2]).toEqual(copied[0]);
    expect(copied[0]!.text).toBe('3\t1\r\n2\t0\r\n');
    expect(copied[0]!.html).toMatch(/^<table><tr><td>3<\/td><td>1<\/td><\/tr><tr><td>2<\/td><td>0<\/td><\/tr><\/table>$/);
    // Her row: every number of 二、上年结转, the computed 总计 too.
    expect(copied[1]!.text).toBe('2\t0\t\t\t\t\t2\r\n');
    expect(copied[1]!.html.match(/<td/g)).toHaveLength(7);
    await ctx.close();
  });

  it('Ctrl+Z / Ctrl+Y / Ctrl+Shift+Z undo and redo her own edits in a prose part, a cell and the title, never a colleague’s (two tabs)', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const a = await ctx.newPage();
    const errors: string[] = [];
    a.on('pageerror', (e) => errors.push(e.message));
    await a.goto(app.url);
    await createReport(a, '撤销镇人民政府');
    const b = await ctx.newPage();
    b.on('pageerror', (e) => errors.push(e.message));
    await b.goto(a.url());
    const S5 = '[data-section="s5"]';
    await b.locator(S5).waitFor();
    const both = async (fn: (p: Page) => Promise<string>, want: string) => {
      for (const p of [a, b]) await expect.poll(() => fn(p), { timeout: 15_000 }).toBe(want);
    };
    const s5 = (p: Page) => p.locator(S5).inputValue();

    // A writes in 五 and then in a cell.
    await a.locator(S5).click();
    await a.keyboard.type('甲写的问题。');
    await cell(a, 't3.r1_new.np').click();
    await a.keyboard.type('5');
    await both((p) => cell(p, 't3.r1_new.np').inputValue(), '5');
    // B writes in the same part, at its start.
    await b.locator(S5).click();
    await b.keyboard.press('Control+Home');
    await b.keyboard.type('乙补充：');
    await both(s5, '乙补充：甲写的问题。');

    // A, back in 五, presses Ctrl+Z: her last edit (the cell) goes, on both sides; B's text stays.
    await a.locator(S5).click();
    await a.keyboard.press('Control+z');
    await both((p) => cell(p, 't3.r1_new.np').inputValue(), '');
    await both(s5, '乙补充：甲写的问题。');
    // Again: her text in 五 goes, B's stays (the browser's own undo would have removed B's or nothing).
    await a.keyboard.press('Control+z');
    await both(s5, '乙补充：');
    // Ctrl+Y and Ctrl+Shift+Z redo.
    await a.keyboard.press('Control+y');
    await both(s5, '乙补充：甲写的问题。');
    await a.keyboard.press('Control+Shift+z');
    await both((p) => cell(p, 't3.r1_new.np').inputValue(), '5');

    // In a cell: Ctrl+Z undoes her typing there and the cell shows it at once.
    await cell(a, 't3.r1_new.biz').click();
    await a.keyboard.type('8');
    await both((p) => cell(p, 't3.r1_new.biz').inputValue(), '8');
    await a.keyboard.press('Control+z');
    await both((p) => cell(p, 't3.r1_new.biz').inputValue(), '');
    await a.keyboard.press('Control+y');
    await both((p) => cell(p, 't3.r1_new.biz').inputValue(), '8');

    // In the title: what she typed is committed, then undone as her last edit.
    const title = a.locator('#report-title');
    const t0 = await title.inputValue();
    await title.click();
    await title.press('End');
    await a.keyboard.type('（草稿）');
    await a.keyboard.press('Control+z');
    await both((p) => p.locator('#report-title').inputValue(), t0);
    await a.keyboard.press('Control+Shift+Z');
    await both((p) => p.locator('#report-title').inputValue(), `${t0}（草稿）`);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
