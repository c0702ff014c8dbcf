// Writing help (issue 14) on the seed report (下冶镇 2023, full prose): 按表格生成 runs when she
// opens the panel, fixFor once per shown finding after each check, carriedOver and
// similarityByPart on every keystroke in the editor (marks follow her typing). Each is compared
// with one validate() of the same report, the check that already runs after every pause.

import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { validate } from '../src/domain/validate.ts';
import type { Report } from '../src/domain/report.ts';
import { generateParagraphs } from '../src/domain/writing/generate.ts';
import { fixFor } from '../src/domain/writing/fixes.ts';
import { carriedOver, similarityByPart } from '../src/domain/writing/carried-over.ts';
import { seedReport } from '../tests/unit/seed-report.ts';

function measure(name: string, run: () => unknown, runs = 3000): number {
  for (let i = 0; i < 300; i++) run();
  const times = new Float64Array(runs);
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    run();
    times[i] = performance.now() - t0;
  }
  times.sort();
  const q = (p: number) => times[Math.min(runs - 1, Math.floor(p * runs))]! * 1000;
  console.log(`${name.padEnd(36)} 中位数 ${q(0.5).toFixed(1).padStart(7)} µs  p95 ${q(0.95).toFixed(1).padStart(7)} µs`);
  return q(0.5);
}

const seed = seedReport();
const previous: Report = { ...seedReport(), year: seed.year - 1 };
// A number in the text that disagrees with 表三 (the seed says 2 件).
const wrong: Report = { ...seed, sections: { ...seed.sections, 's1.request': seed.sections['s1.request'].replace(/2\s*件/, '5件') } };
const finding = validate(wrong).find((f) => f.rule === 'R-TXT-NUM');
if (!finding) throw new Error('bench setup: no R-TXT-NUM finding');
const prevTexts = Object.values(previous.sections);

console.log(`负载（1分钟平均）: ${loadavg()[0]!.toFixed(1)}`);
const v = measure('validate()（参照）', () => validate(seed, { previous }));
const g = measure('按表格生成 一（一）+ 一（二）', () => [generateParagraphs(seed, 's1.proactive'), generateParagraphs(seed, 's1.request')]);
const f = measure('fixFor（R-TXT-NUM，含复核）', () => fixFor(finding, wrong));
const c = measure('雷同标记（全部9部分）', () => Object.values(seed.sections).map((t) => carriedOver(t, prevTexts)));
const s = measure('相似度（一、五、六）', () => similarityByPart(seed, previous));
console.log(`与 validate() 之比：生成 ${(g / v).toFixed(2)}×，修正 ${(f / v).toFixed(2)}×，雷同标记 ${(c / v).toFixed(2)}×，相似度 ${(s / v).toFixed(2)}×`);
