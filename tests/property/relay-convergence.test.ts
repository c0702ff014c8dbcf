// Seeded end-to-end convergence through the REAL relay: 4 replicas of one report, each with its
// own connectRelay, edit cells (colliding on a few keys) and prose while randomly going offline
// (connection destroyed, edits continue locally) and coming back, and while the relay itself is
// restarted on the same data folder. At the end everyone reconnects: every replica, and a fresh
// client that only has the relay's stored copy, must show the same report and the same conflicts.
//
// The seed is printed; RELAY_SEED=<n> replays one. Seeds that once failed go in PINNED_SEEDS.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TYPED_CELL_KEYS, SECTION_IDS } from '../../src/domain/format.ts';
import {
  conflicts,
  createReportDoc,
  initReportDoc,
  readReport,
  replaceSectionText,
  resolveConflict,
  sectionText,
  setCell,
  type Author,
} from '../../src/doc/report-doc.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { connectRelay, type RelayConnection } from '../../src/sync/relay.ts';
import { NodeWebSocket, share, tempDir, until } from '../unit/relay-helpers.ts';
import { mulberry32 } from '../support/prng.ts';

const PINNED_SEEDS: number[] = [20261128];
const REPLICAS = 4;
const STEPS = 400;
const REPORT = 'relay-fuzz';

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

async function run(seed: number) {
  console.log(`relay-convergence seed: ${seed}`);
  const rand = mulberry32(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const dir = tempDir('nianbao-relay-fuzz-');
  cleanup.push(() => dir.remove());
  const dataDir = join(dir.path, 'data');
  let server: RunningServer = await startServer({ port: 0, dataDir, staticDir: dir.path, log: () => {}, storeDebounceMs: 50 });
  cleanup.push(() => server.close());
  const port = server.port;
  const code = await share(server.url, REPORT);

  const authors: Author[] = Array.from({ length: REPLICAS }, (_, i) => ({ id: `a${i}`, name: `同事${i}` }));
  const docs: Y.Doc[] = [createReportDoc({ name: '某镇人民政府', type: 'township', year: 2024 }, authors[0]!)];
  for (let i = 1; i < REPLICAS; i++) {
    const d = new Y.Doc();
    Y.applyUpdate(d, Y.encodeStateAsUpdate(docs[0]!)); // everyone starts from the shared report
    initReportDoc(d, null, authors[i]!);
    docs.push(d);
  }
  const conns: (RelayConnection | null)[] = docs.map(() => null);
  const connect = (i: number) => {
    conns[i] = connectRelay({
      url: `ws://localhost:${port}/relay`,
      reportId: REPORT,
      code,
      doc: docs[i]!,
      author: authors[i]!,
      WebSocketPolyfill: NodeWebSocket,
      reconnectDelay: { min: 20, max: 100 },
    });
  };
  const disconnect = (i: number) => {
    conns[i]?.destroy();
    conns[i] = null;
  };
  cleanup.push(() => conns.forEach((_, i) => disconnect(i)));
  for (let i = 0; i < REPLICAS; i++) connect(i);

  const hotCells = TYPED_CELL_KEYS.slice(0, 6); // few keys: many concurrent writes collide
  const counts = { cells: 0, resolves: 0, typing: 0, offline: 0, online: 0, restarts: 0 };
  for (let step = 0; step < STEPS; step++) {
    const i = Math.floor(rand() * REPLICAS);
    const doc = docs[i]!;
    const r = rand();
    if (r < 0.35) {
      setCell(doc, pick(hotCells), Math.floor(rand() * 4), authors[i]!);
      counts.cells++;
    } else if (r < 0.45) {
      const c = conflicts(doc);
      if (c.length) {
        resolveConflict(doc, c[0]!, Math.floor(rand() * 4), authors[i]!);
        counts.resolves++;
      }
    } else if (r < 0.75) {
      const id = pick(SECTION_IDS);
      const text = sectionText(doc, id).toString();
      const at = Math.floor(rand() * (text.length + 1));
      replaceSectionText(doc, id, text.slice(0, at) + pick(['甲', '乙', '丙', '，', '。']) + text.slice(at + Math.floor(rand() * 2)), authors[i]!);
      counts.typing++;
    } else if (r < 0.88) {
      if (conns[i]) {
        disconnect(i);
        counts.offline++;
      } else {
        connect(i);
        counts.online++;
      }
    } else if (r < 0.89) {
      counts.restarts++;
      await server.close();
      await new Promise((res) => setTimeout(res, Math.floor(rand() * 50)));
      server = await startServer({ port, dataDir, staticDir: dir.path, log: () => {}, storeDebounceMs: 50 });
    }
    if (rand() < 0.2) await new Promise((res) => setTimeout(res, Math.floor(rand() * 15)));
  }

  for (let i = 0; i < REPLICAS; i++) if (!conns[i]) connect(i);
  await until(
    'every replica synced with nothing unacknowledged',
    () => conns.every((c) => c!.status.state === 'synced' && c!.status.unsynced === 0),
    30_000,
  );
  const expected = JSON.stringify(readReport(docs[0]!));
  await until('replicas identical', () => docs.every((d) => JSON.stringify(readReport(d)) === expected), 15_000);
  const expectedConflicts = conflicts(docs[0]!);
  const textLength = SECTION_IDS.reduce((n, id) => n + sectionText(docs[0]!, id).length, 0);
  console.log(`  ${JSON.stringify(counts)}; final: ${expectedConflicts.length} cells in conflict, ${textLength} characters of prose`);
  expect(counts.restarts + counts.offline).toBeGreaterThan(0);
  for (const d of docs) expect(conflicts(d)).toEqual(expectedConflicts);

  // The relay's own copy (after one more restart, from SQLite) is the same report.
  await server.close();
  server = await startServer({ port, dataDir, staticDir: dir.path, log: () => {}, storeDebounceMs: 50 });
  const fresh = new Y.Doc();
  const freshConn = connectRelay({
    url: server.relayUrl, reportId: REPORT, code, doc: fresh, author: { id: 'x', name: '新来的' },
    WebSocketPolyfill: NodeWebSocket, reconnectDelay: { min: 20, max: 100 },
  });
  cleanup.push(() => freshConn.destroy());
  await until('fresh client synced', () => freshConn.status.state === 'synced');
  await until('fresh client has the same report', () => {
    initReportDoc(fresh, null, { id: 'x', name: '新来的' });
    return JSON.stringify(readReport(fresh)) === expected;
  }, 15_000);
  expect(conflicts(fresh)).toEqual(expectedConflicts);
}

describe('convergence through the real relay', () => {
  const seeds = process.env.RELAY_SEED ? [Number(process.env.RELAY_SEED)] : [...PINNED_SEEDS, Math.floor(Math.random() * 2 ** 31)];
  for (const seed of seeds) {
    it(`seed ${seed}${PINNED_SEEDS.includes(seed) ? ' (pinned)' : ''}`, () => run(seed), 90_000);
  }
});
