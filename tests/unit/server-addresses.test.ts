// The server's LAN addresses (GET /api/addresses): which addresses count, what a listen host
// implies, and the endpoint on the real server — own origin only, hostile entries dropped.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir, type NetworkInterfaceInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lanAddresses, reachableAddresses } from '../../src/server/addresses.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { hostOnly, isLoopbackHost, isShareableHost } from '../../src/sync/lan-address.ts';

const nic = (address: string, family: 'IPv4' | 'IPv6', internal = false) =>
  ({ address, family, internal, netmask: '', mac: '', cidr: null, ...(family === 'IPv6' ? { scopeid: 0 } : {}) }) as NetworkInterfaceInfo;

describe('which addresses colleagues can reach', () => {
  it('loopback in every spelling is never shareable', () => {
    for (const h of ['localhost', 'LOCALHOST', 'app.localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1', '0.0.0.0', '::', 'localhost.']) {
      expect(isLoopbackHost(h), h).toBe(true);
      expect(isShareableHost(h), h).toBe(false);
    }
    for (const h of ['192.168.1.23', '10.0.0.5', 'office-pc.test', 'nianbao.xxx.gov.cn']) expect(isShareableHost(h), h).toBe(true);
  });

  it('only plain host names and IPv4 addresses: nothing that could smuggle a path, port or markup into a link', () => {
    for (const h of ['evil.test/x', 'a b', '<script>', 'host:80', 'user@host', '999.1.1.1', '-bad.test', '', 'x'.repeat(254), 42, null]) {
      expect(isShareableHost(h), String(h)).toBe(false);
    }
  });

  it('lists non-internal IPv4 addresses once, without loopback, IPv6 or APIPA', () => {
    const found = lanAddresses({
      lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)],
      eth0: [nic('192.168.1.23', 'IPv4'), nic('fe80::1', 'IPv6')],
      wlan0: [nic('10.0.0.5', 'IPv4'), nic('169.254.3.4', 'IPv4')],
      docker0: [nic('192.168.1.23', 'IPv4')],
    });
    expect(found).toEqual(['192.168.1.23', '10.0.0.5']);
  });

  it('IPv6: a bracketed global or unique-local address is shareable; link-local, multicast, mapped, loopback or malformed never', () => {
    for (const h of ['[2001:db8::5]', '[fd12:3456:789a::1]', '[FD00::7]', '[240e:3b0:1::8]']) expect(isShareableHost(h), h).toBe(true);
    for (const h of ['[fe80::1]', '[FE80::1c2b:3dff:fe4e:5f60]', '[febf::1]', '[fe80::1%eth0]', '[fe80::1%25eth0]', '[ff02::1]',
      '[::ffff:192.168.1.2]', '[::ffff:127.0.0.1]', '[::1]', '[::]', '[0:0:0:0:0:0:0:1]', '[2001:db8:0:0::5]', '2001:db8::5', '[2001:db8::5]:80',
      '[zz::1]', '[2001:db8::5', '[]', '[1:2:3:4:5:6:7:8:9]', '[2001:db8::5]/x']) {
      expect(isShareableHost(h), h).toBe(false);
    }
  });

  it('an IPv6-only office gets its IPv6 addresses, unique-local first, bracketed, never link-local', () => {
    const found = lanAddresses({
      lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)],
      eth0: [nic('fe80::1c2b:3dff:fe4e:5f60', 'IPv6'), nic('2001:db8::23', 'IPv6'), nic('fd00:7::23', 'IPv6')],
      wlan0: [nic('169.254.3.4', 'IPv4'), nic('FE80::2', 'IPv6'), nic('2001:DB8::23', 'IPv6')],
    });
    expect(found).toEqual(['[fd00:7::23]', '[2001:db8::23]']);
    // Only link-local: nothing to offer (the dialog then warns), never fe80::.
    expect(lanAddresses({ eth0: [nic('fe80::1', 'IPv6'), nic('169.254.9.9', 'IPv4')] })).toEqual([]);
  });

  it('a dual-stack office is offered its IPv4 addresses only (global IPv6 ones include temporary ones that change)', () => {
    expect(lanAddresses({ eth0: [nic('192.168.1.23', 'IPv4'), nic('2001:db8::23', 'IPv6'), nic('fd00:7::23', 'IPv6')] })).toEqual(['192.168.1.23']);
  });

  it('HOST set to an IPv6 address is offered bracketed; a link-local or loopback one is not offered', () => {
    expect(reachableAddresses('2001:db8::5', ['192.168.1.23'])).toEqual(['[2001:db8::5]']);
    expect(reachableAddresses('fe80::1', ['192.168.1.23'])).toEqual([]);
    expect(reachableAddresses('[::]', ['[fd00::7]'])).toEqual(['[fd00::7]']);
  });

  it('a server listening on loopback offers nothing; on one address, that one; on every interface, all', () => {
    const lan = ['192.168.1.23', '10.0.0.5'];
    expect(reachableAddresses('127.0.0.1', lan)).toEqual([]);
    expect(reachableAddresses('localhost', lan)).toEqual([]);
    expect(reachableAddresses('::1', lan)).toEqual([]);
    expect(reachableAddresses('10.0.0.5', lan)).toEqual(['10.0.0.5']);
    expect(reachableAddresses(undefined, lan)).toEqual(lan);
    expect(reachableAddresses('0.0.0.0', lan)).toEqual(lan);
    expect(reachableAddresses('::', [...lan, '127.0.0.1'])).toEqual(lan);
  });

  it('hostOnly drops the port and keeps IPv6 brackets', () => {
    expect(hostOnly('office-pc.test:5173')).toBe('office-pc.test');
    expect(hostOnly('192.168.1.23')).toBe('192.168.1.23');
    expect(hostOnly('[::1]:5173')).toBe('[::1]');
  });
});

