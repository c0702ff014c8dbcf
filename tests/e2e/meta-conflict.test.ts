// Two profiles (two office PCs) over the real relay change the report's title while the relay is
// down. Before the meta registers one title silently vanished on reconnect (a Y.Map keeps one
// value); now both sides show the conflict with both names, in the field and as a finding, and
// choosing one on one side settles it on both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReport, launch, removeDir, startApp, type App, type Browser, type Page } from './helpers.ts';

let app: App;
let browser: Browser;

beforeAll(async () => {
  app = await startApp();
  browser = await launch({ answerNamePrompt: false });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (app) removeDir(app.dataDir);
});

async function profile(name: string, origin: string): Promise<Page> {
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const page = await ctx.newPage();
  await page.goto(origin);
  const me = page.getByLabel('我的名字（同事会在修改记录中看到）');
  await me.fill(name);
  await me.press('Enter');
  await page.locator('[data-name-saved]').waitFor();
  return page;
}

const synced = (p: Page) => expect.poll(() => p.locator('[data-sync-state]').getAttribute('data-sync-state'), { timeout: 30_000 }).toBe('synced');

async function setTitle(p: Page, title: string): Promise<void> {
  const t = p.locator('#report-title');
  await t.fill(title);
  await t.press('Enter');
}

describe('meta fields edited while apart (issue 16 item 3)', () => {
  it('both titles kept with both names on both sides; choosing one settles both', async () => {
    const errors: string[] = [];
    const a = await profile('张三', app.url);
    a.on('pageerror', (e) => errors.push(e.message));
    await createReport(a, '标题镇人民政府');
    await a.getByRole('button', { name: '共享' }).click();
    await a.getByRole('button', { name: '生成邀请链接' }).click();
    const link = (await a.locator('[data-invite-link]').textContent())!.trim();
    await a.getByRole('button', { name: '关闭' }).click();
    const b = await profile('李四', new URL(link).origin);
    b.on('pageerror', (e) => errors.push(e.message));
    await b.goto(link);
    await b.locator('#report-title').waitFor({ timeout: 30_000 });
    await Promise.all([synced(a), synced(b)]);

    const port = app.server.port;
    const dataDir = app.dataDir;
    await app.stop();
    for (const p of [a, b]) await expect.poll(() => p.locator('[data-sync-state]').getAttribute('data-sync-state'), { timeout: 15_000 }).toMatch(/offline|pending/);
    await setTitle(a, '张三改的标题');
    await setTitle(b, '李四改的标题');
    app = await startApp(port, dataDir);

    for (const p of [a, b]) {
      const group = p.locator('[data-meta-conflict="title"]');
      await expect.poll(() => group.getByRole('button').allTextContents(), { timeout: 30_000 }).toHaveLength(2);
      const labels = (await group.getByRole('button').allTextContents()).map((s) => s.trim());
      expect(labels.sort()).toEqual(['采用“张三改的标题”（张三）', '采用“李四改的标题”（李四）']);
      // As a finding too, so that 打印/送审 know.
      await expect.poll(() => p.locator('[data-rule="R-CONFLICT"]').count()).toBeGreaterThan(0);
    }
    // Both sides show the same one current value meanwhile.
    expect(await a.locator('#report-title').inputValue()).toBe(await b.locator('#report-title').inputValue());

    await b.locator('[data-meta-conflict="title"]').getByRole('button', { name: '采用“张三改的标题”（张三）' }).click();
    for (const p of [a, b]) {
      await expect.poll(() => p.locator('[data-meta-conflict="title"]').count(), { timeout: 30_000 }).toBe(0);
      await expect.poll(() => p.locator('#report-title').inputValue()).toBe('张三改的标题');
      await expect.poll(() => p.locator('[data-rule="R-CONFLICT"]').count()).toBe(0);
    }
    expect(errors).toEqual([]);
  });
});
