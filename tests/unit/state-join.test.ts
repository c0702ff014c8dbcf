// Joining a new report by invite link against the real relay: nothing is written to the library
// (no row, no stored doc) unless the first copy arrives; an unreachable relay — refused or
// silent — fails within the probe's time and names the address and what to check.
import 'fake-indexeddb/auto';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReportDoc, setCell, type Author } from '../../src/doc/report-doc.ts';
import { spawnSync } from 'node:child_process';
import { startServer, tlsFromEnv, type RunningServer } from '../../src/server/server.ts';
import { renewInviteCode, requestInviteCode } from '../../src/sync/invite.ts';
import { DOC_DB_PREFIX } from '../../src/storage/doc-store.ts';
import { openLibraryDB, type LibraryDB } from '../../src/storage/library-db.ts';
import { fetchFirstCopy } from '../../src/state/first-copy.ts';
import { joinNewReport, unreachable, type JoinDeps } from '../../src/state/join.ts';
import { connectRelay } from '../../src/sync/relay.ts';
import { probeRelay } from '../../src/sync/probe.ts';
import { NodeWebSocket, share, tempDir, until } from './relay-helpers.ts';

const zhang: Author = { id: 'author-zhang', name: '张三' };
const li: Author = { id: 'author-li', name: '李四' };
const transport = { WebSocketPolyfill: NodeWebSocket, reconnectDelay: { min: 50, max: 200 } };
const CODE = 'abcdefghijklmnopqrstuvwxyz0';

let dir: ReturnType<typeof tempDir>;
let server: RunningServer;
let db: LibraryDB;
let n = 0;

const deps = (probeTimeoutMs = 5000): JoinDeps => ({
  probeTimeoutMs,
  probe: (url) => probeRelay(url, { timeoutMs: probeTimeoutMs, WebSocketImpl: NodeWebSocket as never }),
  fetchCopy: (doc, s, id, author) => fetchFirstCopy(doc, s, id, author, { timeoutMs: 10_000, ...transport }),
});

async function storedDocs(): Promise<string[]> {
  return (await indexedDB.databases()).map((d) => d.name!).filter((name) => name.startsWith(DOC_DB_PREFIX));
}

beforeAll(async () => {
  dir = tempDir('nianbao-join-');
  server = await startServer({ port: 0, host: '127.0.0.1', dataDir: join(dir.path, 'data'), staticDir: join(dir.path, 'dist'), log: () => {}, storeDebounceMs: 50 });
});
afterAll(async () => {
  await server.close();
  db?.close();
  dir.remove();
});

async function freshDb(): Promise<LibraryDB> {
  db?.close();
  db = openLibraryDB(`join-test-${++n}`);
  await db.open();
  return db;
}

describe('what to check for an https relay', () => {
  it('names the trust page on the relay\'s own port, 443 included (plain http answers there too)', () => {
    expect(unreachable('wss://office-pc.test/relay', 'refused', 5000).checks[0]).toContain('http://office-pc.test:443/trust');
    expect(unreachable('wss://[fd00:7::23]:5173/relay', 'refused', 5000).checks[0]).toContain('http://[fd00:7::23]:5173/trust');
    // A silent relay is not a certificate problem; a ws relay has no certificate.
    expect(unreachable('wss://office-pc.test/relay', 'timeout', 5000).checks.join('')).not.toContain('/trust');
    expect(unreachable('ws://office-pc.test:5173/relay', 'refused', 5000).checks.join('')).not.toContain('/trust');
  });
});

