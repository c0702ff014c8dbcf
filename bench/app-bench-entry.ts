// Browser side of bench/app.bench.ts (bundled with esbuild, run in Chromium on the app's
// origin). Exposes window.bench: seeding a report doc with N edits, opening it the way the
// editor does, and the raw baseline (y-indexeddb into a plain Y.Doc).
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { conflictFindings, initReportDoc, readReport, replaceSectionText, setCell } from '../src/doc/report-doc.ts';
import { TYPED_CELL_KEYS, SECTION_IDS } from '../src/domain/format.ts';
import { openSnapshot } from '../src/state/snapshot.ts';
import { validate } from '../src/domain/validate.ts';
import { openReportDoc } from '../src/storage/doc-store.ts';
import { openLibraryDB } from '../src/storage/library-db.ts';
import { rowFromDoc } from '../src/state/report-row.ts';

const author = { id: 'bench', name: '测试员' };

/** N edits, as a clerk makes them: mostly typing prose, some cells. */
async function seed(id: string, edits: number): Promise<{ bytes: number }> {
  const opened = await openReportDoc(id);
  if (!opened.ok) throw new Error(opened.error);
  const { doc } = opened.value;
  initReportDoc(doc, { name: '基准镇人民政府', type: 'township', year: 2023 }, author);
  let rnd = 42;
  const next = () => (rnd = (rnd * 1103515245 + 12345) & 0x7fffffff);
  const texts = Object.fromEntries(SECTION_IDS.map((s) => [s, ''])) as Record<string, string>;
  for (let i = 0; i < edits; i++) {
    if (i % 10 === 0) {
      const key = TYPED_CELL_KEYS.filter((k) => !k.startsWith('t2.fees'))[next() % 180]!;
      setCell(doc, key, next() % 20, author);
    } else {
      const s = SECTION_IDS[next() % SECTION_IDS.length]!;
      const t = texts[s]!;
      const at = t.length ? next() % (t.length + 1) : 0;
      texts[s] = t.slice(0, at) + '公开信息年报'[next() % 6] + t.slice(at);
      replaceSectionText(doc, s, texts[s]!, author);
    }
    if (i % 500 === 0) await opened.value.flushed();
  }
  await opened.value.flushed();
  const state = Y.encodeStateAsUpdate(doc);
  await opened.value.close();
  // Baseline store: the same data as one update (y-indexeddb's best case, fully trimmed).
  const base = new Y.Doc();
  Y.applyUpdate(base, state);
  const p = new IndexeddbPersistence('baseline-' + id, base);
  await p.whenSynced;
  await new Promise((r) => setTimeout(r, 200));
  await p.destroy();
  const db = openLibraryDB();
  const report = readReport(base);
  await db.reports.put(rowFromDoc(id, base, validate(report, {}), Date.now()));
  db.close();
  return { bytes: state.length };
}

/** What opening a report costs before the first paint: load, read, check. */
export const parts: Record<string, number> = {};
/** A full GC before each timed open (Chromium runs with --expose-gc), so that the garbage of one
 * measurement is not collected inside the next one's time (the runs alternate). */
const collect = () => (globalThis as { gc?: () => void }).gc?.();

async function openApp(id: string): Promise<number> {
  collect();
  const t0 = performance.now();
  const opened = await openReportDoc(id);
  if (!opened.ok) throw new Error(opened.error);
  const t1 = performance.now();
  const doc = opened.value.doc;
  initReportDoc(doc, null, author);
  const t2 = performance.now();
  // Exactly what EditorState does when it opens (src/state/snapshot.ts).
  const { report } = openSnapshot(doc);
  const t3 = performance.now();
  const t4 = t3;
  validate(report, { today: '2024-01-10' });
  conflictFindings(doc);
  const t = performance.now() - t0;
  Object.assign(parts, { load: t1 - t0, init: t2 - t1, snapshot: t3 - t2, validate: performance.now() - t4 });
  await opened.value.close();
  return t;
}

/** Raw libraries: y-indexeddb loading the same data into a plain Y.Doc. */
async function openBaseline(id: string): Promise<number> {
  collect();
  const t0 = performance.now();
  const doc = new Y.Doc();
  const p = new IndexeddbPersistence('baseline-' + id, doc);
  await p.whenSynced;
  const t = performance.now() - t0;
  await p.destroy();
  return t;
}

/** Raw y-indexeddb on the app's own store of the report (tells the store from the code). */
async function openRawApp(id: string): Promise<number> {
  collect();
  const t0 = performance.now();
  const doc = new Y.Doc();
  const p = new IndexeddbPersistence('nianbao-doc-' + id, doc);
  await p.whenSynced;
  const t = performance.now() - t0;
  await p.destroy();
  return t;
}

(window as unknown as { bench: object }).bench = { seed, openApp, openBaseline, openRawApp, parts: () => parts };
