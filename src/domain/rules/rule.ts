// What a validation rule is, and the small helpers every rule file shares. A rule is a record
// (DESIGN.md §4): its public id (spec/format-2021.md §5–6), the most severe level it reports,
// and a pure check over one report (plus, for cross-year rules, last year's report).

import type { CellKey, SectionId, TableId } from '../format.ts';
import type { Finding, RuleId, Severity } from '../finding.ts';
import type { Report } from '../report.ts';

export interface RuleContext {
  report: Report;
  /** The same organisation's report for the previous year, when the user supplied one. */
  previous?: Report;
  /** Today's date as YYYY-MM-DD; the validator never reads the clock itself (stays pure). */
  today?: string;
  /** The report is marked 已发布 (status log), with the date and address when recorded. */
  publication?: { on?: string; url?: string };
}

export interface Rule {
  id: RuleId;
  /**
   * The most severe level this rule reports. A few rules also report milder findings
   * (R-SEM-REG-LEVEL: warning for departments; R-TXT-NUM: warning when scope words differ).
   */
  severity: Severity;
  /** Short Chinese description for the rule table (docs, help panel). */
  title: string;
  /**
   * What of the report the check reads, so that an edit re-runs only the rules that read what it
   * touched (validateIncremental). Undeclared: re-run on every edit. tests/unit/rule-reads.test.ts
   * checks each declaration against what the rule really reads.
   */
  reads?: RuleReads;
  check(ctx: RuleContext): Finding[];
}

export interface RuleReads {
  /** report.cells: every cell, or those a predicate accepts. */
  cells?: 'all' | ((key: CellKey) => boolean);
  /** report.sections. */
  sections?: boolean;
  /** Everything else of the report: unit, year, title, deadline, publishedOn, format. */
  meta?: boolean;
}

/** The cells of some tables (a rule that reads only 表三 ignores an edit in 表二). */
export function cellsOfTables(...tables: TableId[]): (key: CellKey) => boolean {
  const prefixes = tables.map((t) => t + '.');
  return (key) => prefixes.some((p) => key.startsWith(p));
}

export function finding(
  rule: RuleId,
  severity: Severity,
  message: string,
  where: { cells?: CellKey[]; sections?: SectionId[]; fix?: string; unfinished?: boolean } = {},
): Finding {
  const f: Finding = { rule, severity, cells: where.cells ?? [], sections: where.sections ?? [], message };
  if (where.fix) f.fix = where.fix;
  if (where.unfinished) f.unfinished = true;
  return f;
}

/** Numbers as a clerk would write them: no float noise (0.1+0.2 → 0.3), no exponent. */
export function num(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toFixed(6)));
}

/** The values of `keys`, or null when any of them is 未填 (arithmetic never treats 未填 as 0). */
export function valuesOrNull(cells: Report['cells'], keys: readonly CellKey[]): number[] | null {
  const out: number[] = [];
  for (const k of keys) {
    const v = cells[k];
    if (v == null) return null;
    out.push(v);
  }
  return out;
}

export function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

/** Float-safe equality for sums of 万元 amounts; counts are integers and compare exactly. */
export function same(a: number, b: number): boolean {
  return Math.abs(a - b) < 1e-9;
}
