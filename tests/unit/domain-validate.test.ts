// validate(): for every rule of spec §5–6, a report where it holds and one where it fails,
// checking the rule id, severity, the cells it marks and the numbers its message names.
// The base is the real seed report (下冶镇 2023), which must give no error at all.

import { describe, expect, it } from 'vitest';
import { validate, labelFindings, formatVersionFindings, RULES } from '../../src/domain/validate.ts';
import type { Finding, RuleId } from '../../src/domain/finding.ts';
import { CELL_KEYS, T3_COLS, T3_LEAF_ROWS, TYPED_CELL_KEYS, t3 } from '../../src/domain/format.ts';
import { withDerived, type Report } from '../../src/domain/report.ts';
import { seedReport } from './seed-report.ts';

const of = (findings: Finding[], rule: RuleId): Finding[] => findings.filter((f) => f.rule === rule);
const run = (r: Report, opts: Parameters<typeof validate>[1] = {}): Finding[] => validate(r, opts);

/** The seed as its own previous year: carry-overs and 现行有效 chain, text rewritten. */
function previousOfSeed(): Report {
  const p = seedReport();
  p.year = 2022;
  p.title = '下冶镇人民政府2022年政府信息公开工作年度报告';
  for (const id of Object.keys(p.sections) as (keyof Report['sections'])[]) p.sections[id] = '';
  return p;
}

describe('the seed report', () => {
  it('gives no error (and, as published, no finding at all)', () => {
    const findings = run(seedReport(), { today: '2024-01-20' });
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(findings).toEqual([]);
  });
  it('runs every public rule id computable from a report', () => {
    const ids = new Set(RULES.map((r) => r.id));
    for (const id of ['R-TYPE-INT', 'R-TYPE-FEE', 'R-CITE', 'R-TITLE', 'R-SEM-REG-LEVEL', 'R-T3-BALANCE', 'R-T3-TOTAL7',
      'R-T3-ROWSUM', 'R-T4-SUM', 'R-X-CARRY', 'R-X-VALID', 'R-X-JUMP', 'R-X-DUP', 'R-TXT-NUM', 'R-TXT-YEAR', 'R-TXT-NAME',
      'R-TXT-PARTS', 'R-S1-PARTS', 'R-S5', 'R-S6-FEE', 'R-TXT-LINT', 'R-DEADLINE'] as RuleId[]) {
      expect(ids.has(id), id).toBe(true);
    }
  });
});

describe('R-TYPE-INT', () => {
  it('reports every unfilled cell of a table in one error, never as 0', () => {
    const r = seedReport();
    const blank = T3_COLS.filter((c) => c.key !== 'np' && c.key !== 'total').flatMap((c) => [t3('r1_new', c.key), t3('r3_1_grant', c.key)]);
    for (const k of blank) r.cells[k] = null;
    const f = of(run(r), 'R-TYPE-INT');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('error');
    expect(new Set(f[0]!.cells)).toEqual(new Set(blank));
    expect(f[0]!.message).toContain(`表三有${blank.length}个单元格未填`);
    // Arithmetic on the rows with blanks is skipped, not computed with 0.
    expect(of(run(r), 'R-T3-ROWSUM')).toEqual([]);
  });
  it('lists a whole empty report cell by cell, per table', () => {
    const r = seedReport();
    for (const k of CELL_KEYS) r.cells[k] = null;
    const f = of(run(r), 'R-TYPE-INT');
    expect(f.map((x) => x.cells.length)).toEqual([10, 175, 15]);
    expect(f.flatMap((x) => x.cells).sort()).toEqual([...CELL_KEYS].sort());
  });
  it('rejects negative and fractional counts, naming the value', () => {
    const r = seedReport();
    r.cells['t2.penalty.decisions'] = 2.5;
    r.cells['t4.review.upheld'] = -1;
    const f = of(run(r), 'R-TYPE-INT');
    expect(f.map((x) => x.cells)).toEqual([['t2.penalty.decisions'], ['t4.review.upheld']]);
    expect(f[0]!.message).toMatch(/2\.5.*不是整数/);
    expect(f[1]!.message).toMatch(/-1.*负数/);
  });
});

