// A report's findings, computed the same way wherever they are shown — the editor's panel and
// counts, the library row's ✖/⚠ after creating, importing or merging a 同步包: the validator on the
// report (with last year's report for the cross-year rules) plus one finding per conflicted cell.
// Before this, the library validated without conflicts, so its count right after a 同步包 import
// left out the conflicts that import had just created (issue 11).

import type * as Y from 'yjs';
import { conflictFindings, readMeta, readReport, type ReportMeta } from '../doc/report-doc.ts';
import type { Finding } from '../domain/finding.ts';
import type { Report } from '../domain/report.ts';
import { validateIncremental, type ReportTouch, type Validation } from '../domain/validate.ts';
import { isFinishingStatus, shownFindings } from './finding-display.ts';
import { todayInBeijing } from './report-row.ts';
import { publicationOf } from './publication.ts';

export interface FindingsContext {
  /** Last year's report of the same unit, when the library has it. */
  previous?: Report;
  /** YYYY-MM-DD in Beijing time; today by default. */
  today?: string;
}

/** Every finding about the report held in `doc`; `report` is its snapshot when the caller has one. */
export function reportFindings(doc: Y.Doc, ctx: FindingsContext = {}, report: Report = readReport(doc)): Finding[] {
  return reportFindingsAfter(doc, ctx, report, null, 'all').findings;
}

/** What the last findings computation keeps for the next (the editor's, per keystroke). */
export interface FindingsState {
  validation: Validation;
  conflicts: Finding[];
}

/**
 * reportFindings after an edit that touched `touched` (issue 11, the keystroke path): only the
 * rules that read what it touched run again (validateIncremental), conflict findings are
 * recomputed only when cells were written. Same result as reportFindings.
 */
export function reportFindingsAfter(
  doc: Y.Doc,
  ctx: FindingsContext,
  report: Report,
  previous: FindingsState | null,
  touched: ReportTouch | 'all',
): { findings: Finding[]; state: FindingsState } {
  // The status log's publication record: R-DEADLINE judges its date, and 已发布 is never "尚未发布".
  const options = { previous: ctx.previous, today: ctx.today ?? todayInBeijing(), publication: publicationOf(doc) };
  const validation = validateIncremental(previous?.validation ?? null, report, options, touched);
  const conflicts = previous && touched !== 'all' && !touched.meta && [...touched.cells].length === 0 ? previous.conflicts : conflictFindings(doc);
  return { findings: [...conflicts, ...validation.findings], state: { validation, conflicts } };
}

/**
 * What a report's library row counts (✖/⚠): the findings its page shows for its status — while
 * a 草稿 is being filled in, not those that only say "not written yet". The editor writes its rows
 * with the same choice, so a row does not change its count when the report is merely opened.
 */
export function countedFindings(all: readonly Finding[], status: ReportMeta['status']): readonly Finding[] {
  return shownFindings(all, isFinishingStatus(status));
}

/** The findings a library row counts for the report held in `doc`. */
export function rowFindings(doc: Y.Doc, ctx: FindingsContext = {}): readonly Finding[] {
  return countedFindings(reportFindings(doc, ctx), readMeta(doc).status);
}
