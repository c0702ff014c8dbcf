// The sharer manages a share from the 共享 dialog, in real Chromium against the built app and
// the real relay + SQLite: sees who joined (name, last seen), makes a new invite code (the old
// link and the colleague's open connection stop working, the new link works) and stops sharing
// (everyone is cut off, the dialog offers to share again). Only the sharer's copy shows these
// controls: a colleague's 共享 dialog has the link but no management.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReport, launch, removeDir, startApp, typeCell, type App, type Browser, type Page } from './helpers.ts';

let app: App;
let browser: Browser;
beforeAll(async () => {
  app = await startApp();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (app) removeDir(app.dataDir);
});

const CELL = 't3.r1_new.np';
/** Anything the Content-Security-Policy blocked while the app ran (it must block nothing the app does). */
const cspViolations: string[] = [];

/** A fresh browser profile (one office PC) with its user's name set, on `origin` (the name lives in that origin's storage). */
async function profile(name: string, origin = app.url): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  await page.goto(origin);
  await page.getByLabel(/我的名字/).fill(name);
  await page.getByLabel(/我的名字/).press('Enter');
  await page.getByLabel(/我的名字/).blur();
  await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).not.toBe('INPUT');
  return page;
}
const inviteLink = async (page: Page) => ((await page.locator('[data-invite-link]').textContent()) ?? '').trim();
const refused = (page: Page) => expect.poll(() => page.getByText('邀请码不正确或已失效').count(), { timeout: 20_000 }).toBeGreaterThan(0);

describe('managing a share in the 共享 dialog', () => {
  let a: Page;
  let b: Page;
  let link: string;

  it('the sharer sees who joined, by name, with when they were last seen', async () => {
    a = await profile('甲');
    await createReport(a, '下冶镇人民政府', 2024);
    await typeCell(a, CELL, '12');
    await a.getByRole('button', { name: '共享' }).click();
    await a.getByRole('button', { name: '生成邀请链接' }).click();
    link = await inviteLink(a);
    expect(link).toContain('code=');
    await a.getByRole('button', { name: '关闭' }).click();

    // The link names the server's LAN address (a colleague's PC cannot use localhost).
    b = await profile('乙', new URL(link).origin);
    await b.goto(link);
    await expect.poll(() => b.locator(`[data-cell="${CELL}"]`).inputValue(), { timeout: 30_000 }).toBe('12');

    await a.getByRole('button', { name: '共享' }).click();
    const admin = a.getByRole('region', { name: '管理共享' });
    await expect.poll(async () => {
      await a.getByRole('button', { name: '关闭' }).click();
      await a.getByRole('button', { name: '共享' }).click();
      return admin.locator('[data-member="乙"]').count();
    }, { timeout: 20_000 }).toBe(1);
    await expect.poll(() => admin.locator('[data-member="乙"]').textContent()).toContain('最近在线：刚刚');
    // The colleague's copy has the link, but not the sharer's controls.
    await b.getByRole('button', { name: '共享' }).click();
    expect(await inviteLink(b)).toBe(link);
    expect(await b.getByRole('region', { name: '管理共享' }).count()).toBe(0);
    await b.getByRole('button', { name: '关闭' }).click();
  });

  it('a new code cuts off the old link and its open connection; the new link works', async () => {
    const admin = a.getByRole('region', { name: '管理共享' });
    await admin.getByRole('button', { name: '生成新邀请码' }).click();
    await admin.getByRole('button', { name: '确认生成新邀请码' }).click();
    await expect.poll(() => inviteLink(a)).not.toBe(link);
    const fresh = await inviteLink(a);
    await a.getByRole('button', { name: '关闭' }).click();

    // B was connected with the old code: the relay closed it and refuses it now.
    await refused(b);
    // The old link, opened anew, gets nothing.
    const c = await profile('丙', new URL(link).origin);
    await c.goto(link);
    await refused(c);
    expect(await c.locator(`[data-cell="${CELL}"]`).count()).toBe(0);
    // The new link joins, and the sharer's own copy is back in sync with the new code.
    const d = await profile('丁', new URL(fresh).origin);
    await d.goto(fresh);
    await expect.poll(() => d.locator(`[data-cell="${CELL}"]`).inputValue(), { timeout: 30_000 }).toBe('12');
    await typeCell(a, CELL, '13');
    await expect.poll(() => d.locator(`[data-cell="${CELL}"]`).inputValue(), { timeout: 15_000 }).toBe('13');
    // The new code is what this copy keeps: after a reload the dialog shows the new link.
    await a.reload();
    await a.getByRole('button', { name: '共享' }).click();
    await expect.poll(() => inviteLink(a), { timeout: 15_000 }).toBe(fresh);
    await a.getByRole('button', { name: '关闭' }).click();
    link = fresh;
    b = d;
  });

  it('stopping sharing cuts everyone off and lets the sharer share again', async () => {
    await a.getByRole('button', { name: '共享' }).click();
    const admin = a.getByRole('region', { name: '管理共享' });
    await admin.getByRole('button', { name: '停止共享' }).click();
    await admin.getByRole('button', { name: '确认停止共享' }).click();
    await a.getByRole('button', { name: '生成邀请链接' }).waitFor();
    expect(await a.locator('[data-invite-link]').count()).toBe(0);
    await a.getByRole('button', { name: '关闭' }).click();
    await refused(b);
    // The sharer keeps everything and works on alone, also after a reload (the share is gone from its copy).
    expect(await b.locator(`[data-cell="${CELL}"]`).inputValue()).toBe('13');
    await a.reload();
    await expect.poll(() => a.locator(`[data-cell="${CELL}"]`).inputValue(), { timeout: 15_000 }).toBe('13');
    await a.getByRole('button', { name: '共享' }).click();
    await a.getByRole('button', { name: '生成邀请链接' }).waitFor();
    await a.getByRole('button', { name: '关闭' }).click();
    // Print preview (a sandboxed srcdoc iframe) under the same policy.
    await a.getByRole('button', { name: '打印' }).click();
    const frame = a.locator('iframe[title="打印预览"]');
    expect(await frame.getAttribute('sandbox')).toBe('allow-same-origin allow-modals');
    await expect.poll(() => frame.contentFrame().locator('body').textContent(), { timeout: 15_000 }).toContain('下冶镇人民政府');
    expect(cspViolations).toEqual([]);
    // And the policy is in force: an injected inline script does not run, and is reported.
    const ran = await a.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.body.append(s); // an allowed inline script runs during append: no wait needed
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
  });
});
