// Binds a <textarea> to a section's Y.Text. Local typing goes in as a minimal diff
// (replaceSectionText); when anyone else's edit arrives, the textarea gets the new text and the
// caret stays on the same characters (mapped through Yjs relative positions saved before).

import type * as Y from 'yjs';
import type { SectionId } from '../domain/format.ts';
import type { EditorState } from '../state/editor.svelte.ts';
import { restoreCaret, saveCaret, type SavedCaret } from '../state/caret.ts';

export function bindSection(node: HTMLTextAreaElement, params: { editor: EditorState; id: SectionId }) {
  const { editor, id } = params;
  const text: Y.Text = editor.sectionText(id);
  node.value = text.toString();
  let caret: SavedCaret | null = null;
  let composing = false;

  const remember = () => {
    if (document.activeElement === node) caret = saveCaret(text, node.selectionStart, node.selectionEnd);
  };
  const onInput = () => {
    if (composing) return; // wait for the IME to finish the word
    editor.editSection(id, node.value);
    remember();
  };
  const onCompositionStart = () => (composing = true);
  const onCompositionEnd = () => {
    composing = false;
    onInput();
  };
  const observer = () => {
    const now = text.toString();
    if (now === node.value || composing) return;
    const focused = document.activeElement === node;
    node.value = now;
    if (focused && caret) {
      const pos = restoreCaret(editor.doc, caret);
      if (pos) node.setSelectionRange(pos.start, pos.end);
    }
    remember();
  };
  text.observe(observer);
  node.addEventListener('input', onInput);
  node.addEventListener('compositionstart', onCompositionStart);
  node.addEventListener('compositionend', onCompositionEnd);
  for (const ev of ['select', 'keyup', 'mouseup', 'focus']) node.addEventListener(ev, remember);
  document.addEventListener('selectionchange', remember);

  return {
    destroy() {
      text.unobserve(observer);
      node.removeEventListener('input', onInput);
      node.removeEventListener('compositionstart', onCompositionStart);
      node.removeEventListener('compositionend', onCompositionEnd);
      for (const ev of ['select', 'keyup', 'mouseup', 'focus']) node.removeEventListener(ev, remember);
      document.removeEventListener('selectionchange', remember);
    },
  };
}
