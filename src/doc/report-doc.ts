// The one entry to the report doc for the layers above (storage, sync, state). The doc code is
// split by job — layout.ts (shared types, create/open), read.ts, operations.ts (named edits),
// undo.ts, observe.ts, conflict-findings.ts — and the rules it enforces live in src/domain
// (edit-checks.ts, derived.ts). See layout.ts for the doc layout.

export * from './types.ts';
export { DOC_SCHEMA, attachReportDoc, createReportDoc, initReportDoc, isReportDoc, sectionText } from './layout.ts';
export { assembleReport, cellState, conflicts, readMeta, readReport } from './read.ts';
export {
  editSectionText,
  fillEmptyWithZero,
  loadReport,
  replaceSectionText,
  resolveConflict,
  setCell,
  setCellFrom,
  setCells,
  setMeta,
  type EditOptions,
} from './operations.ts';
export { createUndoManager } from './undo.ts';
export { observeReport, originOf } from './observe.ts';
export { META_FIELD_NAMES, conflictFindings } from './conflict-findings.ts';
export { checkCellValue } from '../domain/edit-checks.ts';
export { formatWhen } from '../domain/beijing-time.ts';
export { CELL_WRITES, cellContext, contextAfterWrite, contextCovers, registerFrontier, registerState, presentWrites, type CellContext } from './cell-register.ts';
export { META_WRITES, conflictedMetaFields, metaContext, metaFieldState, type MetaContext, type MetaFieldState, type RegisterMetaField } from './meta-register.ts';

/** All cell keys (re-exported for callers that only import src/doc). */
export { CELL_KEYS } from '../domain/format.ts';
