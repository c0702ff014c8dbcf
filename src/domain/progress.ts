// How far along a report is: typeable cells filled per table and overall, required prose parts
// written. The editor shows this instead of a wall of 未填 errors while the clerk fills in
// (issue 15). Totals come from the format (CELL_DEFS, SECTIONS) — never a typed-in number — so
// derived sums, which nobody types, are never counted as "left to fill".

import { CELL_DEFS, SECTIONS, type CellKey, type SectionId, type TableId } from './format.ts';
import type { Report } from './report.ts';

export interface Count {
  filled: number;
  total: number;
}

export interface Progress {
  tables: Readonly<Record<TableId, Count>>;
  /** All typeable cells of the three tables. */
  cells: Count;
  /** Required (non-optional) prose parts that have any text. */
  sections: Count;
  /** Required prose parts still empty, in reading order. */
  emptySections: readonly SectionId[];
}

const TYPEABLE = CELL_DEFS.filter((d) => !d.derived);
const REQUIRED_SECTIONS = SECTIONS.filter((s) => !s.optional).map((s) => s.id);

export function fillProgress(report: Pick<Report, 'cells' | 'sections'>): Progress {
  const tables: Record<TableId, Count> = { t2: { filled: 0, total: 0 }, t3: { filled: 0, total: 0 }, t4: { filled: 0, total: 0 } };
  for (const def of TYPEABLE) {
    const t = tables[def.table];
    t.total++;
    if (report.cells[def.key as CellKey] != null) t.filled++;
  }
  const cells = {
    filled: tables.t2.filled + tables.t3.filled + tables.t4.filled,
    total: tables.t2.total + tables.t3.total + tables.t4.total,
  };
  const emptySections = REQUIRED_SECTIONS.filter((id) => !(report.sections[id] ?? '').trim());
  return {
    tables,
    cells,
    sections: { filled: REQUIRED_SECTIONS.length - emptySections.length, total: REQUIRED_SECTIONS.length },
    emptySections,
  };
}
