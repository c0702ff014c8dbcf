// Receiving the handover: every report, share, peer and the clerk's profile that the same relay
// stored under its old http origin, merged into this (https) origin's storage. What arrives is
// outside input (a postMessage), so restoreHandover checks all of it — and replays every
// report into a scratch Y.Doc — before anything is written: bad input changes nothing. Merging
// is Yjs merging (Y.applyUpdate of what this origin lacks), so it is idempotent and never
// overwrites newer edits made here; concurrent cell values become conflicts as usual.
import { authorName } from './author-name.ts';
import * as Y from 'yjs';
import { attachReportDoc, initReportDoc, isReportDoc, readReport } from '../doc/report-doc.ts';
import { openReportDoc } from '../storage/doc-store.ts';
import { getProfile, openLibraryDB, type LibraryDB, type PeerRow, type ReportRow } from '../storage/library-db.ts';
import { rowFindings } from './findings.ts';
import { rowFromDoc } from './report-row.ts';

export const HANDOVER_KIND = 'nianbao-handover';
export const HANDOVER_VERSION = 1;
const MAX_REPORTS = 5000;
const MAX_TOTAL_BYTES = 512 * 1024 * 1024;
const ID = /^[A-Za-z0-9_.:-]{1,128}$/;

export interface HandoverMessage {
  kind: typeof HANDOVER_KIND;
  version: number;
  reports: { id: string; updates: Uint8Array[]; row: unknown }[];
  profile: unknown;
  peers: unknown[];
}

export interface PreparedHandover {
  reports: { id: string; doc: Y.Doc; share?: { relay: string; code: string } }[];
  profile: { authorId: string; name: string } | null;
  peers: PeerRow[];
}

type Restored = { ok: true; value: PreparedHandover } | { ok: false; error: string };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

/**
 * A share's relay URL, upgraded when it is this same relay: ws://<old host> becomes
 * wss://<old host> (an https page may not open ws://, and the relay now speaks wss on that port).
 */
