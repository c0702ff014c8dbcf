// validateIncremental after each edit equals validate() of the edited report: random sequences
// of cell edits (typed cells, 未填, broken sums), prose replaced or cut, metadata changes, on the
// real 下冶镇 report with and without last year's. The seed is printed; FC_SEED replays it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RULES, validate, validateIncremental, type ReportTouch, type Validation } from '../../src/domain/validate.ts';
import { SECTION_IDS, TYPED_CELL_KEYS, type CellKey, type SectionId } from '../../src/domain/format.ts';
import { withDerived, type Report } from '../../src/domain/report.ts';
import { dependentSums } from '../../src/domain/derived.ts';
import { seedReport } from '../unit/seed-report.ts';

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const PINNED_SEEDS: readonly number[] = [];
console.log(`[validate-incremental] fast-check seed ${SEED} (replay: FC_SEED=${SEED})`);

type Edit =
  | { kind: 'cell'; key: CellKey; value: number | null }
  | { kind: 'section'; id: SectionId; from: SectionId; cut: number }
  | { kind: 'meta'; year: number; name: string };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('cell' as const), key: fc.constantFrom(...TYPED_CELL_KEYS), value: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 400 })) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('section' as const), id: fc.constantFrom(...SECTION_IDS), from: fc.constantFrom(...SECTION_IDS), cut: fc.integer({ min: 0, max: 400 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('meta' as const), year: fc.integer({ min: 2022, max: 2024 }), name: fc.constantFrom('下冶镇人民政府', '上冶镇人民政府') }) },
);

function apply(report: Report, e: Edit): { report: Report; touched: ReportTouch } {
  if (e.kind === 'cell') {
    const cells = withDerived({ ...report.cells, [e.key]: e.value });
    return { report: { ...report, cells }, touched: { cells: [e.key, ...dependentSums(e.key)], sections: false, meta: false } };
  }
  if (e.kind === 'section') {
    const text = report.sections[e.from].slice(e.cut);
    return { report: { ...report, sections: { ...report.sections, [e.id]: text } }, touched: { cells: [], sections: true, meta: false } };
  }
  return { report: { ...report, year: e.year, unit: { ...report.unit, name: e.name } }, touched: { cells: [], sections: false, meta: true } };
}

describe('validateIncremental', () => {
  it('equals validate() after every edit of a random sequence', () => {
    const base = seedReport();
    const previous = { ...seedReport(), year: base.year - 1 };
    for (const seed of [SEED, ...PINNED_SEEDS]) {
      fc.assert(
        fc.property(fc.array(editArb, { minLength: 1, maxLength: 25 }), fc.boolean(), (edits, withPrevious) => {
          const options = withPrevious ? { previous, today: `${base.year + 1}-01-20` } : {};
          let report = base;
          let v: Validation = validateIncremental(null, report, options, 'all');
          expect(v.findings).toEqual(validate(report, options));
          for (const e of edits) {
            const next = apply(report, e);
            report = next.report;
            v = validateIncremental(v, report, options, next.touched);
            expect(v.findings).toEqual(validate(report, options));
          }
        }),
        { seed, numRuns: 60 },
      );
    }
  });

  it('re-runs only the rules that read what a cell edit touched', () => {
    const report = seedReport();
    let v = validateIncremental(null, report, {}, 'all');
    const kept = v.byRule;
    const next = apply(report, { kind: 'cell', key: 't4.review.upheld', value: 9 });
    v = validateIncremental(v, next.report, {}, next.touched);
    const reused = RULES.filter((_, i) => v.byRule[i] === kept[i]).map((r) => r.id);
    expect(reused).toEqual(expect.arrayContaining(['R-T3-BALANCE', 'R-T3-ROWSUM', 'R-CITE', 'R-TXT-LINT', 'R-X-DUP', 'R-DEADLINE']));
    expect(reused).not.toContain('R-T4-SUM');
  });
});
