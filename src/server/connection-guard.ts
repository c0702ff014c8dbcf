// What a relay websocket may do before and after it has authenticated, enforced in front of
// Hocuspocus (which would otherwise queue every message of an unauthenticated socket without
// limit, keep such a socket forever, and acknowledge an update as saved before the relay had
// stored it):
//  - authenticate within `authTimeoutMs` (default 10 s) or be closed (4408);
//  - before its first authentication a socket may send at most `maxPreAuthBytes` (64 KB) in
//    all: counted on the raw TCP stream, so a single huge frame is cut off while it arrives
//    instead of being buffered whole (up to the 8 MB message limit) first;
//  - messages for a document the socket has not authenticated for (other than the Auth message
//    itself) count against the same budget, also after it authenticated for another document;
//  - a frame that is not a well-formed Hocuspocus message (read to the end of its fields: Auth
//    token, sync state vector, awareness entries and their JSON, stateless strings; unknown
//    types) closes the socket (1002) with one throttled log line, before Hocuspocus — which would
//    print a stack trace for it — ever sees it;
//  - presence (awareness) is small: the app sends a name, an author id and the cell being
//    edited (src/sync/relay.ts setPresence, ~200 bytes). An awareness message with a client
//    state over `MAX_AWARENESS_STATE_BYTES` (4 KB) or more than `MAX_AWARENESS_ENTRIES` client
//    entries closes the socket (4413) before Hocuspocus stores it and passes it to every
//    colleague in the report (without this, up to the 8 MB message limit went to each of them);
//    entries are counted because an honest provider also echoes colleagues' states it saw change;
//  - a socket may be admitted to at most `MAX_DOCUMENTS_PER_SOCKET` reports (the app opens one
//    socket per report); an Auth message for one more closes it (4429), so one connection cannot
//    load and hold every shared report on the relay;
//  - an update from an authenticated client is decoded and appended to the store *before*
//    Hocuspocus applies and acknowledges it; when it cannot be decoded (1007) or stored (1011)
//    the client gets a "not saved" sync status and the socket is closed, so it keeps the edit as
//    unsynced and sends it again after reconnecting.
import type { Duplex } from 'node:stream';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { ThrottledLog } from './log-throttle.ts';
import { printable } from './log-throttle.ts';

export const DEFAULT_AUTH_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_PRE_AUTH_BYTES = 64 * 1024;
/** Largest encoded presence state of one client (UTF-8 JSON bytes); the app's is ~200 bytes. */
export const MAX_AWARENESS_STATE_BYTES = 4 * 1024;
/** Most client entries in one awareness message (an office report has at most a few dozen colleagues). */
export const MAX_AWARENESS_ENTRIES = 256;
/** Reports one socket may be admitted to. */
export const MAX_DOCUMENTS_PER_SOCKET = 8;

// Hocuspocus message types (outer) and y-protocols sync sub-types.
const MSG_SYNC = 0;
const MSG_AWARENESS = 1;
const MSG_AUTH = 2;
const MSG_QUERY_AWARENESS = 3;
const MSG_SYNC_REPLY = 4;
const MSG_STATELESS = 5;
const MSG_BROADCAST_STATELESS = 6;
const MSG_CLOSE = 7;
const MSG_SYNC_STATUS = 8;
const AUTH_TOKEN = 0;
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

export const CLOSE_AUTH_TIMEOUT = 4408;
export const CLOSE_PRE_AUTH_LIMIT = 4413;
export const CLOSE_AWARENESS_TOO_LARGE = 4413;
export const CLOSE_TOO_MANY_DOCUMENTS = 4429;
export const CLOSE_BAD_FRAME = 1002;
export const CLOSE_BAD_UPDATE = 1007;
export const CLOSE_NOT_STORED = 1011;

export interface GuardOptions {
  authTimeoutMs?: number;
  maxPreAuthBytes?: number;
  logLimited: ThrottledLog;
  /** Appends an update to durable storage; throws when it cannot. */
  persist(documentName: string, update: Uint8Array): void;
}

export interface GuardedSocket {
  /** Called once onAuthenticate admitted this socket for `documentName`. */
  authenticated(documentName: string): void;
  readonly isAuthenticated: boolean;
}

