// Binds a <textarea> to a section's Y.Text: the DOM glue of src/state/text-binding.ts, which
// turns her typing into the edit she made against what the textarea showed, and shows
// colleagues' edits (after the word she is composing, when an input method is open).

import type { SectionId } from '../domain/format.ts';
import type { EditorState } from '../state/editor.svelte.ts';
import { TextBinding, type InputHint, type TextView } from '../state/text-binding.ts';

export function bindSection(node: HTMLTextAreaElement, params: { editor: EditorState; id: SectionId }) {
  // The section and editor are read from the current params on every event, never captured from
  // the first ones: a textarea reused for another section (update) must write to that section.
  let current = params;
  const view: TextView = {
    get value() {
      return node.value;
    },
    get selectionStart() {
      return node.selectionStart;
    },
    get selectionEnd() {
      return node.selectionEnd;
    },
    get focused() {
      return document.activeElement === node;
    },
    show(value, selection) {
      node.value = value;
      if (selection) node.setSelectionRange(selection.start, selection.end);
    },
  };
  const bind = ({ editor, id }: typeof params) =>
    new TextBinding(editor.sectionText(id), view, (change, since) => editor.editSectionText(id, change, since));
  let binding = bind(current);

  let hint: InputHint | undefined;
  const onBeforeInput = (e: InputEvent) => {
    // Typing and deleting replace the selection; an undo or a drop changes text elsewhere
    // (the binding then finds the change by diffing).
    const plain = /^(insert(Text|ReplacementText|LineBreak|Paragraph|FromPaste)|delete)/.test(e.inputType);
    hint = e.isComposing || !plain ? undefined : { start: node.selectionStart, end: node.selectionEnd };
  };
  const onInput = (e: Event) => {
    if ((e as InputEvent).isComposing || binding.isComposing) return; // the word is still open
    const h = hint;
    hint = undefined;
    binding.input(h);
  };
  const onCompositionStart = () => binding.compositionStart();
  const onCompositionEnd = () => {
    hint = undefined;
    binding.compositionEnd();
  };
  // Whatever a browser did that no input event told us (rare), is caught on leaving.
  const onBlur = () => {
    if (!binding.isComposing) binding.input();
  };
  node.addEventListener('beforeinput', onBeforeInput);
  node.addEventListener('input', onInput);
  node.addEventListener('compositionstart', onCompositionStart);
  node.addEventListener('compositionend', onCompositionEnd);
  node.addEventListener('blur', onBlur);

  return {
    update(next: { editor: EditorState; id: SectionId }) {
      if (next.editor === current.editor && next.id === current.id) return;
      binding.destroy();
      current = next;
      binding = bind(current);
    },
    destroy() {
      binding.destroy();
      node.removeEventListener('beforeinput', onBeforeInput);
      node.removeEventListener('input', onInput);
      node.removeEventListener('compositionstart', onCompositionStart);
      node.removeEventListener('compositionend', onCompositionEnd);
      node.removeEventListener('blur', onBlur);
    },
  };
}
