// Text copied out of a PDF viewer: made from the three fixture PDFs with poppler's pdftotext,
// once keeping the layout (-layout: columns apart by spaces, labels and headers broken over
// lines, page numbers between paragraphs) and once without (one cell per line, out of order).
// Read by position in the line; what has no position is reported per table, never read as 0.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CELL_KEYS, SECTION_IDS } from '../../src/domain/format.ts';
import { importFile, importText } from '../../src/import/index.ts';
import { looksLikePdfText } from '../../src/import/pdf-text.ts';
import { PDF_FIXTURES, printedCells } from '../support/pdf-fixtures.ts';

const text = (name: string) => readFileSync(new URL(`../fixtures/pdf-text/${name}`, import.meta.url), 'utf8');
const base = (f: string) => f.replace(/\.pdf$/, '');

describe('text copied from a PDF viewer', () => {
  for (const fx of PDF_FIXTURES) {
    it(`${base(fx.file)} with layout: all 200 cells as printed, prose in its parts`, async () => {
      const t = text(`${base(fx.file)}.layout.txt`);
      expect(looksLikePdfText(t)).toBe(true);
      const r = importText(t);
      if (!r.ok) throw new Error(r.error);
      const want = printedCells(fx);
      expect(CELL_KEYS.filter((k) => r.report.cells[k] !== want[k]).map((k) => `${k}: ${r.report.cells[k]} ≠ ${want[k]}`)).toEqual([]);
      expect(r.report.title.replace(/ /g, '')).toBe(fx.title.replace(/ /g, ''));
      // The same prose, paragraph for paragraph, as from the PDF itself (spaces aside: where a
      // gap is a space is pdftotext's guess in the copy and ours in the PDF).
      const fromPdf = await importFile(new Uint8Array(readFileSync(new URL(`../fixtures/pdf/${fx.file}`, import.meta.url))));
      if (!fromPdf.ok) throw new Error(fromPdf.error);
      const squash = (t: string) => t.replace(/ /g, '');
      for (const id of SECTION_IDS) expect(squash(r.report.sections[id]), id).toBe(squash(fromPdf.report.sections[id]));
      // The file bytes go the same way (a .txt file is text, whatever it holds).
      const viaFile = await importFile(new TextEncoder().encode(t), 'copied.txt');
      expect(viaFile.ok && viaFile.report.cells).toEqual(r.report.cells);
    });

    it(`${base(fx.file)} without layout: prose read, every table said unreadable and left 未填`, () => {
      const r = importText(text(`${base(fx.file)}.raw.txt`));
      if (!r.ok) throw new Error(r.error);
      expect(CELL_KEYS.filter((k) => r.report.cells[k] !== null)).toEqual([]);
      for (const t of ['表二', '表三', '表四']) {
        expect(r.notes.some((n) => n.message.startsWith(`${t}：复制的文字没有保留表格的位置`)), t).toBe(true);
      }
      const named = new Set(r.notes.flatMap((n) => n.cells));
      expect(CELL_KEYS.filter((k) => !named.has(k))).toEqual([]);
      for (const id of SECTION_IDS) {
        expect(r.report.sections[id], id).toBeTruthy();
        expect(r.report.sections[id]).not.toMatch(/-\s*\d+\s*-/);
      }
      expect(r.report.sections.preamble).toMatch(/^本报告由.*）。$/);
    });
  }

  it('leaves ordinary copied web text alone (tabs, no page numbers)', () => {
    const seed = readFileSync(new URL('../fixtures/xiaye-town-2023.txt', import.meta.url), 'utf8');
    expect(looksLikePdfText(seed)).toBe(false);
    expect(looksLikePdfText('一、总体情况\n今年我镇主动公开信息 12 条。\n')).toBe(false);
  });
});
