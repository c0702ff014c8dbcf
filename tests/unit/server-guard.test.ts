// The relay socket guard (src/server/connection-guard.ts) and the per-address cap
// (address-cap.ts), against the real server and real clients: raw `ws` sockets for what an
// attacker sends, HocuspocusProvider for an honest colleague.
import { connect, type Socket } from 'node:net';
import * as encoding from 'lib0/encoding';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { startServer, type RunningServer, type StartServerOptions } from '../../src/server/server.ts';
import { connectRelay, type RelayStatus } from '../../src/sync/relay.ts';
import { NodeWebSocket, relayClient, share, tempDir, until, type TestClient } from './relay-helpers.ts';

let dir: ReturnType<typeof tempDir>;
let server: RunningServer;
let logs: string[];
let clients: TestClient[];
let sockets: { close(): void }[];

async function start(extra: Partial<StartServerOptions> = {}) {
  server = await startServer({ port: 0, dataDir: join(dir.path, 'data'), staticDir: dir.path, log: (l) => logs.push(l), storeDebounceMs: 50, ...extra });
  return server;
}

function message(doc: string, write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, doc);
  write(e);
  return encoding.toUint8Array(e);
}
const authMessage = (doc: string, token: string) => message(doc, (e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint(e, 0), encoding.writeVarString(e, token)));
const updateMessage = (doc: string, update: Uint8Array) => message(doc, (e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, update)));
const awarenessMessage = (doc: string, bytes: number) => message(doc, (e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, new Uint8Array(bytes))));

interface Raw {
  ws: WebSocket;
  received: Uint8Array[];
  closed: Promise<{ code: number; reason: string }>;
}
async function raw(): Promise<Raw> {
  const ws = new WebSocket(server.relayUrl);
  ws.on('error', () => {});
  const received: Uint8Array[] = [];
  ws.on('message', (d: Buffer) => received.push(new Uint8Array(d)));
  const closed = new Promise<{ code: number; reason: string }>((done) => ws.on('close', (code, reason) => done({ code, reason: reason.toString() })));
  await new Promise<void>((done, fail) => {
    ws.once('open', () => done());
    ws.once('close', () => fail(new Error('closed before open')));
  });
  sockets.push({ close: () => ws.terminate() });
  return { ws, received, closed };
}

beforeEach(() => {
  dir = tempDir('nianbao-guard-');
  logs = [];
  clients = [];
  sockets = [];
});
afterEach(async () => {
  vi.restoreAllMocks();
  for (const c of clients) c.destroy();
  for (const s of sockets) s.close();
  await server?.close();
  dir.remove();
});

