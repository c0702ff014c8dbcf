// 按表格生成 and 雷同 marks (issue 14), the pure parts: phrasings from the tables (zeros in words
// or left out, 万元, totals), refusal while a needed cell is 未填, and which sentences count as
// carried over from last year.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractNumbers } from '../../src/domain/prose.ts';
import { parseReportJSON, withDerived, type Report } from '../../src/domain/report.ts';
import { carriedOver, similarityByPart } from '../../src/domain/writing/carried-over.ts';
import { generateParagraphs, selfReference } from '../../src/domain/writing/generate.ts';

function fixture(): Report {
  const r = parseReportJSON(readFileSync(new URL('../../../shared/fixtures/xiaye-town-2023.expected.json', import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}
const texts = (r: Report, id: 's1.proactive' | 's1.request') => {
  const g = generateParagraphs(r, id);
  if (!g.ok) throw new Error(g.error);
  return Object.fromEntries(g.phrasings.map((p) => [p.id, p.text]));
};

describe('按表格生成', () => {
  it('一（一） from 表二 of 下冶镇 2023: every row in the full phrasing, only 22 处罚 in the brief one', () => {
    const t = texts(fixture(), 's1.proactive');
    expect(t['proactive-full']).toContain('作出行政处罚处理决定22件');
    expect(t['proactive-full']).toContain('行政事业性收费金额0万元');
    expect(t['proactive-brief']).toBe('2023年，我镇依托政府网站等平台主动公开政府信息。本年未制发、废止行政规范性文件；作出行政处罚处理决定22件；未收取行政事业性收费。');
  });

  it('一（二） from 表三 and 表四: totals and 万元 right, 0 复议/诉讼 said as 未发生', () => {
    const r = fixture();
    const t = texts(r, 's1.request');
    expect(t['request-full']).toMatch(/^2023年，我镇共收到政府信息公开申请2件，其中自然人申请2件，法人或其他组织申请0件/);
    expect(t['request-full']).toContain('未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。');
    const cells = withDerived({ ...r.cells, 't4.review.upheld': 3, 't4.litAfterReview.pending': 1 });
    const t2 = texts({ ...r, cells }, 's1.request');
    expect(t2['review-only']).toBe('因政府信息公开被申请行政复议3件；因政府信息公开被提起行政诉讼1件。');
    expect(extractNumbers(t2['review-only']!).map((p) => `${p.quantity}=${p.value}`)).toEqual(['review=3', 'litigation=1']);
  });

  it('a fee with decimals is written in 万元 as typed', () => {
    const r = fixture();
    const t = texts({ ...r, cells: { ...r.cells, 't2.fees.amountWanYuan': 0.0125 } }, 's1.proactive');
    expect(t['proactive-full']).toContain('行政事业性收费金额0.0125万元');
  });

  it('refuses, saying why, while a cell it needs is 未填; parts without a table offer nothing', () => {
    const r = fixture();
    const g = generateParagraphs({ ...r, cells: { ...r.cells, 't3.r1_new.np': null } }, 's1.request');
    expect(g).toEqual({ ok: false, error: expect.stringMatching(/^表三还有1个未填的单元格/) });
    expect(generateParagraphs(r, 's5').ok).toBe(false);
  });

  it('the unit speaks of itself as 我镇 / 我局 / 我街道', () => {
    expect(selfReference('下冶镇人民政府')).toBe('我镇');
    expect(selfReference('沭阳县发展和改革局')).toBe('我局');
    expect(selfReference('某某街道办事处')).toBe('我街道');
    expect(selfReference('沭阳县人民政府')).toBe('我县');
  });
});

describe('雷同 marks', () => {
  const last = ['2022年，我镇进一步加强组织领导，明确责任分工。全年收到申请3件。'];
  it('marks a sentence carried over with only its numbers changed, not a rewritten one', () => {
    const now = '2023年，我镇进一步加强组织领导，明确责任分工。全年新收申请5件，全部办结。';
    const spans = carriedOver(now, last);
    expect(spans.map((s) => now.slice(s.start, s.end))).toEqual(['2023年，我镇进一步加强组织领导，明确责任分工。']);
    expect(carriedOver('2023年，我镇持续加强组织领导，明确责任分工。', last)).toEqual([]);
  });
  it('short sentences never count; similarity per part is given for parts written this year', () => {
    expect(carriedOver('无。', ['无。'])).toEqual([]);
    const r = fixture();
    const last = { ...r, sections: { ...r.sections, 's1.intro': '我镇进一步加强组织领导，明确责任分工。', s5: '公开内容不够全面，将进一步完善。' } };
    const now = { ...r, sections: { ...r.sections, 's1.intro': '我镇进一步加强组织领导，明确责任分工。', s6: '本年度未收取信息处理费。' } };
    expect(similarityByPart(now, last)).toEqual([
      { name: '一、总体情况', percent: 100 },
      { name: '六、其他需要报告的事项', percent: 0 },
    ]);
  });
});
