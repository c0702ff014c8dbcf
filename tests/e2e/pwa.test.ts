// The installable app: manifest fields, icons, and a service worker that precaches every chunk
// — including the lazily loaded ones (print/export, import, 同步包, relay) — so all of it works
// offline after one visit. Also checks in Chromium that the manifest is linked and parsed.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { CHROMIUM_ARGS, removeDir, useAppAndBrowser, type App, type Browser } from './helpers.ts';

let app: App;
let browser: Browser;
useAppAndBrowser((a, b) => ((app = a), (browser = b)));

it('has a complete zh-CN manifest with 192/512 and maskable icons', () => {
  const m = JSON.parse(readFileSync('dist/manifest.webmanifest', 'utf8')) as {
    name: string; short_name: string; lang: string; theme_color: string; display: string; start_url: string;
    icons: { src: string; sizes: string; purpose?: string }[];
  };
  expect(m).toMatchObject({ name: '公开年报', lang: 'zh-CN', display: 'standalone' });
  expect(m.short_name.length).toBeGreaterThan(0);
  expect(m.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  for (const size of ['192x192', '512x512']) expect(m.icons.some((i) => i.sizes === size && !i.purpose)).toBe(true);
  expect(m.icons.some((i) => i.purpose === 'maskable')).toBe(true);
  for (const i of m.icons) {
    const png = readFileSync(join('dist', i.src));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    expect(`${w}x${h}`).toBe(i.sizes);
  }
});

it('precaches every built chunk, lazy ones included', () => {
  const sw = readFileSync('dist/sw.js', 'utf8');
  const assets = readdirSync('dist/assets').filter((f) => f.endsWith('.js') || f.endsWith('.css'));
  expect(assets.length).toBeGreaterThan(3);
  for (const a of assets) expect(sw, a).toContain(`assets/${a}`);
  expect(sw).toContain('index.html');
  expect(existsSync('dist/icon-512.png')).toBe(true);
});

it('links the manifest and registers the service worker in the browser', async () => {
  const page = await browser.newPage();
  await page.goto(app.url);
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const cdp = await page.context().newCDPSession(page);
  const manifest = (await cdp.send('Page.getAppManifest' as never)) as { url: string; errors: unknown[]; data?: string };
  expect(manifest.errors).toEqual([]);
  expect(JSON.parse(manifest.data!).name).toBe('公开年报');
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toBe(app.url + '/');
  await page.close();
});

it('is installable (checked in a persistent profile, as Chromium only judges installability there)', async () => {
  const { chromium } = await import('playwright-core');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const profile = mkdtempSync(join(tmpdir(), 'nianbao-pwa-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await context.newPage();
    await page.goto(app.url);
    await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    const cdp = await context.newCDPSession(page);
    const result = (await cdp.send('Page.getInstallabilityErrors' as never)) as { installabilityErrors: { errorId: string }[] };
    expect(result.installabilityErrors.map((e) => e.errorId)).toEqual([]);
  } finally {
    await context.close();
    removeDir(profile);
  }
});
