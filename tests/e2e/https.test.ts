// The whole HTTPS path as an office would take it: the relay makes its CA (NIANBAO_HTTPS=auto),
// a colleague's Chromium trusts it through its NSS database, opens the app by the relay's LAN
// name, and gets what plain http cannot give: a secure context, a service worker, an
// installable app that opens with the relay switched off. A browser without the CA in its NSS
// database is refused, which shows the trust above is the real thing.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createReport, removeDir, savedLocally, typeCell } from './helpers.ts';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { forgeWithCaKey, homeTrusting, launchWithHome, startHttpsApp, type HttpsApp, type TrustingBrowser } from './https-helpers.ts';

let app: HttpsApp;
let home: string;
let browser: TrustingBrowser;

beforeAll(async () => {
  app = await startHttpsApp();
  home = homeTrusting(app.caPem);
  browser = await launchWithHome(home);
});
afterAll(async () => {
  await browser?.close();
  await app?.stop().catch(() => {});
  if (app) removeDir(app.dataDir);
  if (home) removeDir(home);
});

it('a browser without the CA is stopped at the certificate', async () => {
  const bare = homeTrusting(null);
  const other = await launchWithHome(bare);
  try {
    const page = await other.context.newPage();
    await expect(page.goto(app.url)).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID/);
  } finally {
    await other.close();
    removeDir(bare);
  }
});

it('holds the CA to its name constraints: its key cannot vouch for a public site', async () => {
  // The same forgery for a name inside the constraints loads: the chain itself is sound, so the
  // refusal below is the constraint at work (Chromium's verifier reports it as ERR_CERT_INVALID).
  const servers: import('node:https').Server[] = [];
  const serve = async (name: string) => {
    const fake = createServer(await forgeWithCaKey(app.dataDir, name), (_q, r) => r.end('forged'));
    servers.push(fake);
    await new Promise<void>((done) => fake.listen(0, '127.0.0.1', done));
    return (fake.address() as AddressInfo).port;
  };
  const inside = await serve('printer.office.test');
  const outside = await serve('www.bank.example.com');
  const other = await launchWithHome(home, ['--host-resolver-rules=MAP www.bank.example.com 127.0.0.1, MAP printer.office.test 127.0.0.1']);
  try {
    const page = await other.context.newPage();
    expect((await page.goto(`https://printer.office.test:${inside}/`))?.ok()).toBe(true);
    await expect(page.goto(`https://www.bank.example.com:${outside}/`)).rejects.toThrow(/ERR_CERT_INVALID|ERR_CERT_NAME_CONSTRAINT_VIOLATION/);
  } finally {
    await other.close();
    servers.forEach((s) => s.close());
  }
});

it('offers the CA on /trust over plain http, byte for byte, with its fingerprint', async () => {
  const page = await browser.context.newPage();
  await page.goto(app.httpUrl + '/trust');
  await expect.poll(() => page.title()).toContain('安装根证书');
  expect(await page.locator('[data-fingerprint]').textContent()).toBe(app.fingerprint);
  const link = page.locator('a[download][href$=".crt"]');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(readFileSync((await download.path())!, 'utf8')).toBe(app.caPem);
  await page.close();
});

it('opens by the LAN name over trusted https: secure context, service worker, installable, offline reload', async () => {
  const page = await browser.context.newPage();
  const response = await page.goto(app.url + '/');
  expect(response?.ok()).toBe(true);
  expect(await page.evaluate(() => window.isSecureContext && typeof crypto.subtle?.digest === 'function')).toBe(true);
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toBe(app.url + '/');
  const cdp = await browser.context.newCDPSession(page);
  const installability = (await cdp.send('Page.getInstallabilityErrors' as never)) as { installabilityErrors: { errorId: string }[] };
  expect(installability.installabilityErrors.map((e) => e.errorId)).toEqual([]);
  // The certificate Chromium accepted is the one our CA signed for this name.
  const details = await response!.securityDetails();
  expect(details?.issuer).toContain('公开年报 本地证书颁发机构');

  await page.reload();
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  // The service worker leaves the relay's own trust page alone (it is not an app route).
  await page.goto(app.url + '/trust');
  expect(await page.title()).toContain('安装根证书');
  await page.goto(app.url + '/');
  await createReport(page, '安全镇人民政府');
  await typeCell(page, 't3.r1_new.np', '6');
  await savedLocally(page);
  const reportUrl = page.url();

  await app.stop();
  const reachable = await page.evaluate((u) => fetch(u + '/api/nothing', { cache: 'no-store' }).then(() => true, () => false), app.url);
  expect(reachable).toBe(false);
  await page.goto(reportUrl);
  await page.locator('[data-cell="t3.r1_new.np"]').waitFor();
  expect(await page.locator('[data-cell="t3.r1_new.np"]').inputValue()).toBe('6');
  await page.close();
});