describe('R-TYPE-FEE', () => {
  it('accepts a decimal amount in 万元 up to 分', () => {
    const r = seedReport();
    r.cells['t2.fees.amountWanYuan'] = 24252.311082;
    expect(of(run(r), 'R-TYPE-FEE')).toEqual([]);
  });
  it('rejects a negative fee', () => {
    const r = seedReport();
    r.cells['t2.fees.amountWanYuan'] = -3;
    const f = of(run(r), 'R-TYPE-FEE');
    expect(f).toMatchObject([{ severity: 'error', cells: ['t2.fees.amountWanYuan'] }]);
    expect(f[0]!.message).toContain('-3');
  });
  it('warns when the prose gives the same figure in 元 (unit slip)', () => {
    const r = seedReport();
    r.cells['t2.fees.amountWanYuan'] = 1200;
    r.sections['s1.proactive'] += '全年收取行政事业性收费1200元。';
    const f = of(run(r), 'R-TYPE-FEE');
    expect(f).toMatchObject([{ severity: 'warning', cells: ['t2.fees.amountWanYuan'], sections: ['s1.proactive'] }]);
    expect(f[0]!.message).toContain('1200万元');
    expect(f[0]!.message).toContain('0.12万元');
  });
  it('warns about more decimals than 分', () => {
    const r = seedReport();
    r.cells['t2.fees.amountWanYuan'] = 0.12345678;
    const f = of(run(r), 'R-TYPE-FEE');
    expect(f).toMatchObject([{ severity: 'warning' }]);
    expect(f[0]!.message).toContain('0.12345678');
  });
});

describe('R-SEM-REG-LEVEL', () => {
  it('holds when 规章 is 0, and for a city government that makes 规章', () => {
    expect(of(run(seedReport()), 'R-SEM-REG-LEVEL')).toEqual([]);
    const city = seedReport();
    city.unit.type = 'city';
    city.cells['t2.regulations.issued'] = 2;
    city.cells['t2.regulations.valid'] = 2;
    expect(of(run(city), 'R-SEM-REG-LEVEL')).toEqual([]);
  });
  it('is an error for a township and a warning for a department', () => {
    const r = seedReport();
    r.cells['t2.regulations.issued'] = 2;
    r.cells['t2.regulations.valid'] = 3;
    const f = of(run(r), 'R-SEM-REG-LEVEL');
    expect(f).toMatchObject([{ severity: 'error', cells: ['t2.regulations.issued', 't2.regulations.valid'] }]);
    expect(f[0]!.message).toMatch(/本年制发件数2.*现行有效件数3/);
    r.unit.type = 'department';
    expect(of(run(r), 'R-SEM-REG-LEVEL')).toMatchObject([{ severity: 'warning' }]);
  });
});

describe('R-T3-BALANCE', () => {
  it('fails when 一+二 ≠ 三(七)+四, naming both sides and the difference', () => {
    const r = seedReport();
    r.cells['t3.r1_new.np'] = 3; // 3+0 vs 2+0
    r.cells = withDerived(r.cells);
    const f = of(run(r), 'R-T3-BALANCE');
    expect(f.map((x) => x.severity)).toEqual(['error', 'error']);
    expect(f[0]!.cells).toEqual(['t3.r1_new.np', 't3.r2_carryIn.np', 't3.r3_7_total.np', 't3.r4_carryOut.np']);
    expect(f[1]!.message).toBe('表三「总计」列：一+二=3+0=3，三(七)+四=2+0=2，相差1');
  });
  it('holds when the carry-out balances it', () => {
    const r = seedReport();
    r.cells['t3.r1_new.np'] = 3;
    r.cells['t3.r4_carryOut.np'] = 1;
    r.cells = withDerived(r.cells);
    expect(of(run(r), 'R-T3-BALANCE')).toEqual([]);
  });
});

