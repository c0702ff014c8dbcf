import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  conflicts,
  createReportDoc,
  initReportDoc,
  readReport,
  replaceSectionText,
  setCell,
  setMeta,
  metaFieldState,
  type Author,
} from '../../src/doc/report-doc.ts';
import { describeAppliedPackage } from '../../src/state/package-summary.ts';
import { applyPackage, exportPackage, isEncryptedPackage, readPackage, type AppliedPackage, type SyncPackage } from '../../src/sync/exchange.ts';
import { acknowledge, mergeStateVectors, type PeerAck } from '../../src/sync/peers.ts';

const zhang: Author = { id: 'u-zhang', name: '张三' };
const li: Author = { id: 'u-li', name: '李四' };
const init = { name: '下冶镇人民政府', type: 'township' as const, year: 2024 };
const REPORT = 'r-xiaye-2024';

function replicaOf(a: Y.Doc, author: Author): Y.Doc {
  const b = new Y.Doc();
  initReportDoc(b, null, author);
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a), 'relay');
  return b;
}

async function read(bytes: Uint8Array, passphrase?: string): Promise<SyncPackage> {
  const r = await readPackage(bytes, { passphrase });
  if (!r.ok) throw new Error(r.error);
  return r.pkg;
}

describe('同步包 export / read / apply', () => {
  it('carries edits from one office to another and says what changed and by whom', async () => {
    const a = createReportDoc(init, zhang);
    const b = replicaOf(a, li);
    setCell(a, 't3.r1_new.np', 4, zhang);
    replaceSectionText(a, 's5', '问题与改进', zhang);
    const bytes = await exportPackage(a, { reportId: REPORT, author: zhang, peerStateVector: Y.encodeStateVector(b) });
    const pkg = await read(bytes);
    expect(pkg).toMatchObject({ reportId: REPORT, peerId: 'u-zhang', author: zhang, unit: '下冶镇人民政府', year: 2024, encrypted: false });
    const res = applyPackage(b, pkg, REPORT);
    expect(res).toMatchObject({ ok: true, changed: true, cells: ['t3.r1_new.np', 't3.r1_new.total'], sections: ['s5'], authors: ['张三'] });
    expect(readReport(b)).toEqual(readReport(a));
    // Idempotent: a second time changes nothing.
    const again = applyPackage(b, pkg, REPORT);
    expect(again).toMatchObject({ ok: true, changed: false, cells: [], sections: [] });
    expect(readReport(b)).toEqual(readReport(a));
  });

  it('a title changed on both PCs while apart: the package keeps both, names the field, and both PCs read one current title', async () => {
    const a = createReportDoc(init, zhang);
    const b = replicaOf(a, li);
    setMeta(a, { title: '张三的标题' }, zhang, { at: 1 });
    setMeta(b, { title: '李四的标题' }, li, { at: 2 });
    const res = applyPackage(b, await read(await exportPackage(a, { reportId: REPORT, author: zhang })), REPORT);
    expect(res).toMatchObject({ ok: true, meta: true, newMetaConflicts: ['标题'] });
    expect(describeAppliedPackage(res as AppliedPackage)).toContain('标题有同事的不同修改');
    expect(metaFieldState(b, 'title').conflict?.values.map((v) => [v.value, v.by])).toEqual([
      ['张三的标题', '张三'],
      ['李四的标题', '李四'],
    ]);
    // And back: the other PC sees the same conflict and the same current title.
    applyPackage(a, await read(await exportPackage(b, { reportId: REPORT, author: li })), REPORT);
    expect(readReport(a)).toEqual(readReport(b));
    expect(metaFieldState(a, 'title').conflict).toEqual(metaFieldState(b, 'title').conflict);
  });

  it('reports new conflicts brought by a package', async () => {
    const a = createReportDoc(init, zhang);
    const b = replicaOf(a, li);
    setCell(a, 't4.review.upheld', 1, zhang);
    setCell(b, 't4.review.upheld', 2, li);
    const res = applyPackage(b, await read(await exportPackage(a, { reportId: REPORT, author: zhang })), REPORT);
    expect(res).toMatchObject({ ok: true, newConflicts: ['t4.review.upheld'], authors: ['张三'] });
    expect(conflicts(b)).toEqual(['t4.review.upheld']);
  });

  it('packages apply in any order with the same result', async () => {
    const a = createReportDoc(init, zhang);
    const b = replicaOf(a, li);
    const packages: Uint8Array[] = [];
    for (let i = 0; i < 4; i++) {
      setCell(a, 't3.r1_new.np', i + 1, zhang);
      replaceSectionText(a, 's6', `第${i}版`, zhang);
      // Each package carries everything since the first state b had (the peer never answered).
      packages.push(await exportPackage(a, { reportId: REPORT, author: zhang, peerStateVector: Y.encodeStateVector(b) }));
    }
    const c = replicaOf(b, li);
    for (const p of packages.slice().reverse()) applyPackage(b, await read(p), REPORT);
    for (const p of [packages[2]!, packages[0]!, packages[3]!, packages[3]!, packages[1]!]) applyPackage(c, await read(p), REPORT);
    expect(readReport(b)).toEqual(readReport(a));
    expect(readReport(c)).toEqual(readReport(a));
  });

  it('refuses a package for another report and changes nothing', async () => {
    const other = createReportDoc({ ...init, name: '沭阳县发展和改革局', type: 'department' }, zhang);
    setCell(other, 't3.r1_new.np', 26, zhang);
    const b = createReportDoc(init, li);
    const before = Y.encodeStateAsUpdate(b);
    const res = applyPackage(b, await read(await exportPackage(other, { reportId: 'r-other', author: zhang })), REPORT);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error).toContain('沭阳县发展和改革局2024年');
    expect(Y.encodeStateAsUpdate(b)).toEqual(before);
  });

  it('encrypts with a passphrase; wrong or missing passphrase is refused in Chinese', async () => {
    const a = createReportDoc(init, zhang);
    setCell(a, 't3.r1_new.np', 7, zhang);
    const bytes = await exportPackage(a, { reportId: REPORT, author: zhang, passphrase: '下冶镇2024' });
    expect(isEncryptedPackage(bytes)).toBe(true);
    // Nothing readable leaks: the unit name is not in the file.
    expect(Buffer.from(bytes).includes(Buffer.from('下冶镇'))).toBe(false);
    const none = await readPackage(bytes);
    expect(none).toMatchObject({ ok: false, code: 'needs-passphrase' });
    const wrong = await readPackage(bytes, { passphrase: '下冶镇2023' });
    expect(wrong).toMatchObject({ ok: false, code: 'wrong-passphrase' });
    if (!wrong.ok) expect(wrong.error).toMatch(/口令/);
    const pkg = await read(bytes, '下冶镇2024');
    const b = new Y.Doc();
    initReportDoc(b, null, li);
    applyPackage(b, pkg, REPORT);
    expect(readReport(b).cells['t3.r1_new.np']).toBe(7);
    // Key derivation is salted: the same content encrypts differently each time.
    const again = await exportPackage(a, { reportId: REPORT, author: zhang, passphrase: '下冶镇2024' });
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(false);
  });

  it('recognises a damaged file, a file that is not a package, and a newer version', async () => {
    const a = createReportDoc(init, zhang);
    setCell(a, 't3.r1_new.np', 7, zhang);
    const bytes = await exportPackage(a, { reportId: REPORT, author: zhang });
    const flipped = bytes.slice();
    flipped[flipped.length - 5]! ^= 0x40;
    expect(await readPackage(flipped)).toMatchObject({ ok: false, code: 'damaged' });
    expect(await readPackage(bytes.slice(0, bytes.length - 10))).toMatchObject({ ok: false, code: 'damaged' });
    expect(await readPackage(new TextEncoder().encode('{"format":"gov-info-disclosure-annual-report/2021"}'))).toMatchObject({
      ok: false,
      code: 'not-package',
    });
    const newer = bytes.slice();
    newer[8] = 9;
    expect(await readPackage(newer)).toMatchObject({ ok: false, code: 'newer-version' });
    const enc = await exportPackage(a, { reportId: REPORT, author: zhang, passphrase: 'k' });
    const encFlipped = enc.slice();
    encFlipped[enc.length - 3]! ^= 1;
    expect((await readPackage(encFlipped, { passphrase: 'k' })).ok).toBe(false);
  });
});

