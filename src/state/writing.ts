// Writing help for the open report (issue 14): 按表格生成, 按表格更新正文 and 修正, between the
// pure domain code (src/domain/writing) and the doc operations (src/doc/text-fix.ts). EditorState
// exposes these as insertGenerated / updateNumberInText / applyFix; components call only those.
//
// Each is ONE undo step of her own: the undo manager merges edits closer than its capture
// timeout, so capturing is stopped before and after (a fix right after typing must not be
// undone together with the typing).

import type * as Y from 'yjs';
import { conflictedMetaFields, fillEmptyWithZero, setMeta, type Author } from '../doc/report-doc.ts';
import { applyTextFix, insertSectionText } from '../doc/text-fix.ts';
import type { SectionId } from '../domain/format.ts';
import type { Finding } from '../domain/finding.ts';
import type { Report } from '../domain/report.ts';
import { fixFor, type Fix } from '../domain/writing/fixes.ts';

export { canGenerate, generateParagraphs, type Generated, type Phrasing } from '../domain/writing/generate.ts';
export { fixFor, type Fix } from '../domain/writing/fixes.ts';
export { carriedOver, similarityByPart, type Span } from '../domain/writing/carried-over.ts';

export type WritingResult = { ok: true; notice: string } | { ok: false; error: string };

interface Target {
  doc: Y.Doc;
  author: Author;
  /** The report's undo manager (only its step boundary is used). */
  undo: Pick<Y.UndoManager, 'stopCapturing'>;
  /** The report as the doc holds it now (EditorState keeps it in step with every transaction). */
  report: Report;
}

function oneStep<T>(undo: Target['undo'], run: () => T): T {
  undo.stopCapturing();
  try {
    return run();
  } finally {
    undo.stopCapturing();
  }
}

/**
 * Apply the certain fix of `finding`, computed again from the report as it is now (a colleague's
 * edit may have moved the words since the list was drawn).
 */
export function applyFindingFix(t: Target, finding: Finding): WritingResult {
  const fix = fixFor(finding, t.report);
  if (!fix) return { ok: false, error: '这一项现在无法自动修正（内容已变化），请按提示人工修改。' };
  const r = oneStep(t.undo, () => applyFix(t, fix));
  return r.ok ? { ok: true, notice: `已${fix.name}：“${fix.before}”→“${fix.after}”。可按“撤销”恢复。` } : r;
}

function applyFix(t: Target, fix: Fix): { ok: true } | { ok: false; error: string } {
  const c = fix.change;
  if (c.kind === 'text') return applyTextFix(t.doc, c.section, c.edits, t.author);
  if (c.kind === 'title') {
    // Two colleagues wrote different titles while apart: a fix computed from one of them must not
    // silently replace the other — she chooses one first (the field shows both, with names).
    if (conflictedMetaFields(t.doc).includes('title')) return { ok: false, error: '标题有同事的不同修改尚未选定：请先在标题旁选用一个，再修正。' };
    return setMeta(t.doc, { title: c.title }, t.author);
  }
  fillEmptyWithZero(t.doc, c.table, t.author);
  return { ok: true };
}

/**
 * Insert a generated paragraph at `at` (her caret) or, without one, at the end as a paragraph of
 * its own. Nothing she wrote is replaced: choosing a phrasing only ever adds text.
 */
export function insertGenerated(t: Target, id: SectionId, text: string, at: number | null): WritingResult {
  const current = t.report.sections[id] ?? '';
  const index = at === null ? current.length : Math.max(0, Math.min(current.length, at));
  const before = current.slice(0, index);
  const after = current.slice(index);
  // A paragraph of its own when it lands between paragraphs or after text.
  const insert = (before && !before.endsWith('\n') ? '\n' : '') + text + (after && !after.startsWith('\n') ? '\n' : '');
  const r = oneStep(t.undo, () => insertSectionText(t.doc, id, index, insert, t.author));
  return r.ok ? { ok: true, notice: '已插入按表格生成的文字。可按“撤销”恢复。' } : r;
}
