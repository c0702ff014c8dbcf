// Pasting a block copied from WPS/Excel with its label column(s), and where Enter goes after a
// run of Tabs (issue 15 items 2 and 3). Pure: the planner and the grid, no browser.
import { describe, expect, it } from 'vitest';
import { t3 } from '../../src/domain/format.ts';
import { planPaste } from '../../src/state/paste.ts';
import { TabRun, enterTarget } from '../../src/state/table-grid.ts';

describe('paste with the label column', () => {
  it('drops a matching label column, whatever its numbering, spaces and widths', () => {
    const text = '1、属于国家秘密\t1\t0\t0\t0\t0\t0\t1\n（2）其他法律行政法规 禁止公开\t2\t0\t0\t0\t0\t0\t2\n３.危及“三安全一稳定”\t0\t0\t0\t0\t0\t3\t3\n';
    const plan = planPaste(t3('r3_3_1_stateSecret', 'np'), text);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.entries[0]).toEqual([t3('r3_3_1_stateSecret', 'np'), 1]);
    expect(plan.entries.find(([k]) => k === t3('r3_3_2_lawForbidden', 'np'))?.[1]).toBe(2);
    expect(plan.entries.find(([k]) => k === t3('r3_3_3_threeSafety', 'otherOrg'))?.[1]).toBe(3);
    expect(plan.entries).toHaveLength(18);
    expect(plan.skippedDerived).toBe(3);
  });
  it('accepts the merged group labels WPS copies with the row (once, then empty)', () => {
    const text = '（三）不予公开\t1.属于国家秘密\t5\n\t2.其他法律行政法规禁止公开\t6\n';
    const plan = planPaste(t3('r3_3_1_stateSecret', 'np'), text);
    expect(plan.ok && plan.entries).toEqual([
      [t3('r3_3_1_stateSecret', 'np'), 5],
      [t3('r3_3_2_lawForbidden', 'np'), 6],
    ]);
  });
  it('drops the empty column a two-column label leaves', () => {
    const plan = planPaste(t3('r3_1_grant', 'np'), '（一）予以公开\t\t1\t2\t3\t4\t5\t6\t21\n');
    expect(plan.ok && plan.entries.map((e) => e[1])).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('refuses a block whose label names another row, saying which, and plans nothing', () => {
    const text = '1.属于国家秘密\t1\n3.危及“三安全一稳定”\t2\n';
    const plan = planPaste(t3('r3_3_1_stateSecret', 'np'), text);
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.error).toContain('第 2 行');
    expect(plan.error).toContain('3.危及“三安全一稳定”');
    expect(plan.error).toContain('2.其他法律行政法规禁止公开');
    expect(plan.error).toContain('未粘贴任何内容');
  });
  it('still refuses text that is no label where numbers are expected', () => {
    const plan = planPaste(t3('r1_new', 'biz'), '一、本年新收政府信息公开申请数量\t1');
    expect(plan.ok).toBe(false);
  });
});

describe('Enter after a run of Tabs', () => {
  it('returns to the column the run began in, on the next row she can type in', () => {
    const run = new TabRun();
    run.tab(t3('r3_6_3_other', 'biz'));
    run.tab(t3('r3_6_3_other', 'research'));
    // （七）总计 is computed: skipped.
    expect(run.enter(t3('r3_6_3_other', 'npo'))).toBe(t3('r4_carryOut', 'biz'));
    // The run ended: a plain Enter goes straight down (still skipping sums).
    expect(run.enter(t3('r3_6_3_other', 'npo'))).toBe(t3('r4_carryOut', 'npo'));
  });
  it('skips read-only cells going down and stops at the table edge', () => {
    expect(enterTarget(t3('r3_6_3_other', 'np'), null)).toBe(t3('r4_carryOut', 'np'));
    // A column of sums only: one row down, as before.
    expect(enterTarget(t3('r1_new', 'total'), null)).toBe(t3('r2_carryIn', 'total'));
    expect(enterTarget(t3('r4_carryOut', 'np'), null)).toBeNull();
    expect(enterTarget(t3('r4_carryOut', 'np'), null, true)).toBe(t3('r3_6_3_other', 'np'));
  });
});