describe('before authentication', () => {
  it('closes a socket that does not authenticate in time (4408), even if it keeps talking', async () => {
    await start({ authTimeoutMs: 300 });
    const silent = await raw();
    const chatty = await raw();
    const talking = setInterval(() => chatty.ws.send(awarenessMessage('r', 10)), 50);
    try {
      expect((await silent.closed).code).toBe(4408);
      expect((await chatty.closed).code).toBe(4408);
    } finally {
      clearInterval(talking);
    }
    expect(logs.some((l) => l.includes('秒内没有完成认证'))).toBe(true);
  });

  it('cuts off a socket that sends more than 64 KB before authenticating, mid-frame', async () => {
    await start();
    const flood = await raw();
    // One 4 MB frame: ws would buffer all of it before Hocuspocus saw a byte.
    flood.ws.send(awarenessMessage('r', 4 * 1024 * 1024));
    const { code } = await flood.closed;
    expect([1006, 4413]).toContain(code);
    expect(logs.some((l) => l.includes('认证前发送的数据超过 64 KB'))).toBe(true);
    expect(logs.join('\n')).not.toMatch(/\n\s+at /); // no stack traces
  });

  it('counts messages for documents it has not authenticated for, also after authenticating another', async () => {
    await start();
    const code = await share(server.url, 'guarded');
    const s = await raw();
    s.ws.send(authMessage('guarded', code));
    await until('authenticated', () => s.received.length > 0);
    for (let i = 0; i < 20; i++) s.ws.send(awarenessMessage('other-doc', 8 * 1024));
    expect((await s.closed).code).toBe(4413);
  });

  it('lets an honest client through: Auth, sync step 1 and awareness before the answer fit easily', async () => {
    await start({ authTimeoutMs: 2000 });
    const code = await share(server.url, 'honest');
    const a = relayClient(server.relayUrl, 'honest', code);
    clients.push(a);
    a.doc.getText('t').insert(0, '你好');
    await until('synced', () => a.provider.isSynced && a.provider.unsyncedChanges === 0);
    // Still connected well past the authentication deadline.
    await new Promise((r) => setTimeout(r, 2500));
    expect(a.socket.status).toBe('connected');
  });

  it('closes a socket that sends a frame that is not a relay message (1002), without a stack in the log', async () => {
    await start();
    const s = await raw();
    s.ws.send(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]));
    expect((await s.closed).code).toBe(1002);
    const t = await raw();
    t.ws.send('plain text, not a message');
    expect([1002, 1006]).toContain((await t.closed).code);
    // An Auth message cut short after its type: Hocuspocus would print a stack for it.
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const u = await raw();
    u.ws.send(message('doc', (e) => encoding.writeVarUint(e, 2)));
    expect((await u.closed).code).toBe(1002);
    expect(errors).not.toHaveBeenCalled();
    expect(logs.join('\n')).not.toMatch(/\n\s+at /);
  });
});

describe('after authentication', () => {
  it('malformed messages from an admitted client close it (1002) before Hocuspocus prints a stack', async () => {
    await start();
    const code = await share(server.url, 'admitted');
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const hostile = [
      // awareness whose state is not JSON
      message('admitted', (e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, Uint8Array.of(1, 7, 7, 3, 0x7b, 0x7b, 0x7b)))),
      // sync step 1 with a state vector cut short
      message('admitted', (e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, Uint8Array.of(2, 200)))),
      // a sync sub-type that does not exist, a message type that does not exist
      message('admitted', (e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 9))),
      message('admitted', (e) => encoding.writeVarUint(e, 42)),
      // an Auth message of a server → client sub-type (Hocuspocus printed "already fully
      // authenticated" for it; the fuzz found it in CI)
      message('admitted', (e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint(e, 2), encoding.writeVarString(e, 'x'))),
    ];
    for (const bad of hostile) {
      const s = await raw();
      s.ws.send(authMessage('admitted', code));
      await until('authenticated', () => s.received.length > 0);
      s.ws.send(bad);
      expect((await s.closed).code).toBe(1002);
    }
    expect(errors).not.toHaveBeenCalled();
  });
});

/** An awareness update as y-protocols encodes it: [clientID, clock, state JSON] per entry. */
function presenceMessage(doc: string, entries: [number, number, unknown][]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const [id, clock, state] of entries) {
    encoding.writeVarUint(inner, id);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, JSON.stringify(state));
  }
  return message(doc, (e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, encoding.toUint8Array(inner))));
}

