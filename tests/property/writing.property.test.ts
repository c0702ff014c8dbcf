// Seeded property tests of 按表格生成 and 按表格更新正文 (issue 14): prose generated from the
// tables agrees with them (no R-TXT-NUM), for the real fixture and random consistent reports;
// after any single cell change, updating the text from the findings restores that, while a
// colleague's edit made at the same time on another replica, in the same paragraph, survives.
// The seed is printed; FC_SEED replays it; seeds that once failed are pinned.

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { createReportDoc, createUndoManager, loadReport, readReport, sectionText, setCell, type Author } from '../../src/doc/report-doc.ts';
import { TYPED_CELL_KEYS, type CellKey, type SectionId } from '../../src/domain/format.ts';
import { parseReportJSON, withDerived, type Report } from '../../src/domain/report.ts';
import { importFile } from '../../src/import/index.ts';
import { validate } from '../../src/domain/validate.ts';
import { generateParagraphs } from '../../src/domain/writing/generate.ts';
import { applyFindingFix } from '../../src/state/writing.ts';
import { consistentReportArb } from './arbitraries.ts';

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
// Found before the real reports joined the pool (so they replay other cases now); the cases
// themselves are pinned in tests/unit/writing-fixes.test.ts (zeros said in words).
const PINNED_SEEDS: readonly number[] = [
  760707500, // 表四 0 → 1 where the text said 未发生…行政复议 in words: no number to replace
  760856817, // the same zero restated: text changes beyond digits (Bob's words must still survive)
];
console.log(`[writing.property] fast-check seed ${SEED} (replay: FC_SEED=${SEED})`);

const PARTS = ['s1.proactive', 's1.request'] as const satisfies readonly SectionId[];
const ALICE: Author = { id: 'alice', name: '张三' };
const BOB: Author = { id: 'bob', name: '李四' };

function fixture(): Report {
  const r = parseReportJSON(readFileSync(new URL('../../../shared/fixtures/xiaye-town-2023.expected.json', import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/**
 * The real published reports, with their own prose in the other parts. 沭阳 2023 left its 法人
 * columns blank (未填); generation refuses that, so they are read as the 0 they mean here.
 */
let realReports: Report[] = [];
beforeAll(async () => {
  realReports = [fixture()];
  for (const name of ['pingtan-jinjing-2021.html', 'shuyang-fgj-2023.html']) {
    const r = await importFile(new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url))), name);
    if (!r.ok) throw new Error(r.error);
    const cells = { ...r.report.cells };
    for (const k of Object.keys(cells) as CellKey[]) cells[k] ??= 0;
    realReports.push({ ...r.report, cells: withDerived(cells) });
  }
});

/** The report with the given phrasing (by index, clamped) of each generated part. */
function withGenerated(report: Report, pick: number): Report {
  const sections = { ...report.sections };
  for (const id of PARTS) {
    const g = generateParagraphs(report, id);
    if (!g.ok) throw new Error(g.error);
    sections[id] = g.phrasings[Math.min(pick, g.phrasings.length - 1)]!.text;
  }
  return { ...report, sections };
}

/** R-TXT-NUM about the generated parts (a real report's own other parts may disagree with its tables). */
const txtNum = (r: Report) => validate(r).filter((f) => f.rule === 'R-TXT-NUM' && f.sections.some((id) => (PARTS as readonly string[]).includes(id)));

function check<T>(arb: fc.Arbitrary<T>, predicate: (v: T) => void, numRuns = 80): void {
  for (const seed of [SEED, ...PINNED_SEEDS]) fc.assert(fc.property(arb, predicate), { seed, numRuns });
}

describe('按表格生成 agrees with the tables', () => {
  it('every phrasing, for the real reports (下冶镇 2023, 平潭金井 2021, 沭阳发改 2023): no R-TXT-NUM', () => {
    expect(realReports.length).toBe(3);
    for (const report of realReports) for (let pick = 0; pick < 4; pick++) expect(txtNum(withGenerated(report, pick))).toEqual([]);
  });

  it('every phrasing, for seeded random consistent reports: no R-TXT-NUM', () => {
    check(fc.tuple(consistentReportArb(), fc.nat(3)), ([report, pick]) => {
      expect(txtNum(withGenerated(report, pick))).toEqual([]);
    });
  });
});

/** Places where a colleague may type without touching a word the extraction reads: right after 。；，. */
function boundaries(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) if ('。；，'.includes(text[i]!)) out.push(i + 1);
  return out;
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'relay');
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'relay');
}

describe('按表格更新正文 after a single cell change', () => {
  const stated = { runs: 0, withFinding: 0 };

  it('restores agreement with a minimal edit; a concurrent edit in the same paragraph survives', () => {
    const arb = fc.record({
      report: fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...realReports) }, { weight: 5, arbitrary: consistentReportArb() }),
      pick: fc.nat(2),
      cell: fc.constantFrom(...TYPED_CELL_KEYS.filter((k) => k !== 't2.fees.amountWanYuan')),
      by: fc.integer({ min: 1, max: 40 }),
      down: fc.boolean(),
      part: fc.constantFrom(...PARTS),
      where: fc.nat(),
      remoteFirst: fc.boolean(),
    });
    check(arb, ({ report, pick, cell, by, down, part, where, remoteFirst }) => {
      const start = withGenerated(report, pick);
      const a = createReportDoc({ name: start.unit.name, type: start.unit.type, year: start.year }, ALICE);
      loadReport(a, start, ALICE);
      const b = new Y.Doc();
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
      const undo = createUndoManager(a);

      const old = start.cells[cell as CellKey] ?? 0;
      expect(setCell(a, cell, down && old >= by ? old - by : old + by, ALICE).ok).toBe(true);

      // Bob types into the same paragraph at the same time, on his machine.
      const bobText = sectionText(b, part);
      const spots = boundaries(bobText.toString());
      const at = spots.length ? spots[where % spots.length]! : 0;
      b.transact(() => bobText.insert(at, '经审核'), 'local');
      if (remoteFirst) sync(a, b);

      const found = txtNum(readReport(a));
      stated.runs++;
      if (found.length) stated.withFinding++;
      // Fix every number the change made wrong, one finding at a time (as she would click).
      for (let guard = 0; guard < 20; guard++) {
        const f = txtNum(readReport(a)).find((x) => x.severity === 'error');
        if (!f) break;
        const r = applyFindingFix({ doc: a, author: ALICE, undo, report: readReport(a) }, f);
        expect(r.ok, JSON.stringify(r)).toBe(true);
      }
      const fixedByAlice = sectionText(a, part).toString().replace('经审核', '');
      sync(a, b);
      const merged = readReport(a);
      expect(readReport(b).sections).toEqual(merged.sections);
      expect(txtNum(merged)).toEqual([]);
      // Bob's words survive the merge, and nothing else of his or hers was lost or doubled.
      expect(merged.sections[part]).toContain('经审核');
      expect(merged.sections[part]!.replace('经审核', '')).toBe(fixedByAlice);
    });
    // The property is not vacuous: most single changes do touch a number the text states.
    expect(stated.withFinding).toBeGreaterThan(stated.runs / 4);
  });
});
