// The pure geometry → blocks step on plain arrays (no pdf.js): ruled grids with merged cells,
// a table joined over a page break (shifted sideways by mirrored margins), page numbers and
// running heads dropped, lines joined into paragraphs, a 2019-format table recognised.
import { describe, expect, it } from 'vitest';
import { importDocument } from '../../src/import/document.ts';
import { pagesToBlocks, ruledGrid, tableRegions, type LaidOutPage, type Segment, type TextRun } from '../../src/import/pdf-layout.ts';

const H = (y: number, x0: number, x1: number): Segment => ({ x0, x1, y0: y - 0.3, y1: y + 0.3 });
const V = (x: number, y0: number, y1: number): Segment => ({ x0: x - 0.3, x1: x + 0.3, y0, y1 });
const run = (text: string, x: number, y: number, size = 10): TextRun => ({ text, x, y, w: [...text].reduce((n, c) => n + (c.charCodeAt(0) > 0x2e7f ? size : size * 0.55), 0), size });

/** A grid of `cols` × `rows` boxes 60 × 20 at (x, y), with `merge` listing boxes to leave open. */
function grid(x: number, y: number, cols: number, rows: number, open: (c: number, r: number, side: 'right' | 'below') => boolean = () => false): Segment[] {
  const out: Segment[] = [H(y, x, x + cols * 60), H(y + rows * 20, x, x + cols * 60), V(x, y, y + rows * 20), V(x + cols * 60, y, y + rows * 20)];
  for (let r = 0; r < rows; r++) for (let c = 0; c + 1 < cols; c++) if (!open(c, r, 'right')) out.push(V(x + (c + 1) * 60, y + r * 20, y + (r + 1) * 20));
  for (let r = 0; r + 1 < rows; r++) for (let c = 0; c < cols; c++) if (!open(c, r, 'below')) out.push(H(y + (r + 1) * 20, x + c * 60, x + (c + 1) * 60));
  return out;
}

describe('ruled tables', () => {
  it('makes a grid with a merged header cell copied over the columns it covers', () => {
    // Row 0: one box across all three columns; rows 1–2: three boxes each.
    const segs = grid(100, 100, 3, 3, (c, r, side) => side === 'right' && r === 0);
    const regions = tableRegions(segs, 0);
    expect(regions).toHaveLength(1);
    const runs = [run('第二十条第（五）项', 130, 115), run('信息内容', 105, 135), run('本年处理决定数量', 162, 135, 6), run('行政许可', 105, 155), run('12', 175, 155)];
    const t = ruledGrid([{ region: regions[0]!, runs }]);
    expect(t.rows.map((r) => r.map((c) => (c.copy ? '^' : '') + c.text))).toEqual([
      ['第二十条第（五）项', '^第二十条第（五）项', '^第二十条第（五）项'],
      ['信息内容', '本年处理决定数量', ''],
      ['行政许可', '12', ''],
    ]);
  });

  it('cuts a run that pdf.js joined across a drawn border', () => {
    const regions = tableRegions(grid(0, 0, 3, 1), 0);
    // Five-digit numbers filling their 60-point cells, one short space apart, as Chromium prints them.
    const joined: TextRun = { text: '99997 70160 12', x: 2, y: 15, w: 134, size: 10 };
    const t = ruledGrid([{ region: regions[0]!, runs: [joined] }]);
    expect(t.rows[0]!.map((c) => c.text)).toEqual(['99997', '70160', '12']);
  });
});

describe('pages to blocks', () => {
  const page = (runs: TextRun[], segments: Segment[] = []): LaidOutPage => ({ width: 600, height: 800, runs, segments });

  it('joins a table over a page break, drops page numbers, and joins lines broken inside a sentence', () => {
    const p1 = page(
      [
        run('某某镇人民政府2023年政府信息公开工作年度报告', 150, 60, 16),
        // A full line (to the right margin at 500) broken inside a date.
        { text: '本报告根据条例编制。统计期限自2023年1月1日至12月31', x: 120, y: 130, w: 380, size: 10 },
        run('日止。', 100, 145),
        run('二、主动公开政府信息情况', 120, 500),
        run('第二十条第（一）项', 240, 545),
        run('- 1 -', 290, 760),
      ],
      // Header row (merged across 4 columns) at the foot of page 1.
      grid(100, 530, 4, 1, (_c, _r, side) => side === 'right'),
    );
    const p2 = page(
      [
        run('信息内容', 85, 75), run('本年制发件数', 145, 75), run('本年废止件数', 205, 75), run('现行有效件数', 265, 75),
        run('规章', 85, 95), run('1', 170, 95), run('0', 230, 95), run('4', 290, 95),
        run('- 2 -', 290, 760),
      ],
      // The rest on page 2, 20 points further left (mirrored margins).
      grid(80, 60, 4, 2),
    );
    const { blocks, notes } = pagesToBlocks([p1, p2]);
    expect(blocks.map((b) => b.kind)).toEqual(['text', 'table']);
    const text = blocks[0]!.kind === 'text' ? blocks[0]!.text : '';
    expect(text.split('\n')).toEqual(['某某镇人民政府2023年政府信息公开工作年度报告', '本报告根据条例编制。统计期限自2023年1月1日至12月31日止。', '二、主动公开政府信息情况']);
    expect(notes.some((n) => /页码/.test(n.message))).toBe(true);
    const table = blocks[1]!.kind === 'table' ? blocks[1]!.table : null;
    expect(table!.rows.map((r) => r.map((c) => c.text).join('|'))).toEqual([
      '第二十条第（一）项|第二十条第（一）项|第二十条第（一）项|第二十条第（一）项',
      '信息内容|本年制发件数|本年废止件数|现行有效件数',
      '规章|1|0|4',
    ]);
    const r = importDocument({ blocks, kind: 'pdf' });
    if (!r.ok) throw new Error(r.error);
    expect([r.report.cells['t2.regulations.issued'], r.report.cells['t2.regulations.repealed'], r.report.cells['t2.regulations.valid']]).toEqual([1, 0, 4]);
  });

  it('recognises a 2019-format table (第二十条第（九）项 政府集中采购) as R-FMT-VERSION', () => {
    const p = page(
      [
        run('某某镇人民政府2019年政府信息公开工作年度报告', 150, 60, 16),
        run('一、总体情况', 120, 100),
        run('二、主动公开政府信息情况', 120, 140),
        run('第二十条第（九）项', 240, 175),
        run('信息内容', 105, 195), run('采购项目数量', 165, 195), run('采购总金额', 225, 195),
        run('政府集中采购', 105, 215), run('3', 190, 215), run('12.5', 245, 215),
      ],
      grid(100, 160, 3, 3, (c, r, side) => side === 'right' && r === 0),
    );
    const { blocks } = pagesToBlocks([p]);
    const r = importDocument({ blocks, kind: 'pdf' });
    if (!r.ok) throw new Error(r.error);
    expect(r.notes.find((n) => n.rule === 'R-FMT-VERSION')?.severity).toBe('error');
  });
});
