// fast-check arbitraries for *consistent* reports, for anyone who needs data that satisfies the
// format's arithmetic: random typed cells (mostly small, many zeros, like real offices), derived
// sums via withDerived, and r4 (结转下年度) chosen per column so 一+二=三(七)+四 holds. A pair
// generator chains two years (上年结转 = last year's 结转下年度; 现行有效 carried forward).
// Sections are left empty: text is not what these are for (see tests/support/random-report.ts).

import fc from 'fast-check';
import {
  T3_LEAF_ROWS,
  T3_PART_COLS,
  T4_GROUPS,
  T4_PART_COLS,
  UNIT_TYPES,
  FEE_CELL,
  t3,
  type UnitType,
} from '../../src/domain/format.ts';
import { emptyReport, withDerived, type Cells, type Report } from '../../src/domain/report.ts';

/** A count as offices report them: mostly 0, sometimes a few, rarely many. */
export const countArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 5, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 9 }) },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 5000 }) },
);
/** 万元 with up to 6 decimals (分). */
export const feeArb: fc.Arbitrary<number> = fc
  .oneof(fc.constant(0), fc.integer({ min: 1, max: 99_999_999_999 }))
  .map((micro) => Number((micro / 1_000_000).toFixed(6)));

/** Units that may make 规章 (R-SEM-REG-LEVEL): the others keep that row at 0. */
const MAKES_REGULATIONS: readonly UnitType[] = ['city', 'province'];

export interface ConsistentOptions {
  year?: number;
  type?: UnitType;
}

/** One T3 column: 21 leaves, 上年结转, and 新收 / 结转下年度 made to balance. */
const t3ColumnArb = fc
  .record({
    leaves: fc.array(countArb, { minLength: T3_LEAF_ROWS.length, maxLength: T3_LEAF_ROWS.length }),
    carryIn: countArb,
    newReceived: countArb,
  })
  .map(({ leaves, carryIn, newReceived }) => {
    const handled = leaves.reduce((a, b) => a + b, 0);
    // 新收 is raised when it cannot cover what was handled; 结转下年度 takes the rest.
    const r1 = Math.max(newReceived, handled - carryIn);
    return { leaves, carryIn, newReceived: r1, carryOut: r1 + carryIn - handled };
  });

/** Typed cells of a consistent report (derived ones are filled by withDerived). */
export function consistentCellsArb(type: UnitType): fc.Arbitrary<Cells> {
  const regs = MAKES_REGULATIONS.includes(type) ? countArb : fc.constant(0);
  return fc
    .record({
      t3: fc.array(t3ColumnArb, { minLength: T3_PART_COLS.length, maxLength: T3_PART_COLS.length }),
      t4: fc.array(countArb, { minLength: 12, maxLength: 12 }),
      regs: fc.tuple(regs, regs, regs),
      docs: fc.tuple(countArb, countArb, countArb),
      decisions: fc.tuple(countArb, countArb, countArb),
      fee: feeArb,
    })
    .map((g) => {
      const cells = emptyReport({ name: '某某镇人民政府', type, year: 2023 }).cells;
      T3_PART_COLS.forEach((col, i) => {
        const c = g.t3[i]!;
        cells[t3('r1_new', col)] = c.newReceived;
        cells[t3('r2_carryIn', col)] = c.carryIn;
        T3_LEAF_ROWS.forEach((row, j) => (cells[t3(row, col)] = c.leaves[j]!));
        cells[t3('r4_carryOut', col)] = c.carryOut;
      });
      T4_GROUPS.forEach((grp, i) => T4_PART_COLS.forEach((col, j) => (cells[`t4.${grp.key}.${col}`] = g.t4[i * 4 + j]!)));
      (['issued', 'repealed', 'valid'] as const).forEach((col, i) => {
        cells[`t2.regulations.${col}`] = g.regs[i]!;
        cells[`t2.normativeDocs.${col}`] = g.docs[i]!;
      });
      (['license', 'penalty', 'coercion'] as const).forEach((row, i) => (cells[`t2.${row}.decisions`] = g.decisions[i]!));
      cells[FEE_CELL] = g.fee;
      return withDerived(cells);
    });
}

export function consistentReportArb(opts: ConsistentOptions = {}): fc.Arbitrary<Report> {
  return fc
    .record({
      type: opts.type ? fc.constant(opts.type) : fc.constantFrom<UnitType>(...UNIT_TYPES),
      year: opts.year ? fc.constant(opts.year) : fc.integer({ min: 2021, max: 2030 }),
    })
    .chain(({ type, year }) =>
      consistentCellsArb(type).map((cells) => ({ ...emptyReport({ name: '某某镇人民政府', type, year }), cells })),
    );
}

/**
 * Two consecutive years of one organisation: this year's 上年结转 is last year's 结转下年度
 * (this year's 新收 re-balanced), and 现行有效 = last year's + 制发 − 废止 (废止 capped so it
 * never goes below 0).
 */
export function consistentPairArb(opts: ConsistentOptions = {}): fc.Arbitrary<{ previous: Report; report: Report }> {
  return consistentReportArb(opts).chain((report) =>
    consistentCellsArb(report.unit.type).map((prevCells) => {
      const previous: Report = { ...emptyReport({ name: report.unit.name, type: report.unit.type, year: report.year - 1 }), cells: prevCells };
      const cells = { ...report.cells };
      for (const col of T3_PART_COLS) {
        const carryIn = prevCells[t3('r4_carryOut', col)]!;
        const handled = T3_LEAF_ROWS.reduce((s, r) => s + cells[t3(r, col)]!, 0);
        const r1 = Math.max(cells[t3('r1_new', col)]!, handled - carryIn);
        cells[t3('r2_carryIn', col)] = carryIn;
        cells[t3('r1_new', col)] = r1;
        cells[t3('r4_carryOut', col)] = r1 + carryIn - handled;
      }
      for (const row of ['regulations', 'normativeDocs'] as const) {
        const before = prevCells[`t2.${row}.valid`]!;
        const issued = cells[`t2.${row}.issued`]!;
        const repealed = Math.min(cells[`t2.${row}.repealed`]!, before + issued);
        cells[`t2.${row}.repealed`] = repealed;
        cells[`t2.${row}.valid`] = before + issued - repealed;
      }
      return { previous, report: { ...report, cells: withDerived(cells) } };
    }),
  );
}
