// The handover between two origins' storage (src/storage/handover-source.ts reads the old one,
// src/state/handover.ts checks and merges into the new one), on two separate fake IndexedDB
// factories standing in for http://office-pc and https://office-pc.
import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { initReportDoc, readReport, setCell } from '../../src/doc/report-doc.ts';
import { openReportDoc } from '../../src/storage/doc-store.ts';
import { readStoredData, storedFingerprint, type StoredData } from '../../src/storage/handover-source.ts';
import { openLibraryDB } from '../../src/storage/library-db.ts';
import { HANDOVER_KIND, receiveHandover, restoreHandover } from '../../src/state/handover.ts';

const OLD_HOST = 'office-pc:5173';
const author = { id: 'author-old', name: '王小丽' };

/** Points y-indexeddb (global indexedDB) and Dexie at one origin's storage. */
function useOrigin(factory: IDBFactory) {
  (globalThis as { indexedDB: IDBFactory }).indexedDB = factory;
  Dexie.dependencies.indexedDB = factory;
}

async function storeReport(id: string, name: string, np: number): Promise<void> {
  const opened = await openReportDoc(id);
  if (!opened.ok) throw new Error(opened.error);
  initReportDoc(opened.value.doc, { name, type: 'township', year: 2024 }, author);
  setCell(opened.value.doc, 't3.r1_new.np', np, author);
  await opened.value.flushed();
  await opened.value.close();
}

async function cellOf(id: string): Promise<number | null | undefined> {
  const opened = await openReportDoc(id);
  if (!opened.ok) throw new Error(opened.error);
  const value = readReport(opened.value.doc).cells['t3.r1_new.np'];
  await opened.value.close();
  return value;
}

/** The old origin: two reports, one shared through this relay on ws://, a named profile, a peer. */
async function oldOrigin(): Promise<StoredData> {
  const origin = new IDBFactory();
  useOrigin(origin);
  await storeReport('r-one', '旧址镇人民政府', 5);
  await storeReport('r-two', '另一镇人民政府', 7);
  const lib = openLibraryDB();
  await lib.profile.put({ id: 'me', authorId: 'author-old', name: '王小丽' });
  await lib.reports.put({ id: 'r-one', unitName: '旧址镇人民政府', unitType: 'township', year: 2024, status: 'draft', updatedAt: 1, errors: 0, warnings: 0, deadline: '2025-01-31', share: { relay: `ws://${OLD_HOST}/relay`, code: 'c0de' } });
  await lib.peers.put({ reportId: 'r-one', peerId: 'usb-peer', stateVector: new Uint8Array([0]), name: '县政务公开办', at: 5 });
  lib.close();
  const data = await readStoredData(origin);
  if (!data) throw new Error('nothing read');
  return data;
}

const message = (d: StoredData) => ({ kind: HANDOVER_KIND, version: 1, ...d });

