// Which findings the editor shows while filling in, and where each prose finding is listed.
import { describe, expect, it } from 'vitest';
import { isFinishingStatus, placeBySection, shownFindings } from '../../src/state/finding-display.ts';
import { validate } from '../../src/domain/validate.ts';
import { CELL_KEYS } from '../../src/domain/format.ts';
import { emptyReport, withDerived } from '../../src/domain/report.ts';
import { seedReport } from './seed-report.ts';

const blank = () => emptyReport({ name: '下冶镇人民政府', type: 'township', year: 2023 });

describe('shownFindings', () => {
  it('an empty report while filling in: no error at all; when finishing: the 未填 and empty parts are errors', () => {
    const all = validate(blank(), { today: '2024-01-05' });
    expect(shownFindings(all, false)).toEqual([]);
    const finishing = shownFindings(all, true);
    expect(finishing).toBe(all);
    expect(finishing.filter((f) => f.severity === 'error').map((f) => f.rule)).toEqual(
      ['R-TYPE-INT', 'R-TYPE-INT', 'R-TYPE-INT', 'R-S1-PARTS', 'R-S5'],
    );
  });
  it('real inconsistencies are shown at every stage', () => {
    const r = seedReport();
    r.cells['t3.r1_new.np'] = r.cells['t3.r1_new.np']! + 2; // breaks the balance
    r.cells['t4.review.upheld'] = null; // and one cell left 未填
    const all = validate({ ...r, cells: withDerived(r.cells) });
    const filling = shownFindings(all, false);
    expect(filling.map((f) => f.rule)).toContain('R-T3-BALANCE');
    expect(filling.some((f) => f.unfinished)).toBe(false);
    expect(shownFindings(all, true).some((f) => f.rule === 'R-TYPE-INT')).toBe(true);
  });
  it('a draft is filling in; 送审 and 已发布 are finishing', () => {
    expect(isFinishingStatus('draft')).toBe(false);
    expect(isFinishingStatus('review')).toBe(true);
    expect(isFinishingStatus('published')).toBe(true);
  });
});

describe('placeBySection', () => {
  it('lists "一、总体情况缺少…" once, under the first part it names, not under all five', () => {
    const r = blank();
    for (const k of CELL_KEYS) r.cells[k] = 0;
    const all = validate(r);
    const missing = all.find((f) => f.rule === 'R-S1-PARTS' && f.severity === 'error')!;
    expect(missing.sections).toHaveLength(5);
    const placed = placeBySection(all);
    const where = [...placed].filter(([, list]) => list.includes(missing)).map(([id]) => id);
    expect(where).toEqual(['s1.proactive']);
    // Every prose finding is listed exactly once.
    const listed = [...placed.values()].flat();
    expect(listed.length).toBe(all.filter((f) => f.sections.length).length);
  });
  it('places by reading order, whatever order the finding names its sections in', () => {
    const f = { rule: 'R-TXT-NUM' as const, severity: 'error' as const, cells: [], sections: ['s6', 's1.request'] as ('s6' | 's1.request')[], message: 'x' };
    expect([...placeBySection([f]).keys()]).toEqual(['s1.request']);
  });
});
