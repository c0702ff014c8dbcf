// Other tabs of the same browser: one BroadcastChannel per report carries the same Yjs updates
// as the relay and the exchange files. Without it two tabs of one report would each write to
// IndexedDB and never see each other's edits until reopened.
//
// Protocol (all messages carry `from`, this tab's random id):
//   hello  {sv}              sent on open: "this is what I have"
//   sync   {to, sv, update}  answer to hello: what the newcomer lacks, and what the answerer has
//   update {update, to?}     a live change (to everyone), or the newcomer's reply to `sync`
// Updates received here are applied with origin 'tab' and never posted again, so nothing
// echoes around between tabs.

import * as Y from 'yjs';
import type { Origin } from '../doc/types.ts';

const TAB: Origin = 'tab';

type Message =
  | { t: 'hello'; from: string; sv: Uint8Array }
  | { t: 'sync'; from: string; to: string; sv: Uint8Array; update: Uint8Array }
  | { t: 'update'; from: string; to?: string; update: Uint8Array };

export interface TabSyncOptions {
  /** Channel factory (default: the global BroadcastChannel). */
  createChannel?: (name: string) => BroadcastChannel;
  /** Called when an update from another tab could not be applied (a bug or a broken message). */
  onError?: (error: unknown) => void;
}

export interface TabSync {
  /** Random id of this tab on the channel. */
  readonly tabId: string;
  close(): void;
}

export function tabChannelName(reportId: string): string {
  return `gongkai-nianbao:report:${reportId}`;
}

function isBytes(x: unknown): x is Uint8Array {
  return x instanceof Uint8Array;
}

/** A message from another tab, or null when it is not one of ours. */
function restoreMessage(data: unknown): Message | null {
  if (typeof data !== 'object' || data === null) return null;
  const m = data as Record<string, unknown>;
  if (typeof m.from !== 'string') return null;
  if (m.t === 'hello' && isBytes(m.sv)) return { t: 'hello', from: m.from, sv: m.sv };
  if (m.t === 'sync' && typeof m.to === 'string' && isBytes(m.sv) && isBytes(m.update)) {
    return { t: 'sync', from: m.from, to: m.to, sv: m.sv, update: m.update };
  }
  if (m.t === 'update' && isBytes(m.update) && (m.to === undefined || typeof m.to === 'string')) {
    return { t: 'update', from: m.from, to: m.to as string | undefined, update: m.update };
  }
  return null;
}

/** An update that carries nothing (no structs, no deletions) encodes to two zero bytes. */
function isEmptyUpdate(u: Uint8Array): boolean {
  return u.length === 2 && u[0] === 0 && u[1] === 0;
}

/** Keep `doc` in sync with the same report open in other tabs. Call close() when leaving. */
export function connectTabs(doc: Y.Doc, reportId: string, opts: TabSyncOptions = {}): TabSync {
  const tabId = crypto.getRandomValues(new Uint32Array(2)).join('-');
  const channel = (opts.createChannel ?? ((n: string) => new BroadcastChannel(n)))(tabChannelName(reportId));
  let closed = false;

  const post = (m: Message) => {
    if (!closed) channel.postMessage(m);
  };
  const apply = (update: Uint8Array) => {
    try {
      Y.applyUpdate(doc, update, TAB);
    } catch (e) {
      opts.onError?.(e);
    }
  };

  const onMessage = (ev: MessageEvent) => {
    const m = restoreMessage(ev.data);
    if (!m || m.from === tabId) return;
    if (m.t === 'hello') {
      post({ t: 'sync', from: tabId, to: m.from, sv: Y.encodeStateVector(doc), update: Y.encodeStateAsUpdate(doc, m.sv) });
    } else if (m.t === 'sync') {
      if (m.to !== tabId) return;
      if (!isEmptyUpdate(m.update)) apply(m.update);
      const back = Y.encodeStateAsUpdate(doc, m.sv);
      if (!isEmptyUpdate(back)) post({ t: 'update', from: tabId, to: m.from, update: back });
    } else {
      if (m.to !== undefined && m.to !== tabId) return;
      apply(m.update);
    }
  };

  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === TAB) return; // came from a tab: every tab got it already
    post({ t: 'update', from: tabId, update });
  };

  channel.addEventListener('message', onMessage as EventListener);
  doc.on('update', onUpdate);
  post({ t: 'hello', from: tabId, sv: Y.encodeStateVector(doc) });

  return {
    tabId,
    close() {
      if (closed) return;
      closed = true;
      doc.off('update', onUpdate);
      channel.removeEventListener('message', onMessage as EventListener);
      channel.close();
    },
  };
}
