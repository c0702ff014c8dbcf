import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { COMPACT_ABOVE, DOC_DB_PREFIX, deleteReportDoc, openReportDoc, type OpenedDoc } from '../../src/storage/doc-store.ts';

async function open(id: string): Promise<OpenedDoc> {
  const r = await openReportDoc(id);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function countRows(id: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DOC_DB_PREFIX + id);
    req.onsuccess = () => {
      const db = req.result;
      const c = db.transaction('updates').objectStore('updates').count();
      c.onsuccess = () => {
        db.close();
        resolve(c.result);
      };
      c.onerror = () => reject(c.error);
    };
    req.onerror = () => reject(req.error);
  });
}

describe('doc-store', () => {
  it('persists edits and reports 已保存 only after the write is committed', async () => {
    const a = await open('r1');
    const states: string[] = [];
    a.onSave((s) => states.push(s.kind));
    a.doc.getText('t').insert(0, '下冶镇');
    expect(a.save.kind).toBe('saving');
    const s = await a.flushed();
    expect(s.kind).toBe('saved');
    expect(states).toEqual(['saving', 'saved']);
    await a.close();

    const b = await open('r1');
    expect(b.doc.getText('t').toString()).toBe('下冶镇');
    await b.close();
  });

  it('compacts the rows y-indexeddb adds on every open', async () => {
    for (let i = 0; i < COMPACT_ABOVE + 10; i++) {
      const d = await open('r2');
      d.doc.getMap('m').set(`k${i}`, i);
      await d.flushed();
      await d.close();
    }
    // Without compaction there would be 2 rows per round (one per open, one per edit).
    expect(await countRows('r2')).toBeLessThanOrEqual(COMPACT_ABOVE + 3);
    const d = await open('r2');
    expect(d.doc.getMap('m').size).toBe(COMPACT_ABOVE + 10);
    await d.close();
  });

  it('turns a write failure into a visible error instead of losing it silently', async () => {
    const d = await open('r3');
    // The store going away under us (site data cleared, browser shutting down): deleting the
    // database closes y-indexeddb's connection, so the next write cannot be stored.
    const dbs = await indexedDB.databases();
    expect(dbs.some((x) => x.name === DOC_DB_PREFIX + 'r3')).toBe(true);
    await deleteReportDoc('r3');
    expect(() => d.doc.getText('t').insert(0, 'x')).not.toThrow();
    const s = await d.flushed();
    expect(s.kind).toBe('error');
    if (s.kind === 'error') expect(s.message).toMatch(/导出备份文件/);
  });

  it('refuses to open when IndexedDB does not answer, with a Chinese reason', async () => {
    const saved = globalThis.indexedDB;
    const stuck = { open: () => ({}) } as unknown as IDBFactory;
    Object.defineProperty(globalThis, 'indexedDB', { value: stuck, configurable: true, writable: true });
    try {
      const r = await openReportDoc('r4', { timeoutMs: 50 });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/超时/);
    } finally {
      Object.defineProperty(globalThis, 'indexedDB', { value: saved, configurable: true, writable: true });
    }
  });
});
