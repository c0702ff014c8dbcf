// Relay storage. Stores, in one SQLite file `${dataDir}/relay.sqlite` (WAL mode):
//  - documents(name, state, updated_at): the compacted Yjs state of each shared report
//    (Y.encodeStateAsUpdate), rewritten on a short debounce and on shutdown;
//  - pending_updates(id, name, data, received_at): every update the relay accepted since the
//    last compaction, appended synchronously as it arrives, so a crash (kill -9, power cut
//    after the WAL reached disk) between two compactions loses nothing; applied on load and
//    deleted when the compacted state is written;
//  - invites(report_id, code_hash, created_at): the SHA-256 of each report's invite code. Only
//    the hash is kept so that a copied database file does not hand out the codes.
// Migrations: PRAGMA user_version; version 1 is the schema above. A newer version must add a
// step in migrate() and never rewrite an older one; a file from a newer program is refused.
import Database from 'better-sqlite3';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { isValidReportId } from '../sync/invite.ts';

export { isValidReportId };

const SCHEMA_VERSION = 1;

/** 160 random bits as unpadded base64url (27 characters). */
export function newInviteCode(): string {
  return randomBytes(20).toString('base64url');
}

function hashCode(code: string): Buffer {
  return createHash('sha256').update(code, 'utf8').digest();
}

export class RelayStore {
  readonly path: string;
  private readonly db: Database.Database;
  private closed = false;
  private readonly stmts;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.path = join(dataDir, 'relay.sqlite');
    this.db = new Database(this.path);
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: commits survive a process crash; a power cut can lose the last
    // moments but never corrupts the file. Clients keep their own copies and resend on reconnect.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
    this.stmts = {
      getState: this.db.prepare<[string], { state: Buffer }>('SELECT state FROM documents WHERE name = ?'),
      getPending: this.db.prepare<[string], { id: number; data: Buffer }>(
        'SELECT id, data FROM pending_updates WHERE name = ? ORDER BY id',
      ),
      putState: this.db.prepare<[string, Buffer, number]>(
        `INSERT INTO documents (name, state, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
      ),
      maxPendingId: this.db.prepare<[string], { m: number | null }>('SELECT MAX(id) AS m FROM pending_updates WHERE name = ?'),
      deletePending: this.db.prepare<[string, number]>('DELETE FROM pending_updates WHERE name = ? AND id <= ?'),
      appendPending: this.db.prepare<[string, Buffer, number]>(
        'INSERT INTO pending_updates (name, data, received_at) VALUES (?, ?, ?)',
      ),
      getInvite: this.db.prepare<[string], { code_hash: Buffer }>('SELECT code_hash FROM invites WHERE report_id = ?'),
      putInvite: this.db.prepare<[string, Buffer, number]>(
        'INSERT OR IGNORE INTO invites (report_id, code_hash, created_at) VALUES (?, ?, ?)',
      ),
    };
  }

  private migrate() {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      this.db.close();
      throw new Error(`数据文件 ${this.path} 来自更新版本的程序（架构版本 ${version}），请升级本程序后再启动。`);
    }
    if (version < 1) {
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS documents (
          name TEXT PRIMARY KEY,
          state BLOB NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS pending_updates (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          name TEXT NOT NULL,
          data BLOB NOT NULL,
          received_at INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS pending_updates_by_name ON pending_updates (name, id);
        CREATE TABLE IF NOT EXISTS invites (
          report_id TEXT PRIMARY KEY,
          code_hash BLOB NOT NULL,
          created_at INTEGER NOT NULL
        );
        PRAGMA user_version = 1;
      `);
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The compacted state followed by the updates appended since, in arrival order. */
  loadDocument(name: string): Uint8Array[] {
    const parts: Uint8Array[] = [];
    const row = this.stmts.getState.get(name);
    if (row) parts.push(new Uint8Array(row.state));
    for (const p of this.stmts.getPending.all(name)) parts.push(new Uint8Array(p.data));
    return parts;
  }

  appendUpdate(name: string, update: Uint8Array): void {
    if (this.closed) return;
    this.stmts.appendPending.run(name, Buffer.from(update.buffer, update.byteOffset, update.byteLength), Date.now());
  }

  /**
   * Writes the compacted state and drops the appended updates it already contains. The caller
   * encodes the state from the live document after every appended update was applied to it
   * (updates are appended synchronously on the document's update event), so every pending row
   * present now is covered by `state`.
   */
  saveState(name: string, state: Uint8Array): void {
    if (this.closed) return;
    const tx = this.db.transaction(() => {
      const upTo = this.stmts.maxPendingId.get(name)?.m ?? null;
      this.stmts.putState.run(name, Buffer.from(state.buffer, state.byteOffset, state.byteLength), Date.now());
      if (upTo !== null) this.stmts.deletePending.run(name, upTo);
    });
    tx();
  }

  hasInvite(reportId: string): boolean {
    return this.stmts.getInvite.get(reportId) !== undefined;
  }

  /** Creates the report's invite code, or returns null when it already has one (never re-issued). */
  createInvite(reportId: string): string | null {
    const code = newInviteCode();
    const result = this.stmts.putInvite.run(reportId, hashCode(code), Date.now());
    return result.changes === 1 ? code : null;
  }

  checkInvite(reportId: string, code: string): boolean {
    const row = this.stmts.getInvite.get(reportId);
    if (!row) return false;
    const given = hashCode(code);
    return given.length === row.code_hash.length && timingSafeEqual(given, row.code_hash);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
