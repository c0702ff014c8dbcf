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
const ROUNDS = 7;
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

interface Timing {
  wall: number;
  cpu: number;
}
/**
 * This machine is shared (2 cores, other jobs running), so wall-clock swings by ×3 between
 * runs: CPU time (user+system) of the measured work is reported as the main figure, the
 * fastest of ROUNDS, with the two variants interleaved so both see the same load.
 */
async function measure(fns: Record<string, () => Promise<unknown>>): Promise<Record<string, Timing>> {
  const out: Record<string, Timing> = {};
  for (const fn of Object.values(fns)) await fn(); // warm-up: module loading and JIT
  for (let i = 0; i < ROUNDS; i++) {
    for (const [name, fn] of Object.entries(fns)) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await fn();
      const wall = performance.now() - t0;
      const c = process.cpuUsage(c0);
      const cpu = (c.user + c.system) / 1000;
      const prev = out[name];
      out[name] = { wall: Math.min(prev?.wall ?? Infinity, wall), cpu: Math.min(prev?.cpu ?? Infinity, cpu) };
    }
  }
  return out;
}

const m = await measure({ base: baseline, inproc: inProcess });
const base = m.base!;
const inproc = m.inproc!;

/** The real CLI in its own process; bash's `time` gives its CPU time. */
function spawnCheck(list: string[]): Timing & { stdout: string; status: number | null } {
  const t0 = performance.now();
  const r = spawnSync('bash', ['-c', 'TIMEFORMAT="%U %S"; time node bin/nianbao.js check "$@" --json > "$OUT"', 'bash', ...list], {
    encoding: 'utf8',
    env: { ...process.env, OUT: join(dir, 'out.json') },
  });
  const wall = performance.now() - t0;
  const [u, sy] = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  if (r.status === 2) throw new Error(r.stderr);
  return { wall, cpu: (u! + sy!) * 1000, stdout: readFileSync(join(dir, 'out.json'), 'utf8'), status: r.status };
}
const runs = [0, 1, 2].map(() => spawnCheck(files));
const spawned = { wall: Math.min(...runs.map((x) => x.wall)), cpu: Math.min(...runs.map((x) => x.cpu)) };
const starts = [0, 1, 2].map(() => spawnCheck(files.slice(0, 1)));
const startup = { wall: Math.min(...starts.map((x) => x.wall)), cpu: Math.min(...starts.map((x) => x.cpu)) };
const parsed = JSON.parse(runs[0]!.stdout) as { findings: unknown[] }[];
rmSync(dir, { recursive: true, force: true });

const fmt = (t: Timing) => `CPU ${t.cpu.toFixed(0).padStart(5)} ms（${((t.cpu / FILES) * 1000).toFixed(0)} µs/文件），墙钟 ${t.wall.toFixed(0)} ms`;
console.log(`检查 ${FILES} 个报告 JSON 文件（每项取 ${ROUNDS} 轮中最快；CPU 时间为主要数字）：`);
console.log(`  基线：读取 + JSON.parse              ${fmt(base)}`);
console.log(`  CLI 代码路径（同一进程）             ${fmt(inproc)}  → 比基线 ×${(inproc.cpu / base.cpu).toFixed(1)}`);
console.log(`  node bin/nianbao.js check（子进程）  ${fmt(spawned)}  → 比基线 ×${(spawned.cpu / base.cpu).toFixed(1)}`);
console.log(`    其中启动（只查 1 个文件）          ${fmt(startup)}；扣除启动后 ×${((spawned.cpu - startup.cpu) / base.cpu).toFixed(1)}`);
console.log(`  输出 ${parsed.length} 个文件的结果，退出码 ${runs[0]!.status}（随机报告的数字与正文不符，有错误是预期的）`);
