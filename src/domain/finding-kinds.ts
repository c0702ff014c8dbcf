// The kinds of problem a county supervisor sorts findings into (issue 17's overview columns),
// derived from the public rule ids (src/domain/finding.ts) — one table, read by the overview,
// the 通报 and the CLI's --summary, so a new rule id is placed in exactly one spot.

import type { Finding, RuleId } from './finding.ts';

export const FINDING_KINDS = ['arithmetic', 'prose', 'labels', 'crossYear', 'format', 'other'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const FINDING_KIND_LABELS: Readonly<Record<FindingKind, string>> = {
  arithmetic: '数字与勾稽',
  prose: '正文与表格',
  labels: '表述与引用',
  crossYear: '跨年度',
  format: '格式版本',
  other: '其他',
};

const KIND_OF_RULE: Readonly<Record<RuleId, FindingKind>> = {
  'R-TYPE-INT': 'arithmetic',
  'R-TYPE-FEE': 'arithmetic',
  'R-T3-BALANCE': 'arithmetic',
  'R-T3-TOTAL7': 'arithmetic',
  'R-T3-ROWSUM': 'arithmetic',
  'R-T4-SUM': 'arithmetic',
  'R-CONFLICT': 'arithmetic',
  'R-TXT-NUM': 'prose',
  'R-TXT-YEAR': 'prose',
  'R-TXT-NAME': 'prose',
  'R-TXT-PARTS': 'prose',
  'R-S1-PARTS': 'prose',
  'R-S5': 'prose',
  'R-S6-FEE': 'prose',
  'R-TXT-LINT': 'prose',
  'R-LBL': 'labels',
  'R-CITE': 'labels',
  'R-TITLE': 'labels',
  'R-SEM-REG-LEVEL': 'labels',
  'R-X-CARRY': 'crossYear',
  'R-X-VALID': 'crossYear',
  'R-X-JUMP': 'crossYear',
  'R-X-DUP': 'crossYear',
  'R-FMT-VERSION': 'format',
  'R-DEADLINE': 'other',
  IMPORT: 'other',
};

export function kindOf(rule: RuleId): FindingKind {
  return KIND_OF_RULE[rule] ?? 'other';
}

export type KindCounts = Record<FindingKind, number>;

/** Errors and warnings (not 提示) per kind. */
export function countByKind(findings: readonly Finding[]): KindCounts {
  const out = Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as KindCounts;
  for (const f of findings) if (f.severity !== 'info') out[kindOf(f.rule)]++;
  return out;
}
