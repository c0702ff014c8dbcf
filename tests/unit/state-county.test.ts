import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { reportToJSON } from '../../src/domain/report.ts';
import { t3 } from '../../src/domain/format.ts';
import { CountyState, type IncomingFile } from '../../src/state/county.svelte.ts';
import { openCountyDB } from '../../src/storage/county-db.ts';
import { seedReport } from '../support/seed-report.ts';

const NOW = Date.parse('2024-01-20T02:00:00Z');
const file = (name: string, text: string | Uint8Array, lastModified = 1000): IncomingFile => ({
  name,
  lastModified,
  bytes: async () => (typeof text === 'string' ? new TextEncoder().encode(text) : text),
});
const unit = (name: string, np?: number) => {
  const r = seedReport();
  r.unit = { name, type: 'township' };
  if (np !== undefined) r.cells = { ...r.cells, [t3('r1_new', 'np')]: np };
  return reportToJSON(r);
};

describe('CountyState', () => {
  it('adds files, keeps unreadable ones as rows, replaces a re-sent newer file and keeps everything across a reopen', async () => {
    const county = new CountyState(openCountyDB('county-1'), { now: () => NOW });
    await county.load();
    await county.add(
      [
        file('甲.json', unit('甲镇人民政府')),
        file('乙.json', unit('乙镇人民政府', 9)),
        file('坏.docx', new Uint8Array([0x50, 0x4b, 3, 4, 9, 9])),
        file('seed.txt', readFileSync('tests/fixtures/xiaye-town-2023.txt', 'utf8')),
      ],
      'current',
    );
    expect(county.rows.map((r) => [r.unitName, r.errors > 0, !!r.error])).toEqual([
      ['甲镇人民政府', false, false],
      ['乙镇人民政府', true, false],
      ['坏.docx', false, true],
      ['下冶镇人民政府', false, false],
    ]);
    expect(county.messages.join('\n')).toMatch(/已添加 3 个本年度报告，1 个文件无法读取/);
    expect(county.messages.join('\n')).toMatch(/“坏\.docx”无法读取：/);

    // 乙 re-sends a corrected file: it replaces the old one, and the workspace says so.
    await county.add([file('乙（更正）.json', unit('乙镇人民政府'), 2000)], 'current');
    expect(county.messages.join('\n')).toMatch(/乙镇人民政府2023年：已用较新的“乙（更正）\.json”替换原来的“乙\.json”/);
    expect(county.rows.filter((r) => r.unitName === '乙镇人民政府').map((r) => [r.fileName, r.errors])).toEqual([['乙（更正）.json', 0]]);

    const again = new CountyState(openCountyDB('county-1'), { now: () => NOW });
    await again.load();
    expect(again.rows.map((r) => r.fileName).sort()).toEqual(['seed.txt', '乙（更正）.json', '坏.docx', '甲.json'].sort());
  });

  it('shows two files of one unit in one batch as a duplicate until one is kept; last year’s set feeds 雷同', async () => {
    const county = new CountyState(openCountyDB('county-2'), { now: () => NOW });
    await county.load();
    await county.add([file('甲a.json', unit('甲镇人民政府')), file('甲b.json', unit('甲镇人民政府', 3))], 'current');
    expect(county.rows.map((r) => r.duplicate)).toEqual([true, true]);
    expect(county.aggregate('某县', '').ok).toBe(false);
    await county.keepOnly(county.rows.find((r) => r.fileName === '甲a.json')!.id);
    expect(county.rows.map((r) => [r.fileName, r.duplicate])).toEqual([['甲a.json', false]]);
    expect(county.rows[0]!.similarity).toBeNull();
    const last = JSON.parse(unit('甲镇人民政府')) as { year: number };
    last.year = 2022;
    await county.add([file('甲2022.json', JSON.stringify(last))], 'previous');
    expect(county.rows[0]!.similarity).toBe(100);
    expect(county.rows[0]!.findings.some((f) => f.rule === 'R-X-DUP')).toBe(true);

    const agg = county.aggregate('某县', '甲镇人民政府\n乙镇人民政府');
    if (!agg.ok) throw new Error(agg.error);
    expect(agg.value.missing).toEqual(['乙镇人民政府']);
    const x = await county.aggregateFile(agg.value, 'xlsx');
    expect(Object.keys(unzipSync(x.data as Uint8Array))).toContain('xl/worksheets/sheet5.xml');
    const n = await county.notice('html', '某县政务公开办');
    expect(n.data as string).toContain('关于2023年度政府信息公开工作年度报告检查情况的通报');
    const d = await county.notice('docx', '某县政务公开办');
    expect(strFromU8(unzipSync(d.data as Uint8Array)['word/document.xml']!)).toContain('某县政务公开办');
  });
});
