// The snapshot an editor starts from (no runes: the bench and tests use it too).

import type * as Y from 'yjs';
import { assembleReport, cellState, readMeta, type CellState, type ReportMeta } from '../doc/report-doc.ts';
import { DERIVED_CELL_KEYS, TYPED_CELL_KEYS, type CellKey } from '../domain/format.ts';
import { emptyCells, withDerived, type Report } from '../domain/report.ts';

/**
 * Everything the editor needs when a report opens, reading each cell register once (readReport
 * followed by cellState per cell would read them twice). Same result as readReport.
 */
export function openSnapshot(doc: Y.Doc): { meta: ReportMeta; report: Report; states: Record<CellKey, CellState> } {
  const meta = readMeta(doc);
  const states: Record<CellKey, CellState> = {};
  const typed = emptyCells();
  for (const k of TYPED_CELL_KEYS) {
    const st = cellState(doc, k);
    states[k] = st;
    typed[k] = st.value;
  }
  const cells = withDerived(typed);
  for (const k of DERIVED_CELL_KEYS) states[k] = { value: cells[k] ?? null, conflict: null };
  const report = assembleReport(doc, meta, cells);
  return { meta, report, states };
}

