// Which findings the editor shows, and where (issue 15: progress, not alarm). While the clerk
// fills in, a finding that only says "not written yet" (Finding.unfinished: 未填 cells, an empty
// required part) is progress, not an error: it leaves the error list and the cell marks, and the
// progress counts (src/domain/progress.ts) say what is left. Once she asks to print, or the
// report is 送审/定稿/已发布, those findings are shown as the errors they are. Real
// inconsistencies (sums, the balance, a bare “无”…) are shown at every stage.

import type { Finding } from '../domain/finding.ts';
import { SECTION_IDS, type SectionId } from '../domain/format.ts';
import type { ReportStatus } from '../doc/types.ts';

/** The report is past drafting: everything left unwritten is an error now. */
export function isFinishingStatus(status: ReportStatus): boolean {
  return status !== 'draft';
}

/** The findings to show: all of them when finishing, else without the `unfinished` ones. */
export function shownFindings(findings: readonly Finding[], finishing: boolean): readonly Finding[] {
  if (finishing) return findings;
  const shown = findings.filter((f) => !f.unfinished);
  return shown.length === findings.length ? findings : shown;
}

const SECTION_ORDER: Readonly<Record<string, number>> = Object.fromEntries(SECTION_IDS.map((id, i) => [id, i]));

/**
 * Where each finding about prose is listed: once, under the first of its sections in reading
 * order. "一、总体情况缺少：（一）…（五）" names five parts; listing it under each of them
 * repeated one message five times.
 */
export function placeBySection(findings: readonly Finding[]): ReadonlyMap<SectionId, Finding[]> {
  const out = new Map<SectionId, Finding[]>();
  for (const f of findings) {
    if (!f.sections.length) continue;
    const first = [...f.sections].sort((a, b) => SECTION_ORDER[a]! - SECTION_ORDER[b]!)[0]!;
    let list = out.get(first);
    if (!list) out.set(first, (list = []));
    list.push(f);
  }
  return out;
}