describe('R-T3-TOTAL7', () => {
  it('fails when a printed (七)总计 disagrees with its 21 parts', () => {
    const r = seedReport();
    r.cells['t3.r3_7_total.np'] = 3;
    const f = of(run(r), 'R-T3-TOTAL7');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('error');
    expect(f[0]!.cells).toEqual(['t3.r3_7_total.np', 't3.r3_3_1_stateSecret.np', 't3.r3_3_4_thirdParty.np']);
    expect(f[0]!.message).toBe('表三「自然人」列：（七）总计填的是3，（一）至（六）各项之和是2，相差1');
  });
  it('holds on derived sums, and is skipped while a leaf is 未填', () => {
    const r = seedReport();
    expect(of(run(r), 'R-T3-TOTAL7')).toEqual([]);
    r.cells['t3.r3_6_3_other.np'] = null;
    r.cells['t3.r3_7_total.np'] = 99;
    expect(of(run(r), 'R-T3-TOTAL7')).toEqual([]);
  });
});

describe('R-T3-ROWSUM', () => {
  it('fails when a printed row total disagrees with the six columns, naming both', () => {
    const r = seedReport();
    r.cells['t3.r1_new.biz'] = 1; // total stays 2 as printed
    const f = of(run(r), 'R-T3-ROWSUM');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('error');
    expect(f[0]!.cells[0]).toBe('t3.r1_new.total');
    expect(f[0]!.cells).toContain('t3.r1_new.biz');
    expect(f[0]!.message).toBe('表三「一、本年新收政府信息公开申请数量」：总计填的是2，自然人与法人或其他组织各列之和是3，相差1');
  });
  it('holds after withDerived', () => {
    const r = seedReport();
    r.cells['t3.r1_new.biz'] = 1;
    r.cells = withDerived(r.cells);
    expect(of(run(r), 'R-T3-ROWSUM')).toEqual([]);
  });
});

describe('R-T4-SUM', () => {
  it('fails when a 表四 total disagrees with its four parts', () => {
    const r = seedReport();
    r.cells['t4.litDirect.corrected'] = 2;
    r.cells['t4.litDirect.pending'] = 1;
    const f = of(run(r), 'R-T4-SUM');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      severity: 'error',
      cells: ['t4.litDirect.total', 't4.litDirect.upheld', 't4.litDirect.corrected', 't4.litDirect.other', 't4.litDirect.pending'],
    });
    expect(f[0]!.message).toBe('表四「行政诉讼·未经复议直接起诉」：总计填的是0，维持+纠正+其他+尚未审结=0+2+0+1=3，相差3');
  });
  it('holds after withDerived', () => {
    const r = seedReport();
    r.cells['t4.litDirect.corrected'] = 2;
    r.cells = withDerived(r.cells);
    expect(of(run(r), 'R-T4-SUM')).toEqual([]);
  });
});

describe('R-X-CARRY', () => {
  it('holds when 上年结转 equals last year\'s 结转下年度', () => {
    expect(of(run(seedReport(), { previous: previousOfSeed() }), 'R-X-CARRY')).toEqual([]);
  });
  it('fails per column, naming both years\' numbers', () => {
    const prev = previousOfSeed();
    prev.cells['t3.r4_carryOut.np'] = 2;
    prev.cells = withDerived(prev.cells);
    const f = of(run(seedReport(), { previous: prev }), 'R-X-CARRY');
    expect(f.map((x) => x.cells)).toEqual([['t3.r2_carryIn.np'], ['t3.r2_carryIn.total']]);
    expect(f[0]!.severity).toBe('error');
    expect(f[0]!.message).toBe('表三「自然人」列：本年“二、上年结转”是0，2022年报告“四、结转下年度继续办理”是2，相差2');
  });
  it('says so instead of comparing with a report of the wrong year', () => {
    const prev = previousOfSeed();
    prev.year = 2020;
    const f = run(seedReport(), { previous: prev });
    expect(of(f, 'R-X-CARRY')).toMatchObject([{ severity: 'info' }]);
    expect(f.filter((x) => x.rule.startsWith('R-X-') && x.severity !== 'info')).toEqual([]);
  });
});

