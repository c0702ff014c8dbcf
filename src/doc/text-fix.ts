// A fix to a section's text as a minimal Yjs edit: only the characters that differ are deleted
// and inserted (17 → 18 removes "7" and inserts "8"), so a colleague's typing around them — even
// in the same sentence, even at the same moment on another machine — survives the merge. All
// edits of one fix are ONE transaction (one undo step), made by her client like her typing.

import type * as Y from 'yjs';
import type { SectionId } from '../domain/format.ts';
import type { TextEdit } from '../domain/writing/fixes.ts';
import { simpleDiffString } from 'lib0/diff';
import { editSectionText, sectionText } from './report-doc.ts';
import type { Author, EditResult, Origin } from './types.ts';

/**
 * Apply `edits` (against the section's current text, sorted, not overlapping). Refused — nothing
 * changed — when the text at an edit's place is no longer what the fix was made for.
 */
export function applyTextFix(
  doc: Y.Doc,
  id: SectionId,
  edits: readonly TextEdit[],
  author: Author,
  opts: { origin?: Origin; at?: number } = {},
): EditResult {
  const text = sectionText(doc, id).toString();
  for (const e of edits) {
    if (text.slice(e.index, e.index + e.expect.length) !== e.expect) {
      return { ok: false, error: '这段文字刚被修改过，未能修正：请看一下当前的文字再试。' };
    }
  }
  const origin = opts.origin ?? 'local';
  doc.transact(() => {
    // Last first: earlier indexes stay valid.
    for (let i = edits.length - 1; i >= 0; i--) {
      const e = edits[i]!;
      const d = simpleDiffString(e.expect, e.insert);
      if (!d.remove && !d.insert) continue;
      // Nested in this transaction: one update, one undo step.
      editSectionText(doc, id, { index: e.index + d.index, remove: d.remove, insert: d.insert }, author, { origin, at: opts.at });
    }
  }, origin);
  return { ok: true };
}

/** Insert generated text at `at` (clamped to the text), as her own edit. */
export function insertSectionText(doc: Y.Doc, id: SectionId, at: number, insert: string, author: Author, opts: { origin?: Origin } = {}): EditResult {
  const len = sectionText(doc, id).length;
  const index = Math.max(0, Math.min(len, at));
  const r = editSectionText(doc, id, { index, remove: 0, insert }, author, { origin: opts.origin ?? 'local' });
  return r.ok ? { ok: true } : r;
}
