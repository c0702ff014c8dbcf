// The print view and the CMS HTML read back as a reader or a scraper would: six headings in
// order, sub-headings of 一, paragraphs, and the three tables cell for cell against the
// official layout (labels, rowspan/colspan, values; 未填 prints empty).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HEADINGS, S1_PARTS, SECTION_BY_ID, TABLE_LAYOUTS, CELL_BY_KEY, isValueCell } from '../../src/domain/format.ts';
import type { Report } from '../../src/domain/report.ts';
import { renderPrintDocument } from '../../src/export/print-html.ts';
import { renderCmsHtml } from '../../src/export/cms-html.ts';
import { formatCellValue, paragraphs, titleLines } from '../../src/export/outline.ts';
import { parseHtml } from '../support/html-dom.ts';
import { seedReport } from '../support/seed-report.ts';
import { reportArb } from '../support/random-report.ts';

const renderers = {
  print: (r: Report) => renderPrintDocument(r, { signature: { unit: r.unit.name, date: '2024年1月20日' } }),
  cms: (r: Report) => renderCmsHtml(r),
};

function checkDocument(html: string, report: Report): void {
  const page = parseHtml(html);
  // Headings: title, six level-1 headings in order, the five sub-headings of 一 between 一 and 二.
  const heads = page.texts('h1', 'h2', 'h3');
  expect(heads[0]).toEqual({ tag: 'h1', text: report.title.trim().replace(/\s+/g, ' ') });
  expect(heads.filter((h) => h.tag === 'h2').map((h) => h.text)).toEqual([...HEADINGS]);
  const subs = heads.slice(heads.findIndex((h) => h.text === HEADINGS[0]) + 1, heads.findIndex((h) => h.text === HEADINGS[1]));
  expect(subs).toEqual(S1_PARTS.map((id) => ({ tag: 'h3', text: SECTION_BY_ID[id].heading })));

  // Paragraphs: every section's lines, in order, nothing else before the signature.
  const expected = [
    ...paragraphs(report.sections.preamble),
    ...paragraphs(report.sections['s1.intro']),
    ...S1_PARTS.flatMap((id) => paragraphs(report.sections[id])),
    ...paragraphs(report.sections.s5),
    ...paragraphs(report.sections.s6),
  ];
  const inSignature = (p: (typeof ps)[number]) => {
    for (let n = p.parent as { attribs?: Record<string, string>; parent?: unknown } | null; n; n = n.parent as typeof n) {
      if (n.attribs?.class === 'signature') return true;
    }
    return false;
  };
  const ps = page.all('p');
  const body = ps.filter((p) => !inSignature(p)).map(page.text);
  expect(body).toEqual(expected.map((t) => t.replace(/\s+/g, ' ')));

  // Tables: exactly the layout, cell for cell.
  const tables = page.tables();
  expect(tables).toHaveLength(3);
  (['t2', 't3', 't4'] as const).forEach((id, t) => {
    const layout = TABLE_LAYOUTS[id];
    expect(tables[t]!.length, `${id} rows`).toBe(layout.rows.length);
    layout.rows.forEach((row, r) => {
      const got = tables[t]![r]!;
      expect(got.length, `${id} row ${r} cells`).toBe(row.length);
      row.forEach((cell, c) => {
        const g = got[c]!;
        if (isValueCell(cell)) {
          expect(g.text, cell.cell).toBe(formatCellValue(report.cells[cell.cell]));
          expect(g.colspan).toBe(cell.colspan ?? 1);
          expect(g.rowspan).toBe(1);
        } else {
          expect(g.text).toBe(cell.label);
          expect([g.colspan, g.rowspan], cell.label).toEqual([cell.colspan ?? 1, cell.rowspan ?? 1]);
          expect(g.tag).toBe(cell.header ? 'th' : 'td');
        }
      });
    });
  });
}

