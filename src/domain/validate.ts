// The validator: every rule of spec/format-2021.md §5–6 that can be computed from one report
// (plus, optionally, the same organisation's previous report), run in a fixed order. Pure and
// fast — it runs on every keystroke in the editor (bench/validate.bench.ts).
//
// R-LBL and R-FMT-VERSION look at labels as read from a file, which a Report no longer has:
// importers call labelFindings / formatVersionFindings (rules/imported.ts) themselves.

import type { Finding } from './finding.ts';
import type { CellKey } from './format.ts';
import type { Report } from './report.ts';
import { ARITHMETIC_RULES } from './rules/arithmetic.ts';
import { CROSS_YEAR_RULES } from './rules/cross-year.ts';
import { PROCESS_RULES } from './rules/process.ts';
import type { Rule, RuleContext } from './rules/rule.ts';
import { txtNum } from './rules/text-numbers.ts';
import { TEXT_RULES } from './rules/text.ts';
import { TYPE_RULES } from './rules/types.ts';

export type { Rule, RuleContext } from './rules/rule.ts';
export { labelFindings, formatVersionFindings } from './rules/imported.ts';

export interface ValidateOptions {
  /** The same organisation's report for year − 1 (enables R-X-*). */
  previous?: Report;
  /** Today as YYYY-MM-DD (enables the "not yet published" half of R-DEADLINE). */
  today?: string;
  /** The publication record (status log): a report marked 已发布 is never "尚未发布", date known or not. */
  publication?: { on?: string; url?: string };
}

/** Every rule validate() runs, in the order their findings are returned. */
export const RULES: readonly Rule[] = [
  ...TYPE_RULES,
  ...ARITHMETIC_RULES,
  ...CROSS_YEAR_RULES,
  txtNum,
  ...TEXT_RULES,
  ...PROCESS_RULES,
];

/**
 * All findings for `report`, errors first, then warnings, then info; within a severity in rule
 * order (types, arithmetic, cross-year, text, process).
 */
export function validate(report: Report, options: ValidateOptions = {}): Finding[] {
  return validateIncremental(null, report, options, 'all').findings;
}

/** What an edit touched: cells by key (derived sums they feed included), prose, metadata. */
export interface ReportTouch {
  cells: Iterable<CellKey>;
  sections: boolean;
  meta: boolean;
}

/** One validation, kept so that the next edit re-runs only the rules that read what it touched. */
export interface Validation {
  readonly findings: Finding[];
  readonly byRule: readonly (readonly Finding[])[];
  readonly options: ValidateOptions;
}

function samePublication(a: ValidateOptions['publication'], b: ValidateOptions['publication']): boolean {
  return a === b || (!!a && !!b && a.on === b.on && a.url === b.url);
}

function mustRerun(rule: Rule, touched: { cells: readonly CellKey[]; sections: boolean; meta: boolean }): boolean {
  const reads = rule.reads;
  if (!reads) return true;
  if (touched.meta && reads.meta) return true;
  if (touched.sections && reads.sections) return true;
  if (!reads.cells) return false;
  for (const k of touched.cells) if (reads.cells === 'all' || reads.cells(k)) return true;
  return false;
}

/**
 * validate() after an edit: rules that read nothing the edit touched keep their findings from
 * `previous` (same report otherwise, same options); the rest run again. Same result as
 * validate(report, options) — the property test tests/property/validate-incremental.test.ts
 * compares them over random edit sequences. 'all' (or no previous validation, or other
 * options) runs every rule.
 */
export function validateIncremental(previous: Validation | null, report: Report, options: ValidateOptions, touched: ReportTouch | 'all'): Validation {
  const ctx: RuleContext = { report };
  if (options.previous) ctx.previous = options.previous;
  if (options.today) ctx.today = options.today;
  if (options.publication) ctx.publication = options.publication;
  const reuse =
    previous !== null &&
    touched !== 'all' &&
    previous.options.previous === options.previous &&
    previous.options.today === options.today &&
    samePublication(previous.options.publication, options.publication);
  const t = touched === 'all' ? null : { cells: [...touched.cells], sections: touched.sections, meta: touched.meta };
  const byRule = RULES.map((rule, i) => (reuse && t && !mustRerun(rule, t) ? previous.byRule[i]! : rule.check(ctx)));
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const all = byRule.flat();
  const findings = all
    .map((f, i) => [f, i] as const)
    .sort((a, b) => rank[a[0].severity] - rank[b[0].severity] || a[1] - b[1])
    .map(([f]) => f);
  return { findings, byRule, options: { ...options } };
}
