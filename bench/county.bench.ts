// 汇总检查 at county scale (issue 17): 300 and 1,000 published reports (seeded random
// consistent reports with the seed report's prose, as the HTML page a county downloads from
// each unit's site) added to the workspace in real Chromium through <input type=file multiple>,
// read and checked in the worker pool; against the CLI's single process on the same files
// (`nianbao check DIR --summary`). Figures:
//   wall      from choosing the files to the last row shown (progress gone);
//   peak mem  of all Chromium processes together (PSS, sampled every second from /proc), and of
//             the CLI process (peak RSS, GNU time's %M);
//   page lag  the longest gap between two 50 ms timer ticks on the page while it worked —
//             how unresponsive the page was at worst.
// The machine is shared (2 cores, other jobs): the load average is printed with the figures.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { defaultTitle } from '../src/domain/report.ts';
import { renderCmsHtml } from '../src/export/cms-html.ts';
import { importText } from '../src/import/text.ts';
import { consistentReportArb } from '../tests/property/arbitraries.ts';
import { launch, startApp } from '../tests/e2e/helpers.ts';

const SIZES = (process.env.SIZES ?? '300,1000').split(',').map(Number);
const root = mkdtempSync(join(tmpdir(), 'nianbao-county-bench-'));
const seed = importText(readFileSync('tests/fixtures/xiaye-town-2023.txt', 'utf8'));
if (!seed.ok) throw new Error(seed.error);
const seedReport = seed.report;

function makeFolder(n: number): string {
  const dir = join(root, `n${n}`);
  mkdirSync(dir);
  const reports = fc.sample(consistentReportArb({ year: 2023, type: 'township' }), { seed: 17, numRuns: n });
  reports.forEach((r, i) => {
    const name = `测试第${i + 1}镇人民政府`;
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>${name}</title></head><body>${renderCmsHtml({ ...seedReport, unit: { name, type: 'township' }, title: defaultTitle(name, 2023), cells: r.cells })}</body></html>`;
    writeFileSync(join(dir, `unit-${String(i).padStart(4, '0')}.html`), html);
  });
  return dir;
}

function chromiumRss(): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chromium') || !cmd.includes('nianbao-bench-profile')) continue;
      // PSS, not RSS: Chromium's processes share most of their pages; RSS would count them N times.
      const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    } catch {
      // gone between listing and reading
    }
  }
  return total;
}

const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
const load = () => loadavg().map((x) => x.toFixed(1)).join(' / ');

const app = await startApp();
const { chromium } = await import('playwright-core');
void launch;
const profile = mkdtempSync(join(tmpdir(), 'nianbao-bench-profile-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1366, height: 768 },
});
try {
  for (const n of SIZES) {
    const dir = makeFolder(n);
    const files = readdirSync(dir).map((f) => join(dir, f));

    // The CLI, one process, same files.
    const cli = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, 'bin/nianbao.js', 'check', dir, '--summary'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const [cliWall, cliUser, cliSys, cliRssKb] = cli.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
    const cliLines = cli.stdout.trim().split('\n').length - 1;

    const page = await context.newPage();
    await page.goto(`${app.url}/#/county`);
    await page.getByRole('button', { name: '清空本年度' }).click().catch(() => {});
    await page.evaluate(() => {
      const w = window as unknown as { __lag: number };
      w.__lag = 0;
      let last = performance.now();
      setInterval(() => {
        const now = performance.now();
        w.__lag = Math.max(w.__lag, now - last - 50);
        last = now;
      }, 50);
    });
    const idle = chromiumRss();
    let peak = 0;
    // Once a second: reading smaps_rollup walks the process's page tables and slows it down.
    const sampler = setInterval(() => (peak = Math.max(peak, chromiumRss())), 1000);
    const t0 = performance.now();
    await page.getByLabel('添加本年度报告文件', { exact: true }).setInputFiles(files);
    await page.waitForFunction((n) => document.querySelectorAll('[data-unit-row]').length === n && !document.querySelector('[data-county-progress]'), n, { timeout: 600_000, polling: 100 });
    const wall = performance.now() - t0;
    clearInterval(sampler);
    const lag = await page.evaluate(() => (window as unknown as { __lag: number }).__lag);
    const pool = await page.evaluate(() => navigator.hardwareConcurrency);
    await page.getByRole('button', { name: '清空本年度' }).click();
    await page.close();

    console.log(`${n} 份报告（HTML 网页，${mb(files.reduce((s, f) => s + readFileSync(f).length, 0))}），负载 ${load()}：`);
    console.log(`  汇总检查（Chromium，${Math.min(4, pool)} 个 worker）  墙钟 ${(wall / 1000).toFixed(1)} s，Chromium 峰值内存 ${mb(peak)}（开始前 ${mb(idle)}），页面最长卡顿 ${lag.toFixed(0)} ms`);
    console.log(`  CLI check --summary（单进程）     墙钟 ${cliWall!.toFixed(1)} s（CPU ${(cliUser! + cliSys!).toFixed(1)} s），峰值内存 ${mb(cliRssKb! * 1024)}，输出 ${cliLines} 行`);
    console.log(`  比值：汇总检查 / CLI 墙钟 ×${(wall / 1000 / cliWall!).toFixed(2)}`);
  }
} finally {
  await context.close();
  await app.stop();
  rmSync(root, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
  void execFileSync;
}