describe.each(Object.entries(renderers))('%s HTML', (name, render) => {
  it('carries the seed report exactly', () => {
    const seed = seedReport();
    checkDocument(render(seed), seed);
  });

  it('prints 未填 cells as empty, and never 0', () => {
    const seed = seedReport();
    seed.cells['t3.r1_new.np'] = null;
    seed.cells['t2.penalty.decisions'] = null;
    const tables = parseHtml(render(seed)).tables();
    const find = (key: string) => tables.flat(2).find((c) => c.attrs['data-cell'] === key || false);
    if (name === 'print') {
      expect(find('t3.r1_new.np')!.text).toBe('');
      expect(find('t2.penalty.decisions')!.text).toBe('');
    }
    checkDocument(render(seed), seed);
  });

  it('escapes text, so a pasted tag is text, not markup', () => {
    const seed = seedReport();
    seed.sections.s6 = '<script>alert(1)</script> & “引号”';
    const html = render(seed);
    expect(html).not.toContain('<script>');
    expect(parseHtml(html).all('script')).toHaveLength(0);
    checkDocument(html, seed);
  });

  it('carries random reports exactly (seeded)', () => {
    const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
    console.log(`[export-html ${name}] fast-check seed ${seed}`);
    fc.assert(fc.property(reportArb, (r) => checkDocument(render(r), r)), { seed, numRuns: 40 });
  });
});

