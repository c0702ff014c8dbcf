import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  CELL_KEYS,
  CELL_DEFS,
  DERIVED_CELL_KEYS,
  TABLE_LAYOUTS,
  TYPED_CELL_KEYS,
  isValueCell,
  cellName,
  type TableLayout,
} from '../../src/domain/format.ts';
import { emptyCells, restoreReport, reportToJSON, parseReportJSON, withDerived } from '../../src/domain/report.ts';

/** Place every layout cell on the grid, as a browser would, and check that it tiles exactly. */
function occupancy(layout: TableLayout): (string | null)[][] {
  const grid: (string | null)[][] = layout.rows.map(() => Array(layout.columns).fill(null));
  layout.rows.forEach((row, r) => {
    let c = 0;
    for (const cell of row) {
      while (grid[r]![c] !== null) c++;
      const rs = isValueCell(cell) ? 1 : (cell.rowspan ?? 1);
      const cs = cell.colspan ?? 1;
      for (let i = 0; i < rs; i++)
        for (let j = 0; j < cs; j++) {
          expect(grid[r + i]?.[c + j], `${layout.id} row ${r} overlaps at col ${c + j}`).toBe(null);
          grid[r + i]![c + j] = isValueCell(cell) ? cell.cell : cell.label;
        }
      c += cs;
    }
  });
  return grid;
}

describe('the 2021 format as data', () => {
  it('has exactly the 200 cell keys of the spec, each once', () => {
    expect(CELL_KEYS).toHaveLength(200);
    expect(new Set(CELL_KEYS).size).toBe(200);
    const spec = readFileSync(new URL('../fixtures/xiaye-town-2023.expected.json', import.meta.url), 'utf8');
    expect(Object.keys(JSON.parse(spec).cells)).toEqual([...CELL_KEYS]);
    expect(TYPED_CELL_KEYS.length + DERIVED_CELL_KEYS.length).toBe(200);
    expect(DERIVED_CELL_KEYS).toHaveLength(25 + 6 + 3);
  });

  it('lays out every table as a full grid that shows every cell exactly once', () => {
    const seen: string[] = [];
    for (const layout of Object.values(TABLE_LAYOUTS)) {
      const grid = occupancy(layout);
      for (const row of grid) expect(row.every((x) => x !== null)).toBe(true);
      for (const row of layout.rows) for (const c of row) if (isValueCell(c)) seen.push(c.cell);
    }
    expect(seen.sort()).toEqual([...CELL_KEYS].sort());
  });

  it('names cells for messages', () => {
    expect(cellName('t3.r1_new.np')).toBe('表三「一、本年新收政府信息公开申请数量」自然人');
    expect(cellName('t3.r3_3_1_stateSecret.total')).toBe('表三「（三）不予公开1.属于国家秘密」总计');
    expect(cellName('t4.litDirect.total')).toBe('表四「行政诉讼·未经复议直接起诉」总计');
  });

  it('computes derived sums from filled parts only', () => {
    const cells = emptyCells();
    expect(withDerived(cells)['t3.r1_new.total']).toBe(null);
    cells['t3.r1_new.np'] = 2;
    cells['t3.r3_1_grant.np'] = 1;
    cells['t3.r3_6_3_other.biz'] = 4;
    const d = withDerived(cells);
    expect(d['t3.r1_new.total']).toBe(2);
    expect(d['t3.r3_7_total.np']).toBe(1);
    expect(d['t3.r3_7_total.total']).toBe(5);
    expect(CELL_DEFS.filter((c) => c.derived).every((c) => c.parts && c.parts.length > 0)).toBe(true);
  });
});

describe('restoreReport', () => {
  const good = JSON.parse(readFileSync(new URL('../fixtures/xiaye-town-2023.expected.json', import.meta.url), 'utf8'));

  it('restores the contract JSON and writes it back unchanged', () => {
    const r = restoreReport(good);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.cells['t2.penalty.decisions']).toBe(22);
    const again = parseReportJSON(reportToJSON(r.value));
    expect(again).toEqual(r);
  });

  it.each([
    [null, '顶层应为对象'],
    [{ ...good, format: 'gov-info-disclosure-annual-report/2019' }, '只支持 2021 年版格式'],
    [{ ...good, unit: { name: '', type: 'township' } }, '单位名称'],
    [{ ...good, unit: { name: 'x', type: 'village' } }, '单位类型'],
    [{ ...good, year: '2023' }, '报告年度'],
    [{ ...good, cells: { ...good.cells, 't3.r1_new.np': '2' } }, '应为数字或 null'],
    [{ ...good, cells: { 't9.x': 1 } }, '未知的单元格'],
    [{ ...good, sections: { s7: 'x' } }, '未知的正文部分'],
    [{ ...good, deadline: '2024/1/31' }, 'YYYY-MM-DD'],
  ])('rejects malformed data with a Chinese message (%#)', (data, words) => {
    const r = restoreReport(data);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(words);
  });

  it('rejects broken JSON text', () => {
    const r = parseReportJSON('{"format":');
    expect(r.ok).toBe(false);
  });
});
