// A colleague's PC: Chromium opening the real server by a LAN host name on plain http
// (http://office-pc.test:PORT, mapped to 127.0.0.1 by --host-resolver-rules) — an insecure
// context, with no crypto.subtle and no service worker. Everything but offline use must work:
// create, edit, share, join, live edits, 导出同步包 / 导入同步包 with and without a passphrase,
// and the one-line notice. And the host who opened http://localhost makes invite links that
// name the LAN host, never localhost; a join that cannot reach its relay says so within seconds
// and leaves nothing behind.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/server.ts';
import { parseInviteLink } from '../../src/sync/invite.ts';
import { createReport, LAN_NAME, removeDir, typeCell, useAppAndBrowser, type App, type Browser, type Page } from './helpers.ts';

let app: App;
let browser: Browser;
useAppAndBrowser((a, b) => {
  app = a;
  browser = b;
});

const CELL = 't3.r1_new.np';
const CELL2 = 't3.r1_new.biz';
const pages: Page[] = [];

afterAll(async () => {
  for (const p of pages) await p.context().close();
});

async function profile(): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'zh-CN', acceptDownloads: true })).newPage();
  pages.push(page);
  return page;
}

async function waitCell(page: Page, key: string, value: string) {
  await expect.poll(() => page.locator(`[data-cell="${key}"]`).inputValue(), { timeout: 20_000 }).toBe(value);
}

async function inviteLink(page: Page): Promise<string> {
  await page.getByRole('button', { name: '共享' }).click();
  await page.getByRole('button', { name: '生成邀请链接' }).click();
  const link = (await page.locator('[data-invite-link]').textContent())!.trim();
  await expect.poll(() => page.locator('img[alt="邀请链接二维码"]').count()).toBe(1);
  await page.getByRole('button', { name: '关闭' }).click();
  return link;
}

async function exportPackage(page: Page, passphrase = ''): Promise<Buffer> {
  await page.getByRole('button', { name: '导出同步包' }).click();
  await page.locator('dialog[open] select').selectOption('');
  await page.locator('dialog[open] input[type="password"]').fill(passphrase);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByRole('button', { name: '生成并下载' }).click()]);
  return readFileSync((await download.path())!);
}

async function chooseFile(page: Page, bytes: Buffer) {
  await page.locator('input[type="file"][accept^=".gknb"]').setInputFiles({ name: '同步包.gknb', mimeType: 'application/octet-stream', buffer: bytes });
}

async function givePassphrase(page: Page, passphrase: string) {
  await page.locator('dialog[open] input[type="password"]').fill(passphrase);
  await page.locator('dialog[open] button[type="submit"]').click();
}

