import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateReports, parseUnitList } from '../../src/domain/aggregate.ts';
import { CELL_DEFS, FEE_CELL, t3 } from '../../src/domain/format.ts';
import { withDerived, type Report } from '../../src/domain/report.ts';
import { validate } from '../../src/domain/validate.ts';
import { consistentReportArb } from '../property/arbitraries.ts';
import { seedReport } from '../support/seed-report.ts';

const named = (r: Report, name: string): Report => ({ ...r, unit: { ...r.unit, name } });

describe('aggregateReports (汇总表)', () => {
  it('sums every typed cell, recomputes the derived sums and names the set', () => {
    const a = named(seedReport(), '甲镇人民政府');
    const b = named(seedReport(), '乙镇人民政府');
    b.cells = withDerived({ ...b.cells, [t3('r1_new', 'np')]: (b.cells[t3('r1_new', 'np')] ?? 0) + 4, [t3('r3_1_grant', 'np')]: (b.cells[t3('r3_1_grant', 'np')] ?? 0) + 4 });
    const r = aggregateReports([a, b], { name: '某某县' });
    if (!r.ok) throw new Error(r.error);
    for (const def of CELL_DEFS) {
      if (def.derived || def.key === FEE_CELL) continue;
      const x = a.cells[def.key];
      const y = b.cells[def.key];
      expect([def.key, r.value.report.cells[def.key]]).toEqual([def.key, x == null && y == null ? null : (x ?? 0) + (y ?? 0)]);
    }
    expect(r.value.report.cells).toEqual(withDerived(r.value.report.cells));
    expect(r.value.report.unit).toEqual({ name: '某某县', type: 'county' });
    expect(r.value.units).toEqual(['甲镇人民政府', '乙镇人民政府']);
    expect(r.value.findings).toEqual([]);
  });

  it('does not copy a unit’s wrong printed total into the sum, and checks the sum’s own balance', () => {
    const good = named(seedReport(), '甲镇人民政府');
    const wrongTotal = named(seedReport(), '乙镇人民政府');
    wrongTotal.cells = { ...wrongTotal.cells, [t3('r1_new', 'total')]: 999 };
    const r = aggregateReports([good, wrongTotal]);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.report.cells[t3('r1_new', 'total')]).toBe(2 * (good.cells[t3('r1_new', 'total')] ?? 0));
    // An unbalanced unit makes the sum unbalanced too: the sum's check says so.
    const unbalanced = named(seedReport(), '丙镇人民政府');
    unbalanced.cells = withDerived({ ...unbalanced.cells, [t3('r1_new', 'np')]: (unbalanced.cells[t3('r1_new', 'np')] ?? 0) + 5 });
    const bad = aggregateReports([good, unbalanced]);
    if (!bad.ok) throw new Error(bad.error);
    expect(bad.value.findings.map((f) => f.rule)).toContain('R-T3-BALANCE');
  });

  it('sums of balanced random reports balance, and keep 万元 to six decimals (seeded)', () => {
    const seed = 20261130;
    console.log(`aggregate property seed: ${seed}`);
    fc.assert(
      fc.property(fc.array(consistentReportArb({ year: 2023 }), { minLength: 1, maxLength: 12 }), (reports) => {
        const units = reports.map((r, i) => named(r, `单位${i}`));
        units.forEach((u, i) => (u.cells = { ...u.cells, [FEE_CELL]: i % 2 ? 0.1 : 0.2 }));
        const r = aggregateReports(units);
        if (!r.ok) throw new Error(r.error);
        expect(validate(r.value.report).filter((f) => ['R-T3-BALANCE', 'R-T3-TOTAL7', 'R-T3-ROWSUM', 'R-T4-SUM'].includes(f.rule))).toEqual([]);
        expect(String(r.value.report.cells[FEE_CELL])).toMatch(/^\d+(\.\d{1,6})?$/);
      }),
      { seed, numRuns: 40 },
    );
  });

  it('lists the expected units that are missing', () => {
    const r = aggregateReports([named(seedReport(), '甲镇人民政府')], { expect: parseUnitList('\uFEFF# 名单\n甲镇人民政府\r\n乙镇人民政府\n\n丙镇人民政府\n乙镇人民政府\n') });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.missing).toEqual(['乙镇人民政府', '丙镇人民政府']);
  });

  it('refuses an empty set, a unit twice and mixed years, in Chinese', () => {
    expect(aggregateReports([])).toEqual({ ok: false, error: '没有可汇总的报告。' });
    const twice = aggregateReports([named(seedReport(), '甲'), named(seedReport(), '甲')]);
    expect(twice.ok || twice.error).toMatch(/同一单位有多份报告：甲/);
    const mixed = aggregateReports([named(seedReport(), '甲'), { ...named(seedReport(), '乙'), year: 2022 }]);
    expect(mixed.ok || mixed.error).toMatch(/报告年度不一致（2023年 1 份，2022年 1 份）/);
  });
});
