// NIANBAO_HTTPS=auto end to end in Node: the generated CA really secures https and wss on the
// port, plain http on the same port only redirects (or shows the trust page, the CA and the
// handover page), the certificate is swapped on renewal without a restart, hostile requests get
// a clear refusal, and the real `npm start` process does all of it from the environment.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect, type PeerCertificate } from 'node:tls';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCertificates, localNames, SERVER_VALID_DAYS } from '../../src/server/cert.ts';
import { httpsModeFromEnv, keepRenewed } from '../../src/server/https-auto.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { tempDir, until, NodeWebSocket } from './relay-helpers.ts';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';

let dir: ReturnType<typeof tempDir>;
let server: RunningServer;
let ca: string;
let fingerprint: string;
const names = localNames(['office-pc.test'], 'office-pc', { eth0: [{ address: '192.168.1.23', family: 'IPv4', internal: false } as never] });

beforeAll(async () => {
  dir = tempDir('nianbao-auto-');
  mkdirSync(join(dir.path, 'dist', 'assets'), { recursive: true });
  writeFileSync(join(dir.path, 'dist', 'index.html'), '<!doctype html><title>公开年报</title>');
  writeFileSync(join(dir.path, 'dist', 'handover.html'), '<!doctype html><title>转移本机报告</title>');
  writeFileSync(join(dir.path, 'dist', 'assets', 'handover-abc.js'), 'console.log(1)');
  const set = await ensureCertificates({ dataDir: join(dir.path, 'data'), names });
  ca = set.caCertPem;
  fingerprint = set.caFingerprint;
  server = await startServer({
    port: 0, dataDir: join(dir.path, 'data'), staticDir: join(dir.path, 'dist'), host: '127.0.0.1',
    tls: { cert: set.cert, key: set.key }, trust: { caCertPem: set.caCertPem, caFingerprint: set.caFingerprint },
    lanAddresses: ['192.168.1.23'], log: () => {},
    // office-pc.test is a certificate name (NIANBAO_CERT_NAMES): main.ts adds those to the Host allow-list.
    hosts: names.dns,
  });
});
afterAll(async () => {
  await server?.close();
  dir?.remove();
});

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; text: string }

function plain(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path, method, headers: { Host: `office-pc.test:${server.port}`, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', fail);
    req.end();
  });
}

