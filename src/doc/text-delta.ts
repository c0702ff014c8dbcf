// Typing into shared text as the edit the person made, not as the state of her input.
//
// A textarea shows a text (the "shadow"). What she types is the change from the shadow to what
// the textarea holds now — her own change, and nothing else. Meanwhile colleagues' edits may
// have reached the doc without being shown (an input method had a word open, and changing the
// textarea under a composition breaks it). Those edits are known exactly: every Y.Text event
// carries a delta (retain / insert / delete against the text before it). So her change, made
// against the shadow, is carried through the deltas the doc received since and applied where its
// characters are now:
//   - a position moves right by what was inserted before it and left by what was deleted;
//   - a range she removed becomes the pieces of it still present (a colleague's text inserted
//     inside it is NOT removed, characters a colleague already deleted are not deleted twice).
// This is what Yjs relative positions do for one anchor, done for ranges against a past state,
// and pure (no Yjs, no DOM), so the property test drives it with thousands of random edits.

/** One replacement against a text: remove `remove` characters at `index`, insert `insert` there. */
export interface TextChange {
  index: number;
  remove: number;
  insert: string;
}

/** A Y.Text event's delta (plain text: inserts are strings). */
export type Delta = readonly { retain?: number; insert?: unknown; delete?: number }[];

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * The change turning `before` into `after`, placed so that the inserted text ends at `caret`
 * when that is consistent (after typing, the caret sits right after what was typed: "ab|b" +
 * "b" is an insert at 2, not at 3 — it matters once colleagues' text moves around it). Without a
 * caret it is the common prefix/suffix diff. Never splits a surrogate pair.
 */
export function diffAt(before: string, after: string, caret?: number): TextChange {
  const minLen = Math.min(before.length, after.length);
  // Suffix first, capped so that the change in `after` ends at the caret.
  const maxSuffix = caret === undefined ? minLen : Math.max(0, Math.min(minLen, after.length - caret));
  let suffix = 0;
  while (suffix < maxSuffix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const maxPrefix = Math.min(before.length - suffix, after.length - suffix);
  let prefix = 0;
  while (prefix < maxPrefix && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && (isLowSurrogate(before.charCodeAt(prefix)) || isLowSurrogate(after.charCodeAt(prefix)))) prefix--;
  let endB = before.length - suffix;
  let endA = after.length - suffix;
  if (suffix > 0 && (isLowSurrogate(before.charCodeAt(endB)) || isLowSurrogate(after.charCodeAt(endA))) && endB > prefix && endA > prefix) {
    endB++;
    endA++;
  }
  return { index: prefix, remove: endB - prefix, insert: after.slice(prefix, endA) };
}

/** Apply a change to a string. */
export function applyChange(text: string, c: TextChange): string {
  return text.slice(0, c.index) + c.insert + text.slice(c.index + c.remove);
}

function insertLength(op: { insert?: unknown }): number {
  return typeof op.insert === 'string' ? op.insert.length : op.insert === undefined ? 0 : 1;
}

/** Is this delta plain text we can follow exactly (no embeds)? */
export function isPlainDelta(delta: Delta): boolean {
  return delta.every((op) => op.insert === undefined || typeof op.insert === 'string');
}

/** Apply a Y.Text delta to the string it was computed against. */
export function applyDelta(text: string, delta: Delta): string {
  let out = '';
  let pos = 0;
  for (const op of delta) {
    if (op.retain !== undefined) {
      out += text.slice(pos, pos + op.retain);
      pos += op.retain;
    } else if (op.delete !== undefined) pos += op.delete;
    else if (typeof op.insert === 'string') out += op.insert;
  }
  return out + text.slice(pos);
}

/**
 * Where position `p` of the old text is after `delta`. `stick` says which side a colleague's
 * insertion exactly at `p` goes: 'left' keeps `p` before it (her text and caret stay next to
 * what she was typing after), 'right' moves `p` past it.
 */
export function mapPosition(p: number, delta: Delta, stick: 'left' | 'right' = 'left'): number {
  let oldPos = 0;
  let newPos = 0;
  for (const op of delta) {
    if (op.retain !== undefined) {
      if (p < oldPos + op.retain || (p === oldPos + op.retain && stick === 'left')) return newPos + (p - oldPos);
      oldPos += op.retain;
      newPos += op.retain;
    } else if (op.delete !== undefined) {
      if (p < oldPos + op.delete) return newPos; // inside a deleted stretch: where it was
      oldPos += op.delete;
    } else {
      if (p === oldPos && stick === 'left') return newPos;
      newPos += insertLength(op);
    }
  }
  return newPos + (p - oldPos);
}

/** Half-open ranges [from, to), sorted, non-overlapping. */
export type Ranges = readonly (readonly [number, number])[];

/** The pieces of old ranges still present after `delta`, in new positions. */
export function mapRanges(ranges: Ranges, delta: Delta): [number, number][] {
  const out: [number, number][] = [];
  const emit = (a: number, b: number) => {
    if (b <= a) return;
    const last = out[out.length - 1];
    if (last && last[1] === a) last[1] = b;
    else out.push([a, b]);
  };
  // Old intervals that survive: [oldPos, oldPos+n) ↔ [newPos, newPos+n).
  const kept: [number, number, number][] = []; // oldStart, oldEnd, newStart
  let oldPos = 0;
  let newPos = 0;
  for (const op of delta) {
    if (op.retain !== undefined) {
      kept.push([oldPos, oldPos + op.retain, newPos]);
      oldPos += op.retain;
      newPos += op.retain;
    } else if (op.delete !== undefined) oldPos += op.delete;
    else newPos += insertLength(op);
  }
  kept.push([oldPos, Infinity, newPos]);
  for (const [a, b] of ranges) {
    for (const [s, e, n] of kept) {
      const lo = Math.max(a, s);
      const hi = Math.min(b, e);
      if (hi > lo) {
        // Pieces separated by a colleague's insertion must stay separate: emit merges only
        // pieces that touch in the new text, which a kept interval boundary followed directly
        // by the next kept interval (a deletion between) does.
        emit(n + (lo - s), n + (hi - s));
      }
    }
  }
  return out;
}

/**
 * Her change, made against a text the doc has since moved on from by `deltas` (oldest first),
 * as edits of the current text: the ranges to delete (current positions, sorted) and where to
 * insert (current position, before the deletions are applied; every range lies at or after it).
 */
export function rebaseChange(change: TextChange, deltas: readonly Delta[]): { deletes: [number, number][]; at: number; insert: string } {
  let ranges: [number, number][] = change.remove > 0 ? [[change.index, change.index + change.remove]] : [];
  let at = change.index;
  for (const d of deltas) {
    ranges = mapRanges(ranges, d);
    at = mapPosition(at, d, 'left');
  }
  return { deletes: ranges, at, insert: change.insert };
}