describe('presence (awareness) size', () => {
  it('relays a presence state up to 4 KB, closes a socket (4413) that sends a bigger one or too many entries, and passes neither on', async () => {
    await start();
    const code = await share(server.url, 'presence');
    const colleague = relayClient(server.relayUrl, 'presence', code);
    clients.push(colleague);
    await until('colleague synced', () => colleague.provider.isSynced);
    const seen = () => colleague.provider.awareness!.getStates();

    // What the app itself sends (src/sync/relay.ts setPresence) is far below the cap and arrives.
    const s = await raw();
    s.ws.send(authMessage('presence', code));
    await until('authenticated', () => s.received.length > 0);
    const near = { user: { name: '张三', authorId: 'a1' }, where: { section: 'x'.repeat(3900) } };
    s.ws.send(presenceMessage('presence', [[424242, 1, near]]));
    await until('honest presence relayed', () => (seen().get(424242) as typeof near | undefined)?.user?.name === '张三');

    // 8 MB used to reach every colleague; now one state over 4 KB closes the sender.
    const big = await raw();
    big.ws.send(authMessage('presence', code));
    await until('authenticated', () => big.received.length > 0);
    const receivedBefore = colleague.received.length;
    big.ws.send(presenceMessage('presence', [[777, 1, { user: { name: '大', authorId: 'b' }, pad: 'x'.repeat(5000) }]]));
    expect(await big.closed).toEqual({ code: 4413, reason: 'presence-too-large' });
    expect(logs.some((l) => l.includes('在线状态过大'))).toBe(true);

    // Many small fake clients in one message: refused as well.
    const many = await raw();
    many.ws.send(authMessage('presence', code));
    await until('authenticated', () => many.received.length > 0);
    many.ws.send(presenceMessage('presence', Array.from({ length: 300 }, (_, i) => [1000 + i, 1, { user: { name: `假${i}`, authorId: `f${i}` } }] as [number, number, unknown])));
    expect((await many.closed).code).toBe(4413);

    // Neither reached the colleague; the honest socket is still open and still relayed.
    await new Promise((r) => setTimeout(r, 200));
    expect(seen().has(777)).toBe(false);
    expect([...seen().keys()].some((id) => id >= 1000 && id < 1300)).toBe(false);
    expect(colleague.received.slice(receivedBefore).every((m) => m.length < 4500)).toBe(true);
    expect(s.ws.readyState).toBe(WebSocket.OPEN);
    s.ws.send(presenceMessage('presence', [[424242, 2, { user: { name: '张三', authorId: 'a1' }, where: { cell: 'T3.R1.C1' } }]]));
    await until('still relayed', () => (seen().get(424242) as { where?: { cell?: string } } | undefined)?.where?.cell === 'T3.R1.C1');
  });
});

describe('frames after close', () => {
  it('nothing sent after the relay closed a socket is stored or reaches anyone, and the relay keeps serving', async () => {
    await start();
    const code = await share(server.url, 'after-close');
    const colleague = relayClient(server.relayUrl, 'after-close', code);
    clients.push(colleague);
    await until('colleague synced', () => colleague.provider.isSynced);
    const s = await raw();
    s.ws.send(authMessage('after-close', code));
    await until('authenticated', () => s.received.length > 0);
    const late = new Y.Doc();
    late.getText('t').insert(0, '关闭后的修改');
    // One frame that closes the socket, then in the same burst (before the close handshake
    // completes) a valid update, a huge presence state and an Auth for another report.
    s.ws.send(updateMessage('after-close', new Uint8Array([5, 200, 200, 200, 1, 7, 7])));
    s.ws.send(updateMessage('after-close', Y.encodeStateAsUpdate(late)));
    s.ws.send(presenceMessage('after-close', [[31337, 1, { pad: 'x'.repeat(100) }]]));
    s.ws.send(authMessage('other', code));
    expect((await s.closed).code).toBe(1007);
    await new Promise((r) => setTimeout(r, 300));
    expect(colleague.doc.getText('t').toString()).toBe('');
    expect(colleague.provider.awareness!.getStates().has(31337)).toBe(false);
    const db = new Database(join(dir.path, 'data', 'relay.sqlite'), { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM pending_updates').get()).toEqual({ n: 0 });
    db.close();
    // The relay still works for an honest client.
    colleague.doc.getText('t').insert(0, '照常');
    const other = relayClient(server.relayUrl, 'after-close', code);
    clients.push(other);
    await until('still relays', () => other.doc.getText('t').toString() === '照常');
  });
});

describe('documents per connection', () => {
  it('admits one socket to at most 8 reports; asking for a 9th closes it (4429) and loads nothing more', async () => {
    await start();
    const ids = Array.from({ length: 9 }, (_, i) => `multi-${i}`);
    const codes: string[] = [];
    for (const id of ids) codes.push(await share(server.url, id));
    const s = await raw();
    for (let i = 0; i < 8; i++) {
      const before = s.received.length;
      s.ws.send(authMessage(ids[i], codes[i]));
      await until(`authenticated for ${ids[i]}`, () => s.received.length > before);
      s.ws.send(message(ids[i], (e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc())))));
    }
    await until('eight loaded', () => ids.slice(0, 8).every((id) => server.relay.hocuspocus.documents.has(id)));
    s.ws.send(authMessage(ids[8], codes[8]));
    expect(await s.closed).toEqual({ code: 4429, reason: 'too-many-documents' });
    expect(server.relay.hocuspocus.documents.has(ids[8])).toBe(false);
    expect(logs.some((l) => l.includes('超过 8 份'))).toBe(true);
  });
});

