// The report's status as a pure function of its status log (src/doc/status-log.ts stores the
// log). 草稿 → 送审 → 定稿 → 已发布; 解锁 (with a reason) lifts a sign-off. Every replica holds
// the same log in the same order (a Y.Array converges to one order, and a replica only ever
// appends after what it has seen, so causal order is kept); folding it here therefore gives the
// same status everywhere. A step that does not apply to the status it meets (two colleagues
// signing off at once: the second finds it already 定稿) stays in the log, marked as not applied,
// so nobody's action disappears.

import type { ReportStatus } from './edit-checks.ts';

/** The same four statuses the report's meta has always had (edit-checks.ts). */
export type ReportStatusId = ReportStatus;
export type StatusStepKind = 'review' | 'final' | 'unlock' | 'published';

export const STATUS_LABELS: Readonly<Record<ReportStatusId, string>> = {
  draft: '草稿',
  review: '待审核',
  final: '定稿',
  published: '已发布',
};
export const STEP_LABELS: Readonly<Record<StatusStepKind, string>> = {
  review: '送审',
  final: '定稿',
  unlock: '解锁',
  published: '标记为已发布',
};

export interface StatusStep {
  step: StatusStepKind;
  by: string;
  byId: string;
  /** epoch ms */
  at: number;
  /** 解锁原因 */
  reason?: string;
  /** 发布日期 YYYY-MM-DD */
  date?: string;
  /** 发布网址 */
  url?: string;
  /** 'import': recorded when a published report was imported, not by a person's action. */
  source?: 'import';
}

export interface StatusEntry {
  entry: StatusStep;
  applied: boolean;
  /** Why a step did not apply (it met a status it does not lead from). */
  why?: string;
}

export interface Publication {
  /** YYYY-MM-DD, when known. */
  on?: string;
  url?: string;
  by: string;
  at: number;
}

export interface StatusView {
  status: ReportStatusId;
  /** 定稿 (and 已发布 after a sign-off): nobody edits until 解锁. */
  locked: boolean;
  signedOff: { by: string; at: number } | null;
  published: Publication | null;
  entries: StatusEntry[];
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_REASON = 500;
const MAX_URL = 2000;

/** Which steps lead from which status (published may be recorded from any stage: some offices publish without a 定稿 in the app). */
const FROM: Readonly<Record<StatusStepKind, readonly ReportStatusId[]>> = {
  review: ['draft'],
  final: ['draft', 'review'],
  unlock: ['final', 'published'],
  published: ['draft', 'review', 'final'],
};

/** Why this step cannot be taken now, or null. Checks the fields too (a clear Chinese reason). */
export function checkStep(view: Pick<StatusView, 'status'>, step: Omit<StatusStep, 'by' | 'byId' | 'at'>): string | null {
  if (!FROM[step.step]) return '未知的状态操作。';
  if (!FROM[step.step].includes(view.status)) {
    return `报告当前是“${STATUS_LABELS[view.status]}”，不能${STEP_LABELS[step.step]}。`;
  }
  if (step.step === 'unlock') {
    if (typeof step.reason !== 'string' || !step.reason.trim()) return '解锁需要填写解锁原因。';
    if (step.reason.length > MAX_REASON) return `解锁原因不能超过${MAX_REASON}字。`;
  }
  if (step.step === 'published') {
    if (step.date !== undefined && !(typeof step.date === 'string' && validDate(step.date))) return '发布日期应为“年-月-日”，如 2025-01-20。';
    if (step.date === undefined && step.source !== 'import') return '请填写发布日期。';
    if (step.url !== undefined && step.url !== '' && !validUrl(step.url)) return '发布网址应以 http:// 或 https:// 开头。';
  }
  return null;
}

function validDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  const t = new Date(Date.UTC(y!, m! - 1, d!));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m! - 1 && t.getUTCDate() === d;
}

function validUrl(s: string): boolean {
  if (typeof s !== 'string' || s.length > MAX_URL) return false;
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A stored log entry read back (from a peer, a file): a typed step, or null for anything malformed. */
export function restoreStep(raw: unknown): StatusStep | null {
  if (!raw || typeof raw !== 'object') return null;
  const o = raw as Record<string, unknown>;
  if (typeof o.step !== 'string' || !(o.step in FROM)) return null;
  if (typeof o.by !== 'string' || typeof o.byId !== 'string' || typeof o.at !== 'number' || !Number.isFinite(o.at)) return null;
  const s: StatusStep = { step: o.step as StatusStepKind, by: o.by, byId: o.byId, at: o.at };
  if (typeof o.reason === 'string') s.reason = o.reason.slice(0, MAX_REASON);
  if (typeof o.date === 'string' && validDate(o.date)) s.date = o.date;
  if (typeof o.url === 'string' && validUrl(o.url)) s.url = o.url;
  if (o.source === 'import') s.source = 'import';
  if (s.step === 'unlock' && !s.reason?.trim()) return null;
  return s;
}

/**
 * The status after the log, starting from `initial` (the status field of reports written before
 * the log existed). Pure and order-dependent only on the log's own order.
 */
export function foldStatus(log: readonly unknown[], initial: ReportStatusId = 'draft'): StatusView {
  let status: ReportStatusId = initial;
  let signedOff: StatusView['signedOff'] = null;
  let published: Publication | null = null;
  const entries: StatusEntry[] = [];
  for (const raw of log) {
    const entry = restoreStep(raw);
    if (!entry) continue;
    const why = checkStep({ status }, entry);
    if (why) {
      entries.push({ entry, applied: false, why });
      continue;
    }
    entries.push({ entry, applied: true });
    switch (entry.step) {
      case 'review':
        status = 'review';
        break;
      case 'final':
        status = 'final';
        signedOff = { by: entry.by, at: entry.at };
        break;
      case 'unlock':
        // Back to review: the report was on its way to publication; 定稿 again after the fix.
        status = 'review';
        signedOff = null;
        published = null;
        break;
      case 'published': {
        status = 'published';
        const p: Publication = { by: entry.by, at: entry.at };
        if (entry.date) p.on = entry.date;
        if (entry.url) p.url = entry.url;
        published = p;
        break;
      }
    }
  }
  return { status, locked: signedOff !== null && (status === 'final' || status === 'published'), signedOff, published, entries };
}
