import { describe, expect, it } from 'vitest';
import { DERIVED_CELL_KEYS, FEE_CELL, TYPED_CELL_KEYS, CELL_KEYS, t3 } from '../../src/domain/format.ts';
import { parseCellInput } from '../../src/state/cell-input.ts';
import { GRIDS, neighbour } from '../../src/state/table-grid.ts';
import { planPaste } from '../../src/state/paste.ts';

describe('cell input', () => {
  const k = t3('r1_new', 'np');
  it('accepts integers ≥ 0, full-width digits and separators; empty is 未填', () => {
    expect(parseCellInput(k, '12')).toEqual({ ok: true, value: 12 });
    expect(parseCellInput(k, '１２')).toEqual({ ok: true, value: 12 });
    expect(parseCellInput(k, ' 1,234 ')).toEqual({ ok: true, value: 1234 });
    expect(parseCellInput(k, '')).toEqual({ ok: true, value: null });
    expect(parseCellInput(k, '0')).toEqual({ ok: true, value: 0 });
  });
  it('refuses negatives, decimals and words with a Chinese reason', () => {
    for (const bad of ['-1', '1.5', '两', '3件', '1e3']) {
      const r = parseCellInput(k, bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/[\u4e00-\u9fff]/);
    }
  });
  it('takes decimal 万元 for the fee cell only, and refuses typing into sums', () => {
    expect(parseCellInput(FEE_CELL, '0.35')).toEqual({ ok: true, value: 0.35 });
    expect(parseCellInput(FEE_CELL, '-0.1').ok).toBe(false);
    expect(parseCellInput(DERIVED_CELL_KEYS[0]!, '1').ok).toBe(false);
  });
});

describe('table grid', () => {
  it('holds every one of the 200 cells exactly once', () => {
    const all = [...GRIDS.t2, ...GRIDS.t3, ...GRIDS.t4].flat();
    expect(all.length).toBe(200);
    expect(new Set(all)).toEqual(new Set(CELL_KEYS));
    expect(GRIDS.t3.length).toBe(25);
    expect(GRIDS.t3.every((r) => r.length === 7)).toBe(true);
  });
  it('moves like a spreadsheet and stops at the edges', () => {
    expect(neighbour(t3('r1_new', 'np'), 'down')).toBe(t3('r2_carryIn', 'np'));
    expect(neighbour(t3('r1_new', 'np'), 'right')).toBe(t3('r1_new', 'biz'));
    expect(neighbour(t3('r1_new', 'np'), 'up')).toBeNull();
    expect(neighbour(t3('r1_new', 'total'), 'right')).toBe(t3('r2_carryIn', 'np'));
    expect(neighbour(t3('r4_carryOut', 'total'), 'down')).toBeNull();
    // From a 3-column row of 表二 down into a 1-column row: clamps to the last column.
    expect(neighbour('t2.normativeDocs.valid', 'down')).toBe('t2.license.decisions');
  });
});

describe('paste planning', () => {
  it('fills a row from the focused cell, skipping the computed total', () => {
    const plan = planPaste(t3('r1_new', 'np'), '3\t1\t0\t0\t0\t0\t4\r\n');
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.entries).toEqual([
      [t3('r1_new', 'np'), 3],
      [t3('r1_new', 'biz'), 1],
      [t3('r1_new', 'research'), 0],
      [t3('r1_new', 'npo'), 0],
      [t3('r1_new', 'legal'), 0],
      [t3('r1_new', 'otherOrg'), 0],
    ]);
    expect(plan.skippedDerived).toBe(1);
  });
  it('fills a block of several rows', () => {
    const plan = planPaste(t3('r1_new', 'np'), '1\t2\n3\t4\n');
    expect(plan.ok && plan.entries.map((e) => e[1])).toEqual([1, 2, 3, 4]);
    expect(plan.ok && plan.entries[2]![0]).toBe(t3('r2_carryIn', 'np'));
  });
  it('refuses the whole paste when one value is bad or it overflows', () => {
    const bad = planPaste(t3('r1_new', 'np'), '1\t2\n3\tx\n');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/商业企业.*未粘贴任何内容/);
    expect(planPaste(t3('r1_new', 'total'), '1\t2').ok).toBe(false);
    expect(planPaste(t3('r4_carryOut', 'np'), '1\n2').ok).toBe(false);
    expect(TYPED_CELL_KEYS.length).toBe(200 - DERIVED_CELL_KEYS.length);
  });
});

