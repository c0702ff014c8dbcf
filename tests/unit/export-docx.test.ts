// The Word export read back at the XML level: GB/T 9704 page (A4, 37/26/35/28 mm, mirrored),
// fonts and the exact 28.95pt line, headings as Word heading styles, the three tables with the
// official merges (gridSpan/vMerge), repeated header rows, unsplittable rows, and "— n —" page
// numbers on odd (right) and even (left) footers; the constructions that make LibreOffice lay
// it out completely (stacked label, off-grid table text, condensed body, font-table hints). The
// rendered look is checked in tests/e2e/docx-libreoffice.test.ts.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';
import { HEADINGS, S1_PARTS, SECTION_BY_ID, TABLE_LAYOUTS, isValueCell } from '../../src/domain/format.ts';
import type { Report } from '../../src/domain/report.ts';
import { renderDocx, DOCX_FONTS } from '../../src/export/docx.ts';
import { formatCellValue, paragraphs } from '../../src/export/outline.ts';
import { exportReport } from '../../src/export/index.ts';
import { fittedNumberPt } from '../../src/export/table-grid.ts';
import { openDocx } from '../support/docx-xml.ts';
import { seedReport } from '../support/seed-report.ts';
import { reportArb } from '../support/random-report.ts';

const signature = { unit: '下冶镇人民政府', date: '2024年1月20日' };

