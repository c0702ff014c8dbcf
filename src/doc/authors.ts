// Who wrote what, from the Yjs history itself: every Yjs item carries the client id of the
// replica that made it, and this top-level Y.Map 'authors' maps client ids to the author of
// that replica (client id, as a decimal string → { id, name }). A replica's client id is new on
// every open, so the entry is written once per editing session, on its first own edit (not on
// open: a read-only visit adds nothing to sync). Entries are never changed afterwards except to
// follow a rename within the session. Items of replicas that never wrote an entry (made
// before this map existed, or by an import) read as UNKNOWN_AUTHOR.

import * as Y from 'yjs';
import type { AuthorRun } from '../domain/compare.ts';
import type { Author, Origin } from './types.ts';

export const AUTHORS = 'authors';
export const UNKNOWN_AUTHOR = '未知';

/** Record that this replica's edits are `author`'s (no-op when already recorded as such). */
export function noteAuthor(doc: Y.Doc, author: Author, origin: Origin = 'import'): void {
  const map = doc.getMap<unknown>(AUTHORS);
  const key = String(doc.clientID);
  const had = map.get(key) as { id?: unknown; name?: unknown } | undefined;
  if (had && had.id === author.id && had.name === author.name) return;
  doc.transact(() => map.set(key, { id: author.id, name: author.name }), origin);
}

/** Client id → author name, for every replica that recorded one. */
export function authorNames(doc: Y.Doc): Map<number, string> {
  const out = new Map<number, string>();
  doc.getMap<unknown>(AUTHORS).forEach((v, k) => {
    const name = (v as { name?: unknown } | null)?.name;
    if (/^\d+$/.test(k) && typeof name === 'string' && name) out.set(Number(k), name.slice(0, 100));
  });
  return out;
}

/**
 * The current text of a Y.Text as runs of (length, author name), from its items' client ids.
 * Consecutive runs by the same author are merged.
 */
export function textRuns(doc: Y.Doc, text: Y.Text, names = authorNames(doc)): AuthorRun[] {
  const runs: AuthorRun[] = [];
  let item = text._start;
  while (item) {
    if (!item.deleted && item.countable) {
      const by = names.get(item.id.client) ?? UNKNOWN_AUTHOR;
      const last = runs[runs.length - 1];
      if (last && last.by === by) last.length += item.length;
      else runs.push({ length: item.length, by });
    }
    item = item.right;
  }
  return runs;
}
