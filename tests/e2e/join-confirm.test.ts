// An invite link for a report that is already on this PC is never followed silently. Real
// Chromium against two real servers: the app's own (A) and another relay (B) that a link may
// name. Until the clerk confirms — having seen the report's name and B's host — the stored
// share is unchanged and B's SQLite file holds nothing of the report; after confirming, B has it.
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/server.ts';
import { createReport, launch, removeDir, startApp, typeCell, type App, type Browser, type Page } from './helpers.ts';

let a: App;
let b: App;
let browser: Browser;

beforeAll(async () => {
  a = await startApp();
  // The other relay accepts pages from A's origin (as an attacker's relay would accept anything).
  const dataDir = mkdtempSync(join(tmpdir(), 'nianbao-e2e-other-'));
  const server = await startServer({ port: 0, dataDir, staticDir: 'dist', host: '127.0.0.1', log: () => {}, origins: [a.url], maxConnectionsPerAddress: 1000 });
  b = { server, url: `http://localhost:${server.port}`, lanUrl: `http://localhost:${server.port}`, dataDir, stop: () => server.close() };
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  for (const app of [a, b]) {
    await app?.stop();
    if (app) removeDir(app.dataDir);
  }
});

/** An invite code minted by a relay for the report (what the 共享 dialog does). */
async function mint(app: App, reportId: string): Promise<string> {
  const res = await fetch(`${app.url}/api/share`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: app.url },
    body: JSON.stringify({ reportId }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { code: string }).code;
}

function link(app: App, relayOf: App, reportId: string, code: string): string {
  const params = new URLSearchParams({ relay: relayOf.server.relayUrl.replace('localhost', '127.0.0.1'), report: reportId, code });
  return `${app.url}/#/join?${params.toString()}`;
}

/** Bytes the relay has stored for the report (compacted state plus pending updates). */
function storedOn(app: App, reportId: string): number {
  const db = new Database(join(app.dataDir, 'relay.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const state = db.prepare('SELECT length(state) AS n FROM documents WHERE name = ?').get(reportId) as { n: number } | undefined;
    const pending = db.prepare('SELECT COALESCE(SUM(length(data)), 0) AS n FROM pending_updates WHERE name = ?').get(reportId) as { n: number };
    return (state?.n ?? 0) + pending.n;
  } finally {
    db.close();
  }
}

async function storedShare(page: Page, reportId: string): Promise<{ relay: string; code: string } | null> {
  return page.evaluate(
    (id) =>
      new Promise<{ relay: string; code: string } | null>((resolve, reject) => {
        const open = indexedDB.open('nianbao-library');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('reports').objectStore('reports').get(id);
          get.onsuccess = () => {
            resolve((get.result as { share?: { relay: string; code: string } } | undefined)?.share ?? null);
            open.result.close();
          };
        };
      }),
    reportId,
  );
}

describe('invite links for a report already on this PC', () => {
  let page: Page;
  let reportId: string;
  /** The relay issues a report's code once (409 afterwards). */
  let codeOnB: string;

  it('ask before connecting an unshared report to the relay the link names; 取消 changes nothing', async () => {
    page = await (await browser.newContext()).newPage();
    await page.goto(a.url);
    await createReport(page, '下冶镇人民政府', 2024);
    await typeCell(page, 't3.r1_new.np', '12');
    reportId = /#\/report\/(.+)$/.exec(page.url())![1]!;
    codeOnB = await mint(b, reportId);

    await page.goto(link(a, b, reportId, codeOnB));
    const ask = page.locator('[data-join-confirm]');
    await ask.waitFor();
    const bHost = `127.0.0.1:${b.server.port}`;
    await expect(ask.textContent()).resolves.toContain('下冶镇人民政府 2024 年度报告');
    await expect(page.locator('[data-relay-host]').textContent()).resolves.toBe(bHost);
    expect(await storedShare(page, reportId)).toBeNull();

    await page.getByRole('button', { name: '取消' }).click();
    await page.getByRole('button', { name: '新建报告' }).waitFor();
    expect(await storedShare(page, reportId)).toBeNull();
    // Nothing reached relay B: no socket was opened for the report.
    expect(storedOn(b, reportId)).toBe(0);
  });

  it('after 连接 the report is shared on the relay the clerk approved, and only then sent there', async () => {
    await page.goto(link(a, b, reportId, codeOnB));
    await page.getByRole('button', { name: /^连接到/ }).click();
    await page.locator('[data-cell="t3.r1_new.np"]').waitFor();
    await expect.poll(() => storedShare(page, reportId).then((s) => s?.code)).toBe(codeOnB);
    await expect.poll(() => storedOn(b, reportId), { timeout: 20_000 }).toBeGreaterThan(0);
  });

  it('an existing share is never replaced by a link to another relay without an answer', async () => {
    const before = await storedShare(page, reportId);
    const codeOnA = await mint(a, reportId);
    await page.goto(link(a, a, reportId, codeOnA));
    await page.locator('[data-join-confirm]').waitFor();
    await expect(page.locator('[data-current-relay]').textContent()).resolves.toBe(`127.0.0.1:${b.server.port}`);
    await expect(page.locator('[data-relay-host]').textContent()).resolves.toBe(`127.0.0.1:${a.server.port}`);
    expect(await storedShare(page, reportId)).toEqual(before);
    // Leaving without an answer (closing the page, going elsewhere) changes nothing either.
    await page.goto(`${a.url}/#/`);
    await page.getByRole('button', { name: '新建报告' }).waitFor();
    expect(await storedShare(page, reportId)).toEqual(before);
    expect(storedOn(a, reportId)).toBe(0);
  });

  it('the very link the report was joined with opens it without asking', async () => {
    const share = (await storedShare(page, reportId))!;
    const params = new URLSearchParams({ relay: share.relay, report: reportId, code: share.code });
    await page.goto(`${a.url}/#/join?${params.toString()}`);
    await page.locator('[data-cell="t3.r1_new.np"]').waitFor();
    expect(await page.locator('[data-join-confirm]').count()).toBe(0);
  });
});
