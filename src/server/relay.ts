// The office relay: Hocuspocus 3 on the WebSocket path /relay of the app's own http server.
// A document is a report (document name = report id); a client is admitted only with that
// report's invite code as its token. Documents persist through RelayStore (store.ts).
import { Hocuspocus, type Document } from '@hocuspocus/server';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import * as Y from 'yjs';
import { isValidReportId, type RelayStore } from './store.ts';

export const RELAY_PATH = '/relay';
export const DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

export interface RelayOptions {
  store: RelayStore;
  log: (line: string) => void;
  /** Largest WebSocket message accepted; bigger ones close the connection (code 1009). */
  maxMessageBytes?: number;
  /** Debounce of the compacted write; every update is also appended at once (see store.ts). */
  storeDebounceMs?: number;
}

export interface Relay {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Documents currently loaded (for tests and logs). */
  readonly hocuspocus: Hocuspocus;
  close(): Promise<void>;
}

/**
 * Thrown from onAuthenticate: Hocuspocus sends `reason` to the client as permission-denied.
 * A plain object without `message`, because Hocuspocus prints any error with a message to
 * stderr and the relay already logs the refusal its own way (throttled).
 */
function denied(reason: string) {
  return { reason };
}

/** Logs a line at most once per minute per key: a refused client that keeps retrying must not flood the log. */
function throttledLog(log: (line: string) => void) {
  const lastAt = new Map<string, number>();
  return (key: string, line: string) => {
    const now = Date.now();
    if ((lastAt.get(key) ?? 0) > now - 60_000) return;
    if (lastAt.size > 10_000) lastAt.clear();
    lastAt.set(key, now);
    log(line);
  };
}

export function createRelay(options: RelayOptions): Relay {
  const { store, log } = options;
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const socketsByRequest = new WeakMap<IncomingMessage, WebSocket>();
  const documentsBySocket = new WeakMap<WebSocket, Set<string>>();
  let closing = false;
  const logRefusal = throttledLog(log);

  const save = (document: Document) => {
    store.saveState(document.name, Y.encodeStateAsUpdate(document));
  };

  const hocuspocus = new Hocuspocus({
    name: 'nianbao-relay',
    quiet: true,
    debounce: options.storeDebounceMs ?? 500,
    maxDebounce: 5000,
    async onAuthenticate({ documentName, token, request }) {
      const ws = socketsByRequest.get(request);
      const ok = isValidReportId(documentName) && typeof token === 'string' && store.checkInvite(documentName, token);
      if (!ok) {
        const who = remote(request);
        logRefusal(
          `${who} ${documentName} ${Boolean(token)}`,
          `拒绝连接：${who} 请求报告 ${printable(documentName)}，邀请码${token ? '不正确' : '缺失'}`,
        );
        // A refused socket gets nothing more: close it once the refusal has been sent, so it
        // cannot keep queueing messages for a document it will never be admitted to.
        if (ws) setTimeout(() => ws.close(4403, 'permission-denied'), 50).unref();
        throw denied('邀请码不正确或已失效');
      }
      return { reportId: documentName };
    },
    async onLoadDocument({ document, documentName }) {
      const parts = store.loadDocument(documentName);
      // Applied before Hocuspocus subscribes to updates, so loading is not logged again.
      for (const part of parts) Y.applyUpdate(document, part);
      return document;
    },
    async afterLoadDocument({ document, documentName }) {
      document.on('update', (update: Uint8Array) => {
        // Synchronous append: the update is on disk before the next message is read.
        store.appendUpdate(documentName, update);
      });
    },
    async connected({ documentName, request }) {
      const ws = socketsByRequest.get(request);
      if (ws) documentsBySocket.get(ws)?.add(documentName);
    },
    async onStoreDocument({ document }) {
      if (closing || store.isClosed) return;
      save(document);
    },
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });

  wss.on('connection', (ws: WebSocket, request: IncomingMessage) => {
    socketsByRequest.set(request, ws);
    documentsBySocket.set(ws, new Set());
    ws.on('error', (error: Error & { code?: string }) => {
      const docs = [...(documentsBySocket.get(ws) ?? [])].join(', ') || '（未认证）';
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        // The client resends the same change on every reconnect: one line a minute is enough.
        logRefusal(
          `too-large ${remote(request)} ${docs}`,
          `拒绝过大的消息：${remote(request)}（报告 ${docs}）发送的消息超过 ${(maxMessageBytes / 2 ** 20).toFixed(1)} MB 上限，连接已断开（WebSocket 1009）`,
        );
      } else {
        log(`WebSocket 出错：${remote(request)}（报告 ${docs}）：${error.message}`);
      }
    });
    hocuspocus.handleConnection(ws, request);
  });

  return {
    hocuspocus,
    handleUpgrade(req, socket, head) {
      if (closing) {
        socket.destroy();
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    async close() {
      if (closing) return;
      // Save every loaded document first and synchronously, then stop: whatever the debounce
      // had not written yet is on disk before any socket goes away.
      for (const document of hocuspocus.documents.values()) save(document);
      closing = true;
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((done) => wss.close(() => done()));
      for (const document of [...hocuspocus.documents.values()]) {
        hocuspocus.documents.delete(document.name);
        document.destroy();
      }
    },
  };
}

function remote(request: IncomingMessage): string {
  const forwarded = request.headers['x-forwarded-for'];
  return (typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined) ?? request.socket.remoteAddress ?? '?';
}

/** Document names come from the network: never echo control characters or huge strings into logs. */
function printable(name: string): string {
  const clean = name.replace(/[^\x20-\x7e\u4e00-\u9fff]/g, '?');
  return clean.length > 80 ? clean.slice(0, 80) + '…' : clean;
}
