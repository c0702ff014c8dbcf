import { describe, expect, it } from 'vitest';
import { planAdd, type HeldFile } from '../../src/domain/county-files.ts';
import { filterRows, overviewRows, sortRows, type ReadEntry } from '../../src/domain/county-overview.ts';
import { kindOf } from '../../src/domain/finding-kinds.ts';
import { RULES } from '../../src/domain/validate.ts';
import { t3 } from '../../src/domain/format.ts';
import { withDerived, type Report } from '../../src/domain/report.ts';
import { seedReport } from '../support/seed-report.ts';

const held = (over: Partial<HeldFile>): HeldFile => ({ id: 'a', set: 'current', fileName: '甲.docx', lastModified: 1000, batch: 1, unitKey: '甲镇\u00002023', ...over });

describe('planAdd: re-adding, duplicates, unreadable files', () => {
  it('a later, newer file for the same unit replaces the older one and says so', () => {
    const p = planAdd([held({})], held({ id: 'b', fileName: '甲（修订）.docx', lastModified: 2000, batch: 2 }));
    expect(p.replaces).toBe('a');
    expect(p.message).toMatch(/已用较新的“甲（修订）\.docx”替换原来的“甲\.docx”/);
  });
  it('two files for one unit and year in the same batch, or an older re-send, are a duplicate to resolve', () => {
    const same = planAdd([held({})], held({ id: 'b', fileName: '甲2.docx', batch: 1 }));
    expect(same.replaces).toBeUndefined();
    expect(same.message).toMatch(/同一单位同一年度有多份报告/);
    const older = planAdd([held({})], held({ id: 'b', fileName: '甲旧.docx', lastModified: 10, batch: 2 }));
    expect(older.replaces).toBeUndefined();
  });
  it('last year’s file never replaces this year’s; a readable re-add replaces the unreadable row', () => {
    expect(planAdd([held({})], held({ id: 'b', set: 'previous', batch: 2, lastModified: 5000 }))).toEqual({});
    const p = planAdd([held({ unitKey: undefined })], held({ id: 'b', batch: 2 }));
    expect(p.replaces).toBe('a');
  });
});

describe('overviewRows', () => {
  const seed = (name: string, year = 2023): Report => ({ ...seedReport(), unit: { name, type: 'township' }, year });
  it('has a row per file, with unreadable files as rows with their reason and duplicates marked', () => {
    const broken = seed('乙镇');
    broken.cells = withDerived({ ...broken.cells, [t3('r1_new', 'np')]: 50 });
    const entries: ReadEntry[] = [
      { id: '1', set: 'current', fileName: '甲.json', report: seed('甲镇'), notes: [] },
      { id: '2', set: 'current', fileName: '甲-又一份.json', report: seed('甲镇'), notes: [] },
      { id: '3', set: 'current', fileName: '乙.json', report: broken, notes: [] },
      { id: '4', set: 'current', fileName: '坏.docx', error: '不是 Word 文件。' },
      { id: '5', set: 'previous', fileName: '甲2022.json', report: seed('甲镇', 2022), notes: [] },
    ];
    const rows = overviewRows(entries, '2024-01-21');
    expect(rows.map((r) => [r.fileName, r.duplicate, r.error ?? null])).toEqual([
      ['甲.json', true, null],
      ['甲-又一份.json', true, null],
      ['乙.json', false, null],
      ['坏.docx', false, '不是 Word 文件。'],
    ]);
    const b = rows[2]!;
    expect(b.errors).toBeGreaterThan(0);
    expect(b.kinds.arithmetic).toBeGreaterThan(0);
    expect(b.daysLeft).toBe(10);
    // Against its own last year (same prose): 雷同 100 %; without one, no figure.
    expect(rows[0]!.similarity).toBe(100);
    expect(b.similarity).toBeNull();
    expect(filterRows(rows, 'errors', '').map((r) => r.id)).toEqual(['3']);
    expect(filterRows(rows, 'unreadable', '').map((r) => r.id)).toEqual(['4']);
    expect(filterRows(rows, 'all', '乙').map((r) => r.id)).toEqual(['3']);
    expect(sortRows(rows, 'errors', true)[0]!.id).toBe('3');
    expect(sortRows(rows, 'similarity', false).map((r) => r.similarity)).toEqual([100, 100, null, null]);
  });
  it('places every rule the validator runs in a kind other than "other" (except R-DEADLINE)', () => {
    for (const r of RULES) if (r.id !== 'R-DEADLINE') expect([r.id, kindOf(r.id)]).not.toEqual([r.id, 'other']);
  });
});
