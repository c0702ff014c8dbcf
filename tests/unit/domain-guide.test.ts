// The 填报说明 content: every rule explained, every part of the format present with its labels
// taken from format.ts.
import { describe, expect, it } from 'vitest';
import { RULE_HELP, ruleAnchor } from '../../src/domain/rule-help.ts';
import { ARTICLE_50, GUIDE_PARTS, SYNC_HELP } from '../../src/domain/guide.ts';
import { RULES } from '../../src/domain/validate.ts';
import { HEADINGS, S1_PARTS, SECTION_BY_ID, T3_NOTE, T3_ROWS, T4_GROUPS } from '../../src/domain/format.ts';

describe('rule help', () => {
  it('explains every rule validate() runs, in Chinese, with a stable anchor', () => {
    for (const r of RULES) {
      expect((RULE_HELP[r.id].match(/[\u4e00-\u9fff]/g) ?? []).length, r.id).toBeGreaterThan(20);
    }
    expect(ruleAnchor('R-T3-BALANCE')).toBe('rule-R-T3-BALANCE');
    expect(new Set(Object.keys(RULE_HELP)).size).toBe(Object.keys(RULE_HELP).length);
  });
});

describe('guide parts', () => {
  it('one part per official heading, in order, with the labels of format.ts', () => {
    expect(GUIDE_PARTS.map((p) => p.heading)).toEqual([...HEADINGS]);
    expect(GUIDE_PARTS[0]!.items).toEqual(S1_PARTS.map((id) => SECTION_BY_ID[id].name));
    expect(GUIDE_PARTS[2]!.items).toEqual(expect.arrayContaining(T3_ROWS.map((r) => r.label)));
    expect(GUIDE_PARTS[2]!.official?.text).toBe(T3_NOTE);
    expect(GUIDE_PARTS[3]!.items).toEqual(expect.arrayContaining(T4_GROUPS.map((g) => g.label)));
    expect(GUIDE_PARTS[2]!.plain).toContain('共 144 格可填');
    expect(ARTICLE_50.text).toContain('工作考核、社会评议和责任追究结果情况');
    expect(SYNC_HELP.package).toMatch(/^同步包/);
  });
});
