// Browser side of the office relay: keeps a report's Y.Doc in sync with the relay through
// @hocuspocus/provider 3, reports an honest status, and carries presence (who is in the report,
// on which section/cell).
//
// Why a second, private Y.Doc: the provider applies remote updates with itself as the
// transaction origin, but everything in this app tells where a change came from by the origin
// strings of src/doc (remote changes must never reach the undo stack, the UI names their source).
// So the provider syncs a mirror doc, and the bridge below copies mirror → report doc with origin
// 'relay' and report doc → mirror for every other origin. The mirror costs one more copy of a
// report (tens of KB) and one extra applyUpdate per change.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';
import type { Author, Origin } from '../doc/types.ts';

const RELAY_ORIGIN: Origin = 'relay';
/** Origin of report-doc changes copied into the mirror; the provider sends those to the relay. */
const TO_RELAY = Symbol('to-relay');

export type RelayState = 'offline' | 'syncing' | 'synced';

export type RelayProblem = 'denied' | 'too-large' | 'not-saved';

export interface RelayStatus {
  state: RelayState;
  /** Local changes the relay has not acknowledged yet (saved on the relay once acknowledged). */
  unsynced: number;
  /** Set when the relay refuses this client; the connection then stays closed (denied) or keeps retrying (too-large). */
  problem?: RelayProblem;
  /** Chinese sentence for the user when there is a problem. */
  message?: string;
}

export interface Presence {
  name: string;
  section?: string;
  cell?: string;
}

export interface PresenceEntry extends Presence {
  /** Awareness client id (one per open report per tab). */
  clientId: number;
  authorId: string;
  /** This tab's own entry. */
  self: boolean;
}

export interface ConnectRelayOptions {
  /** ws:// or wss:// URL of the relay (path /relay). */
  url: string;
  reportId: string;
  code: string;
  doc: Y.Doc;
  author: Author;
  onStatus?: (status: RelayStatus) => void;
  /**
   * For Node (tests, bench): a `ws` WebSocket subclass that has its own 'error' listener
   * (see NodeWebSocket in tests/unit/relay-helpers.ts). Browsers use their own WebSocket.
   */
  WebSocketPolyfill?: unknown;
  /** Reconnect back-off in ms (default 1 s growing to 30 s); tests shorten it. */
  reconnectDelay?: { min: number; max: number };
}

export interface RelayConnection {
  readonly status: RelayStatus;
  setPresence(presence: Presence | null): void;
  /** Called with everyone present (including this tab) whenever it changes; returns an unsubscribe. */
  onPresence(cb: (present: PresenceEntry[]) => void): () => void;
  present(): PresenceEntry[];
  /** Stops syncing and leaves the report doc as it is. */
  destroy(): void;
}

const PROBLEM_MESSAGES: Record<RelayProblem, string> = {
  denied: '中继拒绝了连接：邀请码不正确或已失效。请向共享人重新索取邀请链接。',
  'too-large': '有一次修改太大，中继拒绝接收（超过大小上限）。本机内容未丢失，可改用“导出同步包”交换。',
  'not-saved': '中继没能保存最近的修改（服务器的磁盘可能已满，或修改已损坏）。本机内容未丢失，会自动重试。',
};

export function connectRelay(options: ConnectRelayOptions): RelayConnection {
  const { doc, author } = options;
  const mirror = new Y.Doc({ gc: doc.gc });
  Y.applyUpdate(mirror, Y.encodeStateAsUpdate(doc), TO_RELAY);

  const onDocUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin !== RELAY_ORIGIN) Y.applyUpdate(mirror, update, TO_RELAY);
  };
  const onMirrorUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin !== TO_RELAY) Y.applyUpdate(doc, update, RELAY_ORIGIN);
  };
  doc.on('update', onDocUpdate);
  mirror.on('update', onMirrorUpdate);

  const socket = new HocuspocusProviderWebsocket({
    url: options.url,
    WebSocketPolyfill: options.WebSocketPolyfill,
    delay: options.reconnectDelay?.min ?? 1000,
    minDelay: options.reconnectDelay?.min ?? 1000,
    maxDelay: options.reconnectDelay?.max ?? 30_000,
  });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: options.reportId,
    token: options.code,
    document: mirror,
  });

  let problem: RelayProblem | undefined;
  let destroyed = false;
  let last: RelayStatus = { state: 'offline', unsynced: 0 };

  const compute = (): RelayStatus => {
    const connected = socket.status === 'connected' && provider.isAuthenticated;
    const unsynced = provider.unsyncedChanges;
    const state: RelayState = !connected ? 'offline' : provider.isSynced && unsynced === 0 ? 'synced' : 'syncing';
    const status: RelayStatus = { state, unsynced };
    if (problem) {
      status.problem = problem;
      status.message = PROBLEM_MESSAGES[problem];
    }
    return status;
  };
  const emit = () => {
    if (destroyed) return;
    // A refused oversize change is resent on every reconnect and refused again; the problem
    // stands until everything local has been acknowledged.
    if ((problem === 'too-large' || problem === 'not-saved') && provider.isSynced && provider.unsyncedChanges === 0) problem = undefined;
    const next = compute();
    if (next.state === last.state && next.unsynced === last.unsynced && next.problem === last.problem) return;
    last = next;
    options.onStatus?.(next);
  };

  provider.on('status', emit);
  provider.on('synced', emit);
  provider.on('unsyncedChanges', emit);
  provider.on('authenticated', () => {
    if (problem === 'denied') problem = undefined;
    emit();
  });
  provider.on('authenticationFailed', () => {
    problem = 'denied';
    // Retrying with the same code cannot succeed; stay offline until the user has a new link.
    socket.disconnect();
    emit();
  });
  provider.on('close', ({ event }: { event: { code?: number } }) => {
    if (event?.code === 1009) problem = 'too-large';
    // 1011: the relay could not store an update; 1007: it could not decode one. Either way it
    // said "not saved", and the edit stays unsynced here until a reconnect gets it stored.
    else if (event?.code === 1011 || event?.code === 1007) problem = 'not-saved';
    emit();
  });
  provider.attach();

  const awareness = provider.awareness!;
  awareness.setLocalStateField('user', { name: author.name, authorId: author.id });

  const present = (): PresenceEntry[] => {
    const list: PresenceEntry[] = [];
    awareness.getStates().forEach((state, clientId) => {
      const user = state.user as { name?: unknown; authorId?: unknown } | undefined;
      if (!user || typeof user.name !== 'string') return;
      const where = (state.where ?? {}) as { section?: unknown; cell?: unknown };
      const entry: PresenceEntry = {
        clientId,
        name: user.name,
        authorId: typeof user.authorId === 'string' ? user.authorId : '',
        self: clientId === awareness.clientID,
      };
      if (typeof where.section === 'string') entry.section = where.section;
      if (typeof where.cell === 'string') entry.cell = where.cell;
      list.push(entry);
    });
    return list.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name, 'zh'));
  };

  return {
    get status() {
      return compute();
    },
    setPresence(presence) {
      if (presence === null) {
        awareness.setLocalState(null);
        return;
      }
      awareness.setLocalState({
        user: { name: presence.name, authorId: author.id },
        where: { section: presence.section, cell: presence.cell },
      });
    },
    onPresence(cb) {
      const handler = () => cb(present());
      awareness.on('change', handler);
      return () => awareness.off('change', handler);
    },
    present,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      doc.off('update', onDocUpdate);
      mirror.off('update', onMirrorUpdate);
      provider.destroy();
      socket.destroy();
      mirror.destroy();
    },
  };
}
