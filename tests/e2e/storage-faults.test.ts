// Storage faults in real Chromium against the built app: the quota shrunk through the DevTools
// protocol, the database deleted (site data cleared) or taken over by another tab's upgrade,
// and the browser killed right after 已保存. Each shows a Chinese message and offers 导出 JSON,
// whose file holds everything on screen; nothing shown as 已保存 is lost.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, createReport, removeDir, savedLocally, typeCell, useAppAndBrowser, type App, type Browser, type Page } from './helpers.ts';

let app: App;
let browser: Browser;
useAppAndBrowser((a, b) => {
  app = a;
  browser = b;
});

const CELL = 't3.r1_new.np';

async function newEditor(): Promise<{ page: Page; reportId: string }> {
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await page.goto(app.url);
  await createReport(page, '下冶镇人民政府', 2024);
  await typeCell(page, CELL, '12');
  await savedLocally(page);
  return { page, reportId: /#\/report\/(.+)$/.exec(page.url())![1]! };
}

/** The banner's 导出 JSON: the downloaded file holds the report as it is on screen. */
async function exportFromBanner(page: Page): Promise<{ cells: Record<string, number | null>; sections: Record<string, string> }> {
  const banner = page.locator('[data-save-failed]');
  const [download] = await Promise.all([page.waitForEvent('download'), banner.getByRole('button', { name: '导出 JSON' }).click()]);
  return JSON.parse(readFileSync((await download.path())!, 'utf8'));
}

const CHINESE_ONLY = /^[^A-Za-z]*(?:JSON[^A-Za-z]*)*$/;

describe('storage faults', () => {
  it('quota exceeded: a clear message, 导出 JSON keeps the unsaved text, the saved cell survives', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'nianbao-quota-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, acceptDownloads: true });
    // Fallback fault (see below): once armed, IndexedDB writes fail as a full disk makes them fail.
    await context.addInitScript(() => {
      const add = IDBObjectStore.prototype.add;
      IDBObjectStore.prototype.add = function (this: IDBObjectStore, ...args: Parameters<typeof add>) {
        if ((window as unknown as { __quotaFull?: boolean }).__quotaFull) throw new DOMException('quota', 'QuotaExceededError');
        return add.apply(this, args);
      };
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(app.url);
      await createReport(page, '下冶镇人民政府', 2024);
      const reportId = /#\/report\/(.+)$/.exec(page.url())![1]!;
      await typeCell(page, CELL, '12');
      await savedLocally(page);
      const cdp = await context.newCDPSession(page);
      const { usage } = (await cdp.send('Storage.getUsageAndQuota', { origin: app.url })) as { usage: number };
      await cdp.send('Storage.overrideQuotaForOrigin', { origin: app.url, quotaSize: usage + 1024 });
      const { overrideActive } = (await cdp.send('Storage.getUsageAndQuota', { origin: app.url })) as { overrideActive: boolean };
      expect(overrideActive).toBe(true);
      // Does this Chromium's IndexedDB enforce the overridden quota? (Chromium 156 accepts the
      // override but its IndexedDB still commits past it; then the fault is armed instead.)
      const probe = await page.evaluate(
        () =>
          new Promise<string>((resolve) => {
            const open = indexedDB.open('quota-probe');
            open.onupgradeneeded = () => open.result.createObjectStore('s');
            open.onsuccess = () => {
              const tx = open.result.transaction('s', 'readwrite');
              tx.objectStore('s').put(new Uint8Array(4_000_000), 1);
              tx.oncomplete = () => resolve('committed');
              tx.onabort = () => resolve(tx.error?.name ?? 'aborted');
            };
          }),
      );
      console.log(`quota override enforced by IndexedDB: ${probe !== 'committed'} (${probe})`);
      if (probe === 'committed') await page.evaluate(() => ((window as unknown as { __quotaFull?: boolean }).__quotaFull = true));
      const long = '本年度我镇认真贯彻落实政府信息公开条例。'.repeat(20_000);
      await page.locator('[data-section="s5"]').fill(long);
      const banner = page.locator('[data-save-failed]');
      await banner.waitFor({ timeout: 30_000 });
      const text = (await banner.textContent())!;
      expect(text).toContain('存储空间已满');
      expect(text.replace('导出 JSON', '')).toMatch(CHINESE_ONLY);
      expect(await page.locator('[data-sync-state="synced"]').count()).toBe(0);
      const saved = await exportFromBanner(page);
      expect(saved.sections.s5).toBe(long);
      expect(saved.cells[CELL]).toBe(12);
      // With room again, a reload shows everything that had been shown as 已保存.
      await cdp.send('Storage.overrideQuotaForOrigin', { origin: app.url });
      await page.evaluate(() => ((window as unknown as { __quotaFull?: boolean }).__quotaFull = false));
      await page.goto(`${app.url}/#/report/${reportId}`);
      await page.reload();
      await expect.poll(() => page.locator(`[data-cell="${CELL}"]`).inputValue()).toBe('12');
    } finally {
      await context.close();
      removeDir(profile);
    }
  });

  it('database deleted while open (site data cleared): the page says so at once and offers 导出 JSON', async () => {
    const { page } = await newEditor();
    await typeCell(page, 't3.r1_new.biz', '3');
    await savedLocally(page);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Storage.clearDataForOrigin', { origin: app.url, storageTypes: 'indexeddb' });
    const banner = page.locator('[data-save-failed]');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.textContent()).toMatch(/存储/);
    const saved = await exportFromBanner(page);
    expect(saved.cells[CELL]).toBe(12);
    expect(saved.cells['t3.r1_new.biz']).toBe(3);
    await page.context().close();
  });

  it("another tab's upgrade of the database: this tab stops claiming 已保存, says why and offers 导出 JSON", async () => {
    const { page, reportId } = await newEditor();
    const other = await page.context().newPage();
    await other.goto(app.url);
    // The other tab's upgrade must not be blocked by this tab (lib0 closes the connection).
    const upgraded = await other.evaluate(
      (name) =>
        new Promise<string>((resolve) => {
          const req = indexedDB.open(name, 999);
          req.onupgradeneeded = () => resolve('upgraded');
          req.onblocked = () => resolve('blocked');
          req.onerror = () => resolve('error');
        }),
      `nianbao-doc-${reportId}`,
    );
    expect(upgraded).toBe('upgraded');
    const banner = page.locator('[data-save-failed]');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.textContent()).toContain('另一个窗口');
    expect(await page.locator('[data-sync-state="synced"]').count()).toBe(0);
    await typeCell(page, 't3.r1_new.biz', '5');
    const saved = await exportFromBanner(page);
    expect(saved.cells[CELL]).toBe(12);
    expect(saved.cells['t3.r1_new.biz']).toBe(5);
    await page.context().close();
  });

  it('the browser killed right after 已保存: relaunched on the same profile, the data is there', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'nianbao-kill-'));
    try {
      const first = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
      const page = first.pages()[0] ?? (await first.newPage());
      await page.goto(app.url);
      await createReport(page, '下冶镇人民政府', 2024);
      const reportId = /#\/report\/(.+)$/.exec(page.url())![1]!;
      await typeCell(page, CELL, '47');
      await page.locator('[data-section="s5"]').fill('杀掉浏览器之前写的字。');
      await savedLocally(page);
      // SIGKILL every Chromium process of this profile, by pid (no clean shutdown, no flush).
      const pids = execFileSync('pgrep', ['-f', '--', `--user-data-dir=${profile}`], { encoding: 'utf8' }).trim().split('\n').map(Number);
      expect(pids.length).toBeGreaterThan(0);
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone with its parent */
        }
      }
      await first.close().catch(() => {});

      const second = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
      try {
        const again = second.pages()[0] ?? (await second.newPage());
        await again.goto(`${app.url}/#/report/${reportId}`);
        await again.locator(`[data-cell="${CELL}"]`).waitFor();
        await expect.poll(() => again.locator(`[data-cell="${CELL}"]`).inputValue()).toBe('47');
        expect(await again.locator('[data-section="s5"]').inputValue()).toBe('杀掉浏览器之前写的字。');
      } finally {
        await second.close();
      }
    } finally {
      removeDir(profile);
    }
  });
});
