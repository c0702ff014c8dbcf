// The real server (startServer, port 0, temp data dir, real SQLite file) with real
// HocuspocusProvider clients over ws: sharing, admission by invite code, convergence, awareness,
// oversize messages, persistence across restarts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { relayClient, share, tempDir, until, type TestClient } from './relay-helpers.ts';

let dir: ReturnType<typeof tempDir>;
let server: RunningServer;
let logs: string[];
let clients: TestClient[];

async function start(extra: { maxMessageBytes?: number } = {}) {
  server = await startServer({
    port: 0,
    dataDir: join(dir.path, 'data'),
    staticDir: join(dir.path, 'dist'),
    log: (line) => logs.push(line),
    storeDebounceMs: 100,
    ...extra,
  });
  return server;
}

function client(reportId: string, token: string | null, doc?: Y.Doc): TestClient {
  const c = relayClient(server.relayUrl, reportId, token, doc);
  clients.push(c);
  return c;
}

beforeEach(() => {
  dir = tempDir('nianbao-relay-');
  logs = [];
  clients = [];
});

afterEach(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
  dir.remove();
});

describe('POST /api/share', () => {
  it('issues one ≥128-bit base64url code per report, never twice', async () => {
    await start();
    const code = await share(server.url, 'report-a');
    expect(code).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(Buffer.from(code, 'base64url').length).toBeGreaterThanOrEqual(16);
    const again = await fetch(`${server.url}/api/share`, { method: 'POST', body: JSON.stringify({ reportId: 'report-a' }) });
    expect(again.status).toBe(409);
    const body = (await again.json()) as { code?: string; error: string };
    expect(body.code).toBeUndefined();
    expect(body.error).toContain('已在中继上共享');
    expect(await share(server.url, 'report-b')).not.toBe(code);
    expect(existsSync(join(dir.path, 'data', 'relay.sqlite'))).toBe(true);
  });

  it('refuses bad requests with Chinese errors', async () => {
    await start();
    const post = (body: string) => fetch(`${server.url}/api/share`, { method: 'POST', body });
    expect((await post('not json')).status).toBe(400);
    const bad = await post(JSON.stringify({ reportId: '../x y' }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe('报告编号无效');
    expect((await post(JSON.stringify({ reportId: 'x'.repeat(5000) }))).status).toBe(413);
    expect((await fetch(`${server.url}/api/share`)).status).toBe(405);
    // CORS is no longer `*`: the app's own origin is echoed, a foreign page is refused.
    const preflight = await fetch(`${server.url}/api/share`, { method: 'OPTIONS', headers: { Origin: server.url } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(server.url);
    const foreign = await fetch(`${server.url}/api/share`, { method: 'OPTIONS', headers: { Origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('relay', () => {
  it('two clients with the code converge, both ways, and see each other', async () => {
    await start();
    const code = await share(server.url, 'r1');
    const a = client('r1', code);
    const b = client('r1', code);
    await until('both synced', () => a.provider.isSynced && b.provider.isSynced);
    a.doc.getText('section:s5').insert(0, '甲写的');
    b.doc.getMap('cellWrites').set('w1', { cell: 't2.r1', v: 3 });
    await until('converged', () =>
      b.doc.getText('section:s5').toString() === '甲写的' && a.doc.getMap('cellWrites').has('w1'),
    );
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc));

    a.provider.setAwarenessField('user', { name: '张三' });
    await until('b sees a', () =>
      [...b.provider.awareness!.getStates().values()].some((s) => (s.user as { name?: string })?.name === '张三'),
    );
  });

  it('admits nobody without the right code, and sends them nothing of the report', async () => {
    await start();
    const code = await share(server.url, 'secret');
    const owner = client('secret', code);
    await until('owner synced', () => owner.provider.isSynced);
    owner.doc.getText('section:s5').insert(0, '机密内容');
    owner.provider.setAwarenessField('user', { name: '李四' });
    await until('owner acked', () => owner.provider.unsyncedChanges === 0);

    const wrong = client('secret', code.slice(0, -2) + (code.endsWith('AA') ? 'BB' : 'AA'));
    const missing = client('secret', null);
    // A valid code of another report does not open this one.
    const otherReport = client('secret', await share(server.url, 'other'));
    const unshared = client('never-shared', code);
    const refused = [wrong, missing, otherReport, unshared];
    for (const c of refused) await until('refused', () => c.authFailures.length > 0);
    // A colleague with the right code, as the sync point: once the relay has sent the new edit
    // to her, it would have sent it to any (wrongly) admitted socket too.
    const colleague = client('secret', code);
    await until('colleague synced', () => colleague.provider.isSynced);
    owner.doc.getText('section:s5').insert(0, '更多');
    await until('colleague has the edit', () => colleague.doc.getText('section:s5').toString().startsWith('更多'));
    for (const c of refused) {
      expect(c.doc.getText('section:s5').toString()).toBe('');
      expect(c.provider.isSynced).toBe(false);
      expect(c.provider.awareness!.getStates().size).toBe(1); // only itself
      const text = c.received.map((m) => Buffer.from(m).toString('utf8')).join('');
      expect(text).not.toContain('机密');
      expect(text).not.toContain('李四');
    }
    expect(logs.some((l) => l.includes('拒绝连接') && l.includes('不正确'))).toBe(true);
    expect(logs.some((l) => l.includes('拒绝连接') && l.includes('缺失'))).toBe(true);
  });

  it('rejects an oversize message with a clear log line and keeps serving others', async () => {
    await start({ maxMessageBytes: 64 * 1024 });
    const code = await share(server.url, 'big');
    const a = client('big', code);
    const b = client('big', code);
    await until('synced', () => a.provider.isSynced && b.provider.isSynced);
    const closes: number[] = [];
    a.provider.on('close', ({ event }: { event: { code: number } }) => closes.push(event.code));
    a.doc.getText('section:s5').insert(0, '大'.repeat(100_000)); // ~300 KB of UTF-8
    await until('closed with 1009', () => closes.includes(1009));
    expect(logs.some((l) => l.includes('拒绝过大的消息') && l.includes('big') && l.includes('1009'))).toBe(true);
    b.doc.getText('section:s6').insert(0, '小改动');
    await until('b saved on the relay', () => b.provider.unsyncedChanges === 0);
    expect(b.doc.getText('section:s5').length).toBe(0);
  });

  it('keeps every document across a restart on the same data dir, and clients reconnect', async () => {
    await start();
    const port = server.port;
    const code = await share(server.url, 'keep');
    const a = client('keep', code);
    const b = client('keep', code);
    await until('synced', () => a.provider.isSynced && b.provider.isSynced);
    for (let i = 0; i < 50; i++) a.doc.getText('section:s5').insert(i, String(i % 10));
    a.doc.getMap('cellWrites').set('w', { cell: 't4.r1.c1', v: 7 });
    await until('acked', () => a.provider.unsyncedChanges === 0);
    await until('b has it', () => b.doc.getText('section:s5').length === 50);
    const expected = a.doc.getText('section:s5').toString();

    await server.close();
    // Offline edit while the relay is down: must arrive after it comes back, with no user action.
    b.doc.getText('section:s6').insert(0, '停机期间');
    // The new server on the same port and data dir; the providers' own retries find it.
    server = await startServer({ port, dataDir: join(dir.path, 'data'), staticDir: join(dir.path, 'dist'), log: (l) => logs.push(l) });

    const fresh = client('keep', code);
    await until('fresh synced', () => fresh.provider.isSynced);
    await until('fresh has everything', () =>
      fresh.doc.getText('section:s5').toString() === expected && fresh.doc.getText('section:s6').toString() === '停机期间',
    );
    expect((fresh.doc.getMap('cellWrites').get('w') as { v: number }).v).toBe(7);
    await until('a got the offline edit', () => a.doc.getText('section:s6').toString() === '停机期间');
    // The invite survives too: the code still admits and the report cannot be re-shared.
    expect((await fetch(`${server.url}/api/share`, { method: 'POST', body: JSON.stringify({ reportId: 'keep' }) })).status).toBe(409);
  });

  it('loads from the append log when the process died before compaction', async () => {
    // storeDebounce far longer than the test: only the synchronous append log has the data.
    server = await startServer({
      port: 0,
      dataDir: join(dir.path, 'data'),
      staticDir: join(dir.path, 'dist'),
      log: (l) => logs.push(l),
      storeDebounceMs: 60_000,
    });
    const code = await share(server.url, 'crash');
    const a = client('crash', code);
    await until('synced', () => a.provider.isSynced);
    a.doc.getText('section:s5').insert(0, '未压缩的修改');
    await until('acked', () => a.provider.unsyncedChanges === 0);
    a.destroy();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(dir.path, 'data', 'relay.sqlite'), { readonly: true });
    const pending = db.prepare("SELECT COUNT(*) AS n FROM pending_updates WHERE name = 'crash'").get() as { n: number };
    const compacted = db.prepare("SELECT COUNT(*) AS n FROM documents WHERE name = 'crash'").get() as { n: number };
    db.close();
    expect(pending.n).toBeGreaterThan(0);
    expect(compacted.n).toBe(0);
  });

  it('survives garbage frames from a client and keeps serving (seeded)', async () => {
    await start();
    const code = await share(server.url, 'sturdy');
    // Hocuspocus prints each undecodable frame to stderr; keep the test output readable.
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 20; round++) {
      const ws = new WebSocket(server.relayUrl);
      ws.on('error', () => {});
      await new Promise((done) => ws.once('open', done));
      for (let k = 0; k < 10; k++) {
        const bytes = Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 64) }, () => Math.floor(rand() * 256)));
        // Half the frames start like a real message for the shared document, then go wrong.
        const frame = rand() < 0.5 ? Buffer.concat([Buffer.from([6]), Buffer.from('sturdy'), bytes]) : bytes;
        if (ws.readyState === WebSocket.OPEN) ws.send(frame);
      }
      await new Promise((r) => setTimeout(r, 20));
      ws.terminate();
    }
    quiet.mockRestore();
    const a = client('sturdy', code);
    const b = client('sturdy', code);
    await until('synced after garbage', () => a.provider.isSynced && b.provider.isSynced);
    a.doc.getText('section:s5').insert(0, '仍然正常');
    await until('converged after garbage', () => b.doc.getText('section:s5').toString() === '仍然正常');
  });

  it('answers 404 to WebSocket upgrades outside /relay', async () => {
    await start();
    const ws = new WebSocket(server.relayUrl.replace('/relay', '/elsewhere'));
    const outcome = await new Promise<string>((done) => {
      ws.on('open', () => done('open'));
      ws.on('unexpected-response', (_req, res) => done(String(res.statusCode)));
      ws.on('error', () => done('error'));
    });
    expect(outcome).not.toBe('open');
  });
});