describe('per-peer acknowledgement', () => {
  it('the next package carries only what the peer lacks after a round trip', async () => {
    const a = createReportDoc(init, zhang);
    const b = replicaOf(a, li);
    let ackOfB: PeerAck | undefined;
    for (let i = 0; i < 30; i++) setCell(a, 't3.r1_new.np', i, zhang);
    const full = await exportPackage(a, { reportId: REPORT, author: zhang, peerStateVector: ackOfB?.stateVector });
    applyPackage(b, await read(full), REPORT);
    // b answers with its own package; a learns what b has.
    setCell(b, 't3.r1_new.biz', 1, li);
    const fromB = await read(await exportPackage(b, { reportId: REPORT, author: li }));
    applyPackage(a, fromB, REPORT);
    ackOfB = acknowledge(ackOfB, fromB);
    expect(ackOfB).toMatchObject({ reportId: REPORT, peerId: 'u-li', name: '李四' });
    setCell(a, 't3.r1_new.npo', 3, zhang);
    const delta = await exportPackage(a, { reportId: REPORT, author: zhang, peerStateVector: ackOfB?.stateVector });
    const fullAgain = await exportPackage(a, { reportId: REPORT, author: zhang });
    expect(delta.length).toBeLessThan(fullAgain.length);
    const pkg = await read(delta);
    expect(pkg.update.length).toBe(Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)).length);
    applyPackage(b, pkg, REPORT);
    expect(readReport(b)).toEqual(readReport(a));
  });

  it('acknowledgements only grow, whatever order packages arrive in', () => {
    const a = createReportDoc(init, zhang);
    const svs: Uint8Array[] = [];
    for (let i = 0; i < 3; i++) {
      setCell(a, 't3.r1_new.np', i, zhang);
      svs.push(Y.encodeStateVector(a));
    }
    const pkg = (sv: Uint8Array, at: number) =>
      ({ reportId: REPORT, peerId: 'p', author: zhang, replica: 1, createdAt: at, version: 1, encrypted: false, stateVector: sv, update: new Uint8Array([0, 0]) }) as SyncPackage;
    let ack = acknowledge(undefined, pkg(svs[2]!, 3));
    ack = acknowledge(ack, pkg(svs[0]!, 1));
    expect(Y.decodeStateVector(ack.stateVector)).toEqual(Y.decodeStateVector(svs[2]!));
    expect(ack.at).toBe(3);
    const other = new Y.Doc();
    other.getMap('m').set('x', 1);
    const merged = Y.decodeStateVector(mergeStateVectors(svs[1]!, Y.encodeStateVector(other)));
    expect(merged.get(other.clientID)).toBe(1);
    expect(merged.get(a.clientID)).toBe(Y.decodeStateVector(svs[1]!).get(a.clientID));
  });
});