describe('print document', () => {
  const html = renderPrintDocument(seedReport(), { signature: { unit: '下冶镇人民政府', date: '2024年1月20日' } });
  it('sets A4 with GB/T 9704 margins mirrored on even pages and "— n —" page numbers', () => {
    expect(html).toMatch(/@page\s*\{\s*size:\s*A4;\s*margin:\s*37mm 26mm 35mm 28mm;/);
    expect(html).toMatch(/@page :left \{\s*margin-left: 26mm; margin-right: 28mm;\s*@bottom-left \{\s*content: "— " counter\(page\) " —"/);
    expect(html).toMatch(/@page :right \{\s*margin-left: 28mm; margin-right: 26mm;\s*@bottom-right \{\s*content: "— " counter\(page\) " —"/);
  });
  it('repeats table headers and keeps rows whole', () => {
    const page = parseHtml(html);
    expect(page.all('thead')).toHaveLength(2); // 表三 and 表四 (表二 has no repeating header)
    expect(html).toContain('thead { display: table-header-group; }');
    expect(html).toContain('tr { break-inside: avoid;');
  });
  it('prints 三、本年度办理结果 vertically and the signature right-aligned', () => {
    const page = parseHtml(html);
    const vertical = page.all('span').filter((s) => s.attribs.class === 'vertical');
    expect(vertical.map(page.text)).toEqual(['三、本年度办理结果']);
    const sig = page.all('div').find((d) => d.attribs.class === 'signature')!;
    expect(page.text(sig)).toBe('下冶镇人民政府2024年1月20日');
  });
  it('breaks a long title before 政府信息公开工作年度报告', () => {
    expect(titleLines('下冶镇人民政府2023年政府信息公开工作年度报告')).toEqual(['下冶镇人民政府2023年', '政府信息公开工作年度报告']);
    expect(titleLines('某局2023年政府信息公开工作年度报告')).toEqual(['某局2023年政府信息公开工作年度报告']);
    expect(titleLines('沭阳县发展和改革局2023年政府信息公开年度报告')).toEqual(['沭阳县发展和改革局2023年', '政府信息公开年度报告']);
  });
});

describe('CMS HTML', () => {
  it('has no scripts, no classes, no app attributes; a fragment on request', () => {
    const html = renderCmsHtml(seedReport());
    expect(html).not.toMatch(/<script|class=|data-|<style/);
    const frag = renderCmsHtml(seedReport(), { fragment: true });
    expect(frag).not.toMatch(/<html|<head|<body/);
    expect(frag.startsWith('<h1')).toBe(true);
  });
});

describe('printsPageNumbers', () => {
  it('is true only for Chromium 131 and later', async () => {
    const { printsPageNumbers } = await import('../../src/export/print-html.ts');
    const chrome = (v: number) => `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36`;
    expect(printsPageNumbers(chrome(131))).toBe(true);
    expect(printsPageNumbers(chrome(156))).toBe(true);
    expect(printsPageNumbers(chrome(130))).toBe(false);
    expect(printsPageNumbers(chrome(86) + ' QIHU 360SE')).toBe(false);
    expect(printsPageNumbers('Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe(false);
    expect(printsPageNumbers('Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15')).toBe(false);
  });
});

describe('formatCellValue', () => {
  it('prints counts as integers, fees as typed, 未填 as nothing', () => {
    expect(formatCellValue(0)).toBe('0');
    expect(formatCellValue(12345)).toBe('12345');
    expect(formatCellValue(null)).toBe('');
    expect(formatCellValue(24252.311082)).toBe('24252.311082');
    expect(formatCellValue(0)).toBe('0');
    expect(formatCellValue(1.5)).toBe('1.5');
  });
  it('never prints exponents or float noise', () => {
    expect(formatCellValue(1e-7)).toBe('0');
    expect(formatCellValue(0.000001)).toBe('0.000001');
    expect(formatCellValue(0.1 + 0.2)).toBe('0.3');
    expect(formatCellValue(1e21)).not.toMatch(/e/);
  });
});

describe('print view for the Paged.js path (browsers without @page margin boxes)', () => {
  const script = 'http://192.168.1.20:8080/vendor/paged.polyfill.js';
  it('loads the polyfill as one external script, no inline script, and names the document as asked', () => {
    const html = renderPrintDocument(seedReport(), { paginateScript: script, title: '下冶镇人民政府2023年政府信息公开工作年度报告' });
    expect(html.match(/<script\b[^>]*>/g)).toEqual([`<script src="${script}">`]);
    expect(html).toMatch(/<script src="[^"]+"><\/script>\n<\/body>/); // after the content it paginates
    expect(html).toContain('<html lang="zh-CN" class="paged">');
    expect(html).toContain('<title>下冶镇人民政府2023年政府信息公开工作年度报告</title>');
    expect(renderPrintDocument(seedReport())).not.toContain('<script');
  });

  it('refuses a script address that is not http(s) — never a javascript: or data: script', () => {
    for (const bad of ['javascript:alert(1)', 'data:text/javascript,alert(1)', 'http://x/a.js" onload="alert(1)', '//evil.example/p.js', 'http://x/<script>']) {
      expect(() => renderPrintDocument(seedReport(), { paginateScript: bad }), bad).toThrow('分页脚本地址无效');
    }
  });

  it('draws merged cells as one cell per row with widths, same cells and numbers, the vertical label one character per row', () => {
    const r = seedReport();
    const html = renderPrintDocument(r, { paginateScript: script });
    expect(html).not.toMatch(/rowspan=/);
    // Every value cell is there once, with the value it prints.
    for (const [key, def] of CELL_BY_KEY) {
      const cells = html.match(new RegExp(`data-cell="${key.replace(/\./g, '\\.')}"[^>]*>([^<]*)<`, 'g')) ?? [];
      expect(cells, key).toHaveLength(1);
      expect(cells[0]).toContain(`>${formatCellValue(r.cells[key])}<`);
    }
    // 表三: every row has the full ten columns of width, in mm, summing to the 156 mm 版心.
    const t3 = html.slice(html.indexOf('<table class="t3">'), html.indexOf('</table>', html.indexOf('<table class="t3">')));
    const rows = t3.split('<tr').slice(1);
    for (const row of rows) {
      const widths = [...row.matchAll(/style="width:([\d.]+)mm"/g)].map((m) => Number(m[1]));
      expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(156, 5);
    }
    const firstColumn = rows.map((row) => /<t[dh][^>]*>([^<]*)<\/t[dh]>/.exec(row)![1]).join('');
    expect(firstColumn).toContain('三、本年度办理结果');
  });
});