describe('R-X-VALID', () => {
  it('holds when 现行有效 = 上年现行有效 + 制发 − 废止', () => {
    const prev = previousOfSeed();
    prev.cells['t2.normativeDocs.valid'] = 10;
    const r = seedReport();
    r.cells['t2.normativeDocs.issued'] = 3;
    r.cells['t2.normativeDocs.repealed'] = 1;
    r.cells['t2.normativeDocs.valid'] = 12;
    expect(of(run(r, { previous: prev }), 'R-X-VALID')).toEqual([]);
  });
  it('warns with the computed number otherwise', () => {
    const prev = previousOfSeed();
    prev.cells['t2.normativeDocs.valid'] = 10;
    const r = seedReport();
    r.cells['t2.normativeDocs.issued'] = 3;
    r.cells['t2.normativeDocs.repealed'] = 1;
    r.cells['t2.normativeDocs.valid'] = 9;
    const f = of(run(r, { previous: prev }), 'R-X-VALID');
    expect(f).toMatchObject([
      { severity: 'warning', cells: ['t2.normativeDocs.valid', 't2.normativeDocs.issued', 't2.normativeDocs.repealed'] },
    ]);
    expect(f[0]!.message).toContain('现行有效9件，但2022年现行有效10+本年制发3−本年废止1=12件，相差3');
  });
});

describe('R-X-JUMP', () => {
  it('ignores small numbers and ordinary changes', () => {
    const prev = previousOfSeed();
    prev.cells['t2.penalty.decisions'] = 5; // 5 → 22 is 4.4×: below the 5× threshold
    expect(of(run(seedReport(), { previous: prev }), 'R-X-JUMP')).toEqual([]);
  });
  it('notes a more than fivefold change', () => {
    const prev = previousOfSeed();
    prev.cells['t2.penalty.decisions'] = 200;
    const f = of(run(seedReport(), { previous: prev }), 'R-X-JUMP');
    expect(f).toMatchObject([{ severity: 'info', cells: ['t2.penalty.decisions'] }]);
    expect(f[0]!.message).toBe('表二行政处罚处理决定数：本年22，2022年200，是上年的0.11倍，变化较大，请核对');
  });
});

describe('R-X-DUP', () => {
  it('holds for last year\'s text that was rewritten', () => {
    const prev = previousOfSeed();
    prev.sections.s5 = '本年度政府信息公开工作仍有不足：网站栏目更新不及时，部分村级公开栏内容陈旧，群众反映的问题回应较慢。下一步将建立栏目责任清单，每月检查一次，并对村干部开展专题培训。';
    expect(of(run(seedReport(), { previous: prev }), 'R-X-DUP')).toEqual([]);
  });
  it('warns with the % when 五 is last year\'s text with the year changed', () => {
    const prev = previousOfSeed();
    const r = seedReport();
    prev.sections.s5 = r.sections.s5.replace('一是统一思想', '一是统一认识');
    const f = of(run(r, { previous: prev }), 'R-X-DUP');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'warning', sections: ['s5'] });
    expect(f[0]!.message).toMatch(/^五、存在的主要问题及改进情况与2022年报告的相似度为(9\d|100)%/);
  });
  it('leaves a one-line 六 alone even when identical', () => {
    const prev = previousOfSeed();
    prev.sections.s6 = '2022 年未收取信息处理费。';
    expect(of(run(seedReport(), { previous: prev }), 'R-X-DUP')).toEqual([]);
  });
});
