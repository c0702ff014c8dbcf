// The library's actions that open a report's Y.Doc: create (blank, from an imported file, next
// year's from last year's), merge a 同步包, read last year's report, delete. Kept out of
// library.svelte.ts and loaded on first use, so that the report list — the first page a clerk
// sees — loads Dexie and the list, not Yjs, y-indexeddb and the validator (tests/e2e/size.test.ts).

import type * as Y from 'yjs';
import { initReportDoc, isReportDoc, loadReport, readMeta, readReport, type Author, type ReportInit } from '../doc/report-doc.ts';
import { nextYearReport } from '../domain/next-year.ts';
import type { Report } from '../domain/report.ts';
import { deleteReportDoc, openReportDoc } from '../storage/doc-store.ts';
import { listReports, newId, type LibraryDB, type ReportRow } from '../storage/library-db.ts';
import { rowFindings } from './findings.ts';
import { recordImportedPublication } from './imported-publication.ts';
import { applyReceivedPackage, readReceivedPackage } from './package-receive.ts';
import { rowFromDoc } from './report-row.ts';

export type Created = { ok: true; id: string } | { ok: false; error: string };
export type PackageImported = Created | { ok: false; needsPassphrase: true; error: string };
type UnitYear = Pick<ReportRow, 'id' | 'unitName' | 'year'>;

/** What these actions need of the library (LibraryState provides it). */
export interface LibraryContext {
  readonly db: LibraryDB;
  author(): Promise<Author>;
  saveRow(row: ReportRow): Promise<void>;
  findPrevious(row: UnitYear): ReportRow | undefined;
}

export function isPreviousOf(r: UnitYear, row: UnitYear): boolean {
  return r.id !== row.id && r.unitName === row.unitName && r.year === row.year - 1;
}

function unitYear(id: string, doc: Y.Doc): UnitYear {
  const m = readMeta(doc);
  return { id, unitName: m.name, year: m.year };
}

export async function createReport(lib: LibraryContext, init: ReportInit): Promise<Created> {
  return createWith(lib, async (doc, author) => initReportDoc(doc, init, author));
}

/** `published`: read from a published page, so it starts as 已发布 (imported-publication.ts). */
export async function createFromReport(lib: LibraryContext, report: Report, opts: { published?: boolean } = {}): Promise<Created> {
  return createWith(lib, async (doc, author) => {
    const r = initReportDoc(
      doc,
      { name: report.unit.name, type: report.unit.type, year: report.year, title: report.title, deadline: report.deadline },
      author,
    );
    if (!r.ok) return r;
    const loaded = loadReport(doc, report, author);
    if (loaded.ok && opts.published) recordImportedPublication(doc, report, author);
    return loaded;
  });
}

/**
 * This year's report started from last year's (see domain/next-year.ts): same unit, 上年结转
 * from last year's 结转下年度, prose carried over for editing, every other number 未填.
 * Refused when the unit already has a report for that year, so nobody ends up with two.
 */
export async function createNextYear(lib: LibraryContext, previousId: string): Promise<Created> {
  const opened = await openReportDoc(previousId);
  if (!opened.ok) return { ok: false, error: opened.error };
  let previous: Report;
  try {
    previous = readReport(opened.value.doc);
  } finally {
    await opened.value.close();
  }
  const year = previous.year + 1;
  const existing = (await listReports(lib.db)).find((r) => r.unitName === previous.unit.name && r.year === year);
  if (existing) return { ok: false, error: `${previous.unit.name}已有${year}年的报告，请直接打开它。` };
  return createFromReport(lib, nextYearReport(previous));
}

async function createWith(
  lib: LibraryContext,
  fill: (doc: Y.Doc, author: Author) => Promise<{ ok: true } | { ok: false; error: string }>,
): Promise<Created> {
  const author = await lib.author();
  const id = newId();
  const opened = await openReportDoc(id);
  if (!opened.ok) return { ok: false, error: opened.error };
  const { doc } = opened.value;
  const filled = await fill(doc, author);
  if (!filled.ok) {
    await opened.value.close();
    await deleteReportDoc(id);
    return { ok: false, error: filled.error };
  }
  const saved = await opened.value.flushed();
  if (saved.kind === 'error') {
    await opened.value.close();
    return { ok: false, error: saved.message };
  }
  const findings = rowFindings(doc, { previous: await previousReport(lib, unitYear(id, doc)) });
  await lib.db.reports.put(rowFromDoc(id, doc, findings, Date.now()));
  await opened.value.close();
  return { ok: true, id };
}

/**
 * A 同步包 opened from the library: for a report this machine does not have yet (a colleague
 * sent it on a USB stick), the report is created under the same id; for one it has, the
 * package is merged into it. Returns the report id, or why not.
 */
export async function importPackage(lib: LibraryContext, bytes: Uint8Array, passphrase?: string): Promise<PackageImported> {
  const read = await readReceivedPackage(bytes, passphrase);
  if (!read.ok) return read.needsPassphrase ? { ok: false, needsPassphrase: true, error: read.error } : { ok: false, error: read.error };
  const pkg = read.pkg;
  const opened = await openReportDoc(pkg.reportId);
  if (!opened.ok) return { ok: false, error: opened.error };
  const { doc } = opened.value;
  try {
    const applied = await applyReceivedPackage(lib.db, doc, pkg, pkg.reportId);
    if (!applied.ok) return { ok: false, error: applied.error };
    initReportDoc(doc, null, await lib.author());
    const saved = await opened.value.flushed();
    if (saved.kind === 'error') return { ok: false, error: saved.message };
    const findings = rowFindings(doc, { previous: await previousReport(lib, unitYear(pkg.reportId, doc)) });
    await lib.saveRow(rowFromDoc(pkg.reportId, doc, findings, Date.now()));
    return { ok: true, id: pkg.reportId };
  } finally {
    await opened.value.close();
  }
}

/** Last year's report of the same unit as `row`, read from its doc; undefined when the library has none. */
export async function previousReport(lib: LibraryContext, row: UnitYear): Promise<Report | undefined> {
  const prevRow = lib.findPrevious(row) ?? (await listReports(lib.db)).find((r) => isPreviousOf(r, row));
  if (!prevRow) return undefined;
  const opened = await openReportDoc(prevRow.id);
  if (!opened.ok) return undefined;
  try {
    return isReportDoc(opened.value.doc) ? readReport(opened.value.doc) : undefined;
  } finally {
    await opened.value.close();
  }
}

export { deleteReportDoc };
