// The pages loaded on demand (issue 11: the report list's first load carries no editor, Yjs or
// sharing code) in real Chromium against the built app: a page's program file that cannot load
// is said in Chinese, not left as a blank page; and the list itself works without those files.
import { describe, expect, it } from 'vitest';
import { useAppAndBrowser, type App, type Browser } from './helpers.ts';

let app: App;
let browser: Browser;
useAppAndBrowser((a, b) => ((app = a), (browser = b)));

describe('lazily loaded pages', () => {
  it('the report list draws without the editor and Yjs; an editor file that cannot load is named in Chinese', async () => {
    // No service worker: it would answer from its cache, and this test is about the network failing.
    const ctx = await browser.newContext({ serviceWorkers: 'block' });
    const page = await ctx.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await ctx.route(/\/assets\/EditorPage-[^/]+\.js$/, (route) => route.abort('internetdisconnected'));
    await page.goto(app.url);
    await page.getByRole('button', { name: /新建报告/ }).first().waitFor();
    // The list's first load: neither the editor nor the doc-opening library actions.
    expect(requested.filter((p) => /\/assets\/(EditorPage|library-docs)-/.test(p))).toEqual([]);

    await page.goto(`${app.url}#/report/no-such-report`);
    const alert = page.getByRole('alert').filter({ hasText: '程序文件没能加载' });
    await alert.waitFor({ timeout: 15_000 });
    expect(await alert.innerText()).toContain('请联网后刷新页面再试');
    await ctx.close();
  });
});