describe('handover', () => {
  it('moves every report, the share (ws upgraded to wss), the peer and the clerk to a fresh origin', async () => {
    const data = await oldOrigin();
    expect(data.reports.map((r) => r.id)).toEqual(['r-one', 'r-two']);
    useOrigin(new IDBFactory());
    const restored = restoreHandover(message(data), OLD_HOST);
    if (!restored.ok) throw new Error(restored.error);
    const db = openLibraryDB();
    expect(await receiveHandover(restored.value, db)).toEqual({ ok: true, received: ['r-one', 'r-two'] });
    expect(await cellOf('r-one')).toBe(5);
    expect(await cellOf('r-two')).toBe(7);
    const rows = await db.reports.toArray();
    expect(rows.map((r) => [r.id, r.unitName])).toEqual([['r-one', '旧址镇人民政府'], ['r-two', '另一镇人民政府']]);
    expect(rows[0]!.share).toEqual({ relay: `wss://${OLD_HOST}/relay`, code: 'c0de' });
    expect(await db.profile.get('me')).toEqual({ id: 'me', authorId: 'author-old', name: '王小丽' });
    expect(await db.peers.get(['r-one', 'usb-peer'])).toMatchObject({ name: '县政务公开办' });
    db.close();
  });

  it('is idempotent and never overwrites newer edits or a profile already in use', async () => {
    const data = await oldOrigin();
    useOrigin(new IDBFactory());
    const db = openLibraryDB();
    await db.profile.put({ id: 'me', authorId: 'author-new', name: '李四' });
    await db.reports.put({ id: 'mine', unitName: '新址', unitType: 'township', year: 2024, status: 'draft', updatedAt: 1, errors: 0, warnings: 0, deadline: '2025-01-31' });
    const restored = restoreHandover(message(data), OLD_HOST);
    if (!restored.ok) throw new Error(restored.error);
    await receiveHandover(restored.value, db);
    // Newer edit here, then the same handover again.
    const opened = await openReportDoc('r-one');
    if (!opened.ok) throw new Error(opened.error);
    setCell(opened.value.doc, 't3.r1_new.np', 9, { id: 'author-new', name: '李四' });
    await opened.value.flushed();
    await opened.value.close();
    const again = restoreHandover(message(data), OLD_HOST);
    if (!again.ok) throw new Error(again.error);
    expect((await receiveHandover(again.value, db)).ok).toBe(true);
    expect(await cellOf('r-one')).toBe(9);
    expect(await db.reports.count()).toBe(3);
    expect(await db.profile.get('me')).toEqual({ id: 'me', authorId: 'author-new', name: '李四' });
    db.close();
  });

  it('refuses hostile or broken messages with a Chinese reason, before writing anything', async () => {
    const data = await oldOrigin();
    const good = message(data);
    const plainDoc = new Y.Doc();
    plainDoc.getText('t').insert(0, '不是年报');
    const cases: [string, unknown][] = [
      ['null', null],
      ['string', 'nianbao-handover'],
      ['wrong kind', { ...good, kind: 'other' }],
      ['future version', { ...good, version: 2 }],
      ['no reports', { ...good, reports: [] }],
      ['path-like id', { ...good, reports: [{ ...data.reports[0], id: '../../etc' }] }],
      ['duplicate id', { ...good, reports: [data.reports[0], data.reports[0]] }],
      ['update not bytes', { ...good, reports: [{ ...data.reports[0], updates: ['AAEC'] }] }],
      ['garbage bytes', { ...good, reports: [{ ...data.reports[0], updates: [new Uint8Array([255, 255, 255, 255, 1])] }] }],
      ['not a report', { ...good, reports: [{ id: 'x', updates: [Y.encodeStateAsUpdate(plainDoc)], row: null }] }],
      ['too many', { ...good, reports: Array.from({ length: 5001 }, (_, i) => ({ id: `r${i}`, updates: [], row: null })) }],
    ];
    for (const [what, raw] of cases) {
      const r = restoreHandover(raw, OLD_HOST);
      expect(r.ok, what).toBe(false);
      if (!r.ok) expect(r.error, what).toMatch(/^收到的报告数据无效（.+），没有做任何修改。$/);
    }
    // Optional parts that are wrong are dropped, not trusted: a javascript: relay, a forged profile.
    const odd = restoreHandover({ ...good, reports: [{ ...data.reports[0], row: { share: { relay: 'javascript:alert(1)', code: 'x' } } }], profile: { authorId: '<img>', name: 'x' }, peers: [{ reportId: 'elsewhere' }] }, OLD_HOST);
    if (!odd.ok) throw new Error(odd.error);
    expect(odd.value.reports[0]!.share).toBeUndefined();
    expect(odd.value.profile).toBeNull();
    expect(odd.value.peers).toEqual([]);
    // A relay on another host keeps its scheme: only this relay is known to speak wss now.
    const other = restoreHandover({ ...good, reports: [{ ...data.reports[0], row: { share: { relay: 'ws://elsewhere:1234/relay', code: 'x' } } }] }, OLD_HOST);
    if (!other.ok) throw new Error(other.error);
    expect(other.value.reports[0]!.share?.relay).toBe('ws://elsewhere:1234/relay');
  });

  it('reads nothing from an origin with no report, and its fingerprint changes with every edit', async () => {
    const empty = new IDBFactory();
    expect(await readStoredData(empty)).toBeNull();
    expect((await empty.databases()).length).toBe(0);
    const data = await oldOrigin();
    const before = storedFingerprint(data);
    await storeReport('r-one', '旧址镇人民政府', 6);
    const after = await readStoredData(indexedDB);
    expect(storedFingerprint(after!)).not.toBe(before);
  });
});
