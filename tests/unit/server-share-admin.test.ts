// Managing a share against the real server and its SQLite file: the sharer's secret from the
// first share lists members, issues a new code (old links and connections stop) and stops
// sharing; a stranger who knows only the report id can do none of it. POST /api/share is
// rate-limited per address.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { startServer, type RunningServer, type StartServerOptions } from '../../src/server/server.ts';
import { RelayStore } from '../../src/server/store.ts';
import { listMembers, renewInviteCode, requestInviteCode, stopSharing } from '../../src/sync/invite.ts';
import { relayClient, tempDir, until, type TestClient } from './relay-helpers.ts';

let dir: ReturnType<typeof tempDir>;
let server: RunningServer;
let clients: TestClient[];
let logs: string[];

async function start(extra: Partial<StartServerOptions> = {}) {
  server = await startServer({ port: 0, dataDir: join(dir.path, 'data'), staticDir: dir.path, log: (l) => logs.push(l), storeDebounceMs: 50, ...extra });
  return server;
}
function client(reportId: string, code: string | null, name?: string) {
  const c = relayClient(server.relayUrl, reportId, code);
  if (name) c.provider.setAwarenessField('user', { name, authorId: `author-${name}` });
  clients.push(c);
  return c;
}
async function shared(reportId: string) {
  const r = await requestInviteCode(server.relayUrl, reportId);
  if (!r.ok) throw new Error(r.error);
  return r;
}

beforeEach(() => {
  dir = tempDir('nianbao-share-admin-');
  clients = [];
  logs = [];
});
afterEach(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
  dir.remove();
});

