// Seeded: one cell, four replicas, many short runs in which replicas write the cell and pass
// their updates along per-link channels (in order per link, links racing each other) — the
// situation where a write can arrive before the write it superseded. After every delivery, each
// replica must show exactly those of its writes that no other write it holds descends from: no
// false conflict (an older value shown beside its successor) and no hidden concurrent write.
// Seed printed; CAUSAL_SEED=<n> replays one; failing seeds are pinned below.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CELL_WRITES, createReportDoc, initReportDoc, setCell, type Author } from '../../src/doc/report-doc.ts';
import { presentWrites, registerFrontier } from '../../src/doc/cell-register.ts';
import { mulberry32 } from '../support/prng.ts';

// 3 and 1832296178 failed before `seen` took over what superseded writes' authors knew.
const PINNED_SEEDS: number[] = [3, 1832296178];
const CELL = 't3.r1_new.np';

function run(seed: number): { races: number } {
  const rnd = mulberry32(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  let races = 0;
  for (let round = 0; round < 100; round++) {
    const N = 4;
    const authors: Author[] = Array.from({ length: N }, (_, i) => ({ id: `u${i}`, name: `作者${i}` }));
    const base = Y.encodeStateAsUpdate(createReportDoc({ name: '测试镇人民政府', type: 'township', year: 2024 }, authors[0]!));
    const docs = authors.map((a, i) => {
      const d = new Y.Doc();
      d.clientID = 10 + i * 1000 + int(900);
      initReportDoc(d, null, a);
      Y.applyUpdate(d, base);
      return d;
    });
    // Every write and what it superseded, as the writing replica recorded it.
    const sup = new Map<string, string[]>();
    docs.forEach((d) =>
      d.getMap<unknown>(CELL_WRITES).observe((e, tr) => {
        if (tr.origin !== 'local') return;
        e.changes.keys.forEach((c, id) => {
          if (c.action === 'add') sup.set(id, [...((d.getMap<unknown>(CELL_WRITES).get(id) as { sup: string[] }).sup)]);
        });
      }),
    );
    const ancestors = (id: string, seen = new Set<string>()): Set<string> => {
      for (const s of sup.get(id) ?? []) if (!seen.has(s)) ancestors(s, seen.add(s));
      return seen;
    };
    // Per-link FIFO channels, filled with each replica's own (and forwarded) updates.
    const links: Uint8Array[][][] = docs.map(() => docs.map(() => []));
    docs.forEach((d, r) =>
      d.on('update', (u: Uint8Array, origin: unknown) => {
        // Forward what was received too, but only sometimes: paths differ in what they carry.
        if (origin === 'local' || rnd() < 0.3) for (let t = 0; t < N; t++) if (t !== r) links[r]![t]!.push(u);
      }),
    );
    const check = () => {
      for (const d of docs) {
        const present = [...presentWrites(d, CELL).keys()];
        const expected = present.filter((y) => !present.some((x) => x !== y && ancestors(x).has(y))).sort();
        expect([...registerFrontier(d, CELL)].sort()).toEqual(expected);
        if (present.some((y) => present.some((x) => x !== y && ancestors(x).has(y)))) races++;
      }
    };
    for (let step = 0; step < 60; step++) {
      if (rnd() < 0.35) {
        const r = int(N);
        setCell(docs[r]!, CELL, int(5), authors[r]!);
      } else {
        const from = int(N);
        const to = int(N);
        const q = links[from]![to]!;
        if (q.length) Y.applyUpdate(docs[to]!, q.shift()!, 'tab');
      }
      check();
    }
  }
  return { races };
}

describe('cell registers under racing delivery', () => {
  const env = process.env.CAUSAL_SEED;
  const seeds = env !== undefined ? [Number(env)] : [...PINNED_SEEDS, Math.floor(Math.random() * 2 ** 31)];
  for (const seed of seeds) {
    it(`seed ${seed}`, () => {
      console.log(`causal-order seed: ${seed} (replay: CAUSAL_SEED=${seed})`);
      const { races } = run(seed);
      console.log(`seed ${seed}: ${races} states where a write was held beside one descending from it`);
      // The run must actually produce the race it is about.
      expect(races).toBeGreaterThan(0);
    }, 60_000);
  }
});