interface Parsed {
  documentName: string;
  type: number;
  /** The Yjs update carried by a sync step 2 / update message. */
  update?: Uint8Array;
  /** Awareness messages: the number of client entries and the largest state's encoded size. */
  awareness?: { entries: number; largestState: number };
}

/** Reads a client's Hocuspocus message through all its fields; null when it is not a well-formed one. */
export function parseMessage(data: Uint8Array): Parsed | null {
  try {
    const decoder = decoding.createDecoder(data);
    const documentName = decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MSG_AUTH:
        // A client only ever sends a token (sub-type 0); the other sub-types go server → client,
        // and Hocuspocus prints an error for them instead of refusing them.
        if (decoding.readVarUint(decoder) !== AUTH_TOKEN) return null;
        decoding.readVarString(decoder);
        return { documentName, type };
      case MSG_SYNC:
      case MSG_SYNC_REPLY: {
        const sub = decoding.readVarUint(decoder);
        if (sub === SYNC_STEP1) {
          Y.decodeStateVector(decoding.readVarUint8Array(decoder));
          return { documentName, type };
        }
        if (sub === SYNC_STEP2 || sub === SYNC_UPDATE) return { documentName, type, update: decoding.readVarUint8Array(decoder) };
        return null;
      }
      case MSG_AWARENESS: {
        const inner = decoding.createDecoder(decoding.readVarUint8Array(decoder));
        const entries = decoding.readVarUint(inner);
        let largestState = 0;
        for (let i = 0; i < entries; i++) {
          decoding.readVarUint(inner);
          decoding.readVarUint(inner);
          const start = inner.pos;
          const json = decoding.readVarString(inner);
          largestState = Math.max(largestState, inner.pos - start);
          // Too big to relay: no need to parse it (the socket is closed for it).
          if (largestState <= MAX_AWARENESS_STATE_BYTES) JSON.parse(json);
        }
        return { documentName, type, awareness: { entries, largestState } };
      }
      case MSG_STATELESS:
      case MSG_BROADCAST_STATELESS:
        decoding.readVarString(decoder);
        return { documentName, type };
      case MSG_QUERY_AWARENESS:
      case MSG_CLOSE:
        return { documentName, type };
      default:
        return null;
    }
  } catch {
    return null;
  }
}

/** Whether `update` is a well-formed Yjs update (decodes completely). */
export function isDecodableUpdate(update: Uint8Array): boolean {
  try {
    Y.decodeUpdate(update);
    return true;
  } catch {
    return false;
  }
}

function syncStatusMessage(documentName: string, saved: boolean): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, documentName);
  encoding.writeVarUint(encoder, MSG_SYNC_STATUS);
  encoding.writeVarUint(encoder, saved ? 1 : 0);
  return encoding.toUint8Array(encoder);
}

const EMPTY_UPDATE = [0, 0];
function isEmptyUpdate(update: Uint8Array) {
  return update.length === EMPTY_UPDATE.length && update[0] === 0 && update[1] === 0;
}

/**
 * Puts `ws` (already handed to Hocuspocus) behind the guard: Hocuspocus's own message listeners
 * are moved behind a gate that applies the rules in the file header.
 */