function secure(path: string): Promise<Answer & { cert: PeerCertificate }> {
  return new Promise((done, fail) => {
    const req = httpsRequest({ host: '127.0.0.1', port: server.port, path, servername: 'office-pc.test', ca, headers: { Host: `office-pc.test:${server.port}` }, agent: false }, (res) => {
      let text = '';
      const cert = (res.socket as import('node:tls').TLSSocket).getPeerCertificate();
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, text, cert }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('one port, https and an http front', () => {
  it('serves the app over https trusted through the generated CA only', async () => {
    const page = await secure('/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('公开年报');
    // Without the CA the same request is refused: the trust above is real.
    await expect(new Promise((done, fail) => {
      const req = httpsRequest({ host: '127.0.0.1', port: server.port, path: '/', servername: 'office-pc.test', agent: false }, done);
      req.on('error', fail);
      req.end();
    })).rejects.toThrow(/self-signed|unable to (get|verify)/i);
  });

  it('carries live sync over wss on the same port', async () => {
    const code = await new Promise<string>((done, fail) => {
      const req = httpsRequest({ host: '127.0.0.1', port: server.port, path: '/api/share', method: 'POST', servername: 'office-pc.test', ca, headers: { 'Content-Type': 'application/json' }, agent: false }, (res) => {
        let t = '';
        res.on('data', (d) => (t += d));
        res.on('end', () => done((JSON.parse(t) as { code: string }).code));
      });
      req.on('error', fail);
      req.end(JSON.stringify({ reportId: 'auto-report' }));
    });
    class Trusting extends NodeWebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { ca, servername: 'office-pc.test' } as ConstructorParameters<typeof NodeWebSocket>[2]);
      }
    }
    const docs = [new Y.Doc(), new Y.Doc()];
    const clients = docs.map((document) => {
      const socket = new HocuspocusProviderWebsocket({ url: `wss://127.0.0.1:${server.port}/relay`, WebSocketPolyfill: Trusting });
      const provider = new HocuspocusProvider({ websocketProvider: socket, name: 'auto-report', token: code, document });
      provider.attach();
      return { provider, socket };
    });
    try {
      await until('synced over wss', () => clients.every((c) => c.provider.isSynced));
      docs[0]!.getText('section:s5').insert(0, '同一端口');
      await until('arrived', () => docs[1]!.getText('section:s5').toString() === '同一端口');
    } finally {
      clients.forEach((c) => (c.provider.destroy(), c.socket.destroy()));
    }
  });

  it('on plain http, shows the handover page for app routes and redirects everything else to https', async () => {
    const page = await plain('/', { Accept: 'text/html,application/xhtml+xml' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('转移本机报告');
    expect((await plain('/index.html', { Accept: 'text/html' })).text).toContain('转移本机报告');
    // Not a 304 for the browser's cached http index.html: that would bring the old app back.
    const revalidated = await plain('/', { Accept: 'text/html', 'If-Modified-Since': new Date(Date.now() + 60_000).toUTCString() });
    expect(revalidated.status).toBe(200);
    expect(revalidated.text).toContain('转移本机报告');
    expect((await plain('/assets/handover-abc.js')).status).toBe(200);
    const asset = await plain('/manifest.webmanifest');
    expect(asset.status).toBe(308);
    expect(asset.headers.location).toBe(`https://office-pc.test:${server.port}/manifest.webmanifest`);
    const api = await plain('/api/share', { 'Content-Type': 'application/json' }, 'POST');
    expect(api.status).toBe(308);
    expect(api.headers.location).toBe(`https://office-pc.test:${server.port}/api/share`);
    // A non-html request of an app route (a script fetching it) is not handed the page either.
    expect((await plain('/#/join', { Accept: '*/*' })).status).toBe(308);
    // Both copies of the handover page keep their opener (they talk by postMessage); every
    // other page keeps the strict opener policy, and the http front sends the CSP too.
    expect(page.headers['cross-origin-opener-policy']).toBe('unsafe-none');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await secure('/handover.html')).headers['cross-origin-opener-policy']).toBe('unsafe-none');
    expect((await secure('/')).headers['cross-origin-opener-policy']).toBe('same-origin');
    expect((await plain('/trust')).headers['cross-origin-opener-policy']).toBe('same-origin');
    // An old http service worker gets one that removes itself.
    const sw = await plain('/sw.js');
    expect(sw.text).toContain('unregister()');
  });

  it('serves the trust page and the CA on http (and https), with no script and escaped input', async () => {
    for (const get of [plain, secure]) {
      const page = await get('/trust');
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.text).toContain(fingerprint);
      expect(page.text).toMatch(/<a [^>]*download[^>]*href="\/nianbao-ca\.crt"/);
      expect(page.text).toContain('certutil -addstore -f Root nianbao-ca.crt');
      for (const platform of ['Windows', '统信 UOS', '麒麟', 'Android', 'iPhone']) expect(page.text).toContain(platform);
      expect(page.text).toContain('<svg');
      // Strict-CSP ready: no script at all, no inline style attribute or element.
      expect(page.text).not.toMatch(/<script|\son\w+=|style=|<style/i);
      const crt = await get('/nianbao-ca.crt');
      expect(crt.headers['content-type']).toBe('application/x-x509-ca-cert');
      expect(crt.text).toBe(ca);
    }
    expect((await plain('/trust.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    // It says which PC it is for: the relay's address, the CA's name as the certificate store shows it, the fingerprint.
    const byLan = await plain('/trust', { Host: `192.168.1.23:${server.port}` });
    const forPc = /<p class="for-pc" data-trust-for>([\s\S]*?)<\/p>/.exec(byLan.text)?.[1] ?? '';
    expect(forPc).toContain(`192.168.1.23:${server.port}`);
    expect(forPc).toContain('公开年报 本地证书颁发机构（office-pc）');
    expect(forPc).toContain(fingerprint);
    // The iPhone step names the exact certificate to switch on.
    expect(byLan.text).toContain('打开“公开年报 本地证书颁发机构（office-pc）”的开关');
    // Opened as localhost, the QR code names the LAN address a phone can reach.
    const local = await plain('/trust', { Host: `localhost:${server.port}` });
    expect(local.text).toContain(`http://192.168.1.23:${server.port}/trust`);
  });

  it('refuses hostile requests clearly and keeps serving', async () => {
    expect((await plain('/trust', { Host: '"><script>alert(1)</script>' })).status).toBe(400);
    expect((await plain('/', { Host: 'evil.test/x?' , Accept: 'text/html' })).status).toBe(400);
    // A ws:// upgrade on the http front gets 426, not a hang.
    const upgrade = await new Promise<string>((done) => {
      const s = netConnect(server.port, '127.0.0.1', () => s.write(`GET /relay HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`));
      let t = '';
      s.on('data', (d) => (t += d));
      s.on('close', () => done(t));
    });
    expect(upgrade).toMatch(/^HTTP\/1.1 426/);
    // Garbage bytes, and a TLS hello that never finishes, harm nobody else.
    const garbage = await new Promise<string>((done) => {
      const s = netConnect(server.port, '127.0.0.1', () => s.write(Buffer.from([0, 1, 2, 255, 13, 10, 13, 10])));
      let t = '';
      s.on('data', (d) => (t += d));
      s.on('close', () => done(t));
      s.on('error', () => done(t));
    });
    expect(garbage).toMatch(/^HTTP\/1.1 400/);
    const half = netConnect(server.port, '127.0.0.1', () => half.write(Buffer.from([0x16, 3, 1])));
    half.on('error', () => {});
    expect((await secure('/')).status).toBe(200);
    half.destroy();
  });

  it('swaps in a renewed certificate without a restart', async () => {
    // A certificate made long ago (for other addresses, so it is really made), now 10 days from expiry.
    const moved = localNames(['office-pc.test'], 'office-pc', { eth0: [{ address: '10.1.1.1', family: 'IPv4', internal: false } as never] });
    const old = await ensureCertificates({ dataDir: join(dir.path, 'data'), names: moved, now: new Date(Date.now() - (SERVER_VALID_DAYS - 10) * 86400000) });
    server.setTls({ cert: old.cert, key: old.key });
    const before = (await secure('/')).cert;
    expect(new Date(before.valid_to).getTime() - Date.now()).toBeLessThan(11 * 86400000);
    const logged: string[] = [];
    const stop = keepRenewed(server, { dataDir: join(dir.path, 'data'), names: () => moved, log: (l) => logged.push(l), everyMs: 50 });
    try {
      await until('renewed', () => logged.some((l) => l.includes('已续期')));
    } finally {
      stop();
    }
    const after = await secure('/');
    expect(after.cert.serialNumber).not.toBe(before.serialNumber);
    expect(new Date(after.cert.valid_to).getTime() - Date.now()).toBeGreaterThan((SERVER_VALID_DAYS - 2) * 86400000);
    expect(after.status).toBe(200);
  });
});

it('closes at once even with a silent connection and a TLS handshake left half done', async () => {
  const set = await ensureCertificates({ dataDir: join(dir.path, 'data'), names });
  const other = await startServer({ port: 0, dataDir: join(dir.path, 'data2'), staticDir: join(dir.path, 'dist'), host: '127.0.0.1', tls: { cert: set.cert, key: set.key }, firstByteTimeoutMs: 10 * 60_000, log: () => {} });
  const silent = netConnect(other.port, '127.0.0.1');
  const half = netConnect(other.port, '127.0.0.1', () => half.write(Buffer.from([0x16, 3, 1, 0, 200, 1])));
  for (const s of [silent, half]) s.on('error', () => {});
  await new Promise((r) => half.once('connect', r));
  // Without destroyAll, close() would wait for the silent one's 10-minute first-byte timeout.
  await other.close();
  await until('both dropped', () => silent.destroyed || silent.readableEnded);
  silent.destroy();
  half.destroy();
});

describe('npm start with NIANBAO_HTTPS=auto', () => {
  let proc: ChildProcess | undefined;
  afterAll(() => proc?.kill('SIGKILL'));

  it('rejects an unknown mode in Chinese', () => {
    expect(httpsModeFromEnv({ NIANBAO_HTTPS: 'auto' })).toBe('auto');
    expect(httpsModeFromEnv({})).toBe('off');
    expect(() => httpsModeFromEnv({ NIANBAO_HTTPS: 'yes please' })).toThrow('无法识别');
  });

  it('makes the certificates, serves https and prints where the trust page is', async () => {
    const data = join(dir.path, 'proc-data');
    proc = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NIANBAO_DATA: data, NIANBAO_STATIC: join(dir.path, 'dist'), NIANBAO_HTTPS: 'auto', NIANBAO_CERT_NAMES: 'office-pc.test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout!.on('data', (d) => (out += d));
    proc.stderr!.on('data', (d) => (out += d));
    await until('banner', () => out.includes('按 Ctrl+C 停止'), 30_000);
    expect(out).toMatch(/公开年报已启动：https:\/\/localhost:\d+/);
    expect(out).toContain('已生成本地根证书');
    expect(out).toContain('office-pc.test');
    expect(statSync(join(data, 'tls', 'nianbao-ca.key')).mode & 0o777).toBe(0o600);
    const port = Number(/localhost:(\d+)/.exec(out)![1]);
    const caPem = readFileSync(join(data, 'tls', 'nianbao-ca.crt'), 'utf8');
    const authorized = await new Promise<boolean>((done, fail) => {
      const s = tlsConnect({ host: '127.0.0.1', port, servername: 'office-pc.test', ca: caPem }, () => (done(s.authorized), s.end()));
      s.on('error', fail);
    });
    expect(authorized).toBe(true);
    const exited = new Promise<number | null>((done) => proc!.on('close', done));
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('stops with a Chinese message when both HTTPS_CERT and auto are set', async () => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: { ...process.env, PORT: '0', NIANBAO_DATA: join(dir.path, 'x'), NIANBAO_HTTPS: 'auto', HTTPS_CERT: 'a.pem', HTTPS_KEY: 'b.pem' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    p.stderr!.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((done) => p.on('close', done));
    expect(code).toBe(2);
    expect(out).toContain('只能二选一');
  });
});
