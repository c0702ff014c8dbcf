// The office relay: Hocuspocus 3 on the WebSocket path /relay of the app's own http server.
// A document is a report (document name = report id); a client is admitted only with that
// report's invite code as its token. Documents persist through RelayStore (store.ts). What a
// socket may do before and after it authenticates is enforced by connection-guard.ts, which
// also stores every update before Hocuspocus applies and acknowledges it.
import { Hocuspocus, type Document } from '@hocuspocus/server';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import * as Y from 'yjs';
import { guardSocket, type GuardedSocket } from './connection-guard.ts';
import { printable, throttledLog } from './log-throttle.ts';
import { isValidReportId, type RelayStore } from './store.ts';

export const RELAY_PATH = '/relay';
export const DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
/** A member's "last seen" is written at most this often while they stay connected. */
const MEMBER_TOUCH_MS = 30_000;

export interface RelayOptions {
  store: RelayStore;
  log: (line: string) => void;
  /** Largest WebSocket message accepted; bigger ones close the connection (code 1009). */
  maxMessageBytes?: number;
  /** Debounce of the compacted write; every update is also appended at once (see store.ts). */
  storeDebounceMs?: number;
  /** Close sockets that have not authenticated after this long (default 10 s). */
  authTimeoutMs?: number;
  /** Bytes a socket may send before it authenticates (default 64 KB). */
  maxPreAuthBytes?: number;
  /** The client's address for logs (honours a trusted proxy's X-Forwarded-For). */
  addressOf(request: IncomingMessage): string;
}

export interface Relay {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Documents currently loaded (for tests and logs). */
  readonly hocuspocus: Hocuspocus;
  /** Closes every connection to a report (its invite code changed or sharing stopped). */
  disconnectReport(reportId: string): Promise<void>;
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

export function createRelay(options: RelayOptions): Relay {
  const { store, log } = options;
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const socketsByRequest = new WeakMap<IncomingMessage, WebSocket>();
  const guards = new WeakMap<WebSocket, GuardedSocket>();
  const documentsBySocket = new WeakMap<WebSocket, Set<string>>();
  /** Open sockets per report, to close them when the invite code changes. */
  const socketsByReport = new Map<string, Set<WebSocket>>();
  const memberTouchedAt = new Map<string, number>();
  let closing = false;
  const logLimited = throttledLog(log);

  const save = (document: Document) => {
    store.saveState(document.name, Y.encodeStateAsUpdate(document));
  };

  const touchMembers = (document: Document, force = false) => {
    const now = Date.now();
    document.awareness.getStates().forEach((state) => {
      const user = (state as { user?: { name?: unknown; authorId?: unknown } }).user;
      if (!user || typeof user.name !== 'string' || typeof user.authorId !== 'string' || !user.authorId) return;
      const key = `${document.name}\n${user.authorId}`;
      if (!force && now - (memberTouchedAt.get(key) ?? 0) < MEMBER_TOUCH_MS) return;
      if (memberTouchedAt.size > 10_000) memberTouchedAt.clear();
      memberTouchedAt.set(key, now);
      if (!store.isClosed) store.touchMember(document.name, user.authorId, user.name.trim() || '未署名', now);
    });
  };

  const hocuspocus = new Hocuspocus({
    name: 'nianbao-relay',
    quiet: true,
    debounce: options.storeDebounceMs ?? 500,
    maxDebounce: 5000,
    async onAuthenticate({ documentName, token, request }) {
      const ws = socketsByRequest.get(request);
      const ok = isValidReportId(documentName) && typeof token === 'string' && store.checkInvite(documentName, token);
      const who = options.addressOf(request);
      if (!ok) {
        logLimited(
          `${who} denied ${Boolean(token)}`,
          `拒绝连接：${who} 请求报告 ${printable(documentName)}，邀请码${token ? '不正确' : '缺失'}`,
        );
        // A refused socket gets nothing more: close it once the refusal has been sent, so it
        // cannot keep queueing messages for a document it will never be admitted to.
        if (ws) setTimeout(() => ws.close(4403, 'permission-denied'), 50).unref();
        throw denied('邀请码不正确或已失效');
      }
      if (ws) {
        guards.get(ws)?.authenticated(documentName);
        let set = socketsByReport.get(documentName);
        if (!set) socketsByReport.set(documentName, (set = new Set()));
        set.add(ws);
        ws.once('close', () => {
          set.delete(ws);
          if (set.size === 0 && socketsByReport.get(documentName) === set) socketsByReport.delete(documentName);
        });
      }
      return { reportId: documentName };
    },
    async onLoadDocument({ document, documentName }) {
      const parts = store.loadDocument(documentName);
      // Applied before Hocuspocus subscribes to updates, so loading is not logged again. A part
      // that no longer applies must not make the whole report unloadable.
      for (const part of parts) {
        try {
          Y.applyUpdate(document, part);
        } catch {
          log(`报告 ${printable(documentName)} 的一条已存修改无法应用，已跳过`);
        }
      }
      return document;
    },
    async connected({ documentName, request }) {
      const ws = socketsByRequest.get(request);
      if (ws) documentsBySocket.get(ws)?.add(documentName);
    },
    async onAwarenessUpdate({ document }) {
      touchMembers(document);
    },
    async onDisconnect({ document }) {
      touchMembers(document, true);
    },
    async onStoreDocument({ document }) {
      if (closing || store.isClosed || !store.hasInvite(document.name)) return;
      save(document);
    },
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });

  wss.on('connection', (ws: WebSocket, request: IncomingMessage) => {
    const who = options.addressOf(request);
    socketsByRequest.set(request, ws);
    documentsBySocket.set(ws, new Set());
    ws.on('error', (error: Error & { code?: string }) => {
      const docs = [...(documentsBySocket.get(ws) ?? [])].map((d) => printable(d)).join(', ') || '（未认证）';
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        // The client resends the same change on every reconnect: one line a minute is enough.
        logLimited(
          `${who} too-large`,
          `拒绝过大的消息：${who}（报告 ${docs}）发送的消息超过 ${(maxMessageBytes / 2 ** 20).toFixed(1)} MB 上限，连接已断开（WebSocket 1009）`,
        );
      } else {
        // Malformed frames from the network: one short line per address, no stack.
        logLimited(`${who} ws-error`, `WebSocket 出错：${who}（报告 ${docs}）：${printable(error.message, 120)}`);
      }
    });
    hocuspocus.handleConnection(ws, request);
    guards.set(
      ws,
      guardSocket(ws, request.socket, who, {
        authTimeoutMs: options.authTimeoutMs,
        maxPreAuthBytes: options.maxPreAuthBytes,
        logLimited,
        persist: (name, update) => {
          if (closing || store.isClosed) throw new Error('中继正在关闭');
          if (!store.hasInvite(name)) throw new Error('该报告已停止共享');
          store.appendUpdate(name, update);
        },
      }),
    );
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
    async disconnectReport(reportId) {
      // The clients reconnect with the code they have and are refused if it is no longer valid.
      // Hocuspocus unloads the document once its last connection is gone; onStoreDocument does
      // not write back a report whose sharing was stopped.
      for (const ws of socketsByReport.get(reportId) ?? []) ws.close(4403, 'permission-denied');
      socketsByReport.delete(reportId);
    },
    async close() {
      if (closing) return;
      // Save every loaded document first and synchronously, then stop: whatever the debounce
      // had not written yet is on disk before any socket goes away.
      for (const document of hocuspocus.documents.values()) if (store.hasInvite(document.name)) save(document);
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
