// The report documents: one Y.Doc per report, persisted by y-indexeddb in the browser's
// IndexedDB database "nianbao-doc-<report id>" (store "updates": Yjs updates, append-only,
// compacted into one state update on open when it has grown). The Yjs update format is
// versioned by Yjs itself; the report layout inside the doc carries its own format version
// (src/doc/), so this store never needs a migration of its own.
//
// y-indexeddb reports no errors: a failed open leaves `whenSynced` pending forever and a failed
// write is an unhandled rejection. This module owns the write path instead (it replaces
// y-indexeddb's update listener with a wrapper), so that every failure becomes a visible
// SaveState with a Chinese message, and "已保存" is only claimed once IndexedDB has committed the
// write: after each update a read-only transaction on the same store is queued, and IndexedDB
// runs it only after the earlier read-write transaction that holds the update has finished.

import * as Y from 'yjs';
import { IndexeddbPersistence, clearDocument } from 'y-indexeddb';

export const DOC_DB_PREFIX = 'nianbao-doc-';
/** Rows in the updates store above which opening compacts them into one. */
export const COMPACT_ABOVE = 50;

export type SaveState =
  | { kind: 'saved' }
  | { kind: 'saving'; pending: number }
  | { kind: 'error'; message: string };

export interface OpenedDoc {
  id: string;
  doc: Y.Doc;
  /** Current save state; `onSave` tells about every change of it. */
  readonly save: SaveState;
  onSave(cb: (s: SaveState) => void): () => void;
  /** Resolves once every update seen so far is committed (or the store has failed). */
  flushed(): Promise<SaveState>;
  close(): Promise<void>;
}

export type OpenResult = { ok: true; value: OpenedDoc } | { ok: false; error: string };

// Internal fields of IndexeddbPersistence this module relies on. They are not public API, so
// package.json pins y-indexeddb exactly (9.0.12): an upgrade is a deliberate change, re-checked
// against these names and tests/unit/storage-doc.test.ts + tests/e2e/storage-faults.test.ts.
interface PersistenceInternals {
  db: IDBDatabase | null;
  _db: Promise<IDBDatabase>;
  _dbsize: number;
  _storeUpdate: (update: Uint8Array, origin: unknown) => void;
}

/** Not a DOMException name: another tab asked to upgrade or delete this report's database. */
const VERSION_CHANGE = 'nianbao-versionchange';

function describeError(e: unknown): string {
  const name = (e as { name?: string } | null)?.name ?? '';
  if (name === 'QuotaExceededError') return '浏览器存储空间已满';
  if (name === VERSION_CHANGE) return '本报告的本机存储正被另一个窗口升级或删除，此窗口已停止保存';
  if (name === 'InvalidStateError') return '浏览器存储已被关闭（可能清除了网站数据，或另一个窗口正在升级数据）';
  if (name === 'UnknownError' || name === 'AbortError') return `浏览器存储出错（${name}）`;
  if (name === 'SecurityError') return '浏览器不允许本网站使用存储（可能是无痕/隐私模式）';
  return `浏览器存储出错：${(e as Error)?.message ?? String(e)}`;
}

export const SAVE_FAILED_HINT = '请立即用“导出”→“导出备份文件”保存一份副本，再检查磁盘空间或浏览器设置后重新打开。';

/**
 * Open (or create) the stored Y.Doc of a report. Resolves once everything stored has been
 * loaded into the doc, so callers can tell a new doc (empty) from a stored one.
 */
export async function openReportDoc(id: string, opts: { timeoutMs?: number; doc?: Y.Doc } = {}): Promise<OpenResult> {
  const doc = opts.doc ?? new Y.Doc();
  let persistence: IndexeddbPersistence;
  try {
    persistence = new IndexeddbPersistence(DOC_DB_PREFIX + id, doc);
  } catch (e) {
    return { ok: false, error: `无法打开本机存储：${describeError(e)}。` };
  }
  const internals = persistence as unknown as PersistenceInternals;
  const timeoutMs = opts.timeoutMs ?? 15_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const opened = await Promise.race([
    persistence.whenSynced.then(() => null),
    internals._db.then(
      () => new Promise<never>(() => {}),
      (e: unknown) => `无法打开本机存储：${describeError(e)}。`,
    ),
    new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve('打开本机存储超时（浏览器存储没有响应）。请关闭其他打开本报告的窗口后重试。'), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (opened !== null) {
    void persistence.destroy().catch(() => {});
    return { ok: false, error: opened };
  }
  // y-indexeddb appends a row on every open; keep the store small so opening stays fast. Not
  // awaited: its first request waits for y-indexeddb's read-write open transaction to commit (a
  // disk flush), which the report need not wait for — that wait was most of the open path's
  // cost over raw y-indexeddb (bench/app.bench.ts). close() waits for it.
  const compaction = compact(internals.db!, doc, internals).catch(() => {
    // Compaction is an optimisation; the data is intact without it.
  });
  return { ok: true, value: trackSaves(id, doc, persistence, internals, compaction) };
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/**
 * Replace the stored rows by one state update when there are more than COMPACT_ABOVE of them,
 * in one read-write transaction (all or nothing). y-indexeddb's own storeState does not say when
 * it has finished and only runs after 500 rows.
 */
async function compact(db: IDBDatabase, doc: Y.Doc, internals: PersistenceInternals): Promise<void> {
  // Counting in a read-only transaction first: a read-write one on every open costs a disk flush.
  const rows = await request(db.transaction(['updates'], 'readonly').objectStore('updates').count());
  if (rows <= COMPACT_ABOVE) {
    internals._dbsize = rows;
    return;
  }
  const tx = db.transaction(['updates'], 'readwrite');
  const done = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error);
  });
  const store = tx.objectStore('updates');
  const count = await request(store.count());
  if (count > COMPACT_ABOVE) {
    const key = (await request(store.add(Y.encodeStateAsUpdate(doc)))) as number;
    await request(store.delete(IDBKeyRange.upperBound(key, true)));
    internals._dbsize = 1;
  } else {
    internals._dbsize = count;
  }
  await done;
}