describe('plain http by a LAN host name (insecure context)', () => {
  let a: Page;
  let b: Page;
  let link: string;

  it('opens as an insecure context with no crypto.subtle and says, in one line, what this PC lacks', async () => {
    a = await profile();
    await a.goto(app.lanUrl);
    expect(await a.evaluate(() => [window.isSecureContext, typeof crypto.subtle, 'serviceWorker' in navigator])).toEqual([false, 'undefined', false]);
    const notice = a.locator('[data-insecure-notice]');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/不能离线使用.*不能安装为应用/);
    expect(await notice.getByRole('link', { name: '启用 HTTPS' }).getAttribute('href')).toBe('/trust');
    // On localhost (a secure context) there is nothing to say.
    const host = await profile();
    await host.goto(app.url);
    await host.getByRole('button', { name: '新建报告' }).waitFor();
    expect(await host.locator('[data-insecure-notice]').count()).toBe(0);
  });

  it('creates, edits and shares; the link names the LAN host as page and relay; a colleague joins; live edits both ways', async () => {
    await createReport(a, '局域网镇人民政府', 2024);
    await typeCell(a, CELL, '12');
    await a.locator('[data-section="s5"]').fill('在普通 http 下写的问题。');
    link = await inviteLink(a);
    expect(link.startsWith(`${app.lanUrl}/#/join?`)).toBe(true);
    const parsed = parseInviteLink(link);
    expect(parsed.ok && new URL(parsed.invite.relay).host).toBe(`${LAN_NAME}:${app.server.port}`);

    b = await profile();
    await b.goto(link);
    await waitCell(b, CELL, '12');
    await expect.poll(() => b.locator('[data-section="s5"]').inputValue()).toBe('在普通 http 下写的问题。');
    await typeCell(b, CELL2, '7');
    await waitCell(a, CELL2, '7');
    await typeCell(a, CELL, '15');
    await waitCell(b, CELL, '15');
  });

  it('导出同步包 and 导入同步包 work with and without a passphrase, and are byte-compatible with a secure origin', async () => {
    await a.locator(`[data-cell="${CELL2}"]`).click();
    const plain = await exportPackage(a);
    const locked = await exportPackage(a, '口令2024');
    expect(plain.subarray(0, 8).toString()).toBe('GKNBSYNC');
    expect(locked[9]).toBe(1); // the encrypted flag

    // A third office, also on plain http, never had the report: the encrypted file brings it.
    const c = await profile();
    await c.goto(app.lanUrl);
    await c.getByRole('button', { name: '新建报告' }).waitFor();
    await chooseFile(c, locked);
    await givePassphrase(c, '错误口令');
    await c.getByText(/口令不对/).first().waitFor({ timeout: 30_000 });
    await givePassphrase(c, '口令2024');
    await waitCell(c, CELL, '15');
    await waitCell(c, CELL2, '7');

    // The unencrypted file, after a further edit, merges into C's copy.
    await typeCell(a, 't3.r2_carryIn.np', '4');
    await a.locator(`[data-cell="${CELL2}"]`).click();
    await chooseFile(c, await exportPackage(a));
    await waitCell(c, 't3.r2_carryIn.np', '4');
    await c.getByText(/已导入同步包/).first().waitFor();

    // Made here with pure JS, opened where WebCrypto does the work (localhost), and back.
    await typeCell(c, 't3.r2_carryIn.biz', '2');
    await c.locator(`[data-cell="${CELL2}"]`).click();
    const fromC = await exportPackage(c, 'C的口令');
    const d = await profile();
    await d.goto(app.url);
    expect(await d.evaluate(() => typeof crypto.subtle)).toBe('object');
    await d.getByRole('button', { name: '新建报告' }).waitFor();
    await chooseFile(d, fromC);
    await givePassphrase(d, 'C的口令');
    await waitCell(d, 't3.r2_carryIn.biz', '2');
    await typeCell(d, 't3.r2_carryIn.np', '9');
    await d.locator(`[data-cell="${CELL2}"]`).click();
    await chooseFile(c, await exportPackage(d, 'D的口令'));
    await givePassphrase(c, 'D的口令');
    await waitCell(c, 't3.r2_carryIn.np', '9');

    for (const p of [a, b, c, d]) expect(await p.locator('[data-failure]').count()).toBe(0);
  });
});

describe('the host opened http://localhost', () => {
  it('its invite link names the LAN host (page and relay) and works from a colleague reaching office-pc.test', async () => {
    const host = await profile();
    await host.goto(app.url);
    await createReport(host, '本机镇人民政府', 2024);
    await typeCell(host, CELL, '3');
    const link = await inviteLink(host);
    expect(link).not.toMatch(/localhost|127\.0\.0\.1/);
    expect(link.startsWith(`http://${LAN_NAME}:${app.server.port}/#/join?`)).toBe(true);
    const parsed = parseInviteLink(link);
    expect(parsed.ok && parsed.invite.relay).toBe(`ws://${LAN_NAME}:${app.server.port}/relay`);

    const colleague = await profile();
    await colleague.goto(link);
    await waitCell(colleague, CELL, '3');
    await typeCell(colleague, CELL2, '5');
    await waitCell(host, CELL2, '5');
    await typeCell(host, CELL, '8');
    await waitCell(colleague, CELL, '8');
  });
});

