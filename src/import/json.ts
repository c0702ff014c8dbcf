// The JSON contract (DESIGN.md §5) via parseReportJSON: the app's own export and the CLI's
// `convert --to json` come back unchanged.

import { parseReportJSON } from '../domain/report.ts';
import { derivedSumNotes, unfilledNote } from './document.ts';
import { jsonLimitError } from './limits.ts';
import type { ImportResult } from './types.ts';

export function importJson(text: string): ImportResult {
  const refused = jsonLimitError(text);
  if (refused) return { ok: false, kind: 'json', error: refused };
  const r = parseReportJSON(text.replace(/^\ufeff/, ''));
  if (!r.ok) return { ok: false, kind: 'json', error: r.error };
  const notes = derivedSumNotes(r.value);
  const unfilled = unfilledNote(r.value);
  if (unfilled) notes.unshift(unfilled);
  return { ok: true, kind: 'json', report: r.value, notes };
}
