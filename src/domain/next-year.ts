// Starting this year's report from last year's, as clerks do with last year's Word file — but
// without its traps: every number starts 未填 except 上年结转, which by definition (R-X-CARRY)
// equals last year's 结转下年度; the prose is carried over for editing, and R-X-DUP will say
// while it still reads like last year's.

import { T3_PART_COLS } from './format.ts';
import { defaultDeadline, defaultTitle, emptyCells, withDerived, type Report } from './report.ts';

export function nextYearReport(previous: Report): Report {
  const year = previous.year + 1;
  const cells = emptyCells();
  for (const col of T3_PART_COLS) cells[`t3.r2_carryIn.${col}`] = previous.cells[`t3.r4_carryOut.${col}`] ?? null;
  return {
    format: previous.format,
    unit: { ...previous.unit },
    year,
    title: defaultTitle(previous.unit.name, year),
    sections: { ...previous.sections },
    cells: withDerived(cells),
    deadline: defaultDeadline(year),
  };
}
