// Types shared by the Yjs binding (src/doc/) and everything built on it (storage, sync, state).

import type { CellKey, SectionId, UnitType } from '../domain/format.ts';
import type { ReportStatus } from '../domain/edit-checks.ts';

export type { ReportStatus };

/**
 * Where a change came from. Every edit is one `doc.transact(fn, origin)` tagged with one of
 * these strings; the UndoManager tracks only 'local', so changes from other tabs, the relay,
 * exchange files and imports never land on the local undo stack.
 */
export type Origin = 'local' | 'tab' | 'relay' | 'file' | 'import';
export const ORIGINS: readonly Origin[] = ['local', 'tab', 'relay', 'file', 'import'];

/** The person editing on this machine (profile). `id` is stable; `name` is shown to others. */
export interface Author {
  id: string;
  name: string;
}

// One set of status words: the status log's (domain/status.ts), under the name pages already use.
export { STATUS_LABELS as REPORT_STATUS_LABELS } from '../domain/status.ts';

/** Report metadata as stored in the doc's top-level Y.Map 'meta'. */
export interface ReportMeta {
  name: string;
  type: UnitType;
  year: number;
  title: string;
  /** YYYY-MM-DD */
  deadline: string;
  /** YYYY-MM-DD, once published. */
  publishedOn?: string;
  status: ReportStatus;
  /** The report format the doc follows (FORMAT_ID). */
  formatVersion: string;
  /** Version of this doc layout (cellWrites registers, section:<id> texts); see DOC_SCHEMA. */
  docSchema: number;
  /** Who last changed the metadata (shown when a colleague changes a field she is editing). */
  lastBy?: string;
}

export type MetaPatch = Partial<Pick<ReportMeta, 'name' | 'type' | 'year' | 'title' | 'deadline' | 'status'>> & {
  /** Pass null to clear publishedOn. */
  publishedOn?: string | null;
};

export interface ReportInit {
  name: string;
  type: UnitType;
  year: number;
  title?: string;
  deadline?: string;
}

/** One value in a cell conflict: the value and who last wrote it, when. */
export interface ConflictValue {
  value: number | null;
  by: string;
  byId: string;
  at: number;
}

export interface CellState {
  /** The settled value; null when 未填 OR in conflict (nothing pretends to be settled). */
  value: number | null;
  conflict: null | { values: ConflictValue[] };
  lastBy?: string;
  lastById?: string;
  lastAt?: number;
}

/** `{ ok: true }` or a Chinese reason; edits never throw on bad input. */
export type EditResult = { ok: true } | { ok: false; error: string };

/** What one transaction changed, as told to observeReport callbacks. */
export interface ReportChange {
  /** The transaction's origin; an undo/redo is 'undo', anything unknown (e.g. y-indexeddb loading) is 'other'. */
  origin: Origin | 'undo' | 'other';
  /** The raw Yjs origin object (e.g. the provider instance) for callers that need it. */
  rawOrigin: unknown;
  /** True when the change was made on this replica (not applied from an update). */
  local: boolean;
  /** Cells whose state may have changed, derived sums that depend on them included. */
  cells: Set<CellKey>;
  sections: Set<SectionId>;
  meta: boolean;
}
