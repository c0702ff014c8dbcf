// Real WPS-made PDFs as published (tests/fixtures/pdf/), read through pdf.js in Node: every one of
// the 200 cells against a transcription made by hand from the rendered pages
// (tests/support/pdf-fixtures.ts), and each part's prose in its part, without page numbers and
// without sentences broken at the end of a line or a page.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CELL_KEYS, SECTION_IDS } from '../../src/domain/format.ts';
import { importFile } from '../../src/import/index.ts';
import { PDF_FIXTURES, printedCells } from '../support/pdf-fixtures.ts';

const pdfBytes = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/pdf/${name}`, import.meta.url)));

const cache = new Map<string, ReturnType<typeof importFile>>();
async function importFixture(name: string) {
  if (!cache.has(name)) cache.set(name, importFile(pdfBytes(name), name));
  const r = await cache.get(name)!;
  if (!r.ok) throw new Error(r.error);
  return r;
}

describe('WPS-made PDFs as published', () => {
  for (const fx of PDF_FIXTURES) {
    it(`${fx.file}: all 200 cells as printed, title, year and unit`, async () => {
      const r = await importFixture(fx.file);
      expect(r.kind).toBe('pdf');
      const want = printedCells(fx);
      const wrong = CELL_KEYS.filter((k) => r.report.cells[k] !== want[k]).map((k) => `${k}: ${r.report.cells[k]} ≠ ${want[k]}`);
      expect(wrong).toEqual([]);
      expect(r.report.title).toBe(fx.title);
      expect(r.report.unit.name).toBe(fx.unit);
      expect(r.report.year).toBe(fx.year);
      // Every cell left 未填 is named in a note; never a silent 0.
      const named = new Set(r.notes.flatMap((n) => n.cells));
      expect(CELL_KEYS.filter((k) => r.report.cells[k] == null && !named.has(k))).toEqual([]);
      const fmt = r.notes.find((n) => n.rule === 'R-FMT-VERSION');
      if (fx.oldOtherRow) {
        expect(fmt?.severity).toBe('error');
        expect(fmt!.cells).toEqual(expect.arrayContaining(['t3.r3_6_1_noCorrection.np', 't3.r3_6_3_other.total']));
      } else expect(fmt).toBeUndefined();
    });
  }

  it('reads 洪泽 2023 as printed even where the print disagrees with itself, and says so', async () => {
    const r = await importFixture('huaian-hongze-2023.pdf');
    // 表四 prints 行政复议 10 + 1 with 总计 0: kept as printed, both numbers named.
    const sum = r.notes.find((n) => n.cells.includes('t4.review.total'));
    expect(sum?.message).toMatch(/印的是 0.*之和是 11/);
    // “2.其他法律行政止公开” (characters missing in the print) is still row 2 of （三）, with an R-LBL note.
    expect(r.notes.some((n) => n.rule === 'R-LBL' && n.message.includes('其他法律行政止公开'))).toBe(true);
    expect(r.report.cells['t3.r3_3_2_lawForbidden.total']).toBe(0);
  });

  it('puts each part’s prose in its part, without page numbers or broken sentences', async () => {
    for (const fx of PDF_FIXTURES) {
      const r = await importFixture(fx.file);
      const s = r.report.sections;
      for (const id of SECTION_IDS) {
        expect(s[id], `${fx.file} ${id}`).toBeTruthy();
        // No page number, no line that stops inside a sentence: every paragraph ends a sentence.
        expect(s[id], `${fx.file} ${id}`).not.toMatch(/-\s*\d+\s*-|—\s*\d+\s*—/);
        for (const para of s[id].split('\n')) expect(para, `${fx.file} ${id}: ${para}`).toMatch(/[。；：:）)]$|情况$/);
      }
      expect(s.preamble).toMatch(/^本报告由.*联系（地址：.*）。$/);
      expect(s.s6).toMatch(/信息处理费\s*\d+\s*元。$/);
    }
    const city = (await importFixture('huaian-city-2024.pdf')).report.sections;
    // Sentences that run over a page break are joined.
    expect(city['s1.proactive']).toContain('“建设‘四最’一流营商环境高质量推进产业发展”');
    expect(city['s1.platform']).toContain('将栏目不更新、政策解读不通俗易懂');
    expect(city.s5).toContain('还有一些需要加强和改进的地方。主要表现在');
    // Real paragraph breaks are kept: 五 has two paragraphs.
    expect(city.s5.split('\n')).toHaveLength(2);
    expect(city.s5.split('\n')[1]).toMatch(/^针对存在问题，下一步/);
    expect(city['s1.request']).toMatch(/^定期对政府信息公开申请集中的领域/);
    const hz = (await importFixture('huaian-hongze-2023.pdf')).report.sections;
    expect(hz['s1.management']).toContain('严格执行“分级审核、先审后发”程序');
    expect(hz['s1.oversight']).toMatch(/^进一步细化分解/);
    expect(hz.s5).toContain('实行政府信息公开工作人员跟班学习制度');
  });
});
