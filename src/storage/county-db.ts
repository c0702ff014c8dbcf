// The county workspace's files (issue 17): what a supervisor brought in, as read, kept offline.
// Stored in its own IndexedDB database "nianbao-county" (Dexie), apart from the clerk's library:
//   files — one row per file added: which set (this year / last year), file name and date, the
//           add batch, and either the report as its plain Report value plus the importer's
//           notes, or the Chinese reason it could not be read. Findings are not stored: they
//           are recomputed (in the check pool) whenever the set changes, since last year's set
//           changes what the cross-year rules say.
// Rows are read back through restoreReport (never trusted as stored). Migration: bump
// db.version(n) with a new stores() schema and an upgrade(); never change a field's meaning.

import { Dexie, type EntityTable } from 'dexie';
import type { Finding } from '../domain/finding.ts';
import { restoreReport, type Report } from '../domain/report.ts';
import type { CountySet } from '../domain/county-overview.ts';

export interface CountyFileRow {
  id: string;
  set: CountySet;
  fileName: string;
  lastModified: number;
  batch: number;
  addedAt: number;
  kind?: string;
  report?: Report;
  notes?: Finding[];
  error?: string;
}

export type CountyDB = Dexie & { files: EntityTable<CountyFileRow, 'id'> };

export const COUNTY_DB_NAME = 'nianbao-county';

export function openCountyDB(name = COUNTY_DB_NAME): CountyDB {
  const db = new Dexie(name) as CountyDB;
  db.version(1).stores({ files: 'id, set, batch' });
  return db;
}

function restoreRow(row: CountyFileRow): CountyFileRow {
  if (!row.report) return row;
  const r = restoreReport(row.report);
  if (r.ok) return { ...row, report: r.value, notes: Array.isArray(row.notes) ? row.notes : [] };
  const { report: _dropped, notes: _n, ...rest } = row;
  return { ...rest, error: `保存的内容无法读取：${r.error}请重新添加这个文件。` };
}

export async function listCountyFiles(db: CountyDB): Promise<CountyFileRow[]> {
  const rows = await db.files.toArray();
  return rows.map(restoreRow).sort((a, b) => a.addedAt - b.addedAt || a.fileName.localeCompare(b.fileName));
}

/**
 * Store new rows, then drop the ones they replace. Written in chunks, each its own transaction:
 * storing 1,000 reports at once clones them all in one go on the page's thread (a visible
 * stall). The replaced rows go only with the last chunk, so a failure part-way leaves an old
 * file beside its new one (shown as a duplicate), never neither.
 */
export async function putCountyFiles(db: CountyDB, rows: readonly CountyFileRow[], removeIds: readonly string[] = [], chunk = 50): Promise<void> {
  for (let i = 0; i < rows.length || i === 0; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const last = i + chunk >= rows.length;
    await db.transaction('rw', db.files, async () => {
      if (part.length) await db.files.bulkPut(part);
      if (last && removeIds.length) await db.files.bulkDelete([...removeIds]);
    });
    // Let the page paint and answer input between chunks.
    if (!last) await new Promise((r) => setTimeout(r, 0));
  }
}

export async function removeCountyFiles(db: CountyDB, ids: readonly string[]): Promise<void> {
  await db.files.bulkDelete([...ids]);
}

export async function clearCountyFiles(db: CountyDB, set?: CountySet): Promise<void> {
  if (set) await db.files.where('set').equals(set).delete();
  else await db.files.clear();
}