describe('GET /api/addresses on the real server', () => {
  let root: string;
  let server: RunningServer;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'nianbao-addr-'));
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'dist', 'index.html'), '<!doctype html><title>公开年报</title>');
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir: join(root, 'data'),
      staticDir: join(root, 'dist'),
      log: () => {},
      lanAddresses: ['office-pc.test', 'localhost', '127.0.0.1', 'evil.test/<b>', '192.168.7.9', '[fe80::1]', '[fd00:7::23]', 'office-pc.test'],
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  function call(method: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
    return new Promise((done, fail) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/api/addresses', method, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => done({ status: res.statusCode!, headers: res.headers, body }));
      });
      req.on('error', fail);
      req.end();
    });
  }

  it('answers the app with the injected addresses, hostile and loopback entries dropped, and no CORS', async () => {
    const r = await call('GET', { Origin: `http://127.0.0.1:${server.port}`, 'Sec-Fetch-Site': 'same-origin' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ addresses: ['office-pc.test', '192.168.7.9', '[fd00:7::23]'] });
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    expect(r.headers['cache-control']).toBe('no-store');
    // A plain request without Origin (curl, the address typed into the browser) is fine too.
    expect((await call('GET')).status).toBe(200);
  });

  it('refuses pages of other sites, and other methods', async () => {
    const foreign: Record<string, string>[] = [{ Origin: 'http://evil.test' }, { Origin: 'null' }, { Origin: '%%%' }, { 'Sec-Fetch-Site': 'cross-site' }, { 'Sec-Fetch-Site': 'same-site' }];
    for (const headers of foreign) {
      const r = await call('GET', headers);
      expect(r.status, JSON.stringify(headers)).toBe(403);
      expect(r.body).not.toContain('office-pc');
      expect(JSON.parse(r.body).error).toMatch(/本站/);
    }
    const post = await call('POST', { Origin: `http://127.0.0.1:${server.port}` });
    expect(post.status).toBe(405);
    expect(post.body).not.toContain('office-pc');
  });

  it('the rest of /api/ still works next to it', async () => {
    const r = await fetch(`${server.url.replace('localhost', '127.0.0.1')}/api/share`, { method: 'POST', body: JSON.stringify({ reportId: 'r1' }) });
    expect(r.status).toBe(201);
  });
});
