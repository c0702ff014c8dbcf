// A text input bound to a section's Y.Text, without the DOM (ui/ytext-textarea.ts is the thin
// DOM glue; the property test drives this class with a model input).
//
// The binding keeps the text the input last showed (the shadow). Her typing is the change from
// the shadow to what the input holds (text-delta.ts diffAt, placed by the caret), written as that
// edit — never "make the doc equal to the input", which deletes whatever a colleague wrote that
// the input was not showing. Colleagues' edits are shown at once, with her selection carried
// through them; while an input method has a word open (a composition) the input must not be
// touched, so their edits are queued as the deltas they are and shown right after she picks her
// characters (which are written first, carried through those deltas to where they belong).

import type * as Y from 'yjs';
import { applyChange, applyDelta, diffAt, isPlainDelta, mapPosition, type Delta, type TextChange } from '../doc/text-delta.ts';

/** What the binding needs of an input. */
export interface TextView {
  readonly value: string;
  readonly selectionStart: number;
  readonly selectionEnd: number;
  /** Show `value` (only called outside compositions); `selection` when she has the focus. */
  show(value: string, selection: { start: number; end: number } | null): void;
  readonly focused: boolean;
}

/** The selection before an input event (from beforeinput), for the cheap path. */
export interface InputHint {
  start: number;
  end: number;
}

/** Writes her change (made against the shadow) as carried through `since`; returns the caret or null. */
export type CommitChange = (change: TextChange, since: readonly Delta[]) => number | null;

export class TextBinding {
  private shadow: string;
  private pending: Delta[] = [];
  private composing = false;
  private compositionHint: InputHint | null = null;
  private writing = false;
  private readonly observer: (e: Y.YTextEvent, tr: Y.Transaction) => void;

  constructor(
    private readonly text: Y.Text,
    private readonly view: TextView,
    private readonly commit: CommitChange,
  ) {
    this.shadow = text.toString();
    view.show(this.shadow, null);
    this.observer = (e) => this.onRemote(e);
    text.observe(this.observer);
  }

  /** The text the input was last known to show (for tests). */
  get shown(): string {
    return this.shadow;
  }

  get isComposing(): boolean {
    return this.composing;
  }

  compositionStart(): void {
    this.input(); // anything typed before the word opened is hers, written now
    this.composing = true;
    // The word replaces this selection: at the end, that is exactly the edit she made.
    this.compositionHint = { start: this.view.selectionStart, end: this.view.selectionEnd };
  }

  /** The word is picked (or cancelled: the input holds the shadow again). */
  compositionEnd(): void {
    this.composing = false;
    const hint = this.compositionHint ?? undefined;
    this.compositionHint = null;
    this.input(hint);
  }

  /**
   * The input changed (not during a composition). `hint` is the selection before the change:
   * with it, the change is found without comparing the whole text (a keystroke at the end of a
   * long part costs O(1) string work here); the full diff is the fallback.
   */
  input(hint?: InputHint): void {
    if (this.composing) return;
    const value = this.view.value;
    const caret = this.view.selectionEnd;
    const change = (hint && this.fromHint(value, hint, caret)) ?? diffAt(this.shadow, value, caret);
    const changed = change.remove > 0 || change.insert !== '';
    let at: number | null = caret;
    if (changed) {
      this.writing = true;
      try {
        at = this.commit(change, this.pending);
      } finally {
        this.writing = false;
      }
    }
    if (this.pending.length === 0 && at !== null) {
      this.shadow = changed ? applyChange(this.shadow, change) : this.shadow;
      return;
    }
    // Colleagues' edits waited for her word (or her write failed): show the doc as it is now,
    // caret right after what she typed, or her selection carried through their edits.
    let sel: { start: number; end: number };
    if (changed && at !== null) sel = { start: at, end: at };
    else {
      let s = this.view.selectionStart;
      let e = this.view.selectionEnd;
      for (const d of this.pending) {
        s = mapPosition(s, d, 'left');
        e = mapPosition(e, d, 'left');
      }
      sel = { start: s, end: Math.max(s, e) };
    }
    this.pending = [];
    this.shadow = this.text.toString();
    this.view.show(this.shadow, this.view.focused ? sel : null);
  }

  /** The change an ordinary keystroke made, if the hint explains the new value; else null. */
  private fromHint(value: string, hint: InputHint, caret: number): TextChange | null {
    const { start, end } = hint;
    if (start < 0 || end < start || end > this.shadow.length || caret < start) return null;
    if (value.length !== this.shadow.length - (end - start) + (caret - start)) return null;
    // Cheap checks at the edges of the change; what lies further out was not touched by a
    // keystroke at the caret (a wrong guess here would desynchronise, so check both sides).
    const after = value.length - caret;
    if (after > 0 && value.charCodeAt(caret) !== this.shadow.charCodeAt(end)) return null;
    if (after > 0 && value.charCodeAt(value.length - 1) !== this.shadow.charCodeAt(this.shadow.length - 1)) return null;
    if (start > 0 && value.charCodeAt(start - 1) !== this.shadow.charCodeAt(start - 1)) return null;
    const insert = value.slice(start, caret);
    if (insert === '' && end === start) return null;
    // A cancelled word puts back what was there: no edit at all (not a delete and re-insert).
    if (insert.length === end - start && insert === this.shadow.slice(start, end)) return { index: start, remove: 0, insert: '' };
    return { index: start, remove: end - start, insert };
  }

  private onRemote(e: Y.YTextEvent): void {
    if (this.writing) return; // her own write: the input already shows it
    const delta = e.delta as Delta;
    if (this.composing || !isPlainDelta(delta) || this.view.value !== this.shadow) {
      // Not shown now: an open word must not be disturbed, and a change of hers not written yet
      // is written first (carried through this delta). Never from inside this observer: a write
      // here would be a nested transaction whose events arrive after we return.
      this.pending.push(delta);
      if (!this.composing) this.scheduleInput();
      return;
    }
    const next = applyDelta(this.shadow, delta);
    const sel = this.view.focused
      ? { start: mapPosition(this.view.selectionStart, delta, 'left'), end: mapPosition(this.view.selectionEnd, delta, 'left') }
      : null;
    this.shadow = next;
    this.view.show(next, sel && { start: sel.start, end: Math.max(sel.start, sel.end) });
  }

  private scheduled = false;
  private scheduleInput(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (!this.destroyed) this.input();
    });
  }

  private destroyed = false;
  destroy(): void {
    this.destroyed = true;
    this.text.unobserve(this.observer);
  }
}
