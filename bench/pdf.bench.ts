// PDF import speed in Node: a real 6-page report (淮安市 2024, WPS-made) through importFile,
// against pdf.js's own text extraction of the same file (getDocument + getTextContent of every
// page, the least any PDF reader must do). Interleaved rounds; fastest and median wall time
// and CPU time per import; the first import (pdf.js loaded lazily) is reported on its own.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

const bytes = new Uint8Array(readFileSync(new URL('../tests/fixtures/pdf/huaian-city-2024.pdf', import.meta.url)));

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; cpu: number; value: T }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpu: (c.user + c.system) / 1000, value };
}

console.log(`负载（1分钟平均）: ${loadavg()[0]!.toFixed(1)}，文件 ${(bytes.length / 1024).toFixed(0)} KB`);
const first = await timed(async () => {
  const { importFile } = await import('../src/import/index.ts');
  return importFile(bytes, 'city.pdf');
});
if (!first.value.ok) throw new Error(first.value.error);
console.log(`首次导入（含加载 pdf.js）: ${first.ms.toFixed(0)} ms，CPU ${first.cpu.toFixed(0)} ms`);

const { importFile } = await import('../src/import/index.ts');
const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
async function textOnly(): Promise<number> {
  const doc = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  let n = 0;
  for (let p = 1; p <= doc.numPages; p++) n += (await (await doc.getPage(p)).getTextContent()).items.length;
  await doc.destroy();
  return n;
}

const ROUNDS = 7;
const base: { ms: number; cpu: number }[] = [];
const ours: { ms: number; cpu: number }[] = [];
for (let i = 0; i < ROUNDS; i++) {
  base.push(await timed(textOnly));
  ours.push(await timed(() => importFile(bytes, 'city.pdf')));
}
const stat = (xs: { ms: number; cpu: number }[]) => {
  const ms = xs.map((x) => x.ms).sort((a, b) => a - b);
  const cpu = xs.map((x) => x.cpu).sort((a, b) => a - b);
  return { best: ms[0]!, median: ms[Math.floor(ms.length / 2)]!, cpu: cpu[0]! };
};
const b = stat(base);
const o = stat(ours);
const row = (name: string, s: ReturnType<typeof stat>) =>
  console.log(`${name.padEnd(36)} 最快 ${s.best.toFixed(0).padStart(5)} ms  中位数 ${s.median.toFixed(0).padStart(5)} ms  CPU ${s.cpu.toFixed(0).padStart(5)} ms`);
row('pdf.js 文字提取（6 页）', b);
row('importFile（表格、正文、检查）', o);
console.log(`比值（最快/CPU）: ×${(o.best / b.best).toFixed(2)} / ×${(o.cpu / b.cpu).toFixed(2)}；6 页导入 ${o.best < 1000 ? '不到' : '超过'} 1 秒`);
