// Shared set-up of the browser tests: the REAL server (src/server/server.ts) serving the built
// app from dist/ on a random port with a temp data folder, and Debian's Chromium driven by
// playwright-core (no browser download).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/server.ts';

/** The name tests' servers offer as their LAN address (GET /api/addresses); never a real address. */
export const LAN_NAME = 'office-pc.test';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // A LAN-like host name for the local server (an insecure context on plain http), with traffic
  // still on loopback: invite links name it, as they would name 192.168.x.x in an office.
  `--host-resolver-rules=MAP ${LAN_NAME} 127.0.0.1`,
];

/** The name the stand-in clerk gives when the app asks for one before sharing (NamePrompt). */
export const TEST_CLERK_NAME = '测试员';

/**
 * In every page: answer the "请先留下你的姓名" dialog as a clerk would, the moment it opens, so
 * that tests about other things (sharing, 同步包, joining) run through it. The names test itself
 * launches without it.
 */
const ANSWER_NAME_PROMPT = `setInterval(() => {
  const d = document.querySelector('dialog[data-name-prompt][open]');
  if (!d || d.dataset.answered) return;
  d.dataset.answered = '1';
  const input = d.querySelector('input');
  input.value = ${JSON.stringify(TEST_CLERK_NAME)};
  input.dispatchEvent(new Event('input', { bubbles: true }));
  d.querySelector('button[type=submit]').click();
}, 50);`;

export async function launch(opts: { answerNamePrompt?: boolean } = {}): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  if (opts.answerNamePrompt === false) return browser;
  // browser.newPage() goes through newContext() too.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const ctx = await newContext(options);
    await answerNamePrompts(ctx);
    return ctx;
  };
  return browser;
}

/** Every page of this context answers the name dialog as TEST_CLERK_NAME (see launch). */
export async function answerNamePrompts(ctx: BrowserContext): Promise<void> {
  await ctx.addInitScript(ANSWER_NAME_PROMPT);
}

export interface App {
  server: RunningServer;
  /** http://localhost:<port> (a secure context) */
  url: string;
  /** http://office-pc.test:<port>: the same server by its LAN name, as a colleague's PC reaches it (insecure). */
  lanUrl: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startApp(port = 0, dataDir = mkdtempSync(join(tmpdir(), 'nianbao-e2e-'))): Promise<App> {
  // Every browser profile here stands for one office PC, but they all connect from 127.0.0.1:
  // lift the per-address connection cap (32) that an office with one address per PC never hits.
  const server = await startServer({ port, dataDir, staticDir: 'dist', host: '127.0.0.1', log: () => {}, lanAddresses: [LAN_NAME], maxConnectionsPerAddress: 1000 });
  const url = `http://localhost:${server.port}`;
  return {
    server,
    url,
    lanUrl: `http://${LAN_NAME}:${server.port}`,
    dataDir,
    async stop() {
      await server.close();
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The usual suite set-up: one real server and one Chromium for the whole file, both torn down
 * (with the server's data folder) afterwards. `use` receives them once they are up.
 */
export function useAppAndBrowser(use: (app: App, browser: Browser) => void): void {
  let app: App | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    app = await startApp();
    browser = await launch();
    use(app, browser);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (app) removeDir(app.dataDir);
  });
}

/** Create a report through the 新建报告 dialog and wait for the editor. */
export async function createReport(page: Page, name = '下冶镇人民政府', year = 2023): Promise<void> {
  await page.getByRole('button', { name: '新建报告' }).click();
  await page.getByLabel('单位名称').fill(name);
  await page.getByLabel('单位类型').selectOption('township');
  await page.getByLabel('报告年度').fill(String(year));
  await page.getByRole('button', { name: '创建' }).click();
  await page.locator('[data-cell="t3.r1_new.np"]').waitFor();
}

/** Type into a cell as a user would: focus, select all, type. */
export async function typeCell(page: Page, key: string, text: string): Promise<void> {
  const cell = page.locator(`[data-cell="${key}"]`);
  await cell.click();
  await cell.press('Control+a');
  await cell.pressSequentially(text);
}

export async function savedLocally(page: Page): Promise<void> {
  await page.locator('[data-sync-state="synced"]').waitFor();
}

/** axe-core's serious and critical findings on the page as it is now. */
export async function axe(page: Page): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]> {
  // Evaluated through DevTools: the app's CSP rightly refuses an injected inline <script>.
  await page.evaluate(readFileSync('node_modules/axe-core/axe.min.js', 'utf8'));
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } };
    const r = await w.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
}

export type { Browser, BrowserContext, Page };
