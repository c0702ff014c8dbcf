// Seeded convergence test: several replicas of one report edit cells (with many collisions),
// paste, resolve conflicts and type prose while their updates travel over three transports —
// direct messages (like other tabs), a relay hub that forwards (like the office relay) and
// 同步包 exchange files with per-peer acknowledgement — with reordering, duplication and loss
// (lost packages are resent because the acknowledgement did not advance). After everything has
// been delivered every replica must show the same report and the same conflicts, and no write
// may have been silently dropped: each is either still current (settled or in a conflict) or was
// superseded by a write whose author was shown it.
//
// The seed is printed; set CONVERGENCE_SEED=<n> to replay one. Seeds that once failed are pinned
// in PINNED_SEEDS.

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TYPED_CELL_KEYS, type CellKey, type SectionId } from '../../src/domain/format.ts';
import {
  CELL_WRITES,
  cellState,
  conflicts,
  createReportDoc,
  fillEmptyWithZero,
  initReportDoc,
  readReport,
  replaceSectionText,
  resolveConflict,
  setCell,
  setCells,
  type Author,
  type CellState,
} from '../../src/doc/report-doc.ts';
import { presentWrites, registerFrontier } from '../../src/doc/cell-register.ts';
import { applyPackage, exportPackage, readPackage } from '../../src/sync/exchange.ts';
import { acknowledge, type PeerAck } from '../../src/sync/peers.ts';
import { mulberry32 } from '../support/prng.ts';

const PINNED_SEEDS: number[] = [20261128];
const REPLICAS = 5;
const STEPS = 3000;
const REPORT_ID = 'r-convergence';

interface WriteRecord {
  id: string;
  cell: CellKey;
  v: number | null;
  sup: string[];
  replica: number;
}

type Msg = { update: Uint8Array };