function checkContent(bytes: Uint8Array, report: Report, sig?: typeof signature): void {
  const docx = openDocx(bytes);
  const ps = docx.paragraphs;
  expect(ps[0]).toEqual({ style: 'Title', text: report.title.trim() });
  expect(ps.filter((p) => p.style === 'Heading1').map((p) => p.text)).toEqual([...HEADINGS]);
  expect(ps.filter((p) => p.style === 'Heading2').map((p) => p.text)).toEqual(S1_PARTS.map((id) => SECTION_BY_ID[id].heading));
  const body = ps.filter((p) => p.style === null && p.text !== '').map((p) => p.text);
  expect(body).toEqual([
    ...paragraphs(report.sections.preamble),
    ...paragraphs(report.sections['s1.intro']),
    ...S1_PARTS.flatMap((id) => paragraphs(report.sections[id])),
    ...paragraphs(report.sections.s5),
    ...paragraphs(report.sections.s6),
    ...(sig ? [sig.unit, sig.date] : []),
  ]);

  expect(docx.tables).toHaveLength(3);
  (['t2', 't3', 't4'] as const).forEach((id, t) => {
    const layout = TABLE_LAYOUTS[id];
    const table = docx.tables[t]!;
    expect(table.grid).toHaveLength(layout.columns);
    expect(table.grid.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(8845); // 156 mm 版心
    expect(table.widths.every((w) => w === layout.columns), `${id}: every row fills the grid`).toBe(true);
    expect(table.rows).toHaveLength(layout.rows.length);
    layout.rows.forEach((row, r) => {
      const got = table.rows[r]!;
      expect(got.header, `${id} row ${r} repeats as header`).toBe(r < layout.headerRows);
      expect(got.cantSplit).toBe(true);
      expect(got.cells).toHaveLength(row.length);
      row.forEach((cell, c) => {
        const g = got.cells[c]!;
        if (isValueCell(cell)) {
          expect([g.text, g.colspan, g.rowspan], cell.cell).toEqual([
            formatCellValue(report.cells[cell.cell]),
            cell.colspan ?? 1,
            1,
          ]);
        } else {
          expect([g.text, g.colspan, g.rowspan]).toEqual([cell.label, cell.colspan ?? 1, cell.rowspan ?? 1]);
        }
      });
    });
  });
}

describe('DOCX export', async () => {
  const seed = seedReport();
  const bytes = await renderDocx(seed, { signature });
  const docx = openDocx(bytes);

  it('is A4 with 天头37 订口28 and 下35 右26 mm margins, mirrored for double-sided printing', () => {
    const pgSz = docx.kid(docx.sectPr, 'w:pgSz')!.attribs;
    expect([pgSz['w:w'], pgSz['w:h']]).toEqual(['11906', '16838']);
    const mar = docx.kid(docx.sectPr, 'w:pgMar')!.attribs;
    const mm = (twips: string) => Math.round((Number(twips) * 25.4) / 1440);
    expect([mm(mar['w:top']!), mm(mar['w:right']!), mm(mar['w:bottom']!), mm(mar['w:left']!)]).toEqual([37, 26, 35, 28]);
    const settings = docx.text('word/settings.xml');
    expect(settings).toMatch(/<w:mirrorMargins\/>/);
    expect(settings).toMatch(/<w:evenAndOddHeaders\/>/);
    // Schema order: mirrorMargins comes before defaultTabStop, or Word refuses the file.
    expect(settings.indexOf('<w:mirrorMargins/>')).toBeLessThan(settings.indexOf('<w:defaultTabStop'));
  });

  it('numbers pages "— n —": odd pages right, even pages left, 4号宋体', () => {
    const refs = (DomUtils.getElementsByTagName('w:footerReference', docx.sectPr, true) as Element[]).map((e) => e.attribs);
    expect(refs.map((r) => r['w:type']).sort()).toEqual(['default', 'even']);
    const rels = docx.text('word/_rels/document.xml.rels');
    for (const ref of refs) {
      const target = new RegExp(`Id="${ref['r:id']}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${ref['r:id']}"`).exec(rels)?.[1];
      const footer = docx.text(`word/${target}`);
      expect(footer).toContain('<w:instrText xml:space="preserve">PAGE</w:instrText>');
      expect(footer).toMatch(/<w:t xml:space="preserve">— <\/w:t>.*PAGE.*<w:t xml:space="preserve"> —<\/w:t>/s);
      expect(footer).toContain(`w:eastAsia="${DOCX_FONTS.pageNumber}"`);
      expect(footer).toContain('<w:sz w:val="28"/>');
      expect(footer).toContain(`<w:jc w:val="${ref['w:type'] === 'default' ? 'right' : 'left'}"/>`);
    }
  });

  it('uses the official fonts and the exact 28.95pt line', () => {
    const styles = docx.text('word/styles.xml');
    const style = (id: string) => new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>.*?</w:style>`, 's').exec(styles)?.[0] ?? '';
    const defaults = /<w:docDefaults>.*<\/w:docDefaults>/s.exec(styles)![0];
    expect(defaults).toContain(`w:eastAsia="${DOCX_FONTS.body}"`);
    expect(defaults).toContain('<w:sz w:val="32"/>'); // 3号 = 16pt
    expect(defaults).toMatch(/<w:spacing [^>]*w:line="579"[^>]*w:lineRule="exact"|<w:spacing [^>]*w:lineRule="exact"[^>]*w:line="579"/);
    expect(style('Title')).toContain(`w:eastAsia="${DOCX_FONTS.title}"`);
    expect(style('Title')).toContain('<w:sz w:val="44"/>'); // 2号 = 22pt
    expect(style('Heading1')).toContain(`w:eastAsia="${DOCX_FONTS.heading1}"`);
    expect(style('Heading2')).toContain(`w:eastAsia="${DOCX_FONTS.heading2}"`);
    const grid = docx.kid(docx.sectPr, 'w:docGrid')!.attribs;
    expect([grid['w:type'], grid['w:linePitch']]).toEqual(['lines', '579']);
    // With a line grid, Word snaps "auto" line spacing up to 28.95pt: table and footer lines must
    // be exact, or every table row would be a full body line tall.
    const all = [style('TableText'), docx.text('word/document.xml'), docx.text('word/footer1.xml'), docx.text('word/footer2.xml')].join('');
    expect(all).toMatch(/w:lineRule="exact"/);
    expect(all).not.toMatch(/w:lineRule="auto"/);
    // Table text, the title and the page numbers are off the 28.95pt body grid (LibreOffice put
    // every table line and each title line on it); body paragraphs stay on it.
    const xml = docx.text('word/document.xml');
    const paras = [...xml.matchAll(/<w:p>(?:(?!<\/w:p>).)*<\/w:p>/gs)].map((m) => m[0]);
    const offGrid = (p: string) => /<w:snapToGrid w:val="(?:false|0)"\/>/.test(p);
    const inTables = [...xml.matchAll(/<w:tbl>.*?<\/w:tbl>/gs)].flatMap((m) => [...m[0].matchAll(/<w:p>(?:(?!<\/w:p>).)*<\/w:p>/gs)].map((p) => p[0]));
    expect(inTables.length).toBeGreaterThan(300);
    expect(inTables.every(offGrid)).toBe(true);
    expect(offGrid(paras.find((p) => p.includes('w:val="Title"'))!)).toBe(true);
    expect(paras.filter((p) => p.includes('w:val="Heading1"')).some(offGrid)).toBe(false);
    for (const f of ['word/footer1.xml', 'word/footer2.xml']) expect(offGrid(docx.text(f))).toBe(true);
    // snapToGrid sits where CT_PPr's sequence wants it: after pStyle/keepNext, before spacing.
    for (const p of inTables.slice(0, 20)) expect(p).toMatch(/<w:pPr>(<w:pStyle [^>]*\/>)?(<w:keepNext\/>)?<w:snapToGrid w:val="false"\/><w:spacing /);
    // 28 characters per line: body text condensed by 0.25pt (16pt × 28 would overrun 156 mm).
    expect(style('Normal')).toContain('<w:spacing w:val="-5"/>');
    expect(28 * (16 - 0.25)).toBeLessThanOrEqual((8845 / 20));
    expect(29 * (16 - 0.25)).toBeGreaterThan(8845 / 20);
  });

  it('names each font with the hints a suite without it needs: family, panose, GB2312 charset, everyday name', () => {
    const table = docx.text('word/fontTable.xml');
    const entry = (name: string) => new RegExp(`<w:font w:name="${name}">(.*?)</w:font>`, 's').exec(table)?.[1] ?? '';
    for (const name of [DOCX_FONTS.body, DOCX_FONTS.title, DOCX_FONTS.heading2, DOCX_FONTS.pageNumber]) {
      expect(entry(name), name).toMatch(/^<w:altName w:val="[^"]+"\/><w:panose1 w:val="0202[0-9A-F]{16}"\/><w:charset w:val="86"\/><w:family w:val="roman"\/><w:pitch w:val="variable"\/>$/);
    }
    expect(entry(DOCX_FONTS.heading1)).toMatch(/<w:panose1 w:val="020B[0-9A-F]{16}"\/>.*<w:family w:val="swiss"\/>/);
    expect(entry(DOCX_FONTS.body)).toContain('<w:altName w:val="仿宋"/>');
    // Every font the document names has an entry.
    const used = new Set([...docx.text('word/styles.xml').matchAll(/w:eastAsia="([^"]+)"/g)].map((m) => m[1]!).filter((f) => !/^[a-z]{2}-[A-Z]{2}$/.test(f)));
    for (const f of used) expect(entry(f), f).not.toBe('');
  });

  it('carries the seed report: headings, paragraphs, tables with gridSpan/vMerge exactly as the layout', () => {
    checkContent(bytes, seed, signature);
    const xml = docx.text('word/document.xml');
    expect(xml).toContain('<w:gridSpan w:val="3"/>');
    expect(xml).toContain('<w:vMerge w:val="restart"/>');
    // 表二's rows never keep with the next: LibreOffice 7.4 dropped the rest of 表二 at a page break
    // when its 第二十条 blocks were held together that way (pdf-roundtrip seed 321658).
    expect(docx.tables[0]!.rows.map((r) => r.keepNext).every((k) => !k)).toBe(true);
    // 三、本年度办理结果 stands one character per line as ordinary text (line breaks between the
    // characters), never a rotated cell: LibreOffice drew a 22-row rotated cell invisibly and lost
    // everything after 表三 (tbRl) or never finished the layout (btLr).
    expect(docx.tables[1]!.rows.flatMap((r) => r.cells).filter((c) => c.textDirection)).toEqual([]);
    expect(xml).not.toContain('w:textDirection');
    const label = docx.tables[1]!.rows.flatMap((r) => r.cells).find((c) => c.text === '三、本年度办理结果')!;
    expect(label.rowspan).toBe(22);
    const stacked = /<w:tc>(?:(?!<\/w:tc>).)*三(?:(?!<\/w:tc>).)*<\/w:tc>/s.exec(xml.slice(xml.indexOf('<w:t xml:space="preserve">三</w:t>') - 2000))![0];
    expect(stacked.match(/<w:br\/>/g)).toHaveLength([...'三、本年度办理结果'].length - 1);
  });

  it('prints 未填 as an empty cell', async () => {
    const r = seedReport();
    r.cells['t3.r3_7_total.np'] = null;
    checkContent(await renderDocx(r), r);
  });

  it('carries random reports (seeded)', async () => {
    const seedNum = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
    console.log(`[export-docx] fast-check seed ${seedNum}`);
    await fc.assert(
      fc.asyncProperty(reportArb, async (r) => checkContent(await renderDocx(r), r)),
      { seed: seedNum, numRuns: 15 },
    );
  });

  it('reports progress through exportReport and returns bytes', async () => {
    const steps: [number, string][] = [];
    const out = await exportReport(seed, 'docx', { onProgress: (f, s) => steps.push([f, s]) });
    expect(out).toBeInstanceOf(Uint8Array);
    expect(steps.at(-1)).toEqual([1, '完成']);
    expect(steps.map((s) => s[0])).toEqual([...steps.map((s) => s[0])].sort((a, b) => a - b));
    expect(steps.some(([, s]) => s.includes('三、收到和处理政府信息公开申请情况'))).toBe(true);
  });
});

describe('text pasted with characters XML forbids', () => {
  const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  const xmlOf = async (r: Report) => {
    const docx = openDocx(await renderDocx(r));
    return ['word/document.xml', 'docProps/core.xml'].map((p) => docx.text(p)).join('');
  };

  it('drops controls and lone surrogates; Word line breaks end a paragraph', async () => {
    const r = seedReport();
    r.sections.s6 = '甲\u000b乙\u0007丙\u0000丁\ufffe戊\ud800己😀';
    r.title = r.title + '\u0001\ufffe';
    r.unit.name = r.unit.name + '\ufffe';
    const xml = await xmlOf(r);
    expect(FORBIDDEN.test(xml)).toBe(false);
    expect(paragraphs(r.sections.s6)).toEqual(['甲', '乙丙丁戊己😀']);
    checkContent(await renderDocx(r), { ...r, title: r.title.replace('\u0001\ufffe', '') });
  });

  it('never writes a forbidden character, whatever is typed (seeded)', async () => {
    const seedNum = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
    console.log(`[export-docx controls] fast-check seed ${seedNum}`);
    const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: anyUnit, maxLength: 200 }), async (text) => {
        const r = seedReport();
        r.sections.s5 = text;
        expect(FORBIDDEN.test(await xmlOf(r))).toBe(false);
      }),
      { seed: seedNum, numRuns: 10 },
    );
  });
});

describe('long numbers in narrow cells', () => {
  it('are set smaller to fit one line, never below 6 pt; numbers that fit keep the table size', () => {
    // 表三's 12 mm column inside the DOCX cell margins (2 pt each side): about 30 pt of room.
    expect(fittedNumberPt('99999', 30, 10.5)).toBe(10.5);
    const six = fittedNumberPt('401817', 30, 10.5);
    expect(six).toBeLessThan(10.5);
    expect(6 * 0.56 * six).toBeLessThanOrEqual(30);
    expect(fittedNumberPt('1234567890123', 30, 10.5)).toBe(6);
  });
});
