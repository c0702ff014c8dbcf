// Relay storage. Stores, in one SQLite file `${dataDir}/relay.sqlite` (WAL mode):
//  - documents(name, state, updated_at): the compacted Yjs state of each shared report
//    (Y.encodeStateAsUpdate), rewritten on a short debounce and on shutdown;
//  - pending_updates(id, name, data, received_at): every update the relay accepted since the
//    last compaction, appended synchronously as it arrives, so a crash (kill -9, power cut
//    after the WAL reached disk) between two compactions loses nothing; applied on load and
//    deleted when the compacted state is written;
//  - invites(report_id, code_hash, created_at, owner_hash): the SHA-256 of each report's invite
//    code and of the sharer's secret (handed out once, at the first share, to the sharer's copy
//    only: it lets that copy list members, issue a new code and stop sharing). Only hashes are
//    kept so that a copied database file hands out neither;
//  - members(report_id, author_id, name, last_seen): who connected to a shared report, from the
//    name their app announces, for the sharer's 共享 dialog.
// The folder is made 0700 and the database files 0600: they hold every shared report.
// Migrations: PRAGMA user_version. 1: documents, pending_updates, invites. 2: invites.owner_hash
// (NULL for reports shared before: nobody can manage those, and nobody can claim them either),
// members. A newer version adds a step in migrate() and never rewrites an older one; a file from
// a newer program is refused.
import Database from 'better-sqlite3';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { isValidReportId } from '../sync/invite.ts';

export { isValidReportId };

/** Most members remembered per report (see touchMember). */
export const MAX_MEMBERS = 200;

const SCHEMA_VERSION = 2;

/** Owner-only modes for the relay's data: folder and database files. */
export const DATA_DIR_MODE = 0o700;
export const DATA_FILE_MODE = 0o600;

/** 160 random bits as unpadded base64url (27 characters). */
export function newInviteCode(): string {
  return randomBytes(20).toString('base64url');
}

function hashCode(code: string): Buffer {
  return createHash('sha256').update(code, 'utf8').digest();
}

function sameHash(given: string, stored: Buffer | null | undefined): boolean {
  if (!stored) return false;
  const h = hashCode(given);
  return h.length === stored.length && timingSafeEqual(h, stored);
}

export interface Member {
  authorId: string;
  name: string;
  lastSeen: number;
}

export class RelayStore {
  readonly path: string;
  private readonly db: Database.Database;
  private closed = false;
  private readonly stmts;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true, mode: DATA_DIR_MODE });
    // mkdir's mode is masked by the umask and leaves an existing folder as it was.
    chmodSync(dataDir, DATA_DIR_MODE);
    this.path = join(dataDir, 'relay.sqlite');
    // Create the file owner-only before SQLite opens it: SQLite gives the -wal and -shm files
    // the main file's permissions.
    closeSync(openSync(this.path, 'a', DATA_FILE_MODE));
    chmodSync(this.path, DATA_FILE_MODE);
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
      putInvite: this.db.prepare<[string, Buffer, number, Buffer]>(
        'INSERT OR IGNORE INTO invites (report_id, code_hash, created_at, owner_hash) VALUES (?, ?, ?, ?)',
      ),
      getOwner: this.db.prepare<[string], { owner_hash: Buffer | null }>('SELECT owner_hash FROM invites WHERE report_id = ?'),
      setCode: this.db.prepare<[Buffer, number, string]>('UPDATE invites SET code_hash = ?, created_at = ? WHERE report_id = ?'),
      deleteInvite: this.db.prepare<[string]>('DELETE FROM invites WHERE report_id = ?'),
      deleteDocument: this.db.prepare<[string]>('DELETE FROM documents WHERE name = ?'),
      deleteAllPending: this.db.prepare<[string]>('DELETE FROM pending_updates WHERE name = ?'),
      deleteMembers: this.db.prepare<[string]>('DELETE FROM members WHERE report_id = ?'),
      putMember: this.db.prepare<[string, string, string, number]>(
        `INSERT INTO members (report_id, author_id, name, last_seen) VALUES (?, ?, ?, ?)
         ON CONFLICT(report_id, author_id) DO UPDATE SET name = excluded.name, last_seen = excluded.last_seen`,
      ),
      countMembers: this.db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM members WHERE report_id = ?'),
      listMembers: this.db.prepare<[string], { author_id: string; name: string; last_seen: number }>(
        'SELECT author_id, name, last_seen FROM members WHERE report_id = ? ORDER BY last_seen DESC',
      ),
    };
    for (const suffix of ['', '-wal', '-shm']) {
      try {
        chmodSync(this.path + suffix, DATA_FILE_MODE);
      } catch {
        /* -shm/-wal appear with the first write, with the main file's mode */
      }
    }
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
    if (version < 2) {
      this.db.exec(`
        ALTER TABLE invites ADD COLUMN owner_hash BLOB;
        CREATE TABLE IF NOT EXISTS members (
          report_id TEXT NOT NULL,
          author_id TEXT NOT NULL,
          name TEXT NOT NULL,
          last_seen INTEGER NOT NULL,
          PRIMARY KEY (report_id, author_id)
        );
        PRAGMA user_version = 2;
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

  /**
   * Creates the report's invite code and the sharer's secret, or returns null when the report
   * is already shared (neither is ever re-issued to whoever merely knows the report id).
   */
  createInvite(reportId: string): { code: string; ownerSecret: string } | null {
    const code = newInviteCode();
    const ownerSecret = newInviteCode();
    const result = this.stmts.putInvite.run(reportId, hashCode(code), Date.now(), hashCode(ownerSecret));
    return result.changes === 1 ? { code, ownerSecret } : null;
  }

  checkInvite(reportId: string, code: string): boolean {
    return sameHash(code, this.stmts.getInvite.get(reportId)?.code_hash);
  }

  /** Whether `secret` is the sharer's secret of this report (false for reports shared before secrets existed). */
  checkOwner(reportId: string, secret: string): boolean {
    return sameHash(secret, this.stmts.getOwner.get(reportId)?.owner_hash);
  }

  /** Replaces the report's invite code (the caller checked the owner); returns the new code. */
  renewInvite(reportId: string): string {
    const code = newInviteCode();
    this.stmts.setCode.run(hashCode(code), Date.now(), reportId);
    return code;
  }

  /** Forgets the report entirely: invite, sharer, members and the relay's copy of its content. */
  forgetReport(reportId: string): void {
    this.db.transaction(() => {
      this.stmts.deleteInvite.run(reportId);
      this.stmts.deleteMembers.run(reportId);
      this.stmts.deleteDocument.run(reportId);
      this.stmts.deleteAllPending.run(reportId);
    })();
  }

  /** Records that `authorId` (shown as `name`) was connected to the report at `at`. */
  touchMember(reportId: string, rawAuthorId: string, rawName: string, at = Date.now()): void {
    if (this.closed) return;
    const authorId = rawAuthorId.slice(0, 64);
    const name = rawName.slice(0, 64);
    // A report has a handful of colleagues; a client announcing thousands of made-up ids is
    // not one, and must not grow the table without end.
    if (this.stmts.countMembers.get(reportId)!.n >= MAX_MEMBERS && !this.stmts.listMembers.all(reportId).some((m) => m.author_id === authorId)) return;
    this.stmts.putMember.run(reportId, authorId, name, at);
  }

  members(reportId: string): Member[] {
    return this.stmts.listMembers.all(reportId).map((m) => ({ authorId: m.author_id, name: m.name, lastSeen: m.last_seen }));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
