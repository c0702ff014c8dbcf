// Seeded fuzz of 同步包 reading: whatever happens to a file on a USB stick (flipped bits, cut
// short, bytes inserted or overwritten), readPackage never throws and never hands out a package
// that differs from what was exported, and a refused file changes nothing. Seed printed;
// PACKAGE_FUZZ_SEED=<n> replays one; failing seeds are pinned below.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createReportDoc, readReport, replaceSectionText, setCell, type Author } from '../../src/doc/report-doc.ts';
import { applyPackage, exportPackage, readPackage } from '../../src/sync/exchange.ts';
import { mulberry32 } from '../support/prng.ts';

// 1559460882: a flipped unused bit of the flags byte (outside the digest) was read as intact.
const PINNED_SEEDS: number[] = [7, 1559460882];
const author: Author = { id: 'u1', name: '张三' };

function mutate(bytes: Uint8Array, rnd: () => number): Uint8Array {
  const int = (n: number) => Math.floor(rnd() * n);
  const out = Array.from(bytes);
  const kind = int(4);
  const times = 1 + int(3);
  for (let i = 0; i < times; i++) {
    if (kind === 0) out[int(out.length)]! ^= 1 << int(8);
    else if (kind === 1) out.length = int(out.length);
    else if (kind === 2) out.splice(int(out.length + 1), 0, int(256));
    else out[int(out.length)] = int(256);
  }
  return new Uint8Array(out);
}

describe('同步包 fuzz', () => {
  const envSeed = process.env.PACKAGE_FUZZ_SEED;
  const seeds = envSeed !== undefined ? [Number(envSeed)] : [...PINNED_SEEDS, Math.floor(Math.random() * 2 ** 31)];
  for (const seed of seeds) {
    it(`seed ${seed}: damaged files are refused in Chinese, never half-applied`, async () => {
      console.log(`package fuzz seed: ${seed} (replay: PACKAGE_FUZZ_SEED=${seed})`);
      const rnd = mulberry32(seed);
      const doc = createReportDoc({ name: '测试镇人民政府', type: 'township', year: 2024 }, author);
      for (let i = 0; i < 40; i++) setCell(doc, 't3.r1_new.np', i, author);
      replaceSectionText(doc, 's5', '问题与改进。'.repeat(20), author);
      const original = await exportPackage(doc, { reportId: 'r1', author });
      const target = createReportDoc({ name: '测试镇人民政府', type: 'township', year: 2024 }, author);
      const before = Y.encodeStateAsUpdate(target);
      let refused = 0;
      for (let i = 0; i < 400; i++) {
        const damaged = mutate(original, rnd);
        const r = await readPackage(damaged);
        if (r.ok) {
          // Only a mutation that changed nothing can pass the digest.
          expect(Buffer.from(damaged).equals(Buffer.from(original))).toBe(true);
          continue;
        }
        refused++;
        expect(r.error).toMatch(/[\u4e00-\u9fff]/);
        expect(['not-package', 'newer-version', 'damaged', 'needs-passphrase']).toContain(r.code);
      }
      expect(refused).toBeGreaterThan(350);
      expect(Y.encodeStateAsUpdate(target)).toEqual(before);
      // The intact file still applies.
      const ok = await readPackage(original);
      if (!ok.ok) throw new Error(ok.error);
      expect(applyPackage(target, ok.pkg, 'r1').ok).toBe(true);
      expect(readReport(target).cells['t3.r1_new.np']).toBe(39);
    });
  }
});
