// validate() on real published reports, read by the project's importer: the errors found are
// exactly the real defects of those reports, and the text rules raise no false alarm.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { importFile } from '../../src/import/index.ts';
import { validate } from '../../src/domain/validate.ts';
import type { Report } from '../../src/domain/report.ts';

async function load(name: string): Promise<Report> {
  const bytes = new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
  const r = await importFile(bytes, name);
  if (!r.ok) throw new Error(r.error);
  return r.report;
}
const summary = (r: Report): string[] => validate(r).map((f) => `${f.severity} ${f.rule}`);

describe('validate() on real reports', () => {
  it('下冶镇 2023 (text copied from the website): nothing at all', async () => {
    expect(summary(await load('xiaye-town-2023.txt'))).toEqual([]);
  });
  it('平潭金井 2021: only the real citation of the 2019 format (试行)', async () => {
    const r = await load('pingtan-jinjing-2021.html');
    const f = validate(r);
    expect(f.filter((x) => x.severity === 'error').map((x) => x.rule)).toEqual(['R-CITE']);
    expect(f.find((x) => x.rule === 'R-CITE')!.message).toContain('格式（试行）');
    expect(f.filter((x) => x.rule.startsWith('R-TXT') || x.rule === 'R-S6-FEE' || x.rule === 'R-S5')).toEqual([]);
  });
  it('平潭金井 2021 against its 2020 report: carry-over matches, texts were rewritten (no 雷同)', async () => {
    const r = await load('pingtan-jinjing-2021.html');
    const previous = await load('pingtan-jinjing-2020-old-format.html');
    const f = validate(r, { previous });
    // 一 is 62 % similar and 五 25 %; 六 is the same one-sentence fee statement (59 characters
    // as compared), below the length from which R-X-DUP judges.
    expect(f.filter((x) => x.rule.startsWith('R-X-'))).toEqual([]);
    expect(f.filter((x) => x.severity === 'error').map((x) => x.rule)).toEqual(['R-CITE']);
  });
  it('沭阳发改 2023: the blank 法人 columns are 未填 (R-TYPE-INT), not 0; the short title is a warning', async () => {
    const r = await load('shuyang-fgj-2023.html');
    const f = validate(r);
    expect(f.filter((x) => x.severity === 'error').map((x) => x.rule)).toEqual(['R-TYPE-INT']);
    expect(f.find((x) => x.rule === 'R-TYPE-INT')!.cells).toContain('t3.r1_new.biz');
    expect(summary(r)).toContain('warning R-TITLE');
    expect(f.filter((x) => ['R-T3-BALANCE', 'R-T3-ROWSUM', 'R-T3-TOTAL7', 'R-TXT-NUM'].includes(x.rule))).toEqual([]);
  });
});
