// Small pure helpers of the review UI (no DOM, no runes): where a comment goes from what was
// focused, an author's colour, how a status step and a time read.

import type { CommentAnchor } from '../doc/comments.ts';
import { CELL_BY_KEY, isCellKey, SECTION_BY_ID, SECTION_IDS, cellName, type SectionId } from '../domain/format.ts';

/**
 * The anchor of a new comment from the field last focused: a cell, or in a section the selected
 * span — or, with only a caret, the paragraph it is in.
 */
export function anchorFrom(focused: { cell?: string; section?: string; text?: string; start?: number; end?: number } | null): CommentAnchor | null {
  if (!focused) return null;
  if (focused.cell && isCellKey(focused.cell) && !CELL_BY_KEY.get(focused.cell)!.derived) return { cell: focused.cell };
  if (focused.cell && isCellKey(focused.cell)) return { cell: focused.cell };
  if (focused.section && SECTION_IDS.includes(focused.section as SectionId)) {
    const text = focused.text ?? '';
    let start = Math.max(0, Math.min(text.length, focused.start ?? 0));
    let end = Math.max(start, Math.min(text.length, focused.end ?? start));
    if (start === end) {
      start = text.lastIndexOf('\n', start - 1) + 1;
      const nl = text.indexOf('\n', end);
      end = nl < 0 ? text.length : nl;
    }
    return { section: focused.section as SectionId, start, end };
  }
  return null;
}

/** What a comment is on, for the panel: "表三…（一）…" or "（二）主动公开：“…”". */
export function describeAnchor(anchor: { cell: string } | { section: string; quote?: string; start: number; end: number }, sectionText?: string): string {
  if ('cell' in anchor) return isCellKey(anchor.cell) ? cellName(anchor.cell) : anchor.cell;
  const def = SECTION_BY_ID[anchor.section as SectionId];
  const name = def?.heading ?? def?.name ?? anchor.section;
  const now = sectionText !== undefined && anchor.end > anchor.start ? sectionText.slice(anchor.start, anchor.end) : '';
  const words = now || anchor.quote || '';
  const gone = !now && anchor.quote ? '（原文已删除）' : '';
  return `${name}${words ? `：“${words.length > 30 ? words.slice(0, 30) + '…' : words}”` : ''}${gone}`;
}

/** A stable, readable background colour per author (names hashed onto a few light hues). */
export function authorColour(name: string): string {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 31) + name.charCodeAt(i)) >>> 0;
  return `hsl(${(h % 12) * 30}, 70%, 86%)`;
}

/** Beijing time as the users read it ("11月3日 10:20"). */
export { formatWhen } from '../domain/beijing-time.ts';
