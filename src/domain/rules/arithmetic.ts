// Arithmetic rules within one year (spec §6): the official 勾稽关系 of 表三 and the sums that
// the editor derives but an imported report may print wrongly. A check whose cells include a
// 未填 one is skipped — R-TYPE-INT already names those cells, and 未填 is never 0.

import {
  T3_COLS,
  T3_GROUPS,
  T3_LEAF_ROWS,
  T3_PART_COLS,
  T3_ROWS,
  T3_ROW_BY_KEY,
  T4_COLS,
  T4_GROUPS,
  T4_PART_COLS,
  T4_LITIGATION_HEADER,
  t3,
  type CellKey,
} from '../format.ts';
import type { Finding } from '../finding.ts';
import { cellsOfTables, finding, num, same, sum, valuesOrNull, type Rule } from './rule.ts';

/** "表三「（三）不予公开1.属于国家秘密」" — the row as printed, with its group. */
export function t3RowName(rowKey: string): string {
  const row = T3_ROW_BY_KEY[rowKey]!;
  const group = row.group ? T3_GROUPS.find((g) => g.key === row.group)!.label : '';
  return `表三「${group}${row.label}」`;
}

// Key lists built once: validate() runs on every keystroke.
const BALANCE_KEYS = T3_COLS.map((col) => [t3('r1_new', col.key), t3('r2_carryIn', col.key), t3('r3_7_total', col.key), t3('r4_carryOut', col.key)]);
const LEAF_KEYS = T3_COLS.map((col) => T3_LEAF_ROWS.map((r) => t3(r, col.key)));
const ROW_PART_KEYS = T3_ROWS.map((row) => T3_PART_COLS.map((c) => t3(row.key, c)) as CellKey[]);
// Built once: a key concatenated inside check() is a new string per report and per row, hashed
// again at every lookup (the rules run for each of 1,000 files in `nianbao check`).
const ROW_TOTAL_KEYS = T3_ROWS.map((row) => t3(row.key, 'total'));
const T4_PART_KEYS = T4_GROUPS.map((g) => T4_PART_COLS.map((c) => `t4.${g.key}.${c}`) as CellKey[]);
const T4_TOTAL_KEYS = T4_GROUPS.map((g) => `t4.${g.key}.total` as CellKey);

function gap(a: number, b: number): string {
  return `相差${num(Math.abs(a - b))}`;
}

export const t3Balance: Rule = {
  id: 'R-T3-BALANCE',
  severity: 'error',
  reads: { cells: cellsOfTables('t3') },
  title: '表三每列：一（新收）+二（上年结转）=三（七）总计+四（结转下年度）',
  check({ report }) {
    const out: Finding[] = [];
    for (const [i, col] of T3_COLS.entries()) {
      const keys = BALANCE_KEYS[i]!;
      const v = valuesOrNull(report.cells, keys);
      if (!v) continue;
      const left = v[0]! + v[1]!;
      const right = v[2]! + v[3]!;
      if (left === right) continue;
      out.push(
        finding(
          'R-T3-BALANCE',
          'error',
          `表三「${col.label}」列：一+二=${num(v[0]!)}+${num(v[1]!)}=${num(left)}，三(七)+四=${num(v[2]!)}+${num(v[3]!)}=${num(right)}，${gap(left, right)}`,
          { cells: [...keys], fix: '新收加上年结转，应等于本年办结（七）总计加结转下年度' },
        ),
      );
    }
    return out;
  },
};

export const t3Total7: Rule = {
  id: 'R-T3-TOTAL7',
  severity: 'error',
  reads: { cells: cellsOfTables('t3') },
  title: '表三（七）总计=21项办理结果之和（每件申请只计一次）',
  check({ report }) {
    const out: Finding[] = [];
    for (const [i, col] of T3_COLS.entries()) {
      const leafKeys = LEAF_KEYS[i]!;
      const totalKey = BALANCE_KEYS[i]![2]!;
      const total = report.cells[totalKey];
      const leaves = valuesOrNull(report.cells, leafKeys);
      if (total == null || !leaves) continue;
      const s = sum(leaves);
      if (s === total) continue;
      out.push(
        finding(
          'R-T3-TOTAL7',
          'error',
          `表三「${col.label}」列：（七）总计填的是${num(total)}，（一）至（六）各项之和是${num(s)}，${gap(total, s)}`,
          // All 21 parts are marked: the wrong one may be a part that was (wrongly) set to 0.
          { cells: [totalKey, ...leafKeys], fix: '（七）总计应等于予以公开、部分公开及不予公开、无法提供、不予处理、其他处理各小项之和' },
        ),
      );
    }
    return out;
  },
};

export const t3RowSum: Rule = {
  id: 'R-T3-ROWSUM',
  severity: 'error',
  reads: { cells: cellsOfTables('t3') },
  title: '表三每行：总计=自然人+五类法人或其他组织',
  check({ report }) {
    const out: Finding[] = [];
    for (const [i, row] of T3_ROWS.entries()) {
      const totalKey = ROW_TOTAL_KEYS[i]!;
      const total = report.cells[totalKey];
      const partKeys = ROW_PART_KEYS[i]!;
      const parts = valuesOrNull(report.cells, partKeys);
      if (total == null || !parts) continue;
      const s = sum(parts);
      if (s === total) continue;
      out.push(
        finding(
          'R-T3-ROWSUM',
          'error',
          `${t3RowName(row.key)}：总计填的是${num(total)}，自然人与法人或其他组织各列之和是${num(s)}，${gap(total, s)}`,
          { cells: [totalKey, ...partKeys], fix: '总计应等于自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他六列之和' },
        ),
      );
    }
    return out;
  },
};

export const t4Sum: Rule = {
  id: 'R-T4-SUM',
  severity: 'error',
  reads: { cells: cellsOfTables('t4') },
  title: '表四行政复议、直接起诉、复议后起诉各自：总计=维持+纠正+其他+尚未审结',
  check({ report }) {
    const out: Finding[] = [];
    for (const [i, g] of T4_GROUPS.entries()) {
      const totalKey = T4_TOTAL_KEYS[i]!;
      const total = report.cells[totalKey];
      const partKeys = T4_PART_KEYS[i]!;
      const parts = valuesOrNull(report.cells, partKeys);
      if (total == null || !parts) continue;
      const s = sum(parts);
      if (same(s, total)) continue;
      const name = g.key === 'review' ? g.label : `${T4_LITIGATION_HEADER}·${g.label}`;
      const partLabels = T4_COLS.filter((c) => c.key !== 'total').map((c) => c.label.replace('结果', ''));
      out.push(
        finding(
          'R-T4-SUM',
          'error',
          `表四「${name}」：总计填的是${num(total)}，${partLabels.join('+')}=${parts.map(num).join('+')}=${num(s)}，${gap(total, s)}`,
          { cells: [totalKey, ...partKeys], fix: '总计应等于结果维持、结果纠正、其他结果、尚未审结之和' },
        ),
      );
    }
    return out;
  },
};

export const ARITHMETIC_RULES: readonly Rule[] = [t3Balance, t3Total7, t3RowSum, t4Sum];
