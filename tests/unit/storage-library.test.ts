import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { liveQuery } from 'dexie';
import { getProfile, listReports, newId, openLibraryDB, peersOf, putPeer, setProfileName, type ReportRow } from '../../src/storage/library-db.ts';

const row = (id: string, updatedAt: number): ReportRow => ({
  id,
  unitName: '下冶镇人民政府',
  unitType: 'township',
  year: 2023,
  status: 'draft',
  updatedAt,
  errors: 0,
  warnings: 1,
  deadline: '2024-01-31',
});

describe('library-db', () => {
  it('keeps one stable profile per browser profile', async () => {
    const db = openLibraryDB('lib-profile');
    const [a, b] = await Promise.all([getProfile(db), getProfile(db)]);
    expect(a.authorId).toBe(b.authorId);
    expect(a.authorId).toMatch(/^[0-9a-f]{32}$/);
    await setProfileName(db, '  张三 ');
    expect((await getProfile(db)).name).toBe('张三');
    expect((await getProfile(db)).authorId).toBe(a.authorId);
  });

  it('lists reports newest first and tells a second connection (another tab) live', async () => {
    const tab1 = openLibraryDB('lib-live');
    const tab2 = openLibraryDB('lib-live');
    const seen: number[] = [];
    const sub = liveQuery(() => listReports(tab2)).subscribe((rows) => seen.push(rows.length));
    await tab1.reports.put(row('a', 1));
    await tab1.reports.put(row('b', 2));
    // The other connection is told (no fixed pause: wait for it, up to 5 s).
    for (const end = Date.now() + 5000; seen.at(-1) !== 2 && Date.now() < end; ) await new Promise((r) => setTimeout(r, 10));
    sub.unsubscribe();
    expect(seen.at(-1)).toBe(2);
    expect((await listReports(tab2)).map((r) => r.id)).toEqual(['b', 'a']);
  });

  it('remembers per report and peer what the peer has acknowledged', async () => {
    const db = openLibraryDB('lib-peers');
    await putPeer(db, { reportId: 'r', peerId: 'p1', stateVector: new Uint8Array([1, 2]), name: '李四', at: 1 });
    await putPeer(db, { reportId: 'r', peerId: 'p1', stateVector: new Uint8Array([3]), name: '李四', at: 2 });
    await putPeer(db, { reportId: 'other', peerId: 'p1', stateVector: new Uint8Array([9]), name: '李四', at: 2 });
    const peers = await peersOf(db, 'r');
    expect(peers).toHaveLength(1);
    expect(Array.from(peers[0]!.stateVector)).toEqual([3]);
    expect(newId()).not.toBe(newId());
  });
});
