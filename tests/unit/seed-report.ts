// The seed report (下冶镇人民政府 2023) as a Report, built by hand for the validator's tests:
// cells from xiaye-town-2023.expected.json, sections cut out of xiaye-town-2023.txt between
// its printed headings (deliberately not via src/import, which is developed in parallel).

import { readFileSync } from 'node:fs';
import { restoreReport, type Report } from '../../src/domain/report.ts';
import type { SectionId } from '../../src/domain/format.ts';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

export const SEED_TEXT = fixture('xiaye-town-2023.txt');

/** [section id, heading that opens it, heading that ends it] as printed in the .txt. */
const CUTS: readonly [SectionId, string, string][] = [
  ['s1.intro', '一、总体情况', '（一）主动公开方面'],
  ['s1.proactive', '（一）主动公开方面', '（二）依申请公开方面'],
  ['s1.request', '（二）依申请公开方面', '（三）政府信息管理方面'],
  ['s1.management', '（三）政府信息管理方面', '（四）平台建设方面'],
  ['s1.platform', '（四）平台建设方面', '（五）监督保障方面'],
  ['s1.oversight', '（五）监督保障方面', '二、主动公开政府信息情况'],
  ['s5', '五、存在的主要问题及改进情况', '六、其他需要报告的事项'],
  ['s6', '六、其他需要报告的事项', '\u0000'],
];

function between(text: string, from: string, to: string): string {
  const a = text.indexOf(from);
  if (a < 0) throw new Error(`heading not found: ${from}`);
  const start = a + from.length;
  const b = text.indexOf(to, start);
  return text.slice(start, b < 0 ? undefined : b).trim();
}

/** A fresh copy each call, so tests can mutate it. */
export function seedReport(): Report {
  const data = JSON.parse(fixture('xiaye-town-2023.expected.json'));
  const r = restoreReport(data);
  if (!r.ok) throw new Error(r.error);
  const report = r.value;
  for (const [id, from, to] of CUTS) report.sections[id] = between(SEED_TEXT, from, to);
  return report;
}
