// The shortcuts that bring `nianbao check` of 1,000 files under 1 s must not change a single
// finding: a report file in this tool's own key order (restored without a copy) reads exactly
// like the same report with its cells in any other order (copied onto the template), and the
// depth scan that jumps over strings answers as the character-by-character scan did.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CELL_KEYS } from '../../src/domain/format.ts';
import { reportToJSON, restoreReport, type Report } from '../../src/domain/report.ts';
import { validate } from '../../src/domain/validate.ts';
import { importFile } from '../../src/import/index.ts';
import { jsonDepthExceeds } from '../../src/import/limits.ts';
import { consistentReportArb } from '../property/arbitraries.ts';

const enc = (s: string) => new TextEncoder().encode(s);

/** The same JSON with the cells written in a shuffled order (the general, copying path). */
function shuffledCells(report: Report, rnd: () => number): string {
  const keys = [...CELL_KEYS];
  for (let i = keys.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [keys[i], keys[j]] = [keys[j]!, keys[i]!];
  }
  const data = JSON.parse(reportToJSON(report)) as { cells: Record<string, unknown> };
  data.cells = Object.fromEntries(keys.map((k) => [k, data.cells[k]]));
  return JSON.stringify(data, null, 2);
}

async function bothPaths(report: Report, rnd: () => number) {
  const fast = await importFile(enc(reportToJSON(report)), 'a.json');
  const general = await importFile(enc(shuffledCells(report, rnd)), 'b.json');
  if (!fast.ok || !general.ok) throw new Error(`not imported: ${!fast.ok ? fast.error : ''} ${!general.ok ? general.error : ''}`);
  return { fast, general };
}

function expectSameReading(fast: Awaited<ReturnType<typeof bothPaths>>['fast'], general: typeof fast) {
  if (!fast.ok || !general.ok) throw new Error('not imported');
  expect(fast.report).toEqual(general.report);
  expect(Object.keys(fast.report.cells)).toEqual(CELL_KEYS); // same order either way (exports rely on it)
  expect(Object.keys(general.report.cells)).toEqual(CELL_KEYS);
  expect(fast.notes).toEqual(general.notes);
  expect(validate(fast.report)).toEqual(validate(general.report));
}

describe('restoring a report without copying its cells', () => {
  it('reads the fixtures exactly as the copying path does', async () => {
    let rnd = 1;
    const next = () => ((rnd = (rnd * 16807) % 2147483647) / 2147483647);
    for (const name of ['xiaye-town-2023.txt', 'pingtan-jinjing-2021.html', 'shuyang-fgj-2023.html']) {
      const r = await importFile(new Uint8Array(readFileSync(`tests/fixtures/${name}`)), name);
      if (!r.ok) throw new Error(r.error);
      const { fast, general } = await bothPaths(r.report, next);
      expectSameReading(fast, general);
    }
  });

  it('reads random reports, some with defects, exactly as the copying path does (seeded)', async () => {
    const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
    console.log(`[import-fast-paths] fast-check seed ${seed}`);
    const defect = fc.constantFrom(null, -1, 2.5, 1e9, 0);
    await fc.assert(
      fc.asyncProperty(
        consistentReportArb({ year: 2023 }),
        fc.array(fc.tuple(fc.nat(CELL_KEYS.length - 1), defect), { maxLength: 6 }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        async (report, defects, shuffleSeed) => {
          for (const [i, v] of defects) report.cells[CELL_KEYS[i]!] = v;
          let s = shuffleSeed;
          const { fast, general } = await bothPaths(report, () => ((s = (s * 16807) % 2147483647) / 2147483647));
          expectSameReading(fast, general);
        },
      ),
      { seed, numRuns: 60 },
    );
  });

  it("keeps nobody else's object: restoreReport of a caller's data copies the cells", () => {
    const data = JSON.parse(readFileSync('tests/fixtures/xiaye-town-2023.expected.json', 'utf8')) as { cells: object };
    const r = restoreReport(data);
    expect(r.ok && r.value.cells).toEqual(data.cells);
    expect(r.ok && r.value.cells).not.toBe(data.cells);
  });

  it('a missing cell, an unknown key or a bad value is refused the same way in either order', async () => {
    const base = JSON.parse(readFileSync('tests/fixtures/xiaye-town-2023.expected.json', 'utf8')) as { cells: Record<string, unknown> };
    const missing = structuredClone(base);
    delete missing.cells[CELL_KEYS[5]!];
    const r = await importFile(enc(JSON.stringify(missing)), 'm.json');
    expect(r.ok && r.report.cells[CELL_KEYS[5]!]).toBe(null);
    expect(r.ok && Object.keys(r.report.cells)).toEqual(CELL_KEYS);
    for (const [key, value, message] of [
      ['__proto__', 1, '未知的单元格“__proto__”'],
      [CELL_KEYS[0]!, '3', '应为数字或 null'],
    ] as const) {
      const bad = JSON.parse(JSON.stringify(base)) as { cells: Record<string, unknown> };
      // Written last in the cells (a repeated key's last value is the one JSON.parse keeps).
      const text = JSON.stringify(bad).replace(/("cells":\{[^}]*)\}/, `$1,${JSON.stringify(key)}:${JSON.stringify(value)}}`);
      const out = await importFile(enc(text), 'bad.json');
      expect(out.ok).toBe(false);
      expect(!out.ok && out.error).toContain(message);
    }
  });
});

/** The scan as it was: every character looked at. */
function depthExceedsReference(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

describe('the JSON depth scan that jumps over strings', () => {
  it('answers as the character-by-character scan for hostile mixes of quotes, backslashes and brackets (seeded)', () => {
    const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
    console.log(`[import-fast-paths] depth scan seed ${seed}`);
    const piece = fc.constantFrom('"', '\\', '\\"', '\\\\"', '{', '[', '}', ']', 'a', '报', ':', ',');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 80 }).map((a) => a.join('')), fc.integer({ min: 0, max: 6 }), (text, max) => {
        expect(jsonDepthExceeds(text, max)).toBe(depthExceedsReference(text, max));
      }),
      { seed, numRuns: 3000 },
    );
  });
  it('still finds deep nesting after long strings with escaped quotes', () => {
    const prose = `"${'说明\\"引号\\\\'.repeat(1000)}"`;
    const deep = `{"a":${prose},"b":${'['.repeat(70)}${']'.repeat(70)}}`;
    expect(jsonDepthExceeds(deep, 64)).toBe(true);
    expect(jsonDepthExceeds(deep, 71)).toBe(false);
    expect(jsonDepthExceeds(`{"a":"${'\\\\'.repeat(50)}"${',"x":['.repeat(3)}`, 2)).toBe(true);
  });
});
