// The server's small defences, each on its own (src/server/request-target.ts, origin.ts,
// rate-limit.ts, log-throttle.ts, security-headers.ts, static.ts symlinks, store.ts file modes),
// and then live against the real server where it matters.
import { mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { throttledLog } from '../../src/server/log-throttle.ts';
import { clientAddress, createOriginPolicy, judgeOrigin, parseOriginList, parseTrustedProxies } from '../../src/server/origin.ts';
import { createRateLimiter } from '../../src/server/rate-limit.ts';
import { decodePath, requestPath } from '../../src/server/request-target.ts';
import { CONTENT_SECURITY_POLICY } from '../../src/server/security-headers.ts';
import { startServer, type RunningServer, type StartServerOptions } from '../../src/server/server.ts';
import { tempDir } from './relay-helpers.ts';

describe('request targets', () => {
  it('reads the path of origin- and absolute-form targets and refuses the rest without throwing', () => {
    expect(requestPath('/relay?x=1')).toBe('/relay');
    expect(requestPath('/a/b#c')).toBe('/a/b');
    expect(requestPath('http://x/relay')).toBe('/relay');
    expect(requestPath('https://x:8/relay?q')).toBe('/relay');
    expect(requestPath('http://x')).toBe('/');
    expect(requestPath('//')).toBe('//');
    expect(requestPath('////')).toBe('////');
    for (const bad of ['*', '', 'relay', 'x:1', ' /', '/a b', '/a\u0000', undefined, '/' + 'a'.repeat(9000)]) {
      expect(requestPath(bad), String(bad).slice(0, 20)).toBeNull();
    }
    expect(decodePath('/%E4%BD%A0')).toBe('/你');
    expect(decodePath('/%zz')).toBeNull();
    expect(decodePath('/%00')).toBeNull();
  });
});

function fakeReq(headers: Record<string, string>, remoteAddress = '127.0.0.1'): IncomingMessage {
  return { headers, socket: { remoteAddress } } as unknown as IncomingMessage;
}

describe('origins', () => {
  const policy = createOriginPolicy({ extra: parseOriginList('https://www.example.gov.cn, http://10.1.1.1:8080').origins, port: () => 5173 });
  it('own = Origin host:port equal to Host, under any name; this machine on our port; listed ones', () => {
    expect(judgeOrigin(fakeReq({ origin: 'http://office-pc.test:5173', host: 'office-pc.test:5173' }), policy)).toBe('own');
    expect(judgeOrigin(fakeReq({ origin: 'https://192.168.1.23', host: '192.168.1.23:443' }), policy)).toBe('own');
    expect(judgeOrigin(fakeReq({ origin: 'http://localhost:5173', host: '192.168.1.23:5173' }), policy)).toBe('own');
    expect(judgeOrigin(fakeReq({ origin: 'http://127.0.0.1:5173', host: 'x:5173' }), policy)).toBe('own');
    expect(judgeOrigin(fakeReq({ origin: 'https://www.example.gov.cn', host: 'x:5173' }), policy)).toBe('listed');
    expect(judgeOrigin(fakeReq({ host: 'x:5173' }), policy)).toBe('none');
  });
  it('refuses other pages, null origins, and localhost on another port', () => {
    for (const origin of ['http://evil.example', 'null', 'file://', 'http://localhost:8080', 'http://office-pc.test:5174', 'javascript:alert(1)', 'http://a@b']) {
      expect(judgeOrigin(fakeReq({ origin, host: 'office-pc.test:5173' }), policy), origin).toBe('foreign');
    }
  });
  it('NIANBAO_ORIGINS entries that are not origins are reported', () => {
    expect(parseOriginList('https://a.b/path, ftp://x, ok, https://c.d').invalid).toEqual(['https://a.b/path', 'ftp://x', 'ok']);
  });
  it('believes X-Forwarded-For only from a configured proxy', () => {
    const none = parseTrustedProxies(undefined);
    const proxy = parseTrustedProxies('10.0.0.9');
    expect(clientAddress(fakeReq({ 'x-forwarded-for': '1.2.3.4' }, '::ffff:10.0.0.9'), none)).toBe('10.0.0.9');
    expect(clientAddress(fakeReq({ 'x-forwarded-for': 'spoof, 1.2.3.4' }, '::ffff:10.0.0.9'), proxy)).toBe('1.2.3.4');
    expect(clientAddress(fakeReq({ 'x-forwarded-for': '<script>' }, '10.0.0.9'), proxy)).toBe('10.0.0.9');
    expect(clientAddress(fakeReq({ 'x-forwarded-for': '1.2.3.4' }, '10.0.0.8'), proxy)).toBe('10.0.0.8');
  });
});

describe('rate limiter and log throttle', () => {
  it('allows a burst, then one per period, per address', () => {
    let t = 0;
    const rl = createRateLimiter({ burst: 2, perMs: 1000, now: () => t });
    expect([rl.take('a').ok, rl.take('a').ok, rl.take('a').ok, rl.take('b').ok]).toEqual([true, true, false, true]);
    const refused = rl.take('a');
    expect(refused.ok ? 0 : refused.retryAfterS).toBe(1);
    t = 1000;
    expect(rl.take('a').ok).toBe(true);
    expect(rl.take('a').ok).toBe(false);
  });
  it('logs one line per key and minute', () => {
    let t = 0;
    const lines: string[] = [];
    const log = throttledLog((l) => lines.push(l), { now: () => t });
    for (let i = 0; i < 100; i++) log('1.2.3.4 x', `line ${i}`);
    log('5.6.7.8 x', 'other');
    t = 60_001;
    log('1.2.3.4 x', 'later');
    expect(lines).toEqual(['line 0', 'other', 'later']);
  });
});

describe('the live server', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  beforeEach(() => {
    dir = tempDir('nianbao-defences-');
  });
  afterEach(async () => {
    await server?.close();
    dir.remove();
  });
  async function start(extra: Partial<StartServerOptions> = {}) {
    const dist = join(dir.path, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>公开年报</title>');
    writeFileSync(join(dist, 'assets', 'a.js'), 'export {}');
    server = await startServer({ port: 0, dataDir: join(dir.path, 'data'), staticDir: dist, log: () => {}, ...extra });
    return server;
  }

  it('puts the security headers on every kind of response', async () => {
    await start();
    const answers = await Promise.all([
      fetch(server.url + '/'),
      fetch(server.url + '/assets/a.js'),
      fetch(server.url + '/assets/missing.js'),
      fetch(server.url + '/%zz'),
      fetch(server.url + '/api/nope', { method: 'POST' }),
      fetch(server.url + '/api/share', { method: 'POST', body: '{' }),
      fetch(server.url + '/', { method: 'DELETE' }),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 404, 400, 404, 400, 405]);
    for (const r of answers) {
      expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('access-control-allow-origin')).toBeNull();
    }
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('refuses websocket upgrades from other pages (403) and accepts its own and listed origins', async () => {
    await start({ origins: ['https://www.example.gov.cn'] });
    const attempt = (origin?: string) =>
      new Promise<number | 'open'>((done) => {
        const ws = new WebSocket(server.relayUrl, origin ? { origin } : {});
        ws.on('open', () => (ws.terminate(), done('open')));
        ws.on('unexpected-response', (_req, res) => (done(res.statusCode ?? 0), ws.terminate()));
        ws.on('error', () => {});
      });
    expect(await attempt('http://evil.example')).toBe(403);
    expect(await attempt('null')).toBe(403);
    expect(await attempt(`http://localhost:${server.port}`)).toBe('open');
    expect(await attempt('https://www.example.gov.cn')).toBe('open');
    expect(await attempt()).toBe('open');
    const api = await fetch(server.url + '/api/share', { method: 'POST', headers: { Origin: 'http://evil.example' }, body: JSON.stringify({ reportId: 'x' }) });
    expect(api.status).toBe(403);
    expect(((await api.json()) as { error: string }).error).toContain('只接受本应用网页');
  });

  it('never serves a file through a symlink that leads out of dist/', async () => {
    writeFileSync(join(dir.path, 'secret.txt'), 'SECRET');
    mkdirSync(join(dir.path, 'outside'));
    writeFileSync(join(dir.path, 'outside', 'x.txt'), 'SECRET2');
    await start();
    symlinkSync(join(dir.path, 'secret.txt'), join(dir.path, 'dist', 'leak.txt'));
    symlinkSync(join(dir.path, 'outside'), join(dir.path, 'dist', 'assets', 'out'));
    symlinkSync(join(dir.path, 'dist', 'index.html'), join(dir.path, 'dist', 'inside.html'));
    for (const path of ['/leak.txt', '/assets/out/x.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const r = await fetch(server.url + path);
      expect(await r.text(), path).not.toContain('SECRET');
      expect(r.status, path).toBeGreaterThanOrEqual(400);
    }
    // A symlink that stays inside is fine.
    expect((await fetch(server.url + '/inside.html')).status).toBe(200);
  });

  it('keeps the data folder 0700 and the SQLite files 0600, even under a lax umask', async () => {
    const old = process.umask(0o000);
    try {
      await start();
    } finally {
      process.umask(old);
    }
    await fetch(server.url + '/api/share', { method: 'POST', body: JSON.stringify({ reportId: 'mode-test' }) });
    const data = join(dir.path, 'data');
    expect(statSync(data).mode & 0o777).toBe(0o700);
    for (const f of ['relay.sqlite', 'relay.sqlite-wal', 'relay.sqlite-shm']) {
      expect(statSync(join(data, f)).mode & 0o777, f).toBe(0o600);
    }
  });
});
