// The relay PC's own clerk used the app as http://localhost (a secure context, so it has a
// service worker serving the http app from its cache). After the switch to https her first
// visit would keep showing that cached http app; the http front answers the worker's update
// check with a worker that removes itself and reloads the page, which then gets the handover.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureCertificates, localNames } from '../../src/server/cert.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { createReport, removeDir, savedLocally, typeCell } from './helpers.ts';
import { homeTrusting, launchWithHome, OFFICE_HOST, startHttpsApp, type HttpsApp, type TrustingBrowser } from './https-helpers.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'nianbao-handover-sw-'));
let home: string;
let browser: TrustingBrowser;
let plainServer: RunningServer | undefined;
let app: HttpsApp | undefined;

beforeAll(async () => {
  const set = await ensureCertificates({ dataDir, names: localNames([OFFICE_HOST]) });
  home = homeTrusting(set.caCertPem);
  browser = await launchWithHome(home);
  // office-pc.test stands for the office's DNS name, listed as with NIANBAO_HOSTS (host-allow.ts).
  plainServer = await startServer({ port: 0, dataDir, staticDir: 'dist', host: '127.0.0.1', hosts: [OFFICE_HOST], log: () => {} });
});
afterAll(async () => {
  await browser?.close();
  await plainServer?.close();
  await app?.stop();
  removeDir(dataDir);
  if (home) removeDir(home);
});

it('an old http://localhost service worker steps aside and the reports reach https://localhost', async () => {
  const port = plainServer!.port;
  const page = await browser.context.newPage();
  await page.goto(`http://localhost:${port}/`);
  await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  await page.reload();
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await createReport(page, '本机镇人民政府', 2024);
  const id = /#\/report\/([^/?]+)/.exec(page.url())![1]!;
  await typeCell(page, 't3.r1_new.np', '3');
  await savedLocally(page);
  await page.close();

  await plainServer!.close();
  plainServer = undefined;
  app = await startHttpsApp(port, dataDir);

  const again = await browser.context.newPage();
  await again.goto(`http://localhost:${port}/`);
  // First the cached http app, then (after the worker's update check) the handover page.
  await again.getByRole('button', { name: '转移到新地址' }).waitFor({ timeout: 60_000 });
  await Promise.all([browser.context.waitForEvent('page'), again.getByRole('button', { name: '转移到新地址' }).click()]);
  await again.waitForURL(`https://localhost:${port}/`);
  await expect.poll(() => again.locator(`tr[data-report-id="${id}"]`).count()).toBe(1);
  await again.goto(`https://localhost:${port}/#/report/${id}`);
  await again.locator('[data-cell="t3.r1_new.np"]').waitFor();
  expect(await again.locator('[data-cell="t3.r1_new.np"]').inputValue()).toBe('3');
});