function restoreShare(row: unknown, oldHost: string): { relay: string; code: string } | undefined {
  const share = isObj(row) ? row.share : undefined;
  if (!isObj(share) || !str(share.relay, 2048) || !str(share.code, 256) || !/^wss?:\/\//.test(share.relay)) return undefined;
  let relay = share.relay;
  try {
    const url = new URL(relay);
    if (url.protocol === 'ws:' && url.host === oldHost) relay = 'wss:' + relay.slice('ws:'.length);
  } catch {
    return undefined;
  }
  return { relay, code: share.code };
}

/**
 * Checks a received message completely; returns the reports as scratch docs ready to merge.
 * `oldHost` is host:port of the sending http origin (for the share's relay URL).
 */
export function restoreHandover(raw: unknown, oldHost: string): Restored {
  const bad = (why: string): Restored => ({ ok: false, error: `收到的报告数据无效（${why}），没有做任何修改。` });
  if (!isObj(raw) || raw.kind !== HANDOVER_KIND) return bad('不是公开年报的转移数据');
  if (raw.version !== HANDOVER_VERSION) return bad(`版本 ${String(raw.version)} 无法识别，请把两边的应用更新到同一版本`);
  if (!Array.isArray(raw.reports) || raw.reports.length === 0 || raw.reports.length > MAX_REPORTS) return bad('报告列表');
  let total = 0;
  const seen = new Set<string>();
  const reports: PreparedHandover['reports'] = [];
  for (const r of raw.reports as unknown[]) {
    if (!isObj(r) || typeof r.id !== 'string' || !ID.test(r.id) || seen.has(r.id)) return bad('报告编号');
    seen.add(r.id);
    if (!Array.isArray(r.updates) || r.updates.length === 0) return bad(`报告 ${r.id} 没有内容`);
    const doc = new Y.Doc();
    attachReportDoc(doc);
    for (const u of r.updates as unknown[]) {
      if (!(u instanceof Uint8Array)) return bad(`报告 ${r.id} 的内容格式`);
      total += u.byteLength;
      if (total > MAX_TOTAL_BYTES) return bad('数据过大');
      try {
        Y.applyUpdate(doc, u);
      } catch {
        return bad(`报告 ${r.id} 的内容已损坏`);
      }
    }
    if (!isReportDoc(doc)) return bad(`报告 ${r.id} 不是年报文档`);
    try {
      readReport(doc);
    } catch {
      return bad(`报告 ${r.id} 无法读取`);
    }
    reports.push({ id: r.id, doc, share: restoreShare(r.row, oldHost) });
  }
  let profile: PreparedHandover['profile'] = null;
  if (isObj(raw.profile) && typeof raw.profile.authorId === 'string' && /^[A-Za-z0-9_-]{1,128}$/.test(raw.profile.authorId) && str(raw.profile.name, 200)) {
    profile = { authorId: raw.profile.authorId, name: raw.profile.name };
  }
  const peers: PeerRow[] = [];
  for (const p of Array.isArray(raw.peers) ? (raw.peers as unknown[]) : []) {
    // Peer rows only make the next 同步包 smaller; a malformed one is dropped, not fatal.
    if (!isObj(p) || typeof p.reportId !== 'string' || !seen.has(p.reportId) || !str(p.peerId, 256) || !(p.stateVector instanceof Uint8Array)) continue;
    peers.push({ reportId: p.reportId, peerId: p.peerId, stateVector: p.stateVector, name: str(p.name, 200) ? p.name : '', at: typeof p.at === 'number' ? p.at : 0 });
  }
  return { ok: true, value: { reports, profile, peers } };
}

export type ReceiveResult = { ok: true; received: string[] } | { ok: false; error: string; received: string[] };

/** Merges a restored handover into this origin's storage. Safe to repeat (a retry after a failure). */
export async function receiveHandover(prepared: PreparedHandover, db: LibraryDB): Promise<ReceiveResult> {
  const received: string[] = [];
  const hadReports = (await db.reports.count()) > 0;
  // The clerk's identity first: on a fresh origin she stays the same author, so her earlier
  // edits and the ones she makes here are attributed to one person.
  if (prepared.profile) {
    const here = await db.profile.get('me');
    if (!here || (!hadReports && !here.name)) await db.profile.put({ id: 'me', ...prepared.profile });
    else if (!here.name && prepared.profile.name) await db.profile.put({ ...here, name: prepared.profile.name });
  }
  const author = await getProfile(db);
  for (const r of prepared.reports) {
    const opened = await openReportDoc(r.id);
    if (!opened.ok) return { ok: false, error: opened.error, received };
    try {
      const { doc } = opened.value;
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(r.doc, Y.encodeStateVector(doc)), 'file');
      initReportDoc(doc, null, { id: author.authorId, name: authorName(author) });
      const saved = await opened.value.flushed();
      if (saved.kind === 'error') return { ok: false, error: saved.message, received };
      const row: ReportRow = rowFromDoc(r.id, doc, rowFindings(doc), Date.now());
      await db.transaction('rw', db.reports, async () => {
        const existing = await db.reports.get(r.id);
        const share = existing?.share ?? r.share;
        await db.reports.put(share ? { ...row, share } : row);
      });
      received.push(r.id);
    } finally {
      await opened.value.close();
    }
  }
  for (const p of prepared.peers) {
    if (!(await db.peers.get([p.reportId, p.peerId]))) await db.peers.put(p);
  }
  return { ok: true, received };
}

/** receiveHandover into this browser profile's library (the handover page's receiving side). */
export async function receiveHandoverHere(prepared: PreparedHandover): Promise<ReceiveResult> {
  const db = openLibraryDB();
  try {
    return await receiveHandover(prepared, db);
  } finally {
    db.close();
  }
}
