// A finding is what the validator (and an importer) says about a report. Rule ids are public
// names (spec/format-2021.md §5–6): tools, tests and the UI's data-rule attributes rely on them.

import type { CellKey, SectionId } from './format.ts';

export type Severity = 'error' | 'warning' | 'info';

export type RuleId =
  | 'R-TYPE-INT'
  | 'R-TYPE-FEE'
  | 'R-LBL'
  | 'R-FMT-VERSION'
  | 'R-CITE'
  | 'R-TITLE'
  | 'R-SEM-REG-LEVEL'
  | 'R-T3-BALANCE'
  | 'R-T3-TOTAL7'
  | 'R-T3-ROWSUM'
  | 'R-T4-SUM'
  | 'R-X-CARRY'
  | 'R-X-VALID'
  | 'R-X-JUMP'
  | 'R-X-DUP'
  | 'R-TXT-NUM'
  | 'R-TXT-YEAR'
  | 'R-TXT-NAME'
  | 'R-TXT-PARTS'
  | 'R-S1-PARTS'
  | 'R-S5'
  | 'R-S6-FEE'
  | 'R-TXT-LINT'
  | 'R-DEADLINE'
  /** A cell edited differently on two replicas that had not seen each other (DESIGN.md §3). */
  | 'R-CONFLICT'
  /** Import-only notes that belong to no format rule: an unreadable row, an unknown table… */
  | 'IMPORT';

export interface Finding {
  rule: RuleId;
  severity: Severity;
  cells: CellKey[];
  sections: SectionId[];
  /** Chinese, naming the numbers involved, e.g. "一+二=5，三(七)+四=4，相差1". */
  message: string;
  /** What to do about it, in Chinese, when there is a clear remedy. */
  fix?: string;
  /**
   * True when the finding only says that something is not written yet (未填 cells, a required
   * part left empty) — not that anything written is wrong. The editor shows these as progress
   * while the clerk fills in, and as the errors they are once she prints, 送审 or 定稿
   * (src/state/finding-display.ts). The CLI and every export treat them like any other finding.
   */
  unfinished?: true;
  /**
   * Where in the text of `sections[0]` the finding's words are (R-TXT-NUM: the number's
   * characters), so that a fix can edit them in place (src/domain/writing/fixes.ts).
   */
  span?: { start: number; end: number };
}

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  error: '错误',
  warning: '警告',
  info: '提示',
};

/** The mark drawn for a severity (always next to its word, for screen readers and colour-blind eyes). */
export const SEVERITY_ICONS: Readonly<Record<Severity, string>> = {
  error: '✖',
  warning: '⚠',
  info: 'ℹ',
};

/** A finding as it is read out: "提示：…" — the severity word first, from the one list above. */
export function findingAnnouncement(f: Pick<Finding, 'severity' | 'message'>): string {
  return `${SEVERITY_LABELS[f.severity]}：${f.message}`;
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const out = { error: 0, warning: 0, info: 0 };
  for (const f of findings) out[f.severity]++;
  return out;
}
