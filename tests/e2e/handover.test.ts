// Switching the relay to https loses nothing: a colleague used the app at http://office-pc.test
// (plain http, its data in that origin's IndexedDB); the relay restarts with NIANBAO_HTTPS=auto
// on the same port; her first visit to the old address offers the handover, one click moves
// every report (same id, whole Yjs state, share, her name) to https://office-pc.test, and later
// visits go straight there. Repeating it never overwrites newer edits; a message from another
// origin or a malformed one changes nothing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createReportDoc } from '../../src/doc/report-doc.ts';
import { ensureCertificates, localNames } from '../../src/server/cert.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { createReport, removeDir, savedLocally, typeCell, type Page } from './helpers.ts';
import { homeTrusting, launchWithHome, OFFICE_HOST, startHttpsApp, type HttpsApp, type TrustingBrowser } from './https-helpers.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'nianbao-handover-'));
let home: string;
let browser: TrustingBrowser;
let plainServer: RunningServer | undefined;
let app: HttpsApp | undefined;
let port: number;
let httpUrl: string;
let httpsUrl: string;

beforeAll(async () => {
  // The CA exists before the switch (as after `nianbao cert`), so the browser can trust it.
  const set = await ensureCertificates({ dataDir, names: localNames([OFFICE_HOST]) });
  home = homeTrusting(set.caCertPem);
  browser = await launchWithHome(home, [`--host-resolver-rules=MAP ${OFFICE_HOST} 127.0.0.1, MAP evil.test 127.0.0.1`]);
  // office-pc.test stands for the office's DNS name, listed as with NIANBAO_HOSTS (host-allow.ts).
  plainServer = await startServer({ port: 0, dataDir, staticDir: 'dist', host: '127.0.0.1', hosts: [OFFICE_HOST], log: () => {} });
  port = plainServer.port;
  httpUrl = `http://${OFFICE_HOST}:${port}`;
  httpsUrl = `https://${OFFICE_HOST}:${port}`;
});
afterAll(async () => {
  await browser?.close();
  await plainServer?.close();
  await app?.stop();
  removeDir(dataDir);
  if (home) removeDir(home);
});

async function reportIds(page: Page): Promise<string[]> {
  await page.locator('main').first().waitFor();
  await expect.poll(() => page.locator('tr[data-report-id]').count()).toBeGreaterThan(0);
  return page.locator('tr[data-report-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-report-id')!));
}

let reportId: string;
let inviteLink: string;

it('before the switch: the colleague works on plain http by the LAN name', async () => {
  const page = await browser.context.newPage();
  await page.goto(httpUrl + '/');
  expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
  await createReport(page, '旧址镇人民政府', 2024);
  reportId = /#\/report\/([^/?]+)/.exec(page.url())![1]!;
  await typeCell(page, 't3.r1_new.np', '5');
  await page.locator('[data-section="s6"]').fill('切换前写下的内容。');
  await savedLocally(page);
  await page.getByRole('button', { name: '共享' }).click();
  await page.getByRole('button', { name: '生成邀请链接' }).click();
  inviteLink = (await page.locator('[data-invite-link]').textContent())!.trim();
  expect(inviteLink).toContain(reportId);
  await page.getByRole('button', { name: '关闭' }).click();
  await page.goto(httpUrl + '/#/');
  await page.getByLabel(/我的名字/).fill('王小丽');
  await page.getByLabel(/我的名字/).press('Tab');
  await expect.poll(() => page.evaluate(() => new Promise((done) => {
    const req = indexedDB.open('nianbao-library');
    req.onsuccess = () => {
      const get = req.result.transaction('profile').objectStore('profile').get('me');
      get.onsuccess = () => (done((get.result as { name?: string } | undefined)?.name), req.result.close());
    };
  }))).toBe('王小丽');
  await page.close();

  await plainServer!.close();
  plainServer = undefined;
  app = await startHttpsApp(port, dataDir);
});

it('a clerk who goes straight to the new address is told where her reports are, and the link leads to the handover', async () => {
  const page = await browser.context.newPage();
  await page.goto(httpsUrl + '/');
  const hint = page.locator('[data-old-address]');
  await hint.waitFor();
  expect(await hint.textContent()).toContain(httpUrl);
  expect(await hint.getByRole('link').getAttribute('href')).toBe(httpUrl + '/');
  await hint.getByRole('link').click();
  await page.getByRole('button', { name: '转移到新地址' }).waitFor();
  expect(page.url()).toBe(httpUrl + '/');
  await page.close();
});

it('the first visit to the old address hands everything over in one click', async () => {
  const page = await browser.context.newPage();
  await page.goto(httpUrl + '/');
  await page.getByRole('button', { name: '转移到新地址' }).waitFor();
  // The click is needed, and the page says so before anything else; closing it loses nothing.
  expect(await page.locator('[data-handover-step]').textContent()).toMatch(/还差一步.*转移到新地址/);
  expect(await page.locator('main').textContent()).toContain('现在关闭本页也不会丢失任何内容');
  expect(await page.locator('[data-handover-list] li').allTextContents()).toEqual(['旧址镇人民政府（2024年度）']);
  const [popup] = await Promise.all([browser.context.waitForEvent('page'), page.getByRole('button', { name: '转移到新地址' }).click()]);
  expect(popup.url()).toBe(httpsUrl + '/handover.html');
  await page.waitForURL(httpsUrl + '/');
  expect(await reportIds(page)).toEqual([reportId]);
  expect(await page.getByLabel(/我的名字/).inputValue()).toBe('王小丽');
  expect(await page.locator('[data-old-address]').count()).toBe(0);

  await page.goto(`${httpsUrl}/#/report/${reportId}`);
  await page.locator('[data-cell="t3.r1_new.np"]').waitFor();
  expect(await page.locator('[data-cell="t3.r1_new.np"]').inputValue()).toBe('5');
  expect(await page.locator('[data-section="s6"]').inputValue()).toBe('切换前写下的内容。');
  // The share came along: the same invite code, its relay now reached over wss on the same port.
  await page.getByRole('button', { name: '共享' }).click();
  const link = (await page.locator('[data-invite-link]').textContent())!.trim();
  expect(link).toContain(inviteLink.match(/code=[^&]+/)![0]);
  expect(decodeURIComponent(link)).toContain(`relay=wss://${OFFICE_HOST}:${port}/relay`);
  // An https link comes with the step a colleague needs first: the relay's trust page, on plain http, same port.
  expect(await page.locator('[data-trust-first] a').getAttribute('href')).toBe(`${httpUrl}/trust`);
  await page.getByRole('button', { name: '关闭' }).click();
  // Newer data on https, then the handover again (the old origin forgot it had handed over):
  await typeCell(page, 't3.r1_new.np', '9');
  await savedLocally(page);
  await page.close();
});

