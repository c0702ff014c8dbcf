// Export → import gives back the report: the 200 cells (未填 stays 未填), every section's text,
// the title and the year. For the seed report and for seeded random reports, through the CMS
// HTML and the print view (HTML importer), and through the Word file (DOCX importer, mammoth).
// Failing seeds are pinned below.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CELL_KEYS, SECTION_IDS } from '../../src/domain/format.ts';
import type { Report } from '../../src/domain/report.ts';
import { renderCmsHtml } from '../../src/export/cms-html.ts';
import { renderPrintDocument } from '../../src/export/print-html.ts';
import { importHtml } from '../../src/import/html.ts';
import { importFile } from '../../src/import/index.ts';
import { renderDocx } from '../../src/export/docx.ts';
import { seedReport } from '../support/seed-report.ts';
import { reportArb } from '../support/random-report.ts';

// Seeds that once failed (import of headings/short lines, found 02:0x on 2026-11-28): kept as regressions.
const PINNED_SEEDS: number[] = [534448612, 534459164, 534463317, 534468552];

function expectSame(back: Report, r: Report): void {
  const cells = (x: Report) => CELL_KEYS.map((k) => [k, x.cells[k] ?? null]);
  expect(cells(back)).toEqual(cells(r));
  const sections = (x: Report) => SECTION_IDS.map((id) => [id, x.sections[id] ?? '']);
  expect(sections(back)).toEqual(sections(r));
  expect(back.title.replace(/\s+/g, '')).toBe(r.title.replace(/\s+/g, ''));
  expect(back.year).toBe(r.year);
}

const routes = {
  'CMS HTML': (r: Report) => importHtml(renderCmsHtml(r)),
  'CMS HTML fragment': (r: Report) => importHtml(renderCmsHtml(r, { fragment: true })),
  'print view': (r: Report) => importHtml(renderPrintDocument(r)),
};

describe.each(Object.entries(routes))('%s → importHtml', (name, roundTrip) => {
  it('gives back the seed report', () => {
    const seed = seedReport();
    const back = roundTrip(seed);
    if (!back.ok) throw new Error(back.error);
    expectSame(back.report, seed);
  });

  it('gives back random reports (seeded)', () => {
    const seeds = [...PINNED_SEEDS, Number(process.env.FC_SEED ?? Date.now() % 2 ** 31)];
    for (const seed of seeds) {
      console.log(`[export-roundtrip ${name}] fast-check seed ${seed}`);
      fc.assert(
        fc.property(reportArb, (r) => {
          const back = roundTrip(r);
          if (!back.ok) throw new Error(back.error);
          expectSame(back.report, r);
        }),
        { seed, numRuns: 60 },
      );
    }
  });
});

describe('DOCX → importFile', () => {
  const roundTrip = async (r: Report) => importFile(await renderDocx(r), '年报.docx');

  it('gives back the seed report', async () => {
    const seed = seedReport();
    const back = await roundTrip(seed);
    if (!back.ok) throw new Error(back.error);
    expect(back.kind).toBe('docx');
    expectSame(back.report, seed);
  });

  it('gives back random reports (seeded)', async () => {
    const seeds = [...PINNED_SEEDS, Number(process.env.FC_SEED ?? Date.now() % 2 ** 31)];
    for (const seed of seeds) {
      console.log(`[export-roundtrip DOCX] fast-check seed ${seed}`);
      await fc.assert(
        fc.asyncProperty(reportArb, async (r) => {
          const back = await roundTrip(r);
          if (!back.ok) throw new Error(back.error);
          expectSame(back.report, r);
        }),
        { seed, numRuns: 12 },
      );
    }
  }, 120_000);
});
