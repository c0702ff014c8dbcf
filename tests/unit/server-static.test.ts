// The real server over a temp static folder: MIME types, SPA fallback, cache headers, no
// path escape, port 0.
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/server.ts';

let root: string;
let server: RunningServer;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nianbao-static-'));
  const dist = join(root, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>公开年报</title>');
  writeFileSync(join(dist, 'sw.js'), 'self.addEventListener("install", () => {});');
  writeFileSync(join(dist, 'manifest.webmanifest'), '{"name":"公开年报"}');
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(dist, 'assets', 'index-abc123.css'), 'body{}');
  writeFileSync(join(dist, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(root, 'secret.txt'), 'outside');
  server = await startServer({ port: 0, dataDir: join(root, 'data'), staticDir: dist, log: () => {} });
});

afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

const get = (path: string, init?: RequestInit) => fetch(server.url + path, init);

describe('static serving', () => {
  it('picks a free port when asked for port 0', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://localhost:${server.port}`);
  });

  it('serves index.html with no-cache', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.headers.get('cache-control')).toBe('no-cache');
    expect(await r.text()).toContain('公开年报');
  });

  it('serves sw.js as JavaScript with no-cache', async () => {
    const r = await get('/sw.js');
    expect(r.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(r.headers.get('cache-control')).toBe('no-cache');
  });

  it('caches hashed assets for a long time with their MIME types', async () => {
    const js = await get('/assets/index-abc123.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toContain('immutable');
    const css = await get('/assets/index-abc123.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await get('/manifest.webmanifest')).headers.get('content-type')).toContain('application/manifest+json');
    expect((await get('/icon.svg')).headers.get('content-type')).toBe('image/svg+xml');
  });

  it('falls back to index.html for app routes but not for missing files', async () => {
    const route = await get('/report/42/table');
    expect(route.status).toBe(200);
    expect(route.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(route.headers.get('cache-control')).toBe('no-cache');
    expect(await route.text()).toContain('公开年报');
    expect((await get('/assets/index-old999.js')).status).toBe(404);
    expect((await get('/missing.png')).status).toBe(404);
  });

  it('answers 304 to a revalidation of an unchanged file', async () => {
    const first = await get('/sw.js');
    const lastModified = first.headers.get('last-modified')!;
    expect(lastModified).toBeTruthy();
    const again = await get('/sw.js', { headers: { 'If-Modified-Since': lastModified } });
    expect(again.status).toBe(304);
    const older = new Date(Date.parse(lastModified) - 60_000).toUTCString();
    expect((await get('/sw.js', { headers: { 'If-Modified-Since': older } })).status).toBe(200);
  });

  it('answers HEAD without a body', async () => {
    const r = await get('/sw.js', { method: 'HEAD' });
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('');
  });

  it('never serves files outside the static folder', async () => {
    // fetch() would normalise the path, so send the raw request line.
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const { status, body } = await rawGet(server.port, path);
      expect([400, 404]).toContain(status);
      expect(body).not.toContain('outside');
    }
  });
});

function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', fail);
    req.end();
  });
}
