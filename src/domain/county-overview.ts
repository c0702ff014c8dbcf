// The county supervisor's overview (issue 17): one row per file brought in, read and checked —
// pure, so the workspace, its exports and the CLI's `check --summary` count the same way.
//
// A unit's report is checked against its own last year's report when that set holds one (same
// unit name, year − 1): that enables the cross-year rules and the 雷同 % of the prose.

import { SECTION_IDS, UNIT_TYPE_LABELS } from './format.ts';
import { countBySeverity, type Finding } from './finding.ts';
import { countByKind, type KindCounts } from './finding-kinds.ts';
import { mergeFindings } from './merge-findings.ts';
import { defaultDeadline, type Report } from './report.ts';
import { similarityPercent } from './similarity.ts';
import { validate } from './validate.ts';

export type CountySet = 'current' | 'previous';

/** A file as read: a report (with the importer's notes) or the reason it could not be read. */
export interface ReadEntry {
  id: string;
  set: CountySet;
  fileName: string;
  report?: Report;
  notes?: Finding[];
  error?: string;
}

export interface UnitRow {
  id: string;
  fileName: string;
  unitName: string;
  unitType: string;
  year: number | null;
  /** 已发布 YYYY-MM-DD, or 未注明发布日期. */
  status: string;
  errors: number;
  warnings: number;
  infos: number;
  kinds: KindCounts;
  /** 雷同 % of the whole prose to the unit's own last year; null without last year's report. */
  similarity: number | null;
  /** Days from today to the deadline (negative: overdue); null once published or unreadable. */
  daysLeft: number | null;
  deadline: string | null;
  /** Another file in this year's set is for the same unit and year. */
  duplicate: boolean;
  /** Why the file could not be read (the row has no report then). */
  error?: string;
  findings: Finding[];
}

export function unitKey(r: Report): string {
  return `${r.unit.name}\u0000${r.year}`;
}

/** last year's report for `r` in the previous set, if any. */
export function previousFor(r: Report, previous: readonly ReadEntry[]): Report | undefined {
  return previous.find((e) => e.report && e.report.unit.name === r.unit.name && e.report.year === r.year - 1)?.report;
}

/** One report's findings as the CLI's `check` gives them, against last year's when given. */
export function checkReport(report: Report, notes: readonly Finding[], previous?: Report): Finding[] {
  return mergeFindings(notes, validate(report, previous ? { previous } : {}));
}

export function proseOf(r: Report): string {
  return SECTION_IDS.map((id) => r.sections[id] ?? '').join('\n');
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function unitRow(entry: ReadEntry, findings: readonly Finding[], previous: Report | undefined, today: string): UnitRow {
  const base = { id: entry.id, fileName: entry.fileName, duplicate: false, findings: [...findings] };
  const r = entry.report;
  if (!r) {
    return {
      ...base,
      unitName: entry.fileName,
      unitType: '',
      year: null,
      status: '无法读取',
      errors: 0,
      warnings: 0,
      infos: 0,
      kinds: countByKind([]),
      similarity: null,
      daysLeft: null,
      deadline: null,
      error: entry.error ?? '无法读取。',
    };
  }
  const counts = countBySeverity(findings);
  const deadline = r.deadline ?? defaultDeadline(r.year);
  return {
    ...base,
    unitName: r.unit.name,
    unitType: UNIT_TYPE_LABELS[r.unit.type],
    year: r.year,
    status: r.publishedOn ? `已发布 ${r.publishedOn}` : '未注明发布日期',
    errors: counts.error,
    warnings: counts.warning,
    infos: counts.info,
    kinds: countByKind(findings),
    similarity: previous ? similarityPercent(proseOf(r), proseOf(previous)) : null,
    daysLeft: r.publishedOn ? null : daysBetween(today, deadline),
    deadline,
  };
}

/** Mark rows of this year's set that share a unit and year. */
export function markDuplicates(rows: UnitRow[]): UnitRow[] {
  const n = new Map<string, number>();
  const key = (r: UnitRow) => (r.error ? null : `${r.unitName}\u0000${r.year}`);
  for (const r of rows) {
    const k = key(r);
    if (k) n.set(k, (n.get(k) ?? 0) + 1);
  }
  return rows.map((r) => {
    const k = key(r);
    return k && n.get(k)! > 1 ? { ...r, duplicate: true } : r;
  });
}

/**
 * The overview of this year's set (unreadable files of either set included, as rows with their
 * reason), each report checked against its unit's last year. `check` lets a caller supply the
 * findings computed elsewhere (the worker pool); by default they are computed here.
 */
export function overviewRows(
  entries: readonly ReadEntry[],
  today: string,
  check: (e: ReadEntry, previous?: Report) => Finding[] = (e, p) => checkReport(e.report!, e.notes ?? [], p),
): UnitRow[] {
  const previous = entries.filter((e) => e.set === 'previous');
  const rows = entries
    .filter((e) => e.set === 'current' || !e.report)
    .map((e) => {
      if (!e.report) return unitRow(e, [], undefined, today);
      const p = previousFor(e.report, previous);
      return unitRow(e, check(e, p), p, today);
    });
  return markDuplicates(rows);
}

export type SortKey = 'unitName' | 'unitType' | 'year' | 'status' | 'errors' | 'warnings' | 'similarity' | 'daysLeft';
export type RowFilter = 'all' | 'errors' | 'warnings' | 'clean' | 'unreadable' | 'duplicate';

export const ROW_FILTER_LABELS: Readonly<Record<RowFilter, string>> = {
  all: '全部',
  errors: '有错误',
  warnings: '有警告',
  clean: '无错误无警告',
  unreadable: '无法读取',
  duplicate: '重复待处理',
};

export function filterRows(rows: readonly UnitRow[], filter: RowFilter, query: string): UnitRow[] {
  const q = query.trim();
  return rows.filter((r) => {
    if (q && !r.unitName.includes(q) && !r.fileName.includes(q)) return false;
    switch (filter) {
      case 'errors':
        return r.errors > 0;
      case 'warnings':
        return r.warnings > 0;
      case 'clean':
        return !r.error && r.errors === 0 && r.warnings === 0;
      case 'unreadable':
        return !!r.error;
      case 'duplicate':
        return r.duplicate;
      default:
        return true;
    }
  });
}

export function sortRows(rows: readonly UnitRow[], key: SortKey, descending = false): UnitRow[] {
  const collator = new Intl.Collator('zh-CN');
  const value = (r: UnitRow) => r[key];
  const out = [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    // Empty values (no last year, published, unreadable) sort last either way.
    if (va == null && vb == null) return 0;
    if (va == null) return 1;
    if (vb == null) return -1;
    const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : collator.compare(String(va), String(vb));
    return descending ? -c : c;
  });
  return out;
}

/** Units/errors totals for the head of the overview, the 通报 and the CLI. */
export function overviewTotals(rows: readonly UnitRow[]) {
  const read = rows.filter((r) => !r.error);
  return {
    units: read.length,
    withErrors: read.filter((r) => r.errors > 0).length,
    withWarnings: read.filter((r) => r.warnings > 0).length,
    errors: read.reduce((s, r) => s + r.errors, 0),
    warnings: read.reduce((s, r) => s + r.warnings, 0),
    unreadable: rows.length - read.length,
    duplicates: rows.filter((r) => r.duplicate).length,
  };
}
