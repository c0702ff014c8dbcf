// `nianbao check` over 1,000 report JSON files, against the raw baseline of only reading and
// JSON.parse-ing the same files. Three figures:
//   baseline   readFile + JSON.parse of every file (in this process);
//   in-process the CLI's own code path, main(['check', …files, '--json']) in this process:
//              read, importFile (content sniffing, parseReportJSON, notes), validate, JSON output;
//   spawned    `node bin/nianbao.js check …files --json` as a user runs it (one process for all
//              1,000 files, including Node + tsx start-up).
// The reports are seeded random consistent reports with the seed report's prose, so every rule
// (arithmetic, text numbers, similarity…) has real work to do.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { main } from '../src/cli/main.ts';
import { reportToJSON } from '../src/domain/report.ts';
import { importText } from '../src/import/text.ts';
import { consistentReportArb } from '../tests/property/arbitraries.ts';

const FILES = Number(process.env.FILES ?? 1000);
const ROUNDS = 5;
const dir = mkdtempSync(join(tmpdir(), 'nianbao-cli-bench-'));

const seed = importText(readFileSync('tests/fixtures/xiaye-town-2023.txt', 'utf8'));
if (!seed.ok) throw new Error(seed.error);
const reports = fc.sample(consistentReportArb({ year: 2023, type: 'township' }), { seed: 42, numRuns: FILES });
const files = reports.map((r, i) => {
  const file = join(dir, `report-${String(i).padStart(4, '0')}.json`);
  writeFileSync(file, reportToJSON({ ...seed.report, cells: r.cells }));
  return file;
});

async function baseline(): Promise<number> {
  let n = 0;
  for (const f of files) n += Object.keys((JSON.parse(await readFile(f, 'utf8')) as { cells: object }).cells).length;
  return n;
}
async function inProcess(): Promise<number> {
  let out = 0;
  const code = await main(['check', ...files, '--json'], { out: (s) => (out += s.length), err: () => {} });
  if (code === 2) throw new Error('check failed to read the files');
  return out;
}

async function best(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up: module loading and JIT are not what is measured
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return Math.min(...times);
}

const base = await best(baseline);
const inproc = await best(inProcess);
const t0 = performance.now();
const spawned = spawnSync(process.execPath, ['bin/nianbao.js', 'check', ...files, '--json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
const spawnMs = performance.now() - t0;
if (spawned.status === 2) throw new Error(spawned.stderr);
const parsed = JSON.parse(spawned.stdout) as { findings: unknown[] }[];
rmSync(dir, { recursive: true, force: true });

const per = (ms: number) => `${((ms / FILES) * 1000).toFixed(0)} µs/文件`;
console.log(`检查 ${FILES} 个报告 JSON 文件（取 ${ROUNDS} 轮最快）：`);
console.log(`  基线：读取 + JSON.parse          ${base.toFixed(0).padStart(6)} ms  (${per(base)})`);
console.log(`  CLI 代码路径（同一进程）          ${inproc.toFixed(0).padStart(6)} ms  (${per(inproc)})  比基线 ×${(inproc / base).toFixed(1)}`);
console.log(`  node bin/nianbao.js check（一次） ${spawnMs.toFixed(0).padStart(6)} ms  (${per(spawnMs)})  比基线 ×${(spawnMs / base).toFixed(1)}，含 Node/tsx 启动`);
console.log(`  输出 ${parsed.length} 个文件的结果，退出码 ${spawned.status}`);
