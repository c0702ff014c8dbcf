// Value-type rules (spec §5): every cell is filled with a number of the right kind, and the
// 规章 row is 0 for units that cannot make 规章.

import { CELL_DEFS, FEE_CELL, TABLE_NAMES, cellName, type CellKey, type TableId, type UnitType } from '../format.ts';
import { UNIT_TYPE_LABELS } from '../format.ts';
import type { Finding } from '../finding.ts';
import { finding, num, type Rule } from './rule.ts';

/** How many cell names a message spells out before saying "等N个" (the cells list has them all). */
const NAMES_IN_MESSAGE = 4;

function listNames(keys: readonly CellKey[]): string {
  // The message already starts with the table's name: "表三有5个单元格未填：「…」商业企业…".
  const names = keys.slice(0, NAMES_IN_MESSAGE).map((k) => cellName(k).replace(/^表[二三四]/, ''));
  return names.join('、') + (keys.length > NAMES_IN_MESSAGE ? `等${keys.length}个` : '');
}

/**
 * R-TYPE-INT. Unfilled cells (未填, null) are reported once per table, listing every typeable
 * key (derived sums are 未填 only through their parts), so a half-typed table gives one line in
 * the panel rather than a hundred. That finding is `unfinished`: the editor shows it as progress. The fee cell's 未填 is
 * counted here too (the "0 must be written" half of the rule); its value is R-TYPE-FEE's.
 * Negative or fractional counts are reported cell by cell, naming the value.
 */
export const typeInt: Rule = {
  id: 'R-TYPE-INT',
  severity: 'error',
  reads: { cells: 'all', meta: true },
  title: '每个单元格都要填写；件数为不小于0的整数，没有的填0',
  check({ report }) {
    const out: Finding[] = [];
    const unfilled: Record<TableId, CellKey[]> = { t2: [], t3: [], t4: [] };
    for (const def of CELL_DEFS) {
      const v = report.cells[def.key];
      if (v == null) {
        // A derived sum is 未填 only because a part is; the clerk cannot type it, so it is not
        // counted as one more cell to fill.
        if (!def.derived) unfilled[def.table].push(def.key);
        continue;
      }
      if (def.kind !== 'count') continue;
      if (!Number.isInteger(v) || v < 0) {
        const why = !Number.isInteger(v) ? '不是整数' : '是负数';
        out.push(
          finding('R-TYPE-INT', 'error', `${cellName(def.key)}填的是${num(v)}，${why}；件数应为不小于0的整数`, {
            cells: [def.key],
            fix: '改为不小于0的整数',
          }),
        );
      }
    }
    for (const table of ['t2', 't3', 't4'] as const) {
      const keys = unfilled[table];
      if (!keys.length) continue;
      out.push(
        finding('R-TYPE-INT', 'error', `${TABLE_NAMES[table]}有${keys.length}个单元格未填：${listNames(keys)}`, {
          cells: keys,
          fix: '没有数据的单元格也要填0，不能留空或写“/”“无”',
          unfinished: true,
        }),
      );
    }
    return out;
  },
};

/** 1 万元 = 10000 元, so six decimals reach 分; anything finer is a unit slip or float noise. */
const MAX_FEE_DECIMALS = 6;

function decimals(v: number): number {
  const s = String(v);
  if (s.includes('e-')) return Number(s.split('e-')[1]) + (s.split('e-')[0]!.split('.')[1]?.length ?? 0);
  return s.split('.')[1]?.length ?? 0;
}

/** Amounts in 元 stated in the prose ("收费1200元"); "1200万元" does not match (万 breaks it). */
function yuanAmounts(text: string): number[] {
  return [...text.matchAll(/(\d+(?:\.\d+)?)\s*元/g)].map((m) => Number(m[1]));
}

/**
 * R-TYPE-FEE. The fee is a decimal ≥ 0 in 万元. Two heuristics for the usual slip — typing the
 * amount in 元 into a 万元 cell: the prose gives the very same figure in 元, or the figure has
 * more decimals than 分 (6) can explain.
 */
export const typeFee: Rule = {
  id: 'R-TYPE-FEE',
  severity: 'error',
  reads: { cells: 'all', sections: true, meta: true },
  title: '表二行政事业性收费金额为不小于0的数，单位万元',
  check({ report }) {
    const v = report.cells[FEE_CELL];
    if (v == null) return []; // 未填 is R-TYPE-INT's
    const name = cellName(FEE_CELL);
    if (v < 0) {
      return [finding('R-TYPE-FEE', 'error', `${name}填的是${num(v)}，金额不能为负数`, { cells: [FEE_CELL] })];
    }
    const out: Finding[] = [];
    if (decimals(v) > MAX_FEE_DECIMALS) {
      out.push(
        finding(
          'R-TYPE-FEE',
          'warning',
          `${name}填的是${v}，小数超过${MAX_FEE_DECIMALS}位（万元的6位小数已到“分”），可能是单位换算出错`,
          { cells: [FEE_CELL], fix: '单位是万元：1万元=10000元，请按万元填写并保留到分（6位小数）以内' },
        ),
      );
    }
    if (v > 0) {
      for (const id of Object.keys(report.sections) as (keyof typeof report.sections)[]) {
        if (yuanAmounts(report.sections[id]).some((a) => a === v)) {
          out.push(
            finding(
              'R-TYPE-FEE',
              'warning',
              `${name}填的是${num(v)}万元，正文写的是${num(v)}元，单位可能填错（${num(v)}元=${num(v / 10000)}万元）`,
              { cells: [FEE_CELL], sections: [id], fix: '表二收费金额的单位是万元' },
            ),
          );
          break;
        }
      }
    }
    return out;
  },
};

/**
 * R-SEM-REG-LEVEL. Only 国务院部门 and 省级、设区的市级人民政府 make 规章 (立法法). A 乡镇 or a
 * county government reporting one is an error; a department may be a 国务院部门 (we do not know
 * its level), so only a warning.
 */
const REG_LEVEL_SEVERITY: Partial<Record<UnitType, 'error' | 'warning'>> = {
  township: 'error',
  county: 'error',
  department: 'warning',
};

export const semRegLevel: Rule = {
  id: 'R-SEM-REG-LEVEL',
  severity: 'error',
  reads: { cells: 'all', meta: true },
  title: '乡镇、县级政府和（非国务院）部门不制定规章，表二“规章”行应为0',
  check({ report }) {
    const severity = REG_LEVEL_SEVERITY[report.unit.type];
    if (!severity) return [];
    const keys = ['t2.regulations.issued', 't2.regulations.repealed', 't2.regulations.valid'] as const;
    const nonZero = keys.filter((k) => (report.cells[k] ?? 0) !== 0);
    if (!nonZero.length) return [];
    const parts = nonZero.map((k) => `${cellName(k).replace(/^表二「规章」/, '')}${num(report.cells[k]!)}`).join('、');
    const who = UNIT_TYPE_LABELS[report.unit.type];
    const extra = severity === 'warning' ? '（只有国务院部门能制定规章，如本单位不是请改为0）' : '';
    return [
      finding('R-SEM-REG-LEVEL', severity, `${who}不制定规章，但表二「规章」填了：${parts}${extra}`, {
        cells: [...nonZero],
        fix: '规章只由国务院部门和省级、设区的市级人民政府制定；本单位制发的文件应填在“行政规范性文件”行',
      }),
    ];
  },
};

export const TYPE_RULES: readonly Rule[] = [typeInt, typeFee, semRegLevel];