it('later visits go straight to https; a repeated handover never overwrites newer edits', async () => {
  const page = await browser.context.newPage();
  await page.goto(httpUrl + '/#/report/' + reportId);
  await page.waitForURL(`${httpsUrl}/#/report/${reportId}`);
  await page.locator('[data-cell="t3.r1_new.np"]').waitFor();
  expect(await page.locator('[data-cell="t3.r1_new.np"]').inputValue()).toBe('9');

  await page.goto(httpUrl + '/trust');
  await page.evaluate(() => localStorage.clear());
  await page.goto(httpUrl + '/');
  const [popup] = await Promise.all([browser.context.waitForEvent('page'), page.getByRole('button', { name: '转移到新地址' }).click()]);
  await page.waitForURL(httpsUrl + '/');
  void popup;
  expect(await reportIds(page)).toEqual([reportId]);
  await page.goto(`${httpsUrl}/#/report/${reportId}`);
  await page.locator('[data-cell="t3.r1_new.np"]').waitFor();
  expect(await page.locator('[data-cell="t3.r1_new.np"]').inputValue()).toBe('9');
  await page.close();
});

it('ignores another origin and refuses a malformed handover without changing anything', async () => {
  const evil = await browser.context.newPage();
  await evil.goto(`http://evil.test:${port}/trust`);
  const [victim] = await Promise.all([
    browser.context.waitForEvent('page'),
    evil.evaluate((u) => void window.open(u + '/handover.html', 'x'), httpsUrl),
  ]);
  await victim.getByText('正在等待原地址发送报告').waitFor();
  await evil.evaluate((u) => {
    const w = window.open('', 'x')!;
    w.postMessage({ kind: 'nianbao-handover', version: 1, reports: [{ id: 'planted', updates: [new Uint8Array([0])], row: null }], profile: { authorId: 'evil', name: '冒充者' }, peers: [] }, u);
  }, httpsUrl);
  await expect.poll(() => victim.locator('main').getAttribute('data-ignored-messages')).toBe('1');
  await victim.close();
  await evil.close();

  // From the right origin, but garbage: a Chinese refusal, nothing stored.
  const page = await browser.context.newPage();
  await page.goto(httpUrl + '/trust');
  const reply = await page.evaluate((u) => new Promise<{ kind: string; error?: string }>((done) => {
    const w = window.open(u + '/handover.html', 'bad')!;
    window.addEventListener('message', (e) => {
      if (e.origin !== u) return;
      if (e.data.kind === 'nianbao-handover-ready') {
        w.postMessage({ kind: 'nianbao-handover', version: 1, reports: [{ id: 'ok-id', updates: [new Uint8Array([1, 2, 3, 4, 5])], row: null }, { id: '../../x', updates: [] }], profile: null, peers: [] }, u);
      } else done(e.data);
    });
  }), httpsUrl);
  expect(reply.kind).toBe('nianbao-handover-failed');
  expect(reply.error).toMatch(/收到的报告数据无效.*没有做任何修改/);
  await page.goto(httpsUrl + '/');
  expect(await reportIds(page)).toEqual([reportId]);
  expect(await page.getByLabel(/我的名字/).inputValue()).toBe('王小丽');
  await page.close();
});

it('on a PC that does not trust the CA yet, says so and points to /trust instead of waiting forever', async () => {
  const bare = homeTrusting(null);
  const other = await launchWithHome(bare);
  try {
    const page = await other.context.newPage();
    // This PC's reports under the old origin (written as y-indexeddb stores them).
    await page.goto(httpUrl + '/trust');
    const update = Array.from(Y.encodeStateAsUpdate(createReportDoc({ name: '未装证书镇人民政府', type: 'township', year: 2024 }, { id: 'a', name: '甲' })));
    await page.evaluate((bytes) => new Promise<void>((done, fail) => {
      const req = indexedDB.open('nianbao-doc-untrusted', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('updates', { autoIncrement: true });
      req.onsuccess = () => {
        const tx = req.result.transaction('updates', 'readwrite');
        tx.objectStore('updates').add(new Uint8Array(bytes));
        tx.oncomplete = () => (req.result.close(), done());
        tx.onerror = () => fail(tx.error);
      };
    }), update);
    await page.goto(httpUrl + '/');
    await page.getByRole('button', { name: '转移到新地址' }).click();
    await page.getByText('说明本机还没有安装本单位的根证书').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('link', { name: '安装根证书' }).getAttribute('href')).toBe('/trust');
    expect(await page.getByRole('button', { name: '转移到新地址' }).isEnabled()).toBe(true);
  } finally {
    await other.close();
    removeDir(bare);
  }
});
