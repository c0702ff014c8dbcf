// fillProgress: what is left to fill, counted from the format (typeable cells, required parts).
import { describe, expect, it } from 'vitest';
import { fillProgress } from '../../src/domain/progress.ts';
import { CELL_DEFS, CELL_KEYS, SECTIONS, TYPED_CELL_KEYS, t3 } from '../../src/domain/format.ts';
import { emptyReport } from '../../src/domain/report.ts';
import { seedReport } from './seed-report.ts';

describe('fillProgress', () => {
  it('an empty report: nothing filled of every typeable cell; derived sums never counted', () => {
    const p = fillProgress(emptyReport({ name: '下冶镇人民政府', type: 'township', year: 2023 }));
    expect(p.cells).toEqual({ filled: 0, total: TYPED_CELL_KEYS.length });
    expect(p.cells.total).toBeLessThan(CELL_KEYS.length);
    for (const t of ['t2', 't3', 't4'] as const) {
      expect(p.tables[t].total).toBe(CELL_DEFS.filter((d) => d.table === t && !d.derived).length);
    }
    expect([p.tables.t2.total, p.tables.t3.total, p.tables.t4.total]).toEqual([10, 144, 12]);
    const required = SECTIONS.filter((s) => !s.optional).map((s) => s.id);
    expect(p.sections).toEqual({ filled: 0, total: required.length });
    expect(p.emptySections).toEqual(required);
  });
  it('counts each filled cell once in its table (0 is filled; 未填 is not); blank text is not written', () => {
    const r = emptyReport({ name: '下冶镇人民政府', type: 'township', year: 2023 });
    r.cells[t3('r1_new', 'np')] = 0;
    r.cells[t3('r1_new', 'biz')] = 4;
    r.cells['t2.fees.amountWanYuan'] = 0.5;
    r.cells[t3('r1_new', 'total')] = 4; // a derived cell: not counted even when it has a value
    r.sections.s5 = '   ';
    r.sections.s6 = '本年度未收取信息处理费。';
    r.sections.preamble = '前言'; // optional: not counted
    const p = fillProgress(r);
    expect(p.tables.t3.filled).toBe(2);
    expect(p.tables.t2.filled).toBe(1);
    expect(p.cells.filled).toBe(3);
    expect(p.emptySections).toContain('s5');
    expect(p.emptySections).not.toContain('s6');
    expect(p.sections.filled).toBe(1);
  });
  it('the published seed report is complete', () => {
    const p = fillProgress(seedReport());
    expect(p.cells.filled).toBe(p.cells.total);
    expect(p.emptySections).toEqual([]);
  });
});
