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
  it('does not change the report it checks (it runs on the live editor state)', () => {
    const deepFreeze = <T>(o: T): T => {
      for (const v of Object.values(o as object)) if (v && typeof v === 'object') deepFreeze(v);
      return Object.freeze(o);
    };
    const r = deepFreeze(seedReport());
    const prev = deepFreeze(previousOfSeed());
    expect(() => validate(r, { previous: prev, today: '2024-02-10' })).not.toThrow();
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
  it('lists a whole empty report cell by cell, per table — typeable cells only, as unfinished', () => {
    const r = seedReport();
    for (const k of CELL_KEYS) r.cells[k] = null;
    const f = of(run(r), 'R-TYPE-INT');
    // Derived sums are 未填 only through their parts; she cannot type them, so they are not
    // "left to fill" (the "表三有175个单元格未填" counted the 31 automatic totals).
    const typeable = (t: string) => TYPED_CELL_KEYS.filter((k) => k.startsWith(t + '.')).length;
    expect(f.map((x) => x.cells.length)).toEqual([typeable('t2'), typeable('t3'), typeable('t4')]);
    expect(f.map((x) => x.cells.length)).toEqual([10, 144, 12]);
    expect(f[1]!.message).toContain('表三有144个单元格未填');
    expect(f.flatMap((x) => x.cells).sort()).toEqual([...TYPED_CELL_KEYS].sort());
    expect(f.every((x) => x.unfinished === true && x.severity === 'error')).toBe(true);
  });
  it('marks as unfinished only what is not written yet, never a real inconsistency', () => {
    const blank = seedReport();
    for (const k of CELL_KEYS) blank.cells[k] = null;
    for (const id of Object.keys(blank.sections) as (keyof Report['sections'])[]) blank.sections[id] = '';
    const found = run(blank);
    const unfinished = found.filter((f) => f.unfinished).map((f) => `${f.rule}/${f.severity}`);
    expect(unfinished).toEqual([
      'R-TYPE-INT/error', 'R-TYPE-INT/error', 'R-TYPE-INT/error', 'R-S1-PARTS/error', 'R-S5/error',
      'R-S1-PARTS/warning', 'R-S6-FEE/warning',
    ]);
    // Everything an empty report says is "not written yet".
    expect(found.filter((f) => !f.unfinished)).toEqual([]);
    // What she wrote wrong stays a real finding: a bare “无”, a broken balance, a bad value.
    const wrong = seedReport();
    wrong.sections.s5 = '无';
    wrong.cells['t4.review.upheld'] = -1;
    wrong.cells[t3('r1_new', 'np')] = wrong.cells[t3('r1_new', 'np')]! + 1;
    const real = run({ ...wrong, cells: withDerived(wrong.cells) });
    expect(real.length).toBeGreaterThan(2);
    expect(real.filter((f) => f.unfinished)).toEqual([]);
    expect(real.map((f) => f.rule)).toEqual(expect.arrayContaining(['R-S5', 'R-TYPE-INT', 'R-T3-BALANCE']));
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
    expect(f[0]!.cells).toEqual(['t3.r3_7_total.np', ...T3_LEAF_ROWS.map((r) => `t3.${r}.np`)]);
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

describe('R-X-VALID without last year (spec §6 soft plausibility)', () => {
  it('notes 现行有效 below this year\'s 制发 when nothing was repealed', () => {
    const r = seedReport();
    r.cells['t2.normativeDocs.issued'] = 5;
    r.cells['t2.normativeDocs.valid'] = 3;
    const f = of(run(r), 'R-X-VALID');
    expect(f).toMatchObject([{ severity: 'info', cells: ['t2.normativeDocs.valid', 't2.normativeDocs.issued', 't2.normativeDocs.repealed'] }]);
    expect(f[0]!.message).toBe('表二「行政规范性文件」：本年制发5件、未废止，现行有效却只有3件，请核对');
    r.cells['t2.normativeDocs.valid'] = 5;
    expect(of(run(r), 'R-X-VALID')).toEqual([]);
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

describe('R-TXT-NUM', () => {
  it('accepts 收到…申请N件 as 新收, or as 新收+上年结转', () => {
    const r = seedReport();
    expect(of(run(r), 'R-TXT-NUM')).toEqual([]); // "收到依申请公开 2 件" = 新收 2
    r.cells['t3.r2_carryIn.np'] = 1;
    r.cells['t3.r4_carryOut.np'] = 1;
    r.cells = withDerived(r.cells);
    r.sections['s1.request'] = '2023 年我镇收到依申请公开 3 件，已处理。';
    expect(of(run(r), 'R-TXT-NUM')).toEqual([]); // 新收 2 + 结转 1
  });
  it('is an error when neither reading matches, naming the prose and both table numbers', () => {
    const r = seedReport();
    r.sections['s1.request'] = '2023 年我镇收到依申请公开 5 件，已处理。';
    const f = of(run(r), 'R-TXT-NUM');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', sections: ['s1.request'], cells: ['t3.r1_new.total', 't3.r2_carryIn.total'] });
    expect(f[0]!.message).toBe('正文写“2023 年我镇收到依申请公开 5 件”（5），表三新收申请数是2，表三新收加上年结转是2，不一致');
  });
  it('checks each result category, 办结 and 结转 against the table', () => {
    const r = seedReport();
    r.sections['s1.request'] = '全年共受理政府信息公开申请2件，其中予以公开1件，不予公开1件。已办结2件，结转下年度0件。';
    const f = of(run(r), 'R-TXT-NUM');
    // The table: 予以公开 0, 不予公开 1+1 = 2; 收到 2, 办结 2 and 结转 0 agree.
    expect(f.map((x) => x.severity)).toEqual(['error', 'error']);
    expect(f[0]!.message).toBe('正文写“其中予以公开1件”（1），表三予以公开是0，不一致');
    expect(f[0]!.cells).toEqual(['t3.r3_1_grant.total']);
    expect(f[1]!.message).toContain('表三不予公开各项合计是2');
  });
  it('sums the 不予公开 sub-rows', () => {
    const r = seedReport();
    r.sections['s1.request'] = '不予公开2件。';
    expect(of(run(r), 'R-TXT-NUM')).toEqual([]);
    r.sections['s1.request'] = '不予公开3件。';
    const f = of(run(r), 'R-TXT-NUM');
    expect(f[0]!.message).toContain('表三不予公开各项合计是2');
    expect(f[0]!.cells).toHaveLength(8);
  });
  it('reads 行政处罚 against 表二, and 未发生行政复议 as 0', () => {
    const r = seedReport();
    r.sections['s1.oversight'] += '全年作出行政处罚决定22件，未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。';
    expect(of(run(r), 'R-TXT-NUM')).toEqual([]);
    r.cells['t4.review.upheld'] = 1;
    r.cells = withDerived(r.cells);
    const f = of(run(r), 'R-TXT-NUM');
    expect(f).toMatchObject([{ severity: 'error', cells: ['t4.review.total'], sections: ['s1.oversight'] }]);
    expect(f[0]!.message).toContain('表四行政复议总计是1');
  });
  it('is only a warning when a scope word (备案/涉及/累计) differs', () => {
    const r = seedReport();
    r.sections['s1.proactive'] += '全年备案行政处罚案件30件。';
    const f = of(run(r), 'R-TXT-NUM');
    expect(f).toMatchObject([{ severity: 'warning', cells: ['t2.penalty.decisions'] }]);
    expect(f[0]!.message).toContain('（30），表二行政处罚处理决定数是22');
    expect(f[0]!.message).toContain('“备案”');
  });
  it('does not read approximations or year-on-year changes as counts', () => {
    const r = seedReport();
    r.sections['s1.proactive'] += '受理申请较上年增加5件，办理行政处罚案件20余件。';
    expect(of(run(r), 'R-TXT-NUM')).toEqual([]);
  });
  it('skips quantities whose table cells are 未填', () => {
    const r = seedReport();
    r.cells['t2.penalty.decisions'] = null;
    r.sections['s1.proactive'] += '作出行政处罚决定30件。';
    expect(of(run(r), 'R-TXT-NUM')).toEqual([]);
  });
});

describe('R-CITE', () => {
  it('holds for the current citations', () => {
    const r = seedReport();
    r.sections.preamble = '本报告根据《中华人民共和国政府信息公开条例》（国务院令第711号）和国办公开办函〔2021〕30号的要求编制。';
    expect(of(run(r), 'R-CITE')).toEqual([]);
  });
  it('fails on the 2007 条例 and the 2019 format notice', () => {
    const r = seedReport();
    r.sections.preamble = '根据《中华人民共和国政府信息公开条例》（国务院令第492号）和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式（试行）〉的通知》（国办公开办函[2019]60号）编制。';
    const f = of(run(r), 'R-CITE');
    expect(f.map((x) => x.severity)).toEqual(['error', 'error']);
    expect(f[0]!.message).toContain('国务院令第492号');
    expect(f[0]!.message).toContain('第711号');
    expect(f[1]!.message).toContain('国办公开办函[2019]60号');
    expect(f[1]!.sections).toEqual(['preamble']);
  });
});

describe('R-CITE on the 2019 format by name', () => {
  it('fails on 《…年度报告格式（试行）》 (as 平潭 2021 printed it)', () => {
    const r = seedReport();
    r.sections.preamble = '本报告根据《中华人民共和国政府信息公开条例》《中华人民共和国政府信息公开工作年度报告格式（试行）》规定编制。';
    const f = of(run(r), 'R-CITE');
    expect(f).toMatchObject([{ severity: 'error', sections: ['preamble'] }]);
    expect(f[0]!.message).toContain('年度报告格式（试行）');
    expect(f[0]!.message).toContain('国办公开办函〔2021〕30号');
  });
});

describe('R-TITLE', () => {
  it('holds for the seed title (spaces allowed)', () => {
    expect(of(run(seedReport()), 'R-TITLE')).toEqual([]);
  });
  it('names what the title lacks', () => {
    const r = seedReport();
    r.title = '下冶镇政府信息公开年度报告';
    const f = of(run(r), 'R-TITLE');
    expect(f).toMatchObject([{ severity: 'warning' }]);
    expect(f[0]!.message).toContain('单位全称“下冶镇人民政府”');
    expect(f[0]!.message).toContain('报告年度“2023年”');
    expect(f[0]!.message).toContain('“政府信息公开工作年度报告”');
  });
});

describe('R-TXT-YEAR', () => {
  it('allows other years in mid-sentence, and next year\'s plans in 五', () => {
    const r = seedReport();
    r.sections['s1.intro'] += '自2019年起，我镇持续推进政务公开。';
    r.sections.s5 += '2024年，我镇将进一步完善公开制度。';
    r.sections.preamble = '本报告所列数据统计期限自2023年1月1日起至2023年12月31日止。本报告于2024年1月发布。';
    expect(of(run(r), 'R-TXT-YEAR')).toEqual([]);
  });
  it('flags a stale title year, statistics period and sentence-opening year', () => {
    const r = seedReport();
    r.title = '下冶镇人民政府2022年政府信息公开工作年度报告';
    r.sections.preamble = '本报告所列数据统计时限为2022年1月1日至2022年12月31日。';
    r.sections['s1.request'] = '2022 年我镇收到依申请公开 2 件，已处理。';
    const f = of(run(r), 'R-TXT-YEAR');
    expect(f.map((x) => x.severity)).toEqual(['warning', 'warning', 'warning']);
    expect(f.map((x) => x.sections)).toEqual([[], ['preamble'], ['s1.request']]);
    for (const x of f) expect(x.message).toContain('2022年，报告年度是2023年');
  });
});

describe('R-TXT-YEAR statistics period', () => {
  it('holds the period to the report year even where year+1 is allowed (preamble)', () => {
    const r = seedReport();
    r.sections.preamble = '本报告所列数据统计时限为2024年1月1日至2024年12月31日。';
    const f = of(run(r), 'R-TXT-YEAR');
    expect(f).toMatchObject([{ severity: 'warning', sections: ['preamble'] }]);
    expect(f[0]!.message).toBe('前言的统计期限写的是2024年，报告年度是2023年，是否沿用了其他年度的文字？');
  });
});

describe('R-TXT-NAME', () => {
  it('does not mistake 我镇/各乡镇/the county for another unit', () => {
    const r = seedReport();
    r.sections['s1.intro'] += '按照县人民政府和各乡镇人民政府的统一部署，我镇人民政府认真落实。';
    expect(of(run(r), 'R-TXT-NAME')).toEqual([]);
  });
  it('accepts the unit\'s name without its county prefix', () => {
    const r = seedReport();
    r.unit.name = '济源市下冶镇人民政府';
    r.title = '济源市下冶镇人民政府2023年政府信息公开工作年度报告';
    expect(of(run(r), 'R-TXT-NAME')).toEqual([]); // the body says 下冶镇人民政府
  });
  it('flags another township\'s name left in copied text', () => {
    const r = seedReport();
    r.sections['s1.platform'] = '依托城关镇人民政府网站开展政府信息公开工作。';
    const f = of(run(r), 'R-TXT-NAME');
    expect(f).toMatchObject([{ severity: 'warning', sections: ['s1.platform'] }]);
    expect(f[0]!.message).toContain('城关镇人民政府');
    expect(f[0]!.message).toContain('下冶镇人民政府');
  });
});

describe('R-TXT-PARTS', () => {
  it('holds when the preamble lists all six parts (or lists none)', () => {
    const r = seedReport();
    r.sections.preamble = '全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。';
    expect(of(run(r), 'R-TXT-PARTS')).toEqual([]);
  });
  it('names the missing parts of a partial list', () => {
    const r = seedReport();
    r.sections.preamble = '全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、存在的主要问题及改进情况。';
    const f = of(run(r), 'R-TXT-PARTS');
    expect(f).toMatchObject([{ severity: 'warning', sections: ['preamble'] }]);
    expect(f[0]!.message).toBe('前言列举了报告的4个部分，缺少：政府信息公开行政复议、行政诉讼情况、其他需要报告的事项');
  });
});

describe('R-S1-PARTS', () => {
  it('is an error when an aspect of 一、总体情况 is empty', () => {
    const r = seedReport();
    r.sections['s1.platform'] = '';
    const f = of(run(r), 'R-S1-PARTS');
    expect(f).toMatchObject([{ severity: 'error', sections: ['s1.platform'] }]);
    expect(f[0]!.message).toContain('（四）政府信息公开平台建设');
  });
  it('asks a people\'s government for 考核/社会评议/责任追究, not a department', () => {
    const r = seedReport();
    r.sections['s1.oversight'] = '积极畅通渠道，广泛接受社会监督。';
    const f = of(run(r), 'R-S1-PARTS');
    expect(f).toMatchObject([{ severity: 'warning', sections: ['s1.oversight'] }]);
    expect(f[0]!.message).toContain('工作考核、社会评议、责任追究');
    r.unit.type = 'department';
    expect(of(run(r), 'R-S1-PARTS')).toEqual([]);
  });
});

describe('R-S5', () => {
  it('is an error when 五 is empty or just 无', () => {
    for (const text of ['', '无。']) {
      const r = seedReport();
      r.sections.s5 = text;
      expect(of(run(r), 'R-S5')).toMatchObject([{ severity: 'error', sections: ['s5'] }]);
    }
  });
  it('warns when 五 names no measure', () => {
    const r = seedReport();
    r.sections.s5 = '我镇政府信息公开工作存在一些问题：信息发布不够及时，公开内容不够全面，群众知晓率偏低。';
    const f = of(run(r), 'R-S5');
    expect(f).toMatchObject([{ severity: 'warning' }]);
    expect(f[0]!.message).toContain('改进措施');
  });
});

describe('R-S6-FEE', () => {
  it('warns when 六 does not state the 信息处理费', () => {
    const r = seedReport();
    r.sections.s6 = '无其他需要报告的事项。';
    expect(of(run(r), 'R-S6-FEE')).toMatchObject([{ severity: 'warning', sections: ['s6'] }]);
  });
  it('accepts the ways real reports say nothing was collected', () => {
    for (const text of ['本年度没有产生信息公开处理费。', '2023年度，县发展和改革局政府信息公开未发生收费情况。', '本年度未收取信息处理费。']) {
      const r = seedReport();
      r.sections.s6 = text;
      expect(of(run(r), 'R-S6-FEE'), text).toEqual([]);
    }
  });
  it('warns when the fee is mentioned without saying whether it was collected', () => {
    const r = seedReport();
    r.sections.s6 = '严格执行《政府信息公开信息处理费管理办法》。';
    expect(of(run(r), 'R-S6-FEE')).toMatchObject([{ severity: 'warning', message: '六、其他需要报告的事项提到信息处理费，但没有写明是否收取或收取金额' }]);
  });
  it('accepts a stated amount whose items add up, and fails when they do not', () => {
    const r = seedReport();
    r.sections.s6 = '本年度共收取信息处理费150元，其中按件计收50元、按量计收100元。';
    expect(of(run(r), 'R-S6-FEE')).toEqual([]);
    r.sections.s6 = '本年度共收取信息处理费150元，其中按件计收50元、按量计收80元。';
    const f = of(run(r), 'R-S6-FEE');
    expect(f).toMatchObject([{ severity: 'error', sections: ['s6'] }]);
    expect(f[0]!.message).toBe('信息处理费合计写的是150元，分项50+80=130元，相差20元');
  });
  it('prompts to mention fee notices when 表三 has 逾期未缴费 cases', () => {
    const r = seedReport();
    r.cells['t3.r3_6_2_noFee.np'] = 1;
    r.cells['t3.r3_3_1_stateSecret.np'] = 0;
    r.cells = withDerived(r.cells);
    const f = of(run(r), 'R-S6-FEE');
    expect(f).toMatchObject([{ severity: 'info', cells: ['t3.r3_6_2_noFee.total'] }]);
    expect(f[0]!.message).toContain('有1件');
  });
});

describe('R-TXT-LINT', () => {
  it('accepts restarting 一是 lists (the seed\'s 五 has two)', () => {
    expect(of(run(seedReport()), 'R-TXT-LINT')).toEqual([]);
  });
  it('notes skipped or repeated 一是/二是 and 的的', () => {
    const r = seedReport();
    r.sections['s1.oversight'] = '一是落实考核制度；三是完善社会评议；三是强化责任追究。工作的的成效明显。';
    const f = of(run(r), 'R-TXT-LINT');
    expect(f.map((x) => x.severity)).toEqual(['info', 'info', 'info']);
    expect(f.map((x) => x.message)).toEqual([
      '（五）监督保障“一是”之后是“三是”，序号跳号',
      '（五）监督保障“三是”之后是“三是”，序号重复',
      '（五）监督保障有重复的“的的”',
    ]);
  });
});

describe('R-DEADLINE', () => {
  it('holds before the default deadline (1月31日 of year+1) and when published on time', () => {
    const r = seedReport();
    expect(of(run(r, { today: '2024-01-10' }), 'R-DEADLINE')).toEqual([]);
    r.publishedOn = '2024-01-31';
    expect(of(run(r, { today: '2024-03-01' }), 'R-DEADLINE')).toEqual([]);
  });
  it('is an error when published late or still unpublished after the deadline', () => {
    const r = seedReport();
    r.publishedOn = '2024-02-03';
    expect(of(run(r), 'R-DEADLINE')).toMatchObject([{ severity: 'error', message: '报告于2024年2月3日发布，晚于截止日期2024年1月31日3天' }]);
    delete r.publishedOn;
    expect(of(run(r, { today: '2024-02-10' }), 'R-DEADLINE')[0]!.message).toBe('截止日期2024年1月31日已过10天，报告尚未发布');
  });
  it('uses the publication record of the status log: its date, or no "尚未发布" when 已发布 without a date', () => {
    const r = seedReport();
    expect(of(run(r, { today: '2024-03-01', publication: {} }), 'R-DEADLINE')).toEqual([]);
    expect(of(run(r, { today: '2024-03-01', publication: { on: '2024-02-05', url: 'https://x.gov.cn/a' } }), 'R-DEADLINE')).toMatchObject([
      { severity: 'error', message: '报告于2024年2月5日发布，晚于截止日期2024年1月31日5天' },
    ]);
  });
  it('uses the organisation\'s own deadline and reminds a week ahead', () => {
    const r = seedReport();
    r.deadline = '2024-01-26';
    expect(of(run(r, { today: '2024-01-20' }), 'R-DEADLINE')).toMatchObject([
      { severity: 'info', message: '距发布截止日期2024年1月26日还有6天' },
    ]);
    expect(of(run(r, { today: '2024-01-27' }), 'R-DEADLINE')).toMatchObject([{ severity: 'error' }]);
  });
});

describe('R-LBL (labelFindings)', () => {
  it('accepts labels that differ only in bracket width and spaces', () => {
    expect(labelFindings('(一) 予以公开', '（一）予以公开', '表三第6行')).toEqual([]);
  });
  it('warns on a different label, naming both', () => {
    const f = labelFindings('规范性文件', '行政规范性文件', '表二第4行');
    expect(f).toMatchObject([{ rule: 'R-LBL', severity: 'warning' }]);
    expect(f[0]!.message).toBe('表二第4行：写的是“规范性文件”，2021年版格式为“行政规范性文件”');
    expect(labelFindings('四、政府信息公开行政法复议、行政诉讼情况', '四、政府信息公开行政复议、行政诉讼情况', '标题')).toHaveLength(1);
  });
});

describe('R-FMT-VERSION (formatVersionFindings)', () => {
  it('finds nothing in the 2021 labels', async () => {
    const { TABLE_LAYOUTS, isValueCell } = await import('../../src/domain/format.ts');
    const labels = Object.values(TABLE_LAYOUTS).flatMap((l) => l.rows.flat().filter((c) => !isValueCell(c)).map((c) => (c as { label: string }).label));
    expect(formatVersionFindings(labels)).toEqual([]);
  });
  it('recognises the 2019 format in the old fixture, incl. the single-row （六）其他处理', async () => {
    const { readFileSync } = await import('node:fs');
    const html = readFileSync(new URL('../fixtures/pingtan-jinjing-2020-old-format.html', import.meta.url), 'utf8');
    const texts = html.replace(/<[^>]+>/g, '\n').split('\n').map((s) => s.replace(/&nbsp;/g, ' ').trim()).filter(Boolean);
    const f = formatVersionFindings(texts);
    expect(f).toMatchObject([{ rule: 'R-FMT-VERSION', severity: 'error' }]);
    for (const m of ['本年新制作数量', '对外公开总数量', '其他对外管理服务事项', '政府集中采购', '只有一行的“（六）其他处理”']) {
      expect(f[0]!.message).toContain(m);
    }
  });
});