describe('updates are acknowledged only once stored', () => {
  it('tells the client an update it cannot decode was not saved (status 0, close 1007) and stores nothing', async () => {
    await start();
    const code = await share(server.url, 'bad-update');
    const s = await raw();
    s.ws.send(authMessage('bad-update', code));
    await until('authenticated', () => s.received.length > 0);
    const before = s.received.length;
    s.ws.send(updateMessage('bad-update', new Uint8Array([5, 200, 200, 200, 1, 7, 7])));
    expect((await s.closed).code).toBe(1007);
    const statuses = s.received.slice(before).map((m) => [...m.slice(-2)]);
    expect(statuses).toContainEqual([8, 0]);
    expect(statuses).not.toContainEqual([8, 1]);
    const db = new Database(join(dir.path, 'data', 'relay.sqlite'), { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM pending_updates').get()).toEqual({ n: 0 });
    db.close();
  });

  it('when the store cannot write (disk full), the edit stays unsynced, reaches nobody, and is saved once the disk recovers', async () => {
    await start();
    const code = await share(server.url, 'disk-full');
    const writer = relayClient(server.relayUrl, 'disk-full', code);
    const reader = relayClient(server.relayUrl, 'disk-full', code);
    clients.push(writer, reader);
    await until('both synced', () => writer.provider.isSynced && reader.provider.isSynced);
    const full = vi.spyOn(server.store, 'appendUpdate').mockImplementation(() => {
      throw new Error('SqliteError: database or disk is full');
    });
    writer.doc.getText('t').insert(0, '未保存的修改');
    await until('refused', () => full.mock.calls.length > 0 && logs.some((l) => l.includes('中继无法保存修改')));
    await new Promise((r) => setTimeout(r, 300));
    expect(writer.provider.unsyncedChanges).toBeGreaterThan(0);
    expect(reader.doc.getText('t').toString()).toBe('');
    full.mockRestore();
    await until('saved after recovery', () => writer.provider.isSynced && writer.provider.unsyncedChanges === 0, 15_000);
    await until('colleague sees it', () => reader.doc.getText('t').toString() === '未保存的修改');
  });
});

describe('the app is told', () => {
  it('connectRelay shows the relay\'s "not saved" in Chinese, keeps the edit unsynced, and clears it once saved', async () => {
    await start();
    const code = await share(server.url, 'told');
    const statuses: RelayStatus[] = [];
    const doc = new Y.Doc();
    const conn = connectRelay({
      url: server.relayUrl,
      reportId: 'told',
      code,
      doc,
      author: { id: 'a1', name: '张三' },
      onStatus: (st) => statuses.push(st),
      WebSocketPolyfill: NodeWebSocket,
      reconnectDelay: { min: 100, max: 200 },
    });
    sockets.push({ close: () => conn.destroy() });
    await until('synced', () => conn.status.state === 'synced');
    const full = vi.spyOn(server.store, 'appendUpdate').mockImplementation(() => {
      throw new Error('database or disk is full');
    });
    doc.getText('t').insert(0, '改动');
    await until('told not saved', () => statuses.some((st) => st.problem === 'not-saved'));
    const told = statuses.find((st) => st.problem === 'not-saved')!;
    expect(told.message).toContain('中继没能保存最近的修改');
    expect(told.state).not.toBe('synced');
    expect(told.unsynced).toBeGreaterThan(0);
    full.mockRestore();
    await until('saved and cleared', () => conn.status.state === 'synced' && !conn.status.problem, 15_000);
  });
});

describe('behind a trusted proxy', () => {
  it('caps relay connections per forwarded client address', async () => {
    await start({ maxConnectionsPerAddress: 2, trustedProxies: new Set(['127.0.0.1']) });
    const attempt = (xff: string) =>
      new Promise<number | 'open'>((done) => {
        const ws = new WebSocket(server.relayUrl, { headers: { 'X-Forwarded-For': xff } });
        ws.on('open', () => (sockets.push({ close: () => ws.terminate() }), done('open')));
        ws.on('unexpected-response', (_req, res) => (done(res.statusCode ?? 0), ws.terminate()));
        ws.on('error', () => {});
      });
    expect([await attempt('10.0.0.1'), await attempt('10.0.0.1'), await attempt('10.0.0.1')]).toEqual(['open', 'open', 429]);
    expect(await attempt('10.0.0.2')).toBe('open');
  });
});

describe('partial requests', () => {
  it('answers 408 and closes a connection whose request headers never finish', async () => {
    await start({ headersTimeoutMs: 300 });
    const socket = connect(server.port, '127.0.0.1');
    socket.on('error', () => {});
    sockets.push({ close: () => socket.destroy() });
    let answer = '';
    socket.on('data', (d) => (answer += d.toString('latin1')));
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    await new Promise<void>((r) => socket.once('connect', () => r()));
    socket.write('GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });
});

describe('connections per address', () => {
  it('refuses connections beyond the cap and accepts again once one closes', async () => {
    await start({ maxConnectionsPerAddress: 3 });
    const open: Socket[] = [];
    const opened = () =>
      new Promise<{ socket: Socket; closedEarly: Promise<boolean> }>((done) => {
        const socket = connect(server.port, '127.0.0.1', () => {
          const closedEarly = new Promise<boolean>((r) => {
            socket.once('close', () => r(true));
            // Generous: the refusal is immediate, but the machine may be busy.
            setTimeout(() => r(false), 5000);
          });
          done({ socket, closedEarly });
        });
        socket.on('error', () => {});
      });
    for (let i = 0; i < 3; i++) {
      const s = await opened();
      open.push(s.socket);
      sockets.push({ close: () => s.socket.destroy() });
    }
    const fourth = await opened();
    expect(await fourth.closedEarly).toBe(true);
    // The three admitted ones are still served.
    const alive = await new Promise<string>((done) => {
      open[2]!.once('data', (d) => done(d.toString('latin1')));
      open[2]!.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    });
    expect(alive).toMatch(/^HTTP\/1\.1 503/);
    expect(logs.some((l) => l.includes('连接数已达上限'))).toBe(true);
    open[0]!.destroy();
    // Served again once the server has seen the socket close (the temp static folder has no
    // build, hence this answer); polled, not slept.
    let body = '';
    for (const end = Date.now() + 5000; !body.includes('应用尚未构建') && Date.now() < end; ) {
      body = await fetch(server.url + '/', { headers: { Connection: 'close' } }).then((r) => r.text(), () => '');
      if (!body.includes('应用尚未构建')) await new Promise((r) => setTimeout(r, 20));
    }
    expect(body).toContain('应用尚未构建');
  });
});