async function runScenario(seed: number): Promise<{ writes: number; conflicts: number; packages: number; messages: number }> {
  const rnd = mulberry32(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T,>(xs: readonly T[]): T => xs[int(xs.length)]!;

  // A small set of hot cells makes collisions frequent; the fee cell exercises decimals.
  const HOT = [...TYPED_CELL_KEYS.filter((k) => k.startsWith('t3.r1_new.') || k.startsWith('t4.review.')).slice(0, 10), 't2.fees.amountWanYuan'];
  const SECTIONS: SectionId[] = ['s1.request', 's5', 's6'];
  const authors: Author[] = Array.from({ length: REPLICAS }, (_, i) => ({ id: `u${i}`, name: `作者${i}` }));

  const origin = createReportDoc({ name: '测试镇人民政府', type: 'township', year: 2024 }, authors[0]!);
  const base = Y.encodeStateAsUpdate(origin);
  const docs = authors.map((a, i) => {
    const d = new Y.Doc();
    // Client ids order concurrent text inserts: take them from the seed so a seed replays exactly.
    d.clientID = 1000 + i * 7919 + int(1000);
    initReportDoc(d, null, a);
    Y.applyUpdate(d, base, 'import');
    return d;
  });

  // Every local write, recorded from the doc itself (the register's own ids and sup lists).
  const writes = new Map<string, WriteRecord>();
  docs.forEach((d, r) => {
    d.getMap<unknown>(CELL_WRITES).observe((e, tr) => {
      if (tr.origin !== 'local') return;
      e.changes.keys.forEach((c, id) => {
        if (c.action !== 'add') return;
        const w = d.getMap<unknown>(CELL_WRITES).get(id) as { cell: CellKey; v: number | null; sup: string[] };
        writes.set(id, { id, cell: w.cell, v: w.v, sup: [...w.sup], replica: r });
      });
    });
  });

  // Transport 1: direct messages between every pair (like tabs): local updates only.
  const direct: Msg[][][] = docs.map(() => docs.map(() => []));
  // Transport 2: a relay hub that forwards what it receives to everyone else.
  const hub = new Y.Doc();
  const toHub: { from: number; update: Uint8Array }[] = [];
  const fromHub: Msg[][] = docs.map(() => []);
  // Relay connections come and go: while off, a replica neither sends to nor hears the hub.
  const relayOn = docs.map(() => rnd() < 0.5);
  docs.forEach((d, r) => {
    d.on('update', (update: Uint8Array, o: unknown) => {
      if (o === 'local') for (let t = 0; t < REPLICAS; t++) if (t !== r) direct[r]![t]!.push({ update });
      if (o !== 'relay' && relayOn[r]) toHub.push({ from: r, update });
    });
  });
  // Transport 3: exchange packages, with per-peer acknowledgements (acks[r][p]: what r knows p has).
  const acks: (PeerAck | undefined)[][] = docs.map(() => docs.map(() => undefined));
  const mailbox: { from: number; to: number; bytes: Uint8Array }[] = [];
  let packages = 0;
  let messages = 0;

  const takeRandom = <T,>(q: T[], keep: boolean): T | undefined => {
    if (!q.length) return undefined;
    const i = int(q.length);
    const m = q[i]!;
    if (!keep) q.splice(i, 1);
    return m;
  };

  function deliverDirect(lossy: boolean): void {
    const from = int(REPLICAS);
    const to = int(REPLICAS);
    const q = direct[from]![to]!;
    // Mostly in order per link (like a channel between tabs), sometimes out of order.
    const m = rnd() < 0.7 ? (rnd() < 0.15 && lossy ? q[0] : q.shift()) : takeRandom(q, lossy && rnd() < 0.15);
    if (!m) return;
    if (lossy && rnd() < 0.05) return; // lost
    Y.applyUpdate(docs[to]!, m.update, 'tab');
    messages++;
  }
  function deliverHub(lossy: boolean): void {
    if (rnd() < 0.5) {
      const m = takeRandom(toHub, false);
      if (!m) return;
      if (lossy && rnd() < 0.05) return;
      Y.applyUpdate(hub, m.update, 'relay');
      for (let t = 0; t < REPLICAS; t++) if (t !== m.from && relayOn[t]) fromHub[t]!.push({ update: m.update });
    } else {
      const to = int(REPLICAS);
      const m = takeRandom(fromHub[to]!, lossy && rnd() < 0.1);
      if (!m) return;
      if (lossy && rnd() < 0.05) return;
      Y.applyUpdate(docs[to]!, m.update, 'relay');
      messages++;
    }
  }
  async function sendPackage(from: number, to: number): Promise<void> {
    const bytes = await exportPackage(docs[from]!, {
      reportId: REPORT_ID,
      author: authors[from]!,
      peerStateVector: acks[from]![to]?.stateVector,
    });
    mailbox.push({ from, to, bytes });
  }
  async function receivePackage(lossy: boolean): Promise<void> {
    const m = takeRandom(mailbox, lossy && rnd() < 0.1);
    if (!m) return;
    if (lossy && rnd() < 0.1) return; // lost in the post: the ack does not advance, so it is resent
    const read = await readPackage(m.bytes);
    if (!read.ok) throw new Error(read.error);
    const res = applyPackage(docs[m.to]!, read.pkg, REPORT_ID);
    if (!res.ok) throw new Error(res.error);
    acks[m.to]![m.from] = acknowledge(acks[m.to]![m.from], read.pkg);
    packages++;
  }

  /** Everything a replica was shown for a cell: its value, or every value of its conflict. */
  const shown = (s: CellState): (number | null)[] => (s.conflict ? s.conflict.values.map((c) => c.value) : [s.value]);
  function checkSupersededWereShown(r: number, cell: CellKey, before: CellState, newIds: string[]): void {
    for (const id of newIds) {
      const w = writes.get(id)!;
      for (const s of w.sup) {
        const old = writes.get(s);
        expect(old, `write ${id} supersedes unknown write ${s}`).toBeDefined();
        expect(shown(before), `replica ${r} superseded ${s} on ${cell} without being shown it`).toContainEqual(old!.v);
      }
    }
  }

  async function localOp(): Promise<void> {
    const r = int(REPLICAS);
    const d = docs[r]!;
    const a = authors[r]!;
    const x = rnd();
    const value = () => (rnd() < 0.1 ? null : int(4));
    const idsBefore = new Set(writes.keys());
    const newIds = () => [...writes.keys()].filter((k) => !idsBefore.has(k));
    if (x < 0.4) {
      const cell = pick(HOT);
      const before = cellState(d, cell);
      const v = cell.startsWith('t2.fees') && rnd() < 0.5 ? int(300) / 100 : value();
      expect(setCell(d, cell, v, a).ok).toBe(true);
      checkSupersededWereShown(r, cell, before, newIds());
    } else if (x < 0.48) {
      const cells = [pick(HOT), pick(HOT), pick(HOT)];
      const befores = new Map(cells.map((c) => [c, cellState(d, c)]));
      expect(setCells(d, cells.map((c) => [c, value()] as const), a).ok).toBe(true);
      for (const id of newIds()) checkSupersededWereShown(r, writes.get(id)!.cell, befores.get(writes.get(id)!.cell)!, [id]);
    } else if (x < 0.65) {
      const open = conflicts(d);
      if (!open.length) return;
      const cell = pick(open);
      const before = cellState(d, cell);
      const v = rnd() < 0.8 ? pick(before.conflict!.values).value : value();
      expect(resolveConflict(d, cell, v, a).ok).toBe(true);
      expect(cellState(d, cell)).toMatchObject({ value: v, conflict: null });
      checkSupersededWereShown(r, cell, before, newIds());
    } else if (x < 0.67) {
      const befores = new Map(TYPED_CELL_KEYS.filter((k) => k.startsWith('t4.')).map((c) => [c, cellState(d, c)]));
      fillEmptyWithZero(d, 't4', a);
      for (const id of newIds()) checkSupersededWereShown(r, writes.get(id)!.cell, befores.get(writes.get(id)!.cell)!, [id]);
    } else {
      const id = pick(SECTIONS);
      const cur = readReport(d).sections[id];
      const at = int(cur.length + 1);
      let next: string;
      if (cur.length > 0 && rnd() < 0.35) {
        const len = 1 + int(Math.min(4, cur.length - Math.min(at, cur.length - 1)));
        const from = Math.min(at, cur.length - 1);
        next = cur.slice(0, from) + cur.slice(from + len);
      } else {
        next = cur.slice(0, at) + pick(['甲', '乙', '丙', '公开', '申请', `${r}`]) + cur.slice(at);
      }
      expect(replaceSectionText(d, id, next, a).ok).toBe(true);
      expect(readReport(d).sections[id]).toBe(next);
    }
  }

  // Along the way, whatever the delivery order: a replica shows exactly those of its writes
  // that no other write it holds descends from — so two writes shown together as a conflict
  // are truly concurrent (no false conflict), and no concurrent write is hidden.
  const ancestors = new Map<string, Set<string>>();
  const ancestorsOf = (id: string): Set<string> => {
    let set = ancestors.get(id);
    if (set) return set;
    set = new Set();
    for (const s of writes.get(id)?.sup ?? []) {
      set.add(s);
      for (const a of ancestorsOf(s)) set.add(a);
    }
    ancestors.set(id, set);
    return set;
  };
  let shownChecks = 0;
  function checkShownWrites(): void {
    for (const d of docs) {
      for (const cell of HOT) {
        const present = [...presentWrites(d, cell).keys()];
        const expected = present.filter((y) => !present.some((x) => x !== y && ancestorsOf(x).has(y))).sort();
        expect([cell, [...registerFrontier(d, cell)].sort()]).toEqual([cell, expected]);
        if (present.length > 1) shownChecks++;
      }
    }
  }

  for (let step = 0; step < STEPS; step++) {
    if (step % 10 === 9) checkShownWrites();
    const x = rnd();
    if (x < 0.5) await localOp();
    else if (x < 0.75) deliverDirect(true);
    else if (x < 0.9) deliverHub(true);
    else if (x < 0.95) await sendPackage(int(REPLICAS), int(REPLICAS));
    else if (x < 0.985) await receivePackage(true);
    else relayOn[int(REPLICAS)] = rnd() < 0.5;
  }

  // Deliver everything still in flight, without loss, in random order.
  while (direct.some((row) => row.some((q) => q.length)) || toHub.length || fromHub.some((q) => q.length)) {
    deliverDirect(false);
    deliverHub(false);
  }
  while (mailbox.length) await receivePackage(false);
  // Then rounds of packages (the only transport that needs no network) until every replica
  // has acknowledged what every other has: lost messages and lost packages are made good here.
  for (let round = 0; round < 4; round++) {
    for (let f = 0; f < REPLICAS; f++) for (let t = 0; t < REPLICAS; t++) if (f !== t) await sendPackage(f, t);
    while (mailbox.length) await receivePackage(false);
  }

  // --- Checks -----------------------------------------------------------------------------
  const reference = readReport(docs[0]!);
  const refConflicts = conflicts(docs[0]!);
  for (let r = 1; r < REPLICAS; r++) {
    expect(readReport(docs[r]!), `replica ${r} report`).toEqual(reference);
    expect(conflicts(docs[r]!), `replica ${r} conflicts`).toEqual(refConflicts);
  }
  // The model: the current writes of a cell are those nobody superseded.
  const superseded = new Set<string>();
  for (const w of writes.values()) for (const s of w.sup) superseded.add(s);
  const current = [...writes.values()].filter((w) => !superseded.has(w.id));
  for (const cell of new Set([...writes.values()].map((w) => w.cell))) {
    const values = [...new Set(current.filter((w) => w.cell === cell).map((w) => w.v))].sort((p, q) =>
      p === q ? 0 : p === null ? -1 : q === null ? 1 : p - q,
    );
    for (const d of docs) {
      const s = cellState(d, cell);
      if (values.length <= 1) expect([cell, s.conflict, s.value]).toEqual([cell, null, values[0] ?? null]);
      else expect([cell, s.conflict?.values.map((c) => c.value)]).toEqual([cell, values]);
    }
  }
  // Superseded writes were deleted everywhere: the register map holds exactly the current writes.
  const currentIds = current.map((w) => w.id).sort();
  for (const d of docs) expect([...d.getMap(CELL_WRITES).keys()].sort()).toEqual(currentIds);
  for (const d of docs) expect(Y.encodeStateVector(d)).toEqual(Y.encodeStateVector(docs[0]!));

  // Finally every open conflict is resolved, each on some replica, and the resolutions travel
  // by packages only: afterwards no replica has a conflict and all agree on the chosen values.
  const chosen = new Map<CellKey, number | null>();
  for (const cell of refConflicts) {
    const r = int(REPLICAS);
    const v = pick(cellState(docs[r]!, cell).conflict!.values).value;
    expect(resolveConflict(docs[r]!, cell, v, authors[r]!).ok).toBe(true);
    chosen.set(cell, v);
  }
  for (let f = 0; f < REPLICAS; f++) for (let t = 0; t < REPLICAS; t++) if (f !== t) await sendPackage(f, t);
  while (mailbox.length) await receivePackage(false);
  for (const d of docs) {
    expect(conflicts(d)).toEqual([]);
    for (const [cell, v] of chosen) expect([cell, cellState(d, cell).value]).toEqual([cell, v]);
  }
  expect(shownChecks).toBeGreaterThan(0);
  return { writes: writes.size, conflicts: refConflicts.length, packages, messages };
}

describe('convergence over tabs, relay and exchange files', () => {
  const envSeed = process.env.CONVERGENCE_SEED;
  const randomSeed = envSeed !== undefined ? Number(envSeed) : Math.floor(Math.random() * 2 ** 31);
  const seeds = envSeed !== undefined ? [randomSeed] : [...PINNED_SEEDS, randomSeed];
  for (const seed of seeds) {
    it(`seed ${seed}${PINNED_SEEDS.includes(seed) ? ' (pinned)' : ''}`, async () => {
      console.log(`convergence seed: ${seed} (replay: CONVERGENCE_SEED=${seed} npx vitest run tests/property/convergence.test.ts)`);
      const stats = await runScenario(seed);
      console.log(`seed ${seed}: ${stats.writes} cell writes, ${stats.messages} messages, ${stats.packages} packages, ${stats.conflicts} conflicts left open`);
      expect(stats.writes).toBeGreaterThan(200);
    }, 120_000);
  }
});
