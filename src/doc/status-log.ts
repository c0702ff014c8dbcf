// The status log of a report: a top-level Y.Array 'statusLog' of plain records
// { step, by, byId, at, reason?, date?, url?, source? } (domain/status.ts has their meaning).
// Append-only: nothing ever deletes or rewrites an entry, so two colleagues who act at once
// both appear after merging, and every replica folds the same array in the same order to the
// same status. The array is outside the UndoManager's scope: a sign-off is not undone by Ctrl+Z,
// it is followed by a logged 解锁.
// Before this log existed the status lived in meta.status (last writer wins); that value is the
// fold's starting point, so old documents keep their status. Readers ignore malformed entries.

import * as Y from 'yjs';
import { checkStep, foldStatus, type ReportStatusId, type StatusStep, type StatusView } from '../domain/status.ts';
import type { Author, EditResult, Origin } from './types.ts';

export const STATUS_LOG = 'statusLog';
const LEGACY: readonly ReportStatusId[] = ['draft', 'review', 'final', 'published'];

export function statusLog(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray<unknown>(STATUS_LOG);
}

/** The report's status, who signed it off and its publication, as every replica computes it. */
export function readStatus(doc: Y.Doc): StatusView {
  const legacy = doc.getMap<unknown>('meta').get('status');
  const initial = LEGACY.includes(legacy as ReportStatusId) ? (legacy as ReportStatusId) : 'draft';
  return foldStatus(statusLog(doc).toArray(), initial);
}

export type StepInput = Omit<StatusStep, 'by' | 'byId' | 'at'>;

/** Take one status step (送审, 定稿, 解锁, 标记为已发布); refused with a reason when it does not apply now. */
export function appendStatusStep(doc: Y.Doc, input: StepInput, author: Author, opts: { at?: number; origin?: Origin } = {}): EditResult {
  const why = checkStep(readStatus(doc), input);
  if (why) return { ok: false, error: why };
  const rec: Record<string, unknown> = { step: input.step, by: author.name, byId: author.id, at: opts.at ?? Date.now() };
  if (input.reason !== undefined) rec.reason = input.reason.trim();
  if (input.date) rec.date = input.date;
  if (input.url) rec.url = input.url.trim();
  if (input.source) rec.source = input.source;
  doc.transact(() => statusLog(doc).push([rec]), opts.origin ?? 'local');
  return { ok: true };
}