describe('a join that cannot reach its relay', () => {
  it('says within seconds which address it tried and what to check, offers the way back, and leaves nothing', async () => {
    // A relay address that accepts the TCP connection and then never answers (a PC that hangs,
    // a filtering firewall): the hardest case, where only the probe's own timer can end the wait.
    const held: Socket[] = [];
    const silent = createServer((s) => void held.push(s));
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    const port = (silent.address() as { port: number }).port;
    try {
      const reportId = '0123456789abcdef0123456789abcdef';
      const relay = `ws://${LAN_NAME}:${port}/relay`;
      const link = `${app.lanUrl}/#/join?${new URLSearchParams({ relay, report: reportId, code: 'abcdefghijklmnopqrstuvwxyz0' })}`;
      const p = await profile();
      await p.goto(link);
      await p.getByRole('status').filter({ hasText: `${LAN_NAME}:${port}` }).waitFor();
      const error = p.locator('[data-join-error]');
      await error.waitFor({ timeout: 20_000 });
      expect(await error.textContent()).toContain(`${LAN_NAME}:${port}`);
      const text = await p.locator('main').textContent();
      expect(text).toMatch(/同一个网络/);
      expect(text).toMatch(/服务器窗口/);
      expect(text).toContain(`端口 ${port}`);
      await p.getByRole('link', { name: '返回报告列表' }).click();
      await p.getByRole('button', { name: '新建报告' }).waitFor();
      expect(await p.locator('tr[data-report-id]').count()).toBe(0);
      const dbs = await p.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
      expect(dbs).not.toContain(`nianbao-doc-${reportId}`);
    } finally {
      for (const s of held) s.destroy();
      await new Promise<void>((done) => silent.close(() => done()));
    }
  });
});

describe('the share dialog on a host with several LAN addresses, or none', () => {
  it('lets the sharer pick the address, and warns instead of giving a localhost link when there is none', async () => {
    // The server reads its address list at each request: the test changes it between dialogs.
    const addresses = [LAN_NAME, 'office-pc-wifi.test'];
    const dataDir = mkdtempSync(join(tmpdir(), 'nianbao-e2e-addr-'));
    const server = await startServer({ port: 0, dataDir, staticDir: 'dist', host: '127.0.0.1', log: () => {}, lanAddresses: addresses });
    try {
      const host = await profile();
      await host.goto(`http://localhost:${server.port}`);
      await createReport(host, '多网卡镇人民政府', 2024);
      await host.getByRole('button', { name: '共享' }).click();
      await host.getByRole('button', { name: '生成邀请链接' }).click();
      const picker = host.getByLabel('同事用哪个地址访问本机');
      await picker.waitFor();
      expect(await picker.locator('option').allTextContents()).toEqual([LAN_NAME, 'office-pc-wifi.test']);
      const shown = host.locator('[data-invite-link]');
      await expect.poll(() => shown.textContent()).toContain(`http://${LAN_NAME}:${server.port}/#/join?relay=ws%3A%2F%2F${LAN_NAME}%3A${server.port}`);
      await picker.selectOption('office-pc-wifi.test');
      await expect.poll(() => shown.textContent()).toContain(`http://office-pc-wifi.test:${server.port}/#/join?relay=ws%3A%2F%2Foffice-pc-wifi.test%3A${server.port}`);
      await host.getByRole('button', { name: '关闭' }).click();

      // The PC has left the network: no address a colleague could use, so no link at all.
      addresses.length = 0;
      await host.reload();
      await host.getByRole('button', { name: '共享' }).click();
      const warning = host.locator('[data-no-lan-address]');
      await warning.waitFor();
      expect(await warning.textContent()).toMatch(/没有找到同事能访问的地址.*localhost/s);
      expect(await host.locator('[data-invite-link]').count()).toBe(0);
    } finally {
      await server.close();
      removeDir(dataDir);
    }
  });
});

describe('no click fails silently', () => {
  it('an action whose code cannot load shows 操作失败：… in Chinese instead of doing nothing', async () => {
    const p = await profile();
    await p.goto(app.lanUrl);
    await createReport(p, '失败镇人民政府', 2024);
    // The 同步包 code is loaded on the first export; make that load fail, as it does when the
    // server went away or was updated under an open page.
    await p.route(/\/assets\/exchange-[^/]*\.js$/, (route) => route.abort());
    await p.getByRole('button', { name: '导出同步包' }).click();
    await p.getByRole('button', { name: '生成并下载' }).click();
    const failure = p.locator('[data-failure]');
    await failure.waitFor();
    expect(await failure.getAttribute('role')).toBe('alertdialog');
    expect(await failure.textContent()).toMatch(/^操作失败：需要的程序文件没能加载/);
    await failure.getByRole('button', { name: '知道了' }).click();
    await expect.poll(() => failure.count()).toBe(0);
  });
});
