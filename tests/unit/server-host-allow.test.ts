// DNS rebinding (src/server/host-allow.ts): a page on evil.example whose name is rebound to this
// PC sends Origin == Host == evil.example, which origin.ts alone counted as "own". The Host
// allow-list refuses such names on every path: plain http, the https server, the plain-http front
// of the https port, and websocket upgrades on both.
import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureCertificates, localNames } from '../../src/server/cert.ts';
import { createHostPolicy, judgeHost, parseHostList } from '../../src/server/host-allow.ts';
import { startServer, type RunningServer, type StartServerOptions } from '../../src/server/server.ts';
import { tempDir } from './relay-helpers.ts';

describe('host allow-list', () => {
  const policy = createHostPolicy({ listed: ['nianbao.xx.gov.cn', 'https://www.example.gov.cn:8443'.replace('https://', '')], localNames: new Set(['my-pc', '192.168.1.23']) });
  it('allows loopback, IP literals, this PC, intranet names, local suffixes and listed names', () => {
    for (const host of [
      'localhost:5173', 'localhost', 'LOCALHOST.', 'app.localhost:5173', '127.0.0.1:5173', '10.0.0.5', '[::1]:5173', '[fe80::1]',
      'my-pc:5173', 'office-pc', 'OFFICE-PC:443', 'pc.local', 'nianbao.lan:5173', 'x.internal', 'a.home.arpa', 'b.localdomain',
      'nianbao.xx.gov.cn:5173', 'NIANBAO.XX.GOV.CN.', 'www.example.gov.cn', '2130706433:5173', '0x7f.1',
    ]) expect(judgeHost(host, policy), host).toBe('allowed');
    expect(judgeHost(undefined, policy)).toBe('none');
  });
  it('refuses public names a rebinding page would send, and garbage', () => {
    for (const host of ['evil.example:5173', 'evil.example', 'office-pc.test:5173', 'localhost.evil.example', 'xx.gov.cn', 'nianbao.xx.gov.cn.evil.example', 'lan.evil.com', 'evil.com.'])
      expect(judgeHost(host, policy), host).toBe('refused');
    for (const host of ['', 'a b', 'user@evil.example', 'x/y', 'a'.repeat(400)]) expect(judgeHost(host, policy), host).toBe('invalid');
    expect(judgeHost(['a', 'b'], policy)).toBe('invalid');
  });
  it('reads NIANBAO_HOSTS and reports what is not a host name', () => {
    expect(parseHostList(' Nianbao.XX.gov.cn , relay.example., ')).toEqual({ hosts: ['nianbao.xx.gov.cn', 'relay.example'], invalid: [] });
    expect(parseHostList('http://a.b, a b, ok.cn, -x.cn').invalid).toEqual(['http://a.b', 'a b', '-x.cn']);
  });
});

interface Answer { status: number; text: string }

let dir: ReturnType<typeof tempDir>;
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  dir?.remove();
});

async function start(extra: Partial<StartServerOptions> = {}): Promise<RunningServer> {
  dir = tempDir('nianbao-hosts-');
  mkdirSync(join(dir.path, 'dist', 'assets'), { recursive: true });
  writeFileSync(join(dir.path, 'dist', 'index.html'), '<!doctype html><title>公开年报</title>');
  writeFileSync(join(dir.path, 'dist', 'handover.html'), '<!doctype html><title>转移</title>');
  server = await startServer({ port: 0, dataDir: join(dir.path, 'data'), staticDir: join(dir.path, 'dist'), host: '127.0.0.1', log: () => {}, ...extra });
  return server;
}

function ask(tls: boolean, port: number, host: string, path: string, method = 'GET', headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  const request = tls ? httpsRequest : httpRequest;
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method, rejectUnauthorized: false, headers: { Host: host, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => done({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

/** A raw websocket handshake with the given Host and Origin; resolves with the status line's code. */
function upgrade(tls: boolean, port: number, host: string): Promise<number> {
  return new Promise((done, fail) => {
    const socket = tls ? tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }) : netConnect({ host: '127.0.0.1', port });
    let text = '';
    socket.on(tls ? 'secureConnect' : 'connect', () => {
      socket.write(
        `GET /relay HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${tls ? 'https' : 'http'}://${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => {
      text += c;
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (m) {
        socket.destroy();
        done(Number(m[1]));
      }
    });
    socket.on('error', fail);
  });
}

describe('a rebound page cannot reach the relay', () => {
  it('plain http: 421 with a Chinese reason naming NIANBAO_HOSTS, for pages, /api/ and the relay; own names still work', async () => {
    const s = await start({ lanAddresses: ['office-pc.test'] });
    const evil = `evil.example:${s.port}`;
    for (const [path, method] of [['/', 'GET'], ['/api/addresses', 'GET'], ['/api/share', 'POST']] as const) {
      const r = await ask(false, s.port, evil, path, method, { Origin: `http://${evil}` }, method === 'POST' ? JSON.stringify({ reportId: 'r1' }) : undefined);
      expect(r.status, path).toBe(421);
      expect(r.text).toContain('NIANBAO_HOSTS=evil.example');
    }
    expect(await upgrade(false, s.port, evil)).toBe(421);
    // Nothing was shared through the refused POST.
    expect(s.store.hasInvite('r1')).toBe(false);
    for (const host of [`localhost:${s.port}`, `127.0.0.1:${s.port}`, `office-pc.test:${s.port}`, `office-pc:${s.port}`, `pc.lan:${s.port}`]) {
      expect((await ask(false, s.port, host, '/')).status, host).toBe(200);
      expect(await upgrade(false, s.port, host), host).toBe(101);
    }
  });

  it('NIANBAO_HOSTS (hosts) and NIANBAO_ORIGINS let a real DNS name in', async () => {
    const s = await start({ hosts: ['nianbao.xx.gov.cn'], origins: ['https://www.example.gov.cn'] });
    expect((await ask(false, s.port, `nianbao.xx.gov.cn:${s.port}`, '/')).status).toBe(200);
    expect(await upgrade(false, s.port, `nianbao.xx.gov.cn:${s.port}`)).toBe(101);
    expect((await ask(false, s.port, 'www.example.gov.cn', '/')).status).toBe(200);
    expect((await ask(false, s.port, `other.xx.gov.cn:${s.port}`, '/')).status).toBe(421);
  });

  it('https and the plain-http front of the https port refuse the rebound name too (no redirect to it)', async () => {
    dir = tempDir('nianbao-hosts-tls-');
    const set = await ensureCertificates({ dataDir: join(dir.path, 'certs'), names: localNames(['nianbao.lan'], 'office-pc', {}) });
    const keep = dir;
    const s = await start({ tls: { cert: set.cert, key: set.key }, trust: { caCertPem: set.caCertPem, caFingerprint: set.caFingerprint } });
    const evil = `evil.example:${s.port}`;
    expect((await ask(true, s.port, evil, '/')).status).toBe(421);
    expect(await upgrade(true, s.port, evil)).toBe(421);
    const front = await ask(false, s.port, evil, '/trust');
    expect(front.status).toBe(421);
    expect(front.text).toContain('NIANBAO_HOSTS');
    expect((await ask(true, s.port, `localhost:${s.port}`, '/')).status).toBe(200);
    expect(await upgrade(true, s.port, `nianbao.lan:${s.port}`)).toBe(101);
    expect((await ask(false, s.port, `localhost:${s.port}`, '/trust')).status).toBe(200);
    keep.remove();
  });
});
