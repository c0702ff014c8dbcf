// HTTPS_CERT/HTTPS_KEY: the same server over TLS (https + wss), with a throwaway self-signed
// certificate made by the system's openssl, trusted explicitly by the test clients.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { startServer, tlsFromEnv, type RunningServer } from '../../src/server/server.ts';
import { NodeWebSocket, tempDir, until } from './relay-helpers.ts';

let dir: ReturnType<typeof tempDir>;
let server: RunningServer;
let ca: Buffer;

beforeAll(async () => {
  dir = tempDir('nianbao-tls-');
  const made = spawnSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout', join(dir.path, 'key.pem'), '-out', join(dir.path, 'cert.pem'),
  ]);
  if (made.status !== 0) throw new Error(`openssl is needed for this test: ${made.stderr}`);
  ca = readFileSync(join(dir.path, 'cert.pem'));
  mkdirSync(join(dir.path, 'dist'));
  writeFileSync(join(dir.path, 'dist', 'index.html'), '<!doctype html><title>公开年报</title>');
  const tls = tlsFromEnv({ HTTPS_CERT: join(dir.path, 'cert.pem'), HTTPS_KEY: join(dir.path, 'key.pem') });
  server = await startServer({ port: 0, dataDir: join(dir.path, 'data'), staticDir: join(dir.path, 'dist'), tls, log: () => {} });
});

afterAll(async () => {
  await server?.close();
  dir?.remove();
});

function httpsRequest(path: string, method = 'GET', body?: string): Promise<{ status: number; text: string }> {
  return new Promise((done, fail) => {
    const req = request(
      `${server.url}${path}`,
      { ca, method, headers: { 'Content-Type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => done({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

describe('HTTPS', () => {
  it('requires both HTTPS_CERT and HTTPS_KEY', () => {
    expect(tlsFromEnv({})).toBeUndefined();
    expect(() => tlsFromEnv({ HTTPS_CERT: 'x.pem' })).toThrow('必须同时设置');
  });

  it('serves the app and the relay over TLS', async () => {
    expect(server.url).toMatch(/^https:\/\/localhost:\d+$/);
    expect(server.relayUrl).toMatch(/^wss:\/\/localhost:\d+\/relay$/);
    const page = await httpsRequest('/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('公开年报');

    const shared = await httpsRequest('/api/share', 'POST', JSON.stringify({ reportId: 'tls-report' }));
    expect(shared.status).toBe(201);
    const { code } = JSON.parse(shared.text) as { code: string };

    class TrustingWebSocket extends NodeWebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { ca });
      }
    }
    const docs = [new Y.Doc(), new Y.Doc()];
    const clients = docs.map((document) => {
      const socket = new HocuspocusProviderWebsocket({ url: server.relayUrl, WebSocketPolyfill: TrustingWebSocket });
      const provider = new HocuspocusProvider({ websocketProvider: socket, name: 'tls-report', token: code, document });
      provider.attach();
      return { provider, socket };
    });
    try {
      await until('both synced over wss', () => clients.every((c) => c.provider.isSynced));
      docs[0]!.getText('section:s5').insert(0, '加密传输');
      await until('arrived', () => docs[1]!.getText('section:s5').toString() === '加密传输');
    } finally {
      for (const c of clients) {
        c.provider.destroy();
        c.socket.destroy();
      }
    }
  });
});
