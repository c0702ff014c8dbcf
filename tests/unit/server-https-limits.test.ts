// The https port (NIANBAO_HTTPS=auto / HTTPS_CERT: TLS and a plain-http front on one port) keeps
// the same limits as plain http: the per-address connection cap counts silent and plain-http
// connections too, a half TLS handshake and slow plain-http headers are cut off as fast as slow
// headers on http, and seeded raw-socket garbage harms nobody else.
import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { connect as netConnect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCertificates, localNames } from '../../src/server/cert.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { tempDir } from './relay-helpers.ts';

let dir: ReturnType<typeof tempDir>;
let server: RunningServer;
const logs: string[] = [];
const MAX = 4;

beforeAll(async () => {
  dir = tempDir('nianbao-https-limits-');
  mkdirSync(join(dir.path, 'dist'), { recursive: true });
  writeFileSync(join(dir.path, 'dist', 'index.html'), '<!doctype html><title>公开年报</title>');
  const set = await ensureCertificates({ dataDir: join(dir.path, 'data'), names: localNames([], 'office-pc', {}) });
  server = await startServer({
    port: 0, dataDir: join(dir.path, 'data'), staticDir: join(dir.path, 'dist'), host: '127.0.0.1', log: (l) => logs.push(l),
    tls: { cert: set.cert, key: set.key }, trust: { caCertPem: set.caCertPem, caFingerprint: set.caFingerprint },
    maxConnectionsPerAddress: MAX, headersTimeoutMs: 300, firstByteTimeoutMs: 60_000,
  });
});
afterAll(async () => {
  await server?.close();
  dir?.remove();
});

/** Opens a raw socket; `closed` resolves when the server ends it, with everything it sent. */
function open(): Promise<{ socket: Socket; closed: Promise<string> }> {
  return new Promise((done) => {
    const socket = netConnect(server.port, '127.0.0.1', () => done({ socket, closed }));
    let text = '';
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('error', () => {});
    const closed = new Promise<string>((r) => socket.once('close', () => r(text)));
  });
}

/** Resolves true when `p` settles within `ms` (a generous bound for a busy machine, not a timing claim). */
function within<T>(p: Promise<T>, ms: number): Promise<T | 'still open'> {
  return Promise.race([p, new Promise<'still open'>((r) => setTimeout(() => r('still open'), ms).unref())]);
}

function secureGet(): Promise<number> {
  return new Promise((done, fail) => {
    const req = httpsRequest({ host: '127.0.0.1', port: server.port, path: '/', rejectUnauthorized: false, agent: false, headers: { Host: 'localhost' } }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
    });
    req.on('error', fail);
    req.end();
  });
}

/** A plain-http keep-alive request on the https port: 'answered' (admitted, still open) or 'refused'. */
async function plainRequest(): Promise<{ socket: Socket; verdict: 'answered' | 'refused' }> {
  const s = await open();
  const answered = new Promise<'answered'>((r) => s.socket.once('data', () => r('answered')));
  s.socket.write('GET /trust HTTP/1.1\r\nHost: localhost\r\n\r\n');
  const verdict = await Promise.race([answered, s.closed.then(() => 'refused' as const)]);
  return { socket: s.socket, verdict };
}

describe('the https port keeps the per-address cap', () => {
  it('counts connections that never send a byte, and plain-http ones, against the cap', async () => {
    const silent = await Promise.all(Array.from({ length: MAX }, () => open()));
    const extra = await open();
    expect(await within(extra.closed, 5000)).toBe('');
    expect(logs.some((l) => l.includes('连接数已达上限'))).toBe(true);
    for (const s of silent) s.socket.destroy();

    // Plain http on the https port: once MAX such connections are admitted and open (retried
    // until the server has seen the silent ones close), one more is refused.
    let full = false;
    for (let attempt = 0; attempt < 100 && !full; attempt++) {
      const batch = await Promise.all(Array.from({ length: MAX }, () => plainRequest()));
      if (batch.every((b) => b.verdict === 'answered')) {
        full = true;
        expect((await plainRequest()).verdict).toBe('refused');
      }
      for (const b of batch) b.socket.destroy();
    }
    expect(full).toBe(true);
    for (let attempt = 0; attempt < 100; attempt++) if ((await secureGet().catch(() => 0)) === 200) break;
    expect(await secureGet()).toBe(200);
  });
});

describe('the https port keeps the timeouts', () => {
  it('answers 408 to plain-http headers that never finish, as fast as on http', async () => {
    const slow = await open();
    slow.socket.write('GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
    const answer = await within(slow.closed, 8000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('drops a TLS handshake left half done (Node would wait 120 s)', async () => {
    const half = await open();
    half.socket.write(Buffer.from([0x16, 3, 1, 0, 200, 1, 0, 0, 196, 3, 3]));
    expect(await within(half.closed, 8000)).not.toBe('still open');
  });
});

describe('seeded raw-socket garbage on the https port', () => {
  it('never stops the server: TLS-looking garbage, plain-http garbage, truncated requests', async () => {
    const seed = Number(process.env.SERVER_HTTPS_FUZZ_SEED ?? 20261130);
    console.log(`server-https-limits fuzz seed ${seed} (SERVER_HTTPS_FUZZ_SEED=${seed} to repeat)`);
    let state = seed;
    const rand = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pieces = ['GET / HTTP/1.1\r\n', 'Host: localhost\r\n', 'Transfer-Encoding: chunked\r\n', 'Content-Length: 5\r\n', '\r\n', 'zz\r\n', '0\r\n\r\n', 'GET /%2e%2e/%00 HTTP/1.1\r\n', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'];
    for (let round = 0; round < 40; round++) {
      const s = await open();
      const kind = Math.floor(rand() * 3);
      const bytes: number[] = kind === 0 ? [0x16, 3, Math.floor(rand() * 4)] : [];
      const length = Math.floor(rand() * 300);
      if (kind === 2) bytes.push(...Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 6) }, () => pieces[Math.floor(rand() * pieces.length)]).join('')));
      else for (let i = 0; i < length; i++) bytes.push(Math.floor(rand() * 256));
      s.socket.write(Buffer.from(bytes));
      // Every connection ends, one way or another, within the header/handshake timeouts.
      const verdict = await within(s.closed, 8000);
      s.socket.destroy();
      expect(verdict, `seed ${seed} round ${round} kind ${kind}`).not.toBe('still open');
    }
    expect(await secureGet()).toBe(200);
    expect(logs.join('\n')).not.toMatch(/\n\s+at /);
  }, 120_000);
});
