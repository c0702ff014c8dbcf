// Review comments: top-level Y.Map 'comments', comment id → a plain record written once
//   { id, parent?, cell?, section?, start?, end?, quote?, text, by, byId, at }
// A thread is a comment with its replies (records whose `parent` is its id). An anchor is a cell
// key, or a span of a section's text given by two Yjs relative positions (start, end; encoded):
// they point at characters, not offsets, so text typed or deleted around the span leaves the
// anchor on the same words. `quote` keeps the words commented on, for when they are deleted.
// Resolved state is separate and changeable: top-level Y.Map 'commentState', thread id →
// { resolved, by, at } (the last click wins, which is what "resolve / reopen" means).
// Both maps sit outside the UndoManager's scope: a comment is not undone by Ctrl+Z. Comments are
// never part of the Report value, so they never print or export. Readers ignore malformed records.

import * as Y from 'yjs';
import { SECTION_IDS, isCellKey, type CellKey, type SectionId } from '../domain/format.ts';
import { sectionText } from './report-doc.ts';
import type { Author, EditResult } from './types.ts';

export const COMMENTS = 'comments';
export const COMMENT_STATE = 'commentState';
export const MAX_COMMENT = 2000;
const MAX_QUOTE = 200;

export type CommentAnchor = { cell: CellKey } | { section: SectionId; start: number; end: number };

export interface Comment {
  id: string;
  text: string;
  by: string;
  byId: string;
  at: number;
}

export interface CommentThread extends Comment {
  /** Where it is now: the cell, or the span's current offsets in the section (start === end once its words are gone). */
  anchor: { cell: CellKey } | { section: SectionId; start: number; end: number; quote: string };
  replies: Comment[];
  resolved: { by: string; at: number } | null;
}

function comments(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(COMMENTS);
}
function states(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(COMMENT_STATE);
}

function checkText(text: unknown): string | null {
  if (typeof text !== 'string' || !text.trim()) return '请填写评论内容。';
  if (text.length > MAX_COMMENT) return `评论不能超过${MAX_COMMENT}字。`;
  return null;
}

function newId(doc: Y.Doc, at: number): string {
  return `${doc.clientID.toString(36)}-${at.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Comment on a cell or a span of prose. Returns the new thread's id. */
export function addComment(doc: Y.Doc, anchor: CommentAnchor, text: string, author: Author, opts: { at?: number } = {}): { ok: true; id: string } | { ok: false; error: string } {
  const err = checkText(text);
  if (err) return { ok: false, error: err };
  const at = opts.at ?? Date.now();
  const rec: Record<string, unknown> = { text: text.trim(), by: author.name, byId: author.id, at };
  if ('cell' in anchor) {
    if (!isCellKey(anchor.cell)) return { ok: false, error: `未知的单元格“${String(anchor.cell)}”。` };
    rec.cell = anchor.cell;
  } else {
    if (!SECTION_IDS.includes(anchor.section)) return { ok: false, error: `未知的正文部分“${String(anchor.section)}”。` };
    const ytext = sectionText(doc, anchor.section);
    const len = ytext.length;
    const start = Math.max(0, Math.min(len, Math.floor(anchor.start)));
    const end = Math.max(start, Math.min(len, Math.floor(anchor.end)));
    rec.section = anchor.section;
    // start sticks to the first commented character (assoc 0: text typed just before stays out);
    // end to the character after the span (assoc -1: text typed right after the span stays out).
    rec.start = Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(ytext, start, 0));
    rec.end = Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(ytext, end, -1));
    rec.quote = ytext.toString().slice(start, end).slice(0, MAX_QUOTE);
  }
  const id = newId(doc, at);
  rec.id = id;
  doc.transact(() => comments(doc).set(id, rec), 'local');
  return { ok: true, id };
}

export function replyTo(doc: Y.Doc, threadId: string, text: string, author: Author, opts: { at?: number } = {}): { ok: true; id: string } | { ok: false; error: string } {
  const err = checkText(text);
  if (err) return { ok: false, error: err };
  if (!comments(doc).has(threadId)) return { ok: false, error: '找不到要回复的评论。' };
  const at = opts.at ?? Date.now();
  const id = newId(doc, at);
  doc.transact(() => comments(doc).set(id, { id, parent: threadId, text: text.trim(), by: author.name, byId: author.id, at }), 'local');
  return { ok: true, id };
}

export function setResolved(doc: Y.Doc, threadId: string, resolved: boolean, author: Author, opts: { at?: number } = {}): EditResult {
  if (!comments(doc).has(threadId)) return { ok: false, error: '找不到这条评论。' };
  doc.transact(() => states(doc).set(threadId, { resolved, by: author.name, at: opts.at ?? Date.now() }), 'local');
  return { ok: true };
}

function restoreComment(raw: unknown): (Comment & { raw: Record<string, unknown> }) | null {
  if (!raw || typeof raw !== 'object') return null;
  const o = raw as Record<string, unknown>;
  if (typeof o.id !== 'string' || typeof o.text !== 'string' || typeof o.by !== 'string' || typeof o.at !== 'number') return null;
  return { id: o.id, text: o.text.slice(0, MAX_COMMENT), by: o.by.slice(0, 100), byId: typeof o.byId === 'string' ? o.byId : '', at: o.at, raw: o };
}

function spanOf(doc: Y.Doc, o: Record<string, unknown>): CommentThread['anchor'] | null {
  if (typeof o.cell === 'string') return isCellKey(o.cell) ? { cell: o.cell } : null;
  if (typeof o.section !== 'string' || !SECTION_IDS.includes(o.section as SectionId)) return null;
  const section = o.section as SectionId;
  const quote = typeof o.quote === 'string' ? o.quote : '';
  const abs = (enc: unknown): number | null => {
    if (!(enc instanceof Uint8Array)) return null;
    try {
      const p = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(enc), doc);
      return p && p.type === sectionText(doc, section) ? p.index : null;
    } catch {
      return null; // a damaged position: the comment still shows, at the section's start
    }
  };
  const start = abs(o.start) ?? 0;
  const end = Math.max(start, abs(o.end) ?? start);
  return { section, start, end, quote };
}

/** Every thread with its replies and state, oldest first (the same order on every replica). */
export function listComments(doc: Y.Doc): CommentThread[] {
  const threads = new Map<string, CommentThread>();
  const replies: (Comment & { parent: string })[] = [];
  comments(doc).forEach((raw) => {
    const c = restoreComment(raw);
    if (!c) return;
    const { raw: o, ...comment } = c;
    if (typeof o.parent === 'string') {
      replies.push({ ...comment, parent: o.parent });
      return;
    }
    const anchor = spanOf(doc, o);
    if (!anchor) return;
    const st = states(doc).get(comment.id) as { resolved?: unknown; by?: unknown; at?: unknown } | undefined;
    const resolved = st && st.resolved === true ? { by: String(st.by ?? ''), at: typeof st.at === 'number' ? st.at : 0 } : null;
    threads.set(comment.id, { ...comment, anchor, replies: [], resolved });
  });
  const order = (a: Comment, b: Comment) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  for (const r of replies.sort(order)) threads.get(r.parent)?.replies.push({ id: r.id, text: r.text, by: r.by, byId: r.byId, at: r.at });
  return [...threads.values()].sort(order);
}

/** Open (unresolved) threads: what the library counts. */
export function openCommentCount(doc: Y.Doc): number {
  return listComments(doc).filter((t) => !t.resolved).length;
}
