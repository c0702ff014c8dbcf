// What a transaction changed, in the report's terms: cells by key (with the derived sums they
// feed), sections by id, meta — so that the state layer re-reads and re-checks only that.

import * as Y from 'yjs';
import { SECTION_IDS, type SectionId } from '../domain/format.ts';
import { dependentSums } from '../domain/derived.ts';
import { CELL_WRITES, cellOfWriteId } from './cell-register.ts';
import { META_WRITES } from './meta-register.ts';
import { META, SECTION_PREFIX, attachReportDoc } from './layout.ts';
import { ORIGINS, type Origin, type ReportChange } from './types.ts';
import { STATUS_LOG } from './status-log.ts';

export function originOf(raw: unknown): ReportChange['origin'] {
  if (typeof raw === 'string' && (ORIGINS as readonly string[]).includes(raw)) return raw as Origin;
  if (raw instanceof Y.UndoManager) return 'undo';
  return 'other';
}

/**
 * Call `cb` once per transaction that changed the report, with its origin and what changed
 * (cells by key, sections by id, meta). Returns the function that stops observing.
 */
export function observeReport(doc: Y.Doc, cb: (change: ReportChange) => void): () => void {
  attachReportDoc(doc);
  const meta = doc.getMap(META);
  const log = doc.getArray(STATUS_LOG);
  // Comments (comments.ts; names spelled here to keep the import graph acyclic) count as meta too:
  // the library row carries the open count, and the row is saved on the editor's changes.
  const comments = doc.getMap('comments');
  const commentState = doc.getMap('commentState');
  const writes = doc.getMap(CELL_WRITES);
  const metaWrites = doc.getMap(META_WRITES);
  const textToId = new Map<unknown, SectionId>(SECTION_IDS.map((id) => [doc.getText(SECTION_PREFIX + id), id]));
  const handler = (tr: Y.Transaction) => {
    if (tr.changed.size === 0) return;
    const change: ReportChange = {
      origin: originOf(tr.origin),
      rawOrigin: tr.origin,
      local: tr.local,
      cells: new Set(),
      sections: new Set(),
      meta: false,
    };
    for (const [type, keys] of tr.changed) {
      if (type === (meta as unknown) || type === (log as unknown) || type === (comments as unknown) || type === (commentState as unknown) || type === (metaWrites as unknown)) change.meta = true;
      else if (type === (writes as unknown)) {
        for (const k of keys) if (k != null) change.cells.add(cellOfWriteId(k));
      } else {
        const id = textToId.get(type);
        if (id) change.sections.add(id);
      }
    }
    for (const k of [...change.cells]) for (const d of dependentSums(k)) change.cells.add(d);
    if (change.meta || change.cells.size || change.sections.size) cb(change);
  };
  doc.on('afterTransaction', handler);
  return () => doc.off('afterTransaction', handler);
}