export function guardSocket(ws: WebSocket, raw: Duplex, who: string, options: GuardOptions): GuardedSocket {
  const authTimeoutMs = options.authTimeoutMs ?? DEFAULT_AUTH_TIMEOUT_MS;
  const maxPreAuthBytes = options.maxPreAuthBytes ?? DEFAULT_MAX_PRE_AUTH_BYTES;
  const admitted = new Set<string>();
  let preAuthBytes = 0;
  let closed = false;

  const shut = (code: number, reason: string, logKey: string, line: string) => {
    if (closed) return;
    closed = true;
    options.logLimited(`${who} ${logKey}`, line);
    try {
      ws.close(code, reason);
    } catch {
      /* already closing */
    }
    // A peer that does not answer the close handshake must not keep the socket.
    setTimeout(() => ws.terminate(), 2000).unref();
  };

  const overBudget = (bytes: number) => {
    preAuthBytes += bytes;
    if (preAuthBytes <= maxPreAuthBytes) return false;
    shut(CLOSE_PRE_AUTH_LIMIT, 'pre-auth-limit', 'pre-auth', `断开连接：${who} 认证前发送的数据超过 ${Math.round(maxPreAuthBytes / 1024)} KB`);
    return true;
  };

  const onRawData = (chunk: Buffer) => {
    if (admitted.size === 0 && overBudget(chunk.length)) {
      raw.off('data', onRawData);
      raw.destroy();
    }
  };
  raw.on('data', onRawData);

  const timer = setTimeout(() => {
    if (admitted.size === 0) shut(CLOSE_AUTH_TIMEOUT, 'authentication-timeout', 'auth-timeout', `断开连接：${who} 在 ${authTimeoutMs / 1000} 秒内没有完成认证`);
  }, authTimeoutMs);
  timer.unref();
  ws.once('close', () => {
    closed = true;
    clearTimeout(timer);
    raw.off('data', onRawData);
  });

  const inner = ws.listeners('message') as ((data: unknown, isBinary: boolean) => void)[];
  ws.removeAllListeners('message');
  const forward = (data: unknown, isBinary: boolean) => {
    for (const listener of inner) listener.call(ws, data, isBinary);
  };

  ws.on('message', (data: unknown, isBinary: boolean) => {
    if (closed) return;
    const bytes = toBytes(data);
    const parsed = bytes && parseMessage(bytes);
    if (!bytes || !parsed) {
      shut(CLOSE_BAD_FRAME, 'bad-message', 'bad-frame', `断开连接：${who} 发来无法识别的消息（${bytes?.length ?? 0} 字节）`);
      return;
    }
    if (parsed.awareness && (parsed.awareness.largestState > MAX_AWARENESS_STATE_BYTES || parsed.awareness.entries > MAX_AWARENESS_ENTRIES)) {
      const { entries, largestState } = parsed.awareness;
      shut(
        CLOSE_AWARENESS_TOO_LARGE,
        'presence-too-large',
        'presence',
        `断开连接：${who}（报告 ${printable(parsed.documentName)}）发送的在线状态过大（${entries} 项，最大一项 ${largestState} 字节；上限 ${MAX_AWARENESS_ENTRIES} 项、每项 ${MAX_AWARENESS_STATE_BYTES / 1024} KB），未转发给其他人`,
      );
      return;
    }
    if (parsed.type === MSG_AUTH && !admitted.has(parsed.documentName) && admitted.size >= MAX_DOCUMENTS_PER_SOCKET) {
      shut(
        CLOSE_TOO_MANY_DOCUMENTS,
        'too-many-documents',
        'too-many-docs',
        `断开连接：${who} 在一个连接上请求的报告超过 ${MAX_DOCUMENTS_PER_SOCKET} 份`,
      );
      return;
    }
    if (!admitted.has(parsed.documentName)) {
      // Raw bytes already count before the first authentication; afterwards count here
      // (Auth messages too: each is a lookup, and a refusal closes the socket anyway).
      if (admitted.size > 0 && overBudget(bytes.length)) return;
      forward(data, isBinary);
      return;
    }
    if (parsed.update && !isEmptyUpdate(parsed.update)) {
      const name = printable(parsed.documentName);
      if (!isDecodableUpdate(parsed.update)) {
        refuse(parsed.documentName);
        shut(CLOSE_BAD_UPDATE, 'update-not-applied', `bad-update ${name}`, `拒绝修改：${who}（报告 ${name}）发来的修改无法解析，未保存，连接已断开`);
        return;
      }
      try {
        options.persist(parsed.documentName, parsed.update);
      } catch (error) {
        refuse(parsed.documentName);
        shut(CLOSE_NOT_STORED, 'update-not-saved', `not-stored ${name}`, `中继无法保存修改：${who}（报告 ${name}）：${printable(String((error as Error)?.message ?? error), 200)}；已告知客户端未保存`);
        return;
      }
    }
    forward(data, isBinary);
  });

  function refuse(documentName: string) {
    try {
      ws.send(syncStatusMessage(documentName, false));
    } catch {
      /* socket already going away: the client keeps the edit as unsynced either way */
    }
  }

  return {
    authenticated(documentName) {
      admitted.add(documentName);
      clearTimeout(timer);
    },
    get isAuthenticated() {
      return admitted.size > 0;
    },
  };
}

function toBytes(data: unknown): Uint8Array | null {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (Array.isArray(data) && data.every((d) => d instanceof Uint8Array)) return Buffer.concat(data as Uint8Array[]);
  return null;
}