function trackSaves(id: string, doc: Y.Doc, persistence: IndexeddbPersistence, internals: PersistenceInternals, compaction: Promise<void>): OpenedDoc {
  const db = internals.db!;
  let state: SaveState = { kind: 'saved' };
  let pending = 0;
  const listeners = new Set<(s: SaveState) => void>();
  let waiters: ((s: SaveState) => void)[] = [];
  let closed = false;

  const set = (next: SaveState) => {
    state = next;
    for (const cb of listeners) cb(next);
    if (next.kind !== 'saving') {
      const w = waiters;
      waiters = [];
      for (const resolve of w) resolve(next);
    }
  };
  const fail = (e: unknown) => {
    if (state.kind === 'error') return;
    set({ kind: 'error', message: `未能保存到本机：${describeError(e)}。${SAVE_FAILED_HINT}` });
  };

  // Any failed request or aborted transaction on this database bubbles up to it.
  const onAbort = (ev: Event) => fail((ev.target as IDBTransaction | null)?.error ?? new Error('事务被中止'));
  const onError = (ev: Event) => fail((ev.target as IDBRequest | null)?.error ?? new Error('写入失败'));
  const onClose = () => {
    if (!closed) fail({ name: 'InvalidStateError' });
  };
  // Another tab upgrading or deleting the database: lib0 closes this connection so as not to
  // block it, and nothing written from here on would be kept — say so at once, not at the next
  // keystroke (and not after 已保存 for an edit that can no longer be stored).
  const onVersionChange = () => {
    if (!closed) fail({ name: VERSION_CHANGE });
  };
  db.addEventListener('abort', onAbort);
  db.addEventListener('error', onError);
  db.addEventListener('close', onClose);
  db.addEventListener('versionchange', onVersionChange);

  // One confirming transaction per burst of updates, not one per keystroke: it covers every
  // update seen before it was created.
  let seen = 0;
  let confirmed = 0;
  let confirming = false;
  const confirm = () => {
    if (confirming || closed) return;
    confirming = true;
    const upTo = seen;
    try {
      const tx = db.transaction(['updates'], 'readonly');
      tx.objectStore('updates').count();
      tx.oncomplete = () => {
        confirming = false;
        confirmed = upTo;
        pending = seen - confirmed;
        if (state.kind === 'error') return;
        if (pending > 0) {
          set({ kind: 'saving', pending });
          confirm();
        } else set({ kind: 'saved' });
      };
    } catch (e) {
      confirming = false;
      fail(e);
    }
  };

  const store = (update: Uint8Array, origin: unknown) => {
    if (origin === persistence || closed) return;
    try {
      internals._storeUpdate(update, origin);
    } catch (e) {
      fail(e);
      return;
    }
    seen++;
    pending = seen - confirmed;
    if (state.kind !== 'error' && (state.kind !== 'saving' || state.pending !== pending)) set({ kind: 'saving', pending });
    confirm();
  };
  doc.off('update', internals._storeUpdate);
  doc.on('update', store);

  return {
    id,
    doc,
    get save() {
      return state;
    },
    onSave(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    flushed() {
      if (state.kind !== 'saving') return Promise.resolve(state);
      return new Promise((resolve) => waiters.push(resolve));
    },
    async close() {
      if (closed) return;
      if (state.kind === 'saving') await this.flushed();
      await compaction;
      if (closed) return;
      closed = true;
      doc.off('update', store);
      db.removeEventListener('abort', onAbort);
      db.removeEventListener('error', onError);
      db.removeEventListener('close', onClose);
      db.removeEventListener('versionchange', onVersionChange);
      await persistence.destroy();
    },
  };
}

/** Remove a report's stored document for good. */
export async function deleteReportDoc(id: string): Promise<void> {
  await clearDocument(DOC_DB_PREFIX + id);
}

export interface StorageInfo {
  persisted: boolean | null;
  usage: number | null;
  quota: number | null;
}

/** Ask the browser to keep our data under storage pressure; report usage and quota. */
export async function checkStorage(ask = true): Promise<StorageInfo> {
  const s = (globalThis.navigator as Navigator | undefined)?.storage;
  if (!s) return { persisted: null, usage: null, quota: null };
  let persisted: boolean | null = null;
  try {
    persisted = (await s.persisted?.()) ?? null;
    if (!persisted && ask && s.persist) persisted = await s.persist();
  } catch {
    persisted = null;
  }
  try {
    const est = await s.estimate();
    return { persisted, usage: est.usage ?? null, quota: est.quota ?? null };
  } catch {
    return { persisted, usage: null, quota: null };
  }
}
