// R-DEADLINE (spec §6 Process): the report must be published by the organisation's deadline
// (report.deadline, default 1月31日 of the following year, 条例第四十九条). The validator never
// reads the clock: without `today` it only judges a report that is already published.

import type { Finding } from '../finding.ts';
import { defaultDeadline } from '../report.ts';
import { finding, type Rule } from './rule.ts';
import { ISO_DATE_RE, chineseDate } from '../beijing-time.ts';

const DAY_MS = 86_400_000;
/** How early the editor starts reminding that the deadline is near. */
export const DEADLINE_REMINDER_DAYS = 7;

function dayNumber(ymd: string): number | null {
  const m = ISO_DATE_RE.exec(ymd);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(t) ? null : Math.round(t / DAY_MS);
}


export const deadline: Rule = {
  id: 'R-DEADLINE',
  severity: 'error',
  reads: { meta: true },
  title: '按时发布：默认次年1月31日前（可按本单位要求设置）',
  check({ report, today, publication }) {
    const due = report.deadline ?? defaultDeadline(report.year);
    const dueDay = dayNumber(due);
    if (dueDay == null) return [];
    const out: Finding[] = [];
    // The status log's 发布日期 is the record; the report's own date (read from an imported page) otherwise.
    const publishedOn = publication?.on ?? report.publishedOn;
    if (publishedOn) {
      const pub = dayNumber(publishedOn);
      if (pub != null && pub > dueDay) {
        out.push(
          finding('R-DEADLINE', 'error', `报告于${chineseDate(publishedOn)}发布，晚于截止日期${chineseDate(due)}${pub - dueDay}天`),
        );
      }
      return out;
    }
    // Marked 已发布 without a known date (an imported page without a signature date): not late-unpublished.
    if (publication) return out;
    const now = today ? dayNumber(today) : null;
    if (now == null) return out;
    if (now > dueDay) {
      out.push(
        finding('R-DEADLINE', 'error', `截止日期${chineseDate(due)}已过${now - dueDay}天，报告尚未发布`, {
          fix: '尽快审核发布，并记录发布日期',
        }),
      );
    } else if (dueDay - now <= DEADLINE_REMINDER_DAYS) {
      const left = dueDay - now;
      out.push(
        finding('R-DEADLINE', 'info', left === 0 ? `今天（${chineseDate(due)}）是发布截止日` : `距发布截止日期${chineseDate(due)}还有${left}天`),
      );
    }
    return out;
  },
};

export const PROCESS_RULES: readonly Rule[] = [deadline];
