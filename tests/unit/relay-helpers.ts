// Shared by the relay tests and the bench: real HocuspocusProvider clients in Node over `ws`.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import * as Y from 'yjs';

/**
 * `ws` for the provider in Node. The provider removes its own error listener and then closes a
 * socket that is still connecting (on destroy, or when a reconnect replaces it); `ws` then emits
 * 'error' with no listener, which Node turns into an uncaught exception. Browsers' WebSocket
 * never throws there, so this only keeps Node runs honest.
 */
export class NodeWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[], options?: WebSocket.ClientOptions) {
    super(url, protocols, options);
    this.on('error', () => {});
  }
}

export interface TestClient {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  /** Every message this client received from the relay (raw bytes). */
  received: Uint8Array[];
  authFailures: string[];
  destroy(): void;
}

export function relayClient(url: string, reportId: string, token: string | null, doc = new Y.Doc()): TestClient {
  const received: Uint8Array[] = [];
  const authFailures: string[] = [];
  const socket = new HocuspocusProviderWebsocket({
    url,
    WebSocketPolyfill: NodeWebSocket,
    delay: 50,
    minDelay: 50,
    maxDelay: 200,
    // The socket emits the raw MessageEvent (its typing says otherwise).
    onMessage: (payload) => {
      const data = (payload as unknown as { data: ArrayBuffer | Uint8Array }).data;
      received.push(new Uint8Array(data as ArrayBuffer));
    },
  });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: reportId,
    token,
    document: doc,
    onAuthenticationFailed: ({ reason }) => authFailures.push(reason),
  });
  provider.attach();
  return {
    doc,
    provider,
    socket,
    received,
    authFailures,
    destroy() {
      provider.destroy();
      socket.destroy();
    },
  };
}

/** Polls until `check` holds; fails with `what` after `ms`. */
export async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export async function share(baseUrl: string, reportId: string): Promise<string> {
  const r = await fetch(`${baseUrl}/api/share`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ reportId }),
  });
  if (r.status !== 201) throw new Error(`share failed: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { code: string }).code;
}
