// Rows an older version wrote on opening an invite link (（正在从同步服务器获取）, guessed year,
// the share) are settled when the library starts: removed with their empty doc and peers when
// nothing ever arrived, rebuilt from the doc when the report did arrive; other rows untouched.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { initReportDoc } from '../../src/doc/report-doc.ts';
import { DOC_DB_PREFIX, openReportDoc } from '../../src/storage/doc-store.ts';
import { openLibraryDB, type LibraryDB, type ReportRow } from '../../src/storage/library-db.ts';
import { OLD_JOIN_PLACEHOLDER, settleJoinPlaceholders } from '../../src/state/join-placeholders.ts';
import { LibraryState } from '../../src/state/library.svelte.ts';

const zhang = { id: 'author-zhang', name: '张三' };
const share = { relay: 'ws://192.168.1.23:5173/relay', code: 'abcdefghijklmnopqrstuvwxyz0' };

/** Exactly what the join before commit c02254d put in the library. */
function oldPlaceholder(id: string): ReportRow {
  const year = new Date().getFullYear() - 1;
  return { id, unitName: OLD_JOIN_PLACEHOLDER, unitType: 'township', year, status: 'draft', updatedAt: Date.now(), errors: 0, warnings: 0, deadline: `${year + 1}-01-31`, share };
}

async function storedDocs(): Promise<string[]> {
  return (await indexedDB.databases()).map((d) => d.name!).filter((n) => n.startsWith(DOC_DB_PREFIX));
}

/** The old editor opened the doc of a placeholder too: an empty stored doc, or one the relay filled. */
async function storeDoc(id: string, fill: boolean): Promise<void> {
  const opened = await openReportDoc(id);
  if (!opened.ok) throw new Error(opened.error);
  if (fill) initReportDoc(opened.value.doc, { name: '下冶镇人民政府', type: 'township', year: 2023 }, zhang);
  else opened.value.doc.getMap('scratch').set('x', 1); // something stored, but no report
  await opened.value.flushed();
  await opened.value.close();
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function seed(db: LibraryDB) {
  await db.reports.put(oldPlaceholder('p-never'));
  await storeDoc('p-never', false);
  await db.peers.put({ reportId: 'p-never', peerId: 'x', name: '李四', lastSeen: 1 } as never);
  await db.reports.put(oldPlaceholder('p-arrived'));
  await storeDoc('p-arrived', true);
  // A real report whose unit name merely looks similar is never touched.
  await db.reports.put({ ...oldPlaceholder('real'), unitName: '正在从同步服务器获取镇' });
}

describe('old join placeholders', () => {
  it('settleJoinPlaceholders removes the empty ones with doc and peers, rebuilds the arrived ones, keeps the rest', async () => {
    const db = openLibraryDB('placeholders-direct');
    await seed(db);
    const settled = await settleJoinPlaceholders(db);
    expect(settled).toEqual({ removed: ['p-never'], repaired: ['p-arrived'] });
    expect(await db.reports.get('p-never')).toBeUndefined();
    expect(await db.peers.where('reportId').equals('p-never').count()).toBe(0);
    expect(await storedDocs()).not.toContain(DOC_DB_PREFIX + 'p-never');
    const arrived = await db.reports.get('p-arrived');
    expect(arrived).toMatchObject({ unitName: '下冶镇人民政府', year: 2023, share });
    expect(await db.reports.get('real')).toBeDefined();
    // Again: nothing left to do.
    expect(await settleJoinPlaceholders(db)).toEqual({ removed: [], repaired: [] });
    db.close();
  });

  it('the library cleans them by itself when it starts: the clerk never sees a placeholder row', async () => {
    const db = openLibraryDB('placeholders-start');
    await seed(db);
    const lib = new LibraryState(db);
    lib.start();
    try {
      await until(async () => lib.loaded && !lib.reports.some((r) => r.unitName === OLD_JOIN_PLACEHOLDER), 'placeholders settled');
      expect(lib.reports.map((r) => r.unitName).sort()).toEqual(['下冶镇人民政府', '正在从同步服务器获取镇']);
      expect(lib.error).toBeNull();
    } finally {
      lib.stop();
    }
  });

  it('a library without placeholders does not open any doc', async () => {
    const db = openLibraryDB('placeholders-none');
    await db.reports.put({ ...oldPlaceholder('plain'), unitName: '某镇', share: undefined });
    const before = await storedDocs();
    expect(await settleJoinPlaceholders(db)).toEqual({ removed: [], repaired: [] });
    expect(await storedDocs()).toEqual(before);
    db.close();
  });
});
