// The library row of a report, derived from its doc and its findings (pure; see library-db.ts).

import type * as Y from 'yjs';
import { readMeta, type ReportMeta } from '../doc/report-doc.ts';
import { openCommentCount } from '../doc/comments.ts';
import { countBySeverity, type Finding } from '../domain/finding.ts';
import type { ReportRow } from '../storage/library-db.ts';

export function rowFromDoc(id: string, doc: Y.Doc, findings: readonly Finding[], updatedAt: number): ReportRow {
  return rowFromMeta(id, readMeta(doc), findings, updatedAt, openCommentCount(doc));
}

/** The row from metadata already read (the open editor's): no second read of the doc. */
export function rowFromMeta(id: string, meta: ReportMeta, findings: readonly Finding[], updatedAt: number, openComments = 0): ReportRow {
  const counts = countBySeverity(findings);
  return {
    id,
    unitName: meta.name,
    unitType: meta.type,
    year: meta.year,
    status: meta.status,
    updatedAt,
    errors: counts.error,
    warnings: counts.warning,
    deadline: meta.deadline,
    openComments,
  };
}

/** Today in Beijing time, YYYY-MM-DD (one source: domain/beijing-time.ts). */
export { todayInBeijing } from '../domain/beijing-time.ts';
