// Every rule's `reads` declaration (what of the report it reads) is checked against what the
// rule really reads: the report is wrapped in a proxy that records each cell, the sections and
// every other field the check touches, on the real 下冶镇 report (with and without last year's,
// with broken sums, empty cells, moved deadlines). An undeclared read would let
// validateIncremental keep a stale finding after an edit, so this test fails on it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RULES } from '../../src/domain/validate.ts';
import { TYPED_CELL_KEYS, type CellKey } from '../../src/domain/format.ts';
import { withDerived, type Report } from '../../src/domain/report.ts';
import type { RuleReads } from '../../src/domain/rules/rule.ts';
import { seedReport } from './seed-report.ts';
import { reportArb } from '../support/random-report.ts';

interface Reads {
  cells: Set<string>;
  sections: boolean;
  meta: Set<string>;
}

function tracked(report: Report): { report: Report; reads: Reads } {
  const reads: Reads = { cells: new Set(), sections: false, meta: new Set() };
  const cells = new Proxy(report.cells, {
    get(t, k) {
      if (typeof k === 'string') reads.cells.add(k);
      return Reflect.get(t, k);
    },
    ownKeys(t) {
      for (const k of Reflect.ownKeys(t)) if (typeof k === 'string') reads.cells.add(k);
      return Reflect.ownKeys(t);
    },
  });
  const proxy = new Proxy(report, {
    get(t, k) {
      if (k === 'cells') return cells;
      if (k === 'sections') reads.sections = true;
      else if (typeof k === 'string') reads.meta.add(k);
      return Reflect.get(t, k);
    },
    ownKeys(t) {
      reads.sections = true;
      for (const k of Reflect.ownKeys(t)) if (typeof k === 'string' && k !== 'cells' && k !== 'sections') reads.meta.add(k);
      return Reflect.ownKeys(t);
    },
  });
  return { report: proxy, reads };
}

function undeclared(declared: RuleReads, reads: Reads): string[] {
  const out: string[] = [];
  for (const k of reads.cells) {
    if (declared.cells === 'all') continue;
    if (!declared.cells || !declared.cells(k as CellKey)) out.push(`cell ${k}`);
  }
  if (reads.sections && !declared.sections) out.push('sections');
  if (reads.meta.size && !declared.meta) out.push(`meta ${[...reads.meta].join(',')}`);
  return out;
}

function variants(): { report: Report; previous?: Report; today?: string }[] {
  const seed = seedReport();
  const previous = seedReport();
  previous.year = seed.year - 1;
  const broken = seedReport();
  for (const k of TYPED_CELL_KEYS.filter((_, i) => i % 7 === 0)) broken.cells[k] = (broken.cells[k] ?? 0) + 3;
  const empty = seedReport();
  for (const k of TYPED_CELL_KEYS.filter((_, i) => i % 3 === 0)) empty.cells[k] = null;
  const late = { ...seedReport(), publishedOn: `${seed.year + 1}-03-01` };
  const out: { report: Report; previous?: Report; today?: string }[] = [
    { report: seed },
    { report: seed, previous, today: `${seed.year + 1}-01-20` },
    { report: { ...broken, cells: broken.cells }, previous },
    { report: { ...broken, cells: withDerived(broken.cells) }, previous },
    { report: empty, previous, today: `${seed.year + 1}-02-20` },
    { report: late, previous },
  ];
  for (const r of fc.sample(reportArb, { seed: 11, numRuns: 20 })) out.push({ report: r, previous: seed, today: '2030-01-10' });
  return out;
}

describe('rule reads declarations', () => {
  it('every rule declares what it reads', () => {
    expect(RULES.filter((r) => !r.reads).map((r) => r.id)).toEqual([]);
  });
  for (const rule of RULES) {
    it(`${rule.id} reads only what it declares`, () => {
      for (const v of variants()) {
        const { report, reads } = tracked(v.report);
        rule.check({ report, ...(v.previous ? { previous: v.previous } : {}), ...(v.today ? { today: v.today } : {}) });
        expect(undeclared(rule.reads!, reads), rule.id).toEqual([]);
      }
    });
  }
});