describe('joinNewReport', () => {
  it('brings the report and only then writes its row, with the share', async () => {
    const library = await freshDb();
    const code = await share(server.url.replace('localhost', '127.0.0.1'), 'r-join-1');
    const relay = `ws://127.0.0.1:${server.port}/relay`;
    const origin = createReportDoc({ name: '下冶镇人民政府', type: 'township', year: 2023 }, zhang);
    setCell(origin, 't3.r1_new.np', 5, zhang);
    const conn = connectRelay({ url: relay, reportId: 'r-join-1', code, doc: origin, author: zhang, ...transport });
    await until('origin synced', () => conn.status.state === 'synced');
    const r = await joinNewReport(library, { relay, reportId: 'r-join-1', code }, li, deps());
    conn.destroy();
    expect(r).toEqual({ ok: true, id: 'r-join-1' });
    const row = await library.reports.get('r-join-1');
    expect(row).toMatchObject({ unitName: '下冶镇人民政府', year: 2023, share: { relay, code } });
    expect(await storedDocs()).toContain(`${DOC_DB_PREFIX}r-join-1`);
  });

  it('a refused connection fails at once, names the address and what to check, and leaves nothing', async () => {
    const library = await freshDb();
    // A port that was just free: nothing listens there.
    const closed = await new Promise<number>((done) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => done(port));
      });
    });
    // A long probe time: the refusal itself must end the wait, not the timer.
    const r = await joinNewReport(library, { relay: `ws://127.0.0.1:${closed}/relay`, reportId: 'r-join-2', code: CODE }, li, deps(60_000));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toContain(`127.0.0.1:${closed}`);
    expect(r.error).toContain('连接被拒绝');
    expect(r.checks.join('')).toMatch(/同一个网络/);
    expect(r.checks.join('')).toContain(`端口 ${closed}`);
    expect(r.checks.join('')).toMatch(/服务器窗口/);
    expect(await library.reports.count()).toBe(0);
    expect(await storedDocs()).not.toContain(`${DOC_DB_PREFIX}r-join-2`);
  });

  it('a relay that never answers the handshake is given up after the probe time', async () => {
    const library = await freshDb();
    const held: Socket[] = [];
    const silent: Server = createServer((s) => void held.push(s));
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    const port = (silent.address() as { port: number }).port;
    try {
      const t0 = Date.now();
      const r = await joinNewReport(library, { relay: `ws://127.0.0.1:${port}/relay`, reportId: 'r-join-3', code: CODE }, li, deps(800));
      const took = Date.now() - t0;
      expect(took).toBeGreaterThanOrEqual(700);
      expect(took).toBeLessThan(15_000); // not the relay client's 30 s
      expect(r).toMatchObject({ ok: false, error: expect.stringContaining('没有回应') });
      expect(await library.reports.count()).toBe(0);
      expect(await storedDocs()).not.toContain(`${DOC_DB_PREFIX}r-join-3`);
    } finally {
      for (const s of held) s.destroy();
      await new Promise<void>((done) => silent.close(() => done()));
    }
  });

  it('a wrong code: the relay is reached but refuses; nothing is kept', async () => {
    const library = await freshDb();
    const code = await share(server.url.replace('localhost', '127.0.0.1'), 'r-join-4');
    const bad = code.slice(0, -2) + (code.endsWith('zz') ? 'yy' : 'zz');
    const r = await joinNewReport(library, { relay: `ws://127.0.0.1:${server.port}/relay`, reportId: 'r-join-4', code: bad }, li, deps());
    expect(r).toMatchObject({ ok: false, error: expect.stringContaining('邀请码不正确') });
    expect(await library.reports.count()).toBe(0);
    expect(await storedDocs()).not.toContain(`${DOC_DB_PREFIX}r-join-4`);
  });

  it('a revoked code (the sharer made a new link): refused within seconds, says to ask for the new link, nothing kept', async () => {
    const library = await freshDb();
    const relay = `ws://127.0.0.1:${server.port}/relay`;
    const first = await requestInviteCode(relay, 'r-join-5');
    if (!first.ok) throw new Error(first.error);
    const renewed = await renewInviteCode({ relay, reportId: 'r-join-5', ownerSecret: first.ownerSecret });
    if (!renewed.ok) throw new Error(renewed.error);
    const t0 = Date.now();
    const r = await joinNewReport(library, { relay, reportId: 'r-join-5', code: first.code }, li, deps());
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/已失效.*重新索取/) });
    expect(await library.reports.count()).toBe(0);
    expect(await storedDocs()).not.toContain(`${DOC_DB_PREFIX}r-join-5`);
  });

  it('an https link to a relay whose certificate this PC does not trust: says so, points to its /trust page, nothing kept', async () => {
    const library = await freshDb();
    const made = spawnSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=office-pc.test',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', join(dir.path, 'untrusted-key.pem'), '-out', join(dir.path, 'untrusted-cert.pem'),
    ]);
    if (made.status !== 0) throw new Error(`openssl is needed for this test: ${made.stderr}`);
    const tls = tlsFromEnv({ HTTPS_CERT: join(dir.path, 'untrusted-cert.pem'), HTTPS_KEY: join(dir.path, 'untrusted-key.pem') });
    // The real relay over TLS; this client is given no CA, as a colleague's PC without it installed.
    const tlsServer = await startServer({ port: 0, host: '127.0.0.1', dataDir: join(dir.path, 'tls-data'), staticDir: join(dir.path, 'dist'), tls, log: () => {} });
    try {
      const relay = `wss://127.0.0.1:${tlsServer.port}/relay`;
      const t0 = Date.now();
      const r = await joinNewReport(library, { relay, reportId: 'r-join-6', code: CODE }, li, deps(60_000));
      expect(Date.now() - t0).toBeLessThan(10_000); // the TLS failure ends the wait, not the timer
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error).toContain(`127.0.0.1:${tlsServer.port}`);
      expect(r.error).not.toContain('连接被拒绝'); // it was not refused: the certificate was
      expect(r.checks[0]).toContain('根证书');
      expect(r.checks[0]).toContain(`http://127.0.0.1:${tlsServer.port}/trust`);
      expect(await library.reports.count()).toBe(0);
      expect(await storedDocs()).not.toContain(`${DOC_DB_PREFIX}r-join-6`);
    } finally {
      await tlsServer.close();
    }
  });
});
