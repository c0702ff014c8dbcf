// Names before sharing (issue 15 item 6), two browser profiles over the real relay: each clerk is
// asked once for her name — A before sharing, B before joining by the invite link — and from
// then on the conflict text, presence and the change record name them; 本机用户 never shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReport, launch, removeDir, startApp, type App, type Browser, type Page } from './helpers.ts';

let app: App;
let browser: Browser;
beforeAll(async () => {
  app = await startApp();
  browser = await launch({ answerNamePrompt: false }); // the clerks answer themselves here
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (app) removeDir(app.dataDir);
});

const CELL = 't3.r1_new.np';
const MARK = 't3.r1_new.biz';

async function answerName(page: Page, name: string, role = ''): Promise<void> {
  const dialog = page.getByRole('dialog', { name: '请先留下你的姓名' });
  await dialog.waitFor();
  await dialog.getByLabel('姓名').fill(name);
  if (role) await dialog.getByLabel('岗位（可选）').fill(role);
  await dialog.getByRole('button', { name: '确定' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('names before sharing', () => {
  it('two profiles are each asked once (share, join), and the conflict, presence and record name both', async () => {
    const errors: string[] = [];
    const ctxA = await browser.newContext({ locale: 'zh-CN' });
    const a = await ctxA.newPage();
    a.on('pageerror', (e) => errors.push(e.message));
    await a.goto(app.url);
    await createReport(a, '署名镇人民政府');

    // 共享: asked first; an empty name is refused with a reason, nothing shared yet.
    await a.getByRole('button', { name: '共享' }).click();
    const dialog = a.getByRole('dialog', { name: '请先留下你的姓名' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '确定' }).click();
    expect(await dialog.getByRole('alert').innerText()).toContain('请填写姓名');
    expect(await a.getByRole('dialog', { name: '共享给同事' }).isVisible()).toBe(false);
    await answerName(a, '张三', '办公室');
    await a.getByRole('button', { name: '生成邀请链接' }).click();
    const link = (await a.locator('[data-invite-link]').textContent())!.trim();
    await a.getByRole('button', { name: '关闭' }).click();
    // Once only: 共享 and 导出同步包 again open straight away.
    await a.getByRole('button', { name: '共享' }).click();
    await a.getByRole('dialog', { name: '共享给同事' }).waitFor();
    expect(await a.locator('dialog[data-name-prompt]').count()).toBe(0);
    await a.getByRole('button', { name: '关闭' }).click();
    await a.getByRole('button', { name: '导出同步包' }).click();
    await a.getByRole('dialog', { name: '导出同步包' }).waitFor();
    expect(await a.locator('dialog[data-name-prompt]').count()).toBe(0);
    await a.getByRole('dialog', { name: '导出同步包' }).getByRole('button', { name: '取消' }).click();

    // B opens the invite link in her own profile: asked before joining.
    const ctxB = await browser.newContext({ locale: 'zh-CN' });
    const b = await ctxB.newPage();
    b.on('pageerror', (e) => errors.push(e.message));
    await b.goto(link);
    await answerName(b, '李四');
    await b.locator(`[data-cell="${CELL}"]`).waitFor({ timeout: 30_000 });

    // Presence names both.
    await expect.poll(() => a.locator('[data-present]').textContent(), { timeout: 15_000 }).toContain('李四');
    await b.locator(`[data-cell="${MARK}"]`).click();
    await expect.poll(() => b.locator('[data-present]').textContent(), { timeout: 15_000 }).toContain('张三');

    // A conflict: A types 1 and keeps the focus, B sets 7, A types 2.
    const cellA = a.locator(`[data-cell="${CELL}"]`);
    await cellA.click();
    await cellA.pressSequentially('1');
    await expect.poll(() => b.locator(`[data-cell="${CELL}"]`).inputValue(), { timeout: 15_000 }).toBe('1');
    const cellB = b.locator(`[data-cell="${CELL}"]`);
    await cellB.click();
    await cellB.press('Control+a');
    await cellB.pressSequentially('7');
    await b.locator(`[data-cell="${MARK}"]`).click();
    await b.keyboard.type('5');
    await b.locator('[data-section="s5"]').focus();
    await expect.poll(() => a.locator(`[data-cell="${MARK}"]`).inputValue(), { timeout: 15_000 }).toBe('5');
    await cellA.press('End');
    await cellA.pressSequentially('2');
    for (const page of [a, b]) {
      const td = page.locator(`td:has([data-cell="${CELL}"])`);
      await expect.poll(() => td.getByRole('button').allTextContents(), { timeout: 15_000 }).toEqual(['采用 7（李四）', '采用 12（张三）']);
    }
    // The change record of a cell: who changed it last.
    await expect.poll(() => a.locator(`[data-cell="${MARK}"]`).getAttribute('title'), { timeout: 15_000 }).toContain('最后修改：李四');
    for (const page of [a, b]) expect(await page.locator('body').innerText()).not.toContain('本机用户');
    expect(errors).toEqual([]);
    await ctxA.close();
    await ctxB.close();
  });

  it('同步包: importing or exporting asks first; 取消 does nothing, 确定 goes on, and only once', async () => {
    const ctx = await browser.newContext({ locale: 'zh-CN' });
    const page = await ctx.newPage();
    await page.goto(app.url);
    await createReport(page, '同步镇人民政府');
    const dialog = page.getByRole('dialog', { name: '请先留下你的姓名' });
    let chooser = false;
    page.on('filechooser', () => (chooser = true));
    await page.getByRole('button', { name: '导入同步包' }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(chooser).toBe(false); // cancelled: no file picker
    await page.getByRole('button', { name: '导出同步包' }).click();
    await answerName(page, '王五');
    await page.getByRole('dialog', { name: '导出同步包' }).waitFor();
    await page.getByRole('dialog', { name: '导出同步包' }).getByRole('button', { name: '取消' }).click();
    await page.getByRole('button', { name: '导入同步包' }).click();
    await expect.poll(() => chooser).toBe(true);
    expect(await page.locator('dialog[data-name-prompt]').count()).toBe(0);
    await ctx.close();
  });
});
