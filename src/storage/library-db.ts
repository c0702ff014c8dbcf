// The library database: what the report list needs without opening every report's Y.Doc.
// Stored in the browser's IndexedDB database "nianbao-library" (Dexie):
//   reports  — one row per report: unit name/type, year, status, updatedAt, error/warning counts
//              and deadline. A cache of the report's Y.Doc (doc-store.ts), refreshed by the
//              editor on every change; the Y.Doc is the truth, so a lost row is re-creatable.
//   profile  — the one local user (id 'me'): the author id and name written into edits.
//              `share` (optional, no index: added without a version bump) keeps the relay
//              URL and invite code, which the relay hands out only once, and on the sharer's
//              copy only the `owner` secret that lets it manage the share (members, new
//              code, stop sharing; the relay keeps only its hash).
//   peers    — per report and peer: the state vector that peer last acknowledged (from its
//              同步包), so the next package carries only what it lacks.
// Migration: bump db.version(n) with a new stores() schema and an upgrade() that fills the new
// fields from the old rows; never change the meaning of an existing field in place.

import { Dexie, type EntityTable } from 'dexie';
import type { UnitType } from '../domain/format.ts';
import type { ReportStatus } from '../doc/types.ts';

export type { ReportStatus };

export interface ReportRow {
  id: string;
  unitName: string;
  unitType: UnitType;
  year: number;
  status: ReportStatus;
  /** epoch ms of the last change to the report (any origin). */
  updatedAt: number;
  errors: number;
  warnings: number;
  /** YYYY-MM-DD */
  deadline: string;
  /** Unresolved review comments (issue 13; no index, so added without a version bump; absent = 0). */
  openComments?: number;
  /** Set once the report is shared through a relay: what an invite link carries. */
  share?: { relay: string; code: string; owner?: string };
}

export interface ProfileRow {
  id: 'me';
  /** Stable author id written into every edit of this browser profile. */
  authorId: string;
  name: string;
  /** Her post (岗位), optional; asked with the name before sharing. */
  role?: string;
}

export interface PeerRow {
  reportId: string;
  peerId: string;
  /** Y.encodeStateVector of what this peer is known to have. */
  stateVector: Uint8Array;
  name: string;
  at: number;
}

export type LibraryDB = Dexie & {
  reports: EntityTable<ReportRow, 'id'>;
  profile: EntityTable<ProfileRow, 'id'>;
  peers: Dexie.Table<PeerRow, [string, string]>;
};

export const LIBRARY_DB_NAME = 'nianbao-library';

export function openLibraryDB(name = LIBRARY_DB_NAME): LibraryDB {
  const db = new Dexie(name) as LibraryDB;
  db.version(1).stores({
    reports: 'id, updatedAt, year',
    profile: 'id',
    peers: '[reportId+peerId], reportId',
  });
  return db;
}

/** A new random id (report ids, author ids): 128 bits, URL-safe. */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The local profile, created on first use so every edit carries an author. */
export async function getProfile(db: LibraryDB): Promise<ProfileRow> {
  return db.transaction('rw', db.profile, async () => {
    const found = await db.profile.get('me');
    if (found) return found;
    const row: ProfileRow = { id: 'me', authorId: newId(), name: '' };
    await db.profile.put(row);
    return row;
  });
}

export async function setProfileName(db: LibraryDB, name: string, role?: string): Promise<void> {
  const p = await getProfile(db);
  await db.profile.put({ ...p, name: name.trim(), ...(role !== undefined ? { role: role.trim() } : {}) });
}

export async function listReports(db: LibraryDB): Promise<ReportRow[]> {
  const rows = await db.reports.toArray();
  return rows.sort((a, b) => b.updatedAt - a.updatedAt);
}

export async function putPeer(db: LibraryDB, row: PeerRow): Promise<void> {
  await db.peers.put(row);
}
export async function peersOf(db: LibraryDB, reportId: string): Promise<PeerRow[]> {
  return db.peers.where('reportId').equals(reportId).toArray();
}
