// What the three WPS-made fixture PDFs print, transcribed by hand from their rendered pages
// (pdftoppm -r 110), not from any importer's output. 表三 rows are in the official order
// (T3_ROWS); a row the file does not print is null (洪泽 prints （六）其他处理 as one 2019-style
// row, which has no 2021 cells). Titles keep the space the PDFs print between the year and 年.
import { CELL_KEYS, T3_COLS, T3_ROWS, T4_COLS, T4_GROUPS } from '../../src/domain/format.ts';

interface Printed {
  file: string;
  title: string;
  unit: string;
  year: number;
  t2: [number, number, number, number, number, number, number, number, number, number];
  /** 25 rows × 7 columns (自然人 … 总计), null when the row is not printed. */
  t3: (string | null)[];
  t4: string;
  /** True when 表三（六） is printed as one 2019-style row (R-FMT-VERSION). */
  oldOtherRow: boolean;
}

export const PDF_FIXTURES: Printed[] = [
  {
    file: 'huaian-hongze-2023.pdf',
    title: '洪泽区人民政府2023 年政府信息公开工作年度报告',
    unit: '洪泽区人民政府',
    year: 2023,
    // 规章 0 0 0 · 行政规范性文件 0 5 5 · 许可 550 · 处罚 4119 · 强制 195 · 收费 7730.28
    t2: [0, 0, 0, 0, 5, 5, 550, 4119, 195, 7730.28],
    t3: [
      '21 0 0 0 0 0 21', '0 0 0 0 0 0 0', '0 0 0 0 0 0 0', '4 0 0 0 0 0 4',
      '1 0 0 0 0 0 1', '0 0 0 0 0 0 0', '0 0 0 0 0 0 0', '0 0 0 0 0 0 0', '0 0 0 0 0 0 0', '1 0 0 0 0 0 1', '1 0 0 0 0 0 1', '0 0 0 0 0 0 0',
      '10 0 0 0 0 0 10', '3 0 0 0 0 0 3', '0 0 0 0 0 0 0',
      '1 0 0 0 0 0 1', '0 0 0 0 0 0 0', '0 0 0 0 0 0 0', '0 0 0 0 0 0 0', '0 0 0 0 0 0 0',
      null, null, null,
      '21 0 0 0 0 0 21', '0 0 0 0 0 0 0',
    ],
    // 行政复议 10 1 0 0 总计 0 (printed so) · 直接起诉 0 0 0 0 0 · 复议后起诉 5 0 0 0 0
    t4: '10 1 0 0 0  0 0 0 0 0  5 0 0 0 0',
    oldOtherRow: true,
  },
  {
    file: 'huaian-hongze-2024.pdf',
    title: '淮安市洪泽区人民政府2024 年政府信息公开工作年度报告',
    unit: '淮安市洪泽区人民政府',
    year: 2024,
    t2: [0, 0, 0, 3, 0, 8, 9487, 2776, 84, 7545],
    t3: [
      '95 0 0 0 0 0 95', '0 0 0 0 0 0 0', '50 0 0 0 0 0 50', '9 0 0 0 0 0 9',
      '0 0 0 0 0 0 0', '0 0 0 0 0 0 0', '1 0 0 0 0 0 1', '0 0 0 0 0 0 0', '0 0 0 0 0 0 0', '1 0 0 0 0 0 1', '1 0 0 0 0 0 1', '0 0 0 0 0 0 0',
      '31 0 0 0 0 0 31', '1 0 0 0 0 0 1', '0 0 0 0 0 0 0',
      '1 0 0 0 0 0 1', '0 0 0 0 0 0 0', '0 0 0 0 0 0 0', '0 0 0 0 0 0 0', '0 0 0 0 0 0 0',
      null, null, null,
      '95 0 0 0 0 0 95', '0 0 0 0 0 0 0',
    ],
    t4: '1 1 0 0 2  1 0 0 0 1  2 0 1 0 3',
    oldOtherRow: true,
  },
  {
    file: 'huaian-city-2024.pdf',
    title: '淮安市人民政府2024 年政府信息公开工作年度报告',
    unit: '淮安市人民政府',
    year: 2024,
    t2: [1, 0, 11, 8, 26, 66, 447228, 3985758, 88283, 96171.6],
    t3: [
      '3001 53 0 0 61 4 3119', '34 0 0 0 0 0 34', '1288 21 0 0 50 3 1362', '447 7 0 0 0 0 454',
      '2 0 0 0 0 0 2', '30 1 0 0 0 0 31', '5 0 0 0 0 0 5', '6 0 0 0 0 0 6', '7 1 0 0 0 0 8', '12 0 0 0 0 0 12', '9 0 0 0 0 0 9', '105 0 0 0 0 0 105',
      '746 12 0 0 10 1 769', '11 0 0 0 0 0 11', '1 0 0 0 0 0 1',
      '56 6 0 0 0 0 62', '25 0 0 0 0 0 25', '0 0 0 0 0 0 0', '0 0 0 0 0 0 0', '1 0 0 0 0 0 1',
      '67 3 0 0 1 0 71', '6 0 0 0 0 0 6', '108 2 0 0 0 0 110',
      '2932 53 0 0 61 4 3050', '103 0 0 0 0 0 103',
    ],
    t4: '72 64 178 37 351  13 4 8 1 26  12 1 1 6 20',
    oldOtherRow: false,
  },
];

const T2_KEYS = [
  't2.regulations.issued', 't2.regulations.repealed', 't2.regulations.valid',
  't2.normativeDocs.issued', 't2.normativeDocs.repealed', 't2.normativeDocs.valid',
  't2.license.decisions', 't2.penalty.decisions', 't2.coercion.decisions', 't2.fees.amountWanYuan',
];

/** All 200 cells as printed (null: not printed). */
export function printedCells(p: Printed): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  T2_KEYS.forEach((k, i) => (out[k] = p.t2[i]!));
  T3_ROWS.forEach((row, r) => {
    const vals = p.t3[r]?.split(/\s+/).map(Number) ?? null;
    T3_COLS.forEach((c, i) => (out[`t3.${row.key}.${c.key}`] = vals ? vals[i]! : null));
  });
  const t4 = p.t4.split(/\s+/).map(Number);
  T4_GROUPS.forEach((g, gi) => T4_COLS.forEach((c, ci) => (out[`t4.${g.key}.${c.key}`] = t4[gi * 5 + ci]!)));
  if (Object.keys(out).length !== CELL_KEYS.length || CELL_KEYS.some((k) => !(k in out))) throw new Error('transcription does not cover the 200 cells');
  return out;
}
