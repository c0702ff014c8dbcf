// The report as a Y.Doc: one doc per report, stored by y-indexeddb in the browser (storage/),
// by the relay in SQLite (server/), and carried by tabs/relay/exchange files (sync/).
//
// Layout (all TOP-LEVEL shared types: concurrent creation of nested types under one key on two
// replicas would lose one of them, while top-level types with the same name always merge):
//   Y.Map  'meta'          name, type, year, title, deadline, publishedOn, status (before the log),
//                          formatVersion (FORMAT_ID), docSchema (DOC_SCHEMA)
//   Y.Text 'section:<id>'  one per section id, plain paragraphs separated by '\n'
//   (Y.Map 'sectionEdits'  written by apps before 2026-11 on every prose keystroke; no longer
//                          written or read — who wrote what comes from the Yjs history)
//   Y.Map  'cellWrites'    multi-value cell registers (cell-register.ts)
//   Y.Array 'statusLog', Y.Map 'versions' / 'versionTexts' / 'comments' / 'commentState' /
//          'authors': the report's year (status-log.ts, versions.ts, comments.ts, authors.ts;
//          docs/year.md)
// Derived sums are never stored: reading computes them (read.ts).
// Migration: docSchema is 1. A later layout bumps it and migrates in initReportDoc, which
// every opener calls; readers ignore keys they do not know, so old apps keep reading new docs.
//
// The rest of src/doc by job: read.ts (doc → plain values), operations.ts (the named edits),
// undo.ts, observe.ts (what a transaction changed), conflict-findings.ts; report-doc.ts
// re-exports them all as the one entry the layers above import.

import { STATUS_LOG } from './status-log.ts';
import * as Y from 'yjs';
import { FORMAT_ID, SECTION_IDS, type SectionId } from '../domain/format.ts';
import { defaultDeadline, defaultTitle } from '../domain/report.ts';
import { checkMetaFields } from '../domain/edit-checks.ts';
import { CELL_WRITES, attachCellIndex } from './cell-register.ts';
import type { Author, EditResult, Origin, ReportInit } from './types.ts';

export const DOC_SCHEMA = 1;
export const META = 'meta';
export const SECTION_PREFIX = 'section:';

/** A new doc for a new report, with its metadata set (origin 'import': not undoable). */
export function createReportDoc(init: ReportInit, author: Author): Y.Doc {
  const doc = new Y.Doc();
  initReportDoc(doc, init, author);
  return doc;
}

/**
 * Prepare a doc (possibly just loaded by y-indexeddb) for use: creates every top-level type so
 * that observers see them, attaches the cell index, and sets the metadata if the doc has none
 * yet. Safe to call on every open. Returns an error for invalid init values.
 */
export function initReportDoc(doc: Y.Doc, init: ReportInit | null, author: Author): EditResult {
  attachReportDoc(doc);
  const meta = doc.getMap<unknown>(META);
  if (meta.get('formatVersion') !== undefined || init === null) return { ok: true };
  const err = checkMetaFields({ name: init.name, type: init.type, year: init.year, title: init.title, deadline: init.deadline });
  if (err) return { ok: false, error: err };
  doc.transact(() => {
    meta.set('name', init.name.trim());
    meta.set('type', init.type);
    meta.set('year', init.year);
    meta.set('title', init.title?.trim() || defaultTitle(init.name.trim(), init.year));
    meta.set('deadline', init.deadline ?? defaultDeadline(init.year));
    meta.set('status', 'draft');
    meta.set('formatVersion', FORMAT_ID);
    meta.set('docSchema', DOC_SCHEMA);
    meta.set('createdBy', author.name);
    meta.set('createdAt', Date.now());
  }, 'import' satisfies Origin);
  return { ok: true };
}

/** Create the shared types and the cell index of a doc without writing anything. */
export function attachReportDoc(doc: Y.Doc): void {
  doc.getMap(META);
  doc.getMap(CELL_WRITES);
  doc.getArray(STATUS_LOG);
  for (const id of SECTION_IDS) doc.getText(SECTION_PREFIX + id);
  attachCellIndex(doc);
}

/** Has this doc received report metadata (from init, storage or a peer)? */
export function isReportDoc(doc: Y.Doc): boolean {
  return doc.getMap<unknown>(META).get('formatVersion') !== undefined;
}

/** The Y.Text of a section (throws for an unknown id: callers pass ids from SECTION_IDS). */
export function sectionText(doc: Y.Doc, id: SectionId): Y.Text {
  if (!SECTION_IDS.includes(id)) throw new Error(`未知的正文部分“${id}”。`);
  return doc.getText(SECTION_PREFIX + id);
}
