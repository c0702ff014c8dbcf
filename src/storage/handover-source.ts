// Reading everything this origin's browser stores, for the handover to another origin (http →
// https, see src/state/handover.ts). Raw IndexedDB reads, not Dexie or y-indexeddb: the old
// origin may hold a library written by an older or newer schema version, and opening it through
// Dexie would upgrade it or fail; nothing here writes, creates or upgrades a database.
//   nianbao-library   stores reports, profile, peers (library-db.ts) — every row as stored
//   nianbao-doc-<id>  store updates (doc-store.ts) — every Yjs update row as stored
import { LIBRARY_DB_NAME } from './library-db.ts';
import { DOC_DB_PREFIX } from './doc-store.ts';

export interface StoredReport {
  id: string;
  /** Every update row of nianbao-doc-<id>: together, the whole Y.Doc. */
  updates: Uint8Array[];
  /** Its nianbao-library reports row, if there is one. */
  row: unknown;
}

export interface StoredData {
  reports: StoredReport[];
  profile: unknown;
  peers: unknown[];
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Opens an existing database at whatever version it has; never creates one (see listDatabases). */
function openExisting(idb: IDBFactory, name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = idb.open(name);
    req.onupgradeneeded = () => {
      // It did not exist after all (deleted meanwhile): do not leave an empty one behind.
      req.transaction?.abort();
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error('数据库被其他窗口占用'));
  });
}

async function readAll(db: IDBDatabase, store: string): Promise<unknown[]> {
  if (!db.objectStoreNames.contains(store)) return [];
  return request(db.transaction([store], 'readonly').objectStore(store).getAll());
}

/** Everything the app stored under this origin, or null when it stored no report at all. */
export async function readStoredData(idb: IDBFactory = indexedDB): Promise<StoredData | null> {
  const names = (await idb.databases()).map((d) => d.name ?? '');
  const docIds = names.filter((n) => n.startsWith(DOC_DB_PREFIX)).map((n) => n.slice(DOC_DB_PREFIX.length));
  let rows: unknown[] = [];
  let profile: unknown = null;
  let peers: unknown[] = [];
  if (names.includes(LIBRARY_DB_NAME)) {
    const lib = await openExisting(idb, LIBRARY_DB_NAME);
    try {
      rows = await readAll(lib, 'reports');
      profile = (await readAll(lib, 'profile')).find((p) => (p as { id?: unknown })?.id === 'me') ?? null;
      peers = await readAll(lib, 'peers');
    } finally {
      lib.close();
    }
  }
  const reports: StoredReport[] = [];
  for (const id of docIds.sort()) {
    const db = await openExisting(idb, DOC_DB_PREFIX + id);
    try {
      const updates = (await readAll(db, 'updates')).filter((u): u is Uint8Array => u instanceof Uint8Array);
      if (updates.length === 0) continue;
      reports.push({ id, updates, row: rows.find((r) => (r as { id?: unknown })?.id === id) ?? null });
    } finally {
      db.close();
    }
  }
  if (reports.length === 0) return null;
  return { reports, profile, peers };
}

/**
 * Cheap identity of what is stored (no hashing: crypto.subtle is missing on plain http): ids,
 * row counts and byte sizes. Any later edit appends an update row, so it changes this.
 */
export function storedFingerprint(data: StoredData): string {
  return data.reports.map((r) => `${r.id}:${r.updates.length}:${r.updates.reduce((n, u) => n + u.byteLength, 0)}`).join('|');
}
