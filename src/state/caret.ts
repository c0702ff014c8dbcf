// Keeping a textarea's caret where the user had it while other people's edits arrive: the
// selection is remembered as Yjs relative positions (they stick to the characters around the
// caret), and turned back into indexes after the remote change.

import * as Y from 'yjs';

export interface SavedCaret {
  start: Y.RelativePosition;
  end: Y.RelativePosition;
}

export function saveCaret(text: Y.Text, start: number, end: number): SavedCaret {
  return {
    start: Y.createRelativePositionFromTypeIndex(text, start),
    end: Y.createRelativePositionFromTypeIndex(text, end, end === start ? 0 : -1),
  };
}

export function restoreCaret(doc: Y.Doc, caret: SavedCaret): { start: number; end: number } | null {
  const s = Y.createAbsolutePositionFromRelativePosition(caret.start, doc);
  const e = Y.createAbsolutePositionFromRelativePosition(caret.end, doc);
  if (!s || !e) return null;
  return { start: s.index, end: Math.max(s.index, e.index) };
}
