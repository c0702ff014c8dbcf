// validate() runs on every keystroke in the editor: budget well under 1 ms per report.
// Measures the seed report (下冶镇 2023, full prose, all 200 cells) alone, with last year's
// report (cross-year rules incl. the similarity of 一/五/六), and a long report (prose ×8,
// ~10,000 characters, as large county summaries get). Prints median, p95 and max wall time per
// call, and the mean CPU time per call (less disturbed by other processes on a shared machine).

import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { validate, type ValidateOptions } from '../src/domain/validate.ts';
import type { Report } from '../src/domain/report.ts';
import { seedReport } from '../tests/unit/seed-report.ts';

function measure(name: string, report: Report, options: ValidateOptions, runs = 5000): void {
  for (let i = 0; i < 500; i++) validate(report, options); // JIT warm-up
  const times = new Float64Array(runs);
  let findings = 0;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    findings = validate(report, options).length;
    times[i] = performance.now() - t0;
  }
  // CPU time actually spent in this process (excludes time the OS gave to other work).
  const cpu = process.cpuUsage(cpu0);
  const cpuPerCall = ((cpu.user + cpu.system) / runs).toFixed(1);
  times.sort();
  const q = (p: number): string => (times[Math.min(runs - 1, Math.floor(p * runs))]! * 1000).toFixed(1);
  const chars = Object.values(report.sections).reduce((n, s) => n + s.length, 0);
  console.log(
    `${name.padEnd(34)} 正文${String(chars).padStart(6)}字  中位数 ${q(0.5).padStart(6)} µs  p95 ${q(0.95).padStart(6)} µs  max ${q(0.9999).padStart(7)} µs  CPU ${cpuPerCall.padStart(6)} µs/次  (${runs}次, ${findings}条结果)`,
  );
}

const seed = seedReport();
const previous = seedReport();
previous.year = seed.year - 1;
previous.title = previous.title.replace(String(seed.year), String(previous.year));
for (const id of Object.keys(previous.sections) as (keyof Report['sections'])[]) {
  previous.sections[id] = previous.sections[id].replaceAll(String(seed.year), String(previous.year));
}
const long = seedReport();
for (const id of Object.keys(long.sections) as (keyof Report['sections'])[]) {
  long.sections[id] = Array.from({ length: 8 }, () => long.sections[id]).join('\n');
}
const longPrev = seedReport();
longPrev.year = seed.year - 1;
for (const id of Object.keys(longPrev.sections) as (keyof Report['sections'])[]) longPrev.sections[id] = long.sections[id];

// Other work on this shared machine slows single calls down; say how busy it was.
console.log(`负载（1分钟平均）: ${loadavg()[0]!.toFixed(1)}`);
measure('种子报告（下冶镇2023）', seed, { today: '2024-01-20' });
measure('种子报告 + 上年报告（跨年、雷同）', seed, { previous, today: '2024-01-20' });
measure('长报告（正文×8）+ 上年报告', long, { previous: longPrev, today: '2024-01-20' });
