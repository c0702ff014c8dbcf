// The seed report (下冶镇 2023) as a Report for export tests: cells from the fixture's
// expected.json, narrative text cut out of the published text at its six headings and the five
// （一）…（五） sub-headings. Deliberately simple — it reads only this one fixture; the real text
// importer lives in src/import/.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HEADINGS, S1_PARTS, type SectionId } from '../../src/domain/format.ts';
import { restoreReport, type Report } from '../../src/domain/report.ts';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function seedReport(): Report {
  const json = JSON.parse(readFileSync(fixtures + 'xiaye-town-2023.expected.json', 'utf8'));
  const lines = readFileSync(fixtures + 'xiaye-town-2023.txt', 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const sections: Partial<Record<SectionId, string[]>> = {};
  let current: SectionId | null = null;
  for (const line of lines.slice(1)) {
    const h = HEADINGS.indexOf(line as (typeof HEADINGS)[number]);
    if (h >= 0) {
      current = h === 0 ? 's1.intro' : h === 4 ? 's5' : h === 5 ? 's6' : null;
      continue;
    }
    const sub = /^（([一二三四五])）/.exec(line);
    if (sub && line.length < 20 && current?.startsWith('s1.')) {
      current = S1_PARTS['一二三四五'.indexOf(sub[1]!)]!;
      continue;
    }
    if (current) (sections[current] ??= []).push(line);
  }
  const r = restoreReport({
    ...json,
    sections: Object.fromEntries(Object.entries(sections).map(([k, v]) => [k, v!.join('\n')])),
  });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}
