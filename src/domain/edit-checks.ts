// What may be written into a report, checked once for every way of writing it (the Yjs
// operations in src/doc, the 新建 dialog's state, imports): a cell value, and the metadata fields.
// Chinese reasons, never exceptions.

import { CELL_BY_KEY, UNIT_TYPES, cellName, isCellKey, type UnitType } from './format.ts';
import { ISO_DATE_RE } from './beijing-time.ts';

/** The report's stage; since issue 13 decided by the status log (src/doc/status-log.ts), meta.status being only its starting point. */
export type ReportStatus = 'draft' | 'review' | 'final' | 'published';
export const REPORT_STATUSES: readonly ReportStatus[] = ['draft', 'review', 'final', 'published'];

export const MIN_REPORT_YEAR = 2000;
export const MAX_REPORT_YEAR = 2100;

/** Why `value` cannot go into `key`, or null when it can. */
export function checkCellValue(key: string, value: unknown): string | null {
  if (!isCellKey(key)) return `未知的单元格“${key}”。`;
  const def = CELL_BY_KEY.get(key)!;
  if (def.derived) return `${cellName(key)}是合计，由各项自动计算，不能直接填写。`;
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${cellName(key)}应填数字。`;
  if (value < 0) return `${cellName(key)}不能为负数。`;
  if (def.kind === 'count' && !Number.isSafeInteger(value)) return `${cellName(key)}应为整数（件），不能有小数。`;
  return null;
}

/** The metadata fields a write may set (undefined: left alone; publishedOn null: cleared). */
export interface MetaFields {
  name?: string;
  type?: UnitType;
  year?: number;
  title?: string;
  deadline?: string;
  publishedOn?: string | null;
  status?: ReportStatus;
}

/** Why these metadata values cannot be written, or null when they can. */
export function checkMetaFields(p: MetaFields): string | null {
  if (p.name !== undefined && (typeof p.name !== 'string' || !p.name.trim())) return '单位名称不能为空。';
  if (p.type !== undefined && !UNIT_TYPES.includes(p.type)) return `单位类型应为 ${UNIT_TYPES.join('、')} 之一。`;
  if (p.year !== undefined && (!Number.isInteger(p.year) || p.year < MIN_REPORT_YEAR || p.year > MAX_REPORT_YEAR)) {
    return `报告年度应为 ${MIN_REPORT_YEAR}–${MAX_REPORT_YEAR} 之间的整数。`;
  }
  if (p.title !== undefined && typeof p.title !== 'string') return '标题应为文字。';
  if (p.deadline !== undefined && !isIsoDate(p.deadline)) return '截止日期应为“年-月-日”，如 2025-01-31。';
  if (p.publishedOn != null && !isIsoDate(p.publishedOn)) return '发布日期应为“年-月-日”，如 2025-01-20。';
  if (p.status !== undefined && !REPORT_STATUSES.includes(p.status)) return '状态应为草稿、待审核或已发布。';
  return null;
}

export function isIsoDate(v: unknown): v is string {
  return typeof v === 'string' && ISO_DATE_RE.test(v);
}
