// Reading a report doc into plain values (domain/report.ts's Report, ReportMeta, CellState).
// Unknown or malformed stored values read as their defaults: a doc written by a newer app or
// damaged in transit still opens.

import type * as Y from 'yjs';
import { CELL_BY_KEY, FORMAT_ID, SECTION_IDS, TYPED_CELL_KEYS, UNIT_TYPES, type CellKey, type UnitType } from '../domain/format.ts';
import { defaultDeadline, defaultTitle, emptyCells, emptySections, withDerived, type Cells, type Report } from '../domain/report.ts';
import { isIsoDate } from '../domain/edit-checks.ts';
import { readStatus } from './status-log.ts';
import { beijingYear } from '../domain/beijing-time.ts';
import { conflictedCells, registerState } from './cell-register.ts';
import { DOC_SCHEMA, META, SECTION_PREFIX } from './layout.ts';
import { META_WRITES, REGISTER_META_FIELDS, metaFieldState } from './meta-register.ts';
import type { CellState, ReportMeta } from './types.ts';

/** The meta as stored: a field's register value (meta-register.ts) when it has one, else the plain value (older documents). */
function metaSource(doc: Y.Doc): { get(k: string): unknown } {
  const plain = doc.getMap<unknown>(META);
  if (doc.getMap(META_WRITES).size === 0) return plain;
  const reg = new Map<string, unknown>();
  for (const f of REGISTER_META_FIELDS) {
    const v = metaFieldState(doc, f).value;
    if (v !== undefined) reg.set(f, v);
  }
  return { get: (k: string) => (reg.has(k) ? reg.get(k) : plain.get(k)) };
}

export function readMeta(doc: Y.Doc): ReportMeta {
  const m = metaSource(doc);
  const name = typeof m.get('name') === 'string' ? (m.get('name') as string) : '';
  const type = UNIT_TYPES.includes(m.get('type') as UnitType) ? (m.get('type') as UnitType) : 'township';
  const y = m.get('year');
  const year = typeof y === 'number' && Number.isInteger(y) ? y : beijingYear() - 1;
  const title = typeof m.get('title') === 'string' && (m.get('title') as string) ? (m.get('title') as string) : defaultTitle(name, year);
  const d = m.get('deadline');
  const deadline = isIsoDate(d) ? d : defaultDeadline(year);
  const p = m.get('publishedOn');
  // The status log decides (meta.status is only its starting point for older documents).
  const status = readStatus(doc).status;
  const fv = m.get('formatVersion');
  const ds = m.get('docSchema');
  const out: ReportMeta = {
    name,
    type,
    year,
    title,
    deadline,
    status,
    formatVersion: typeof fv === 'string' ? fv : FORMAT_ID,
    docSchema: typeof ds === 'number' ? ds : DOC_SCHEMA,
  };
  if (isIsoDate(p)) out.publishedOn = p;
  const lastBy = m.get('lastBy');
  if (typeof lastBy === 'string' && lastBy) out.lastBy = lastBy;
  return out;
}

/** The typed value of a cell for readReport: settled value, or null if 未填 or in conflict. */
export function cellState(doc: Y.Doc, key: CellKey): CellState {
  const def = CELL_BY_KEY.get(key);
  if (!def) return { value: null, conflict: null };
  if (!def.derived) return registerState(doc, key);
  // A derived sum: computed from its parts (conflicted parts count as 未填).
  return { value: withDerived(settledCells(doc))[key] ?? null, conflict: null };
}

/** Every typed cell's settled value (derived sums left null: withDerived computes them). */
export function settledCells(doc: Y.Doc): Cells {
  const cells = emptyCells();
  for (const k of TYPED_CELL_KEYS) cells[k] = registerState(doc, k).value;
  return cells;
}

/** A plain snapshot of the report. Derived sums are computed; conflicted cells read as null. */
export function readReport(doc: Y.Doc): Report {
  return assembleReport(doc, readMeta(doc), withDerived(settledCells(doc)));
}

/** The Report value from the doc's meta and sections and already settled cells. */
export function assembleReport(doc: Y.Doc, meta: ReportMeta, cells: Cells): Report {
  const sections = emptySections();
  for (const id of SECTION_IDS) sections[id] = doc.getText(SECTION_PREFIX + id).toString();
  const report: Report = {
    format: FORMAT_ID,
    unit: { name: meta.name, type: meta.type },
    year: meta.year,
    title: meta.title,
    sections,
    cells,
    deadline: meta.deadline,
  };
  if (meta.publishedOn) report.publishedOn = meta.publishedOn;
  return report;
}

/** Cells in conflict, in official order. */
export function conflicts(doc: Y.Doc): CellKey[] {
  return conflictedCells(doc);
}
