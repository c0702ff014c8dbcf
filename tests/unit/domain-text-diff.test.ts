import { describe, expect, it } from 'vitest';
import { diffText } from '../../src/domain/text-diff.ts';
import { mulberry32 } from '../support/prng.ts';

const apply = (parts: ReturnType<typeof diffText>, side: 'a' | 'b') =>
  parts.filter((p) => p.kind === 'same' || p.kind === (side === 'a' ? 'del' : 'ins')).map((p) => p.text).join('');

describe('diffText', () => {
  it('marks a word inserted and one deleted in the middle of a sentence', () => {
    expect(diffText('本年度共收到申请12件。', '本年度共新收到申请15件。')).toEqual([
      { kind: 'same', text: '本年度共' },
      { kind: 'ins', text: '新' },
      { kind: 'same', text: '收到申请1' },
      { kind: 'del', text: '2' },
      { kind: 'ins', text: '5' },
      { kind: 'same', text: '件。' },
    ]);
  });
  it('handles empty sides', () => {
    expect(diffText('', 'abc')).toEqual([{ kind: 'ins', text: 'abc' }]);
    expect(diffText('abc', '')).toEqual([{ kind: 'del', text: 'abc' }]);
    expect(diffText('', '')).toEqual([]);
  });
  it('random edits: both sides rebuild exactly (seeded)', () => {
    const seed = Number(process.env.DIFF_SEED ?? 1301);
    console.log('diffText seed', seed);
    const rnd = mulberry32(seed);
    const alphabet = '政府信息公开年度报告，。12345';
    for (let round = 0; round < 200; round++) {
      let a = '';
      for (let i = 0; i < Math.floor(rnd() * 80); i++) a += alphabet[Math.floor(rnd() * alphabet.length)];
      let b = a;
      for (let e = 0; e < Math.floor(rnd() * 10); e++) {
        const at = Math.floor(rnd() * (b.length + 1));
        b = rnd() < 0.5 ? b.slice(0, at) + alphabet[Math.floor(rnd() * alphabet.length)] + b.slice(at) : b.slice(0, at) + b.slice(at + 1);
      }
      const parts = diffText(a, b);
      expect(apply(parts, 'a')).toBe(a);
      expect(apply(parts, 'b')).toBe(b);
    }
  });
  it('a long text rewritten everywhere falls back to one deletion and one insertion, quickly', () => {
    const a = 'a'.repeat(20000);
    const b = 'b'.repeat(20000);
    expect(diffText(a, b)).toEqual([{ kind: 'del', text: a }, { kind: 'ins', text: b }]);
  });
});