describe('share management', () => {
  it('lists who joined, by the name their app announces, with when they were last seen', async () => {
    await start();
    const s = await shared('rep-members');
    const before = Date.now();
    const a = client('rep-members', s.code, '张三');
    const b = client('rep-members', s.code, '李四');
    await until('both synced', () => a.provider.isSynced && b.provider.isSynced);
    const owner = { relay: server.relayUrl, reportId: 'rep-members', ownerSecret: s.ownerSecret };
    let names: string[] = [];
    for (let i = 0; i < 300 && names.length < 2; i++) {
      const r = await listMembers(owner);
      if (r.ok) names = r.members.map((m) => m.name).sort();
      if (names.length < 2) await new Promise((r) => setTimeout(r, 50));
    }
    expect(names).toEqual(['张三', '李四'].sort());
    const r = await listMembers(owner);
    expect(r.ok && r.members.every((m) => m.lastSeen >= before - 1000 && m.lastSeen <= Date.now())).toBe(true);
    // The same list after a restart: it is in the SQLite file, not in memory.
    await server.close();
    await start();
    const again = await listMembers({ ...owner, relay: server.relayUrl });
    expect(again.ok && again.members.map((m) => m.name).sort()).toEqual(['张三', '李四'].sort());
  });

  it('a new code closes connections made with the old one, and the old code no longer admits anyone', async () => {
    await start();
    const s = await shared('rep-renew');
    const colleague = client('rep-renew', s.code, '王五');
    await until('colleague synced', () => colleague.provider.isSynced);
    colleague.doc.getMap('cells').set('x', 1);
    await until('acknowledged', () => colleague.provider.unsyncedChanges === 0);

    const renewed = await renewInviteCode({ relay: server.relayUrl, reportId: 'rep-renew', ownerSecret: s.ownerSecret });
    expect(renewed.ok).toBe(true);
    if (!renewed.ok) return;
    expect(renewed.code).not.toBe(s.code);
    // The colleague's socket is closed; reconnecting with the old code is refused.
    await until('old connection refused', () => colleague.authFailures.length > 0);
    expect(colleague.authFailures[0]).toContain('邀请码不正确或已失效');
    const late = client('rep-renew', s.code);
    await until('old link refused', () => late.authFailures.length > 0);
    expect(late.doc.getMap('cells').size).toBe(0);
    // The new code works and sees what was saved with the old one.
    const fresh = client('rep-renew', renewed.code);
    await until('new code syncs the content', () => fresh.doc.getMap('cells').get('x') === 1);
  });

  it('stopping sharing makes the relay forget the report; it can be shared again afresh', async () => {
    await start();
    const s = await shared('rep-stop');
    const c = client('rep-stop', s.code, '赵六');
    c.doc.getText('t').insert(0, '内容');
    await until('acknowledged', () => c.provider.isSynced && c.provider.unsyncedChanges === 0);
    const stopped = await stopSharing({ relay: server.relayUrl, reportId: 'rep-stop', ownerSecret: s.ownerSecret });
    expect(stopped.ok).toBe(true);
    await until('connection refused', () => c.authFailures.length > 0);
    // Wait until the document is unloaded, then look at the file itself.
    await until('unloaded', () => !server.relay.hocuspocus.documents.has('rep-stop'));
    const db = new Database(join(dir.path, 'data', 'relay.sqlite'), { readonly: true });
    try {
      for (const [table, column] of [['documents', 'name'], ['pending_updates', 'name'], ['invites', 'report_id'], ['members', 'report_id']]) {
        expect(db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ?`).get('rep-stop'), table).toEqual({ n: 0 });
      }
    } finally {
      db.close();
    }
    const again = await shared('rep-stop');
    expect(again.code).not.toBe(s.code);
    const fresh = client('rep-stop', again.code);
    await until('synced', () => fresh.provider.isSynced);
    expect(fresh.doc.getText('t').toString()).toBe('');
  });

  it('a stranger who knows only the report id can neither claim nor manage it', async () => {
    await start();
    const s = await shared('rep-owned');
    // Claiming again: 409, and neither the code nor the secret comes back.
    const claim = await fetch(`${server.url}/api/share`, { method: 'POST', body: JSON.stringify({ reportId: 'rep-owned' }) });
    expect(claim.status).toBe(409);
    const claimBody = await claim.text();
    expect(claimBody).not.toContain(s.code);
    expect(claimBody).not.toContain(s.ownerSecret);
    // Guessing secrets, the invite code in place of the secret, or no secret at all.
    for (const ownerSecret of ['A'.repeat(27), s.code, undefined, 42]) {
      for (const path of ['members', 'renew', 'stop']) {
        const r = await fetch(`${server.url}/api/share/${path}`, { method: 'POST', body: JSON.stringify({ reportId: 'rep-owned', ownerSecret }) });
        expect(r.status, `${path} ${String(ownerSecret)}`).toBe(403);
        expect(((await r.json()) as { error: string }).error).toBe('只有共享这份报告的电脑才能管理共享');
      }
    }
    // An unshared id answers the same (no oracle for which ids are shared).
    const r = await fetch(`${server.url}/api/share/members`, { method: 'POST', body: JSON.stringify({ reportId: 'nope', ownerSecret: 'A'.repeat(27) }) });
    expect(r.status).toBe(403);
    // Nothing changed: the original code still admits.
    const c = client('rep-owned', s.code);
    await until('still synced', () => c.provider.isSynced);
    expect(c.authFailures).toEqual([]);
  });
});

describe('a relay file from before share secrets (schema 1)', () => {
  it('is upgraded in place: old invites still admit, nobody can manage or claim those reports', () => {
    const data = join(dir.path, 'data');
    mkdirSync(data);
    const old = new Database(join(data, 'relay.sqlite'));
    old.exec(`
      CREATE TABLE documents (name TEXT PRIMARY KEY, state BLOB NOT NULL, updated_at INTEGER NOT NULL);
      CREATE TABLE pending_updates (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, data BLOB NOT NULL, received_at INTEGER NOT NULL);
      CREATE TABLE invites (report_id TEXT PRIMARY KEY, code_hash BLOB NOT NULL, created_at INTEGER NOT NULL);
      PRAGMA user_version = 1;`);
    const code = 'C'.repeat(27);
    old.prepare('INSERT INTO invites VALUES (?, ?, ?)').run('legacy', createHash('sha256').update(code).digest(), 1);
    old.close();
    const store = new RelayStore(data);
    try {
      expect(store.checkInvite('legacy', code)).toBe(true);
      expect(store.checkOwner('legacy', code)).toBe(false);
      expect(store.createInvite('legacy')).toBeNull();
      store.touchMember('legacy', 'a', '甲');
      expect(store.members('legacy').map((m) => m.name)).toEqual(['甲']);
    } finally {
      store.close();
    }
    const db = new Database(join(data, 'relay.sqlite'), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    db.close();
  });
});

describe('POST /api/share rate limit', () => {
  it('answers 429 with a Chinese reason and Retry-After once an address has shared too often', async () => {
    await start({ shareRate: { burst: 3, perMs: 60_000 } });
    const statuses: number[] = [];
    let last: Response | null = null;
    for (let i = 0; i < 6; i++) {
      last = await fetch(`${server.url}/api/share`, { method: 'POST', body: JSON.stringify({ reportId: `rl-${i}` }) });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await last!.json()) as { error: string }).error).toMatch(/^共享请求过于频繁，请 \d+ 秒后再试$/);
    // Refused requests minted nothing.
    const db = new Database(join(dir.path, 'data', 'relay.sqlite'), { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM invites').get()).toEqual({ n: 3 });
    db.close();
  });

  it('does not believe X-Forwarded-For unless the proxy is configured', async () => {
    await start({ shareRate: { burst: 1, perMs: 60_000 } });
    const post = (i: number, xff: string) =>
      fetch(`${server.url}/api/share`, { method: 'POST', headers: { 'X-Forwarded-For': xff }, body: JSON.stringify({ reportId: `xff-${i}` }) });
    expect((await post(1, '10.0.0.1')).status).toBe(201);
    expect((await post(2, '10.0.0.2')).status).toBe(429);
    await server.close();
    await start({ shareRate: { burst: 1, perMs: 60_000 }, trustedProxies: new Set(['127.0.0.1']) });
    expect((await post(3, '10.0.0.1')).status).toBe(201);
    expect((await post(4, '10.0.0.2')).status).toBe(201);
    expect((await post(5, '10.0.0.2')).status).toBe(429);
  });
});
