// What every importer returns: a Report plus the notes that explain anything it could not read
// exactly as printed, or a Chinese error. Importers never throw and never guess silently.

import type { Finding, RuleId, Severity } from '../domain/finding.ts';
import type { CellKey, SectionId } from '../domain/format.ts';
import type { Report } from '../domain/report.ts';

export type ImportKind = 'text' | 'html' | 'docx' | 'json' | 'pdf';

export type ImportResult =
  | { ok: true; report: Report; notes: Finding[]; kind: ImportKind }
  | { ok: false; error: string; kind?: ImportKind };

export function note(
  rule: RuleId,
  severity: Severity,
  message: string,
  cells: CellKey[] = [],
  sections: SectionId[] = [],
  fix?: string,
): Finding {
  const f: Finding = { rule, severity, cells, sections, message };
  if (fix) f.fix = fix;
  return f;
}

/** Quote a piece of user text in a message, shortened so a note stays readable. */
export function quote(s: string, max = 30): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return `“${t.length > max ? t.slice(0, max) + '…' : t}”`;
}
