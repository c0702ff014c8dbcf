// 汇总表: 表二/三/四 summed over a chosen set of units' reports (issue 17). Pure: the CLI's
// `aggregate`, the county workspace and their exports all call this one function.
//
// Every typed cell is the sum of the units' filled values (a cell no unit filled stays 未填);
// the derived sums are then recomputed from those parts, never added up from the units' printed
// totals, so a unit's wrong total cannot leak into the sum. The sum is then checked by the same
// table rules as any report (validate), e.g. 一+二=三(七)+四 must still balance.

import { CELL_DEFS, FEE_CELL } from './format.ts';
import type { Finding } from './finding.ts';
import { kindOf } from './finding-kinds.ts';
import { emptyCells, emptyReport, withDerived, type Report, type Result } from './report.ts';
import { validate } from './validate.ts';

export interface AggregateOptions {
  /** What the set is called, e.g. "某某县2023年各单位"; becomes unit.name of the summed report. */
  name?: string;
  /** Units that should be in the set (one name per entry); those absent are listed as missing. */
  expect?: readonly string[];
}

export interface Aggregate {
  /** The summed report: unit.name names the set, sections are empty. */
  report: Report;
  /** Names of the units summed, in the order given. */
  units: string[];
  /** Expected units with no report in the set (empty without `expect`). */
  missing: string[];
  /** Table rules' findings on the sums themselves. */
  findings: Finding[];
}

/** Split an expected-units list (one name a line; blank lines and # comments ignored). */
export function parseUnitList(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.trim();
    if (line && !line.startsWith('#') && !out.includes(line)) out.push(line);
  }
  return out;
}

export function aggregateReports(reports: readonly Report[], opts: AggregateOptions = {}): Result<Aggregate> {
  if (!reports.length) return { ok: false, error: '没有可汇总的报告。' };
  const seen = new Map<string, number>();
  for (const r of reports) seen.set(r.unit.name, (seen.get(r.unit.name) ?? 0) + 1);
  const twice = [...seen].filter(([, n]) => n > 1).map(([name]) => name);
  if (twice.length) return { ok: false, error: `同一单位有多份报告：${twice.join('、')}。请每个单位只保留一份后再汇总。` };
  const years = new Map<number, number>();
  for (const r of reports) years.set(r.year, (years.get(r.year) ?? 0) + 1);
  if (years.size > 1) {
    const parts = [...years].sort((a, b) => b[0] - a[0]).map(([y, n]) => `${y}年 ${n} 份`);
    return { ok: false, error: `报告年度不一致（${parts.join('，')}），只能汇总同一年度的报告。` };
  }
  const year = reports[0]!.year;
  const cells = emptyCells();
  for (const def of CELL_DEFS) {
    if (def.derived) continue;
    let sum = 0;
    let any = false;
    for (const r of reports) {
      const v = r.cells[def.key];
      if (typeof v === 'number' && Number.isFinite(v)) {
        sum += v;
        any = true;
      }
    }
    // 万元 to six decimals, as typed: 0.1 + 0.2 must not print as 0.30000000000000004.
    cells[def.key] = any ? (def.key === FEE_CELL ? Number(sum.toFixed(6)) : sum) : null;
  }
  const name = opts.name?.trim() || `${reports.length}个单位`;
  const report: Report = { ...emptyReport({ name, type: 'county', year, title: `${name}${year}年政府信息公开工作年度报告汇总表` }), cells: withDerived(cells) };
  const units = reports.map((r) => r.unit.name);
  const missing = (opts.expect ?? []).filter((u) => !seen.has(u));
  const findings = validate(report).filter((f) => kindOf(f.rule) === 'arithmetic');
  return { ok: true, value: { report, units, missing, findings } };
}
