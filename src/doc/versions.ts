// Saved versions of a report (保存版本): top-level Y.Map 'versions', version id → a plain record
//   { id, name, note, by, byId, at, sv, title, cells, cellsBy, names, sections }
// where `cells` holds the typed cells' settled values by position in TYPED_CELL_KEYS (the 2021
// format's fixed list; null = 未填) — keys spelled out cost ~5 KB a version — and `cellsBy` at the
// same position the index in `names` of who wrote that value (-1: unknown), `sv` the doc's state vector when the version was saved, and
// `sections[id]` the key of that section's text in the top-level Y.Map 'versionTexts' (text key →
// text, or { base, d } : the edits that turn the text stored under `base` into this one — `d` is
// a list of numbers and strings: n > 0 keeps n characters, n < 0 deletes −n, a string is
// inserted). Texts are stored once by content (a section unchanged between versions costs
// nothing), and a changed one as its edits against the previous version's, with a full copy at
// least every MAX_CHAIN steps so reading one never walks a long chain.
//
// Why not Y.snapshot: a snapshot only works on a doc created with gc:false on EVERY replica (the
// relay's included) forever, which keeps every deleted character of a 20,000-keystroke history;
// a version as a value costs the size of the report's text once per changed section. Measured in
// bench/versions.bench.ts (figures in docs/versions.md).
//
// Records are written once (under an id no other replica uses) and never changed, so concurrent
// saves on two PCs both survive. Restoring is a set of ordinary named edits (restoreVersion),
// so it syncs, can be undone, and nothing in the history is lost. Readers ignore malformed
// records (restoreVersionRecord), so a hostile or future record cannot break the list.

import * as Y from 'yjs';
import { CELL_BY_KEY, SECTION_IDS, TYPED_CELL_KEYS, isCellKey, type CellKey, type SectionId } from '../domain/format.ts';
import { emptyCells, emptySections, withDerived } from '../domain/report.ts';
import type { ReportContent } from '../domain/compare.ts';
import { diffText } from '../domain/text-diff.ts';
import { registerState } from './cell-register.ts';
import { readMeta, replaceSectionText, sectionText, setCells, setMeta } from './report-doc.ts';
import type { Author, EditResult } from './types.ts';

export const VERSIONS = 'versions';
export const VERSION_TEXTS = 'versionTexts';
const MAX_NAME = 50;
const MAX_NOTE = 500;
const MAX_CHAIN = 8;

export interface VersionInfo {
  id: string;
  name: string;
  note: string;
  by: string;
  byId: string;
  at: number;
}

export interface Version extends VersionInfo {
  /** The doc's state vector when saved (what the version had seen). */
  sv: Uint8Array;
  content: ReportContent;
}

function versionsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(VERSIONS);
}
function textsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(VERSION_TEXTS);
}

/** A 64-bit FNV-1a of the text (two 32-bit halves) and its length: the key a text is stored under. */
export function textKey(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 7), 0x5bd1e995) >>> 0;
  }
  return `${h1.toString(36)}${h2.toString(36)}.${text.length}`;
}

/** The report's content as this replica shows it now (conflicted cells read as 未填). */
export function currentContent(doc: Y.Doc): ReportContent & { cellsBy: Partial<Record<CellKey, string>> } {
  const typed = emptyCells();
  const cellsBy: Partial<Record<CellKey, string>> = {};
  for (const k of TYPED_CELL_KEYS) {
    const s = registerState(doc, k);
    typed[k] = s.value;
    if (s.conflict === null && s.lastBy) cellsBy[k] = s.lastBy;
  }
  const sections = emptySections();
  for (const id of SECTION_IDS) sections[id] = sectionText(doc, id).toString();
  return { title: readMeta(doc).title, sections, cells: withDerived(typed), cellsBy };
}

/** Save the report as it is now under a name (保存版本). Returns the new version's id. */
export function saveVersion(
  doc: Y.Doc,
  input: { name: string; note?: string },
  author: Author,
  opts: { at?: number } = {},
): { ok: true; id: string } | { ok: false; error: string } {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  const note = typeof input.note === 'string' ? input.note.trim() : '';
  if (!name) return { ok: false, error: '请填写版本名称（如“送审稿”）。' };
  if (name.length > MAX_NAME) return { ok: false, error: `版本名称不能超过${MAX_NAME}字。` };
  if (note.length > MAX_NOTE) return { ok: false, error: `版本说明不能超过${MAX_NOTE}字。` };
  const content = currentContent(doc);
  const names: string[] = [];
  const nameIx = new Map<string, number>();
  const cells: (number | null)[] = [];
  const cellsBy: number[] = [];
  for (const k of TYPED_CELL_KEYS) {
    const v = content.cells[k] ?? null;
    cells.push(v);
    const by = v === null ? undefined : content.cellsBy[k];
    if (by && !nameIx.has(by)) nameIx.set(by, names.push(by) - 1);
    cellsBy.push(by ? nameIx.get(by)! : -1);
  }
  const id = `${doc.clientID.toString(36)}-${(opts.at ?? Date.now()).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const texts = textsMap(doc);
  const sections: Record<string, string> = {};
  const latest = latestVersionRecord(doc);
  const cache = new Map<string, { text: string; depth: number } | null>();
  doc.transact(() => {
    for (const sid of SECTION_IDS) {
      const text = content.sections[sid];
      let key = textKey(text);
      // A different text under the same key (never seen, but cheap to rule out): number it.
      for (let n = 2; texts.has(key) && readText(texts, key, cache)?.text !== text; n++) key = `${textKey(text)}~${n}`;
      if (!texts.has(key)) texts.set(key, encodeText(texts, text, latest?.sections?.[sid], cache));
      sections[sid] = key;
    }
    versionsMap(doc).set(id, {
      id,
      name,
      note,
      by: author.name,
      byId: author.id,
      at: opts.at ?? Date.now(),
      sv: Y.encodeStateVector(doc),
      title: content.title,
      cells,
      cellsBy,
      names,
      sections,
    });
  }, 'local');
  return { ok: true, id };
}

/** What to store for `text`: its edits against the previous version's text of the section when that is much smaller. */
function encodeText(texts: Y.Map<unknown>, text: string, baseKey: unknown, cache: Map<string, { text: string; depth: number } | null>): unknown {
  if (typeof baseKey !== 'string') return text;
  const base = readText(texts, baseKey, cache);
  if (!base || base.depth >= MAX_CHAIN) return text;
  const d: (number | string)[] = [];
  // Sizes as Yjs encodes them: UTF-8 text (a CJK character is 3 bytes), small numbers 2 bytes.
  let size = 0;
  for (const p of diffText(base.text, text)) {
    if (p.kind === 'ins') d.push(p.text);
    else d.push(p.kind === 'same' ? p.text.length : -p.text.length);
    size += p.kind === 'ins' ? utf8Length(p.text) + 2 : 3;
  }
  return size < utf8Length(text) * 0.7 ? { base: baseKey, d } : text;
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : 3; // a surrogate pair counts 3+3 instead of 4: close enough for a choice
  }
  return n;
}

/** The text stored under `key` (following edits to their base), or null when missing or damaged. */
function readText(texts: Y.Map<unknown>, key: string, cache: Map<string, { text: string; depth: number } | null>, hops = 0): { text: string; depth: number } | null {
  if (cache.has(key)) return cache.get(key)!;
  const raw = texts.get(key);
  let out: { text: string; depth: number } | null = null;
  if (typeof raw === 'string') out = { text: raw, depth: 0 };
  else if (raw && typeof raw === 'object' && hops < MAX_CHAIN * 4) {
    const { base, d } = raw as { base?: unknown; d?: unknown };
    const b = typeof base === 'string' && base !== key ? readText(texts, base, cache, hops + 1) : null;
    if (b && Array.isArray(d)) {
      let at = 0;
      let text = '';
      let ok = true;
      for (const op of d) {
        if (typeof op === 'string') text += op;
        else if (typeof op === 'number' && Number.isInteger(op) && op !== 0 && at + Math.abs(op) <= b.text.length) {
          if (op > 0) text += b.text.slice(at, at + op);
          at += Math.abs(op);
        } else ok = false;
      }
      if (ok && at === b.text.length) out = { text, depth: b.depth + 1 };
    }
  }
  cache.set(key, out);
  return out;
}

function latestVersionRecord(doc: Y.Doc): { sections?: Record<string, unknown> } | null {
  let best: Record<string, unknown> | null = null;
  versionsMap(doc).forEach((raw) => {
    if (!raw || typeof raw !== 'object') return;
    const o = raw as Record<string, unknown>;
    if (typeof o.at !== 'number' || typeof o.id !== 'string' || !o.sections || typeof o.sections !== 'object') return;
    if (!best || o.at > (best.at as number) || (o.at === best.at && o.id > (best.id as string))) best = o;
  });
  return best;
}

/** A stored record read back: a Version, or null when malformed. */
function restoreVersionRecord(
  doc: Y.Doc,
  raw: unknown,
  cache = new Map<string, { text: string; depth: number } | null>(),
  opts: { texts: boolean } = { texts: true },
): Version | null {
  if (!raw || typeof raw !== 'object') return null;
  const o = raw as Record<string, unknown>;
  if (typeof o.id !== 'string' || typeof o.name !== 'string' || typeof o.by !== 'string' || typeof o.at !== 'number') return null;
  if (!(o.sv instanceof Uint8Array) || !o.cells || typeof o.cells !== 'object' || !o.sections || typeof o.sections !== 'object') return null;
  const names = Array.isArray(o.names) ? o.names.map((n) => (typeof n === 'string' ? n : '')) : [];
  const typed = emptyCells();
  const cellsBy: Partial<Record<CellKey, string>> = {};
  // Positional (as saved); a keyed object is read too, should a later layout write one.
  const entries: [string, unknown, unknown][] = Array.isArray(o.cells)
    ? TYPED_CELL_KEYS.map((k, i) => [k, (o.cells as unknown[])[i], Array.isArray(o.cellsBy) ? o.cellsBy[i] : undefined])
    : Object.entries(o.cells as Record<string, unknown>).map(([k, v]) => [k, v, (o.cellsBy as Record<string, unknown> | undefined)?.[k]]);
  for (const [k, v, bi] of entries) {
    if (!isCellKey(k) || CELL_BY_KEY.get(k)!.derived || typeof v !== 'number' || !Number.isFinite(v)) continue;
    typed[k] = v;
    if (typeof bi === 'number' && names[bi]) cellsBy[k] = names[bi];
  }
  const sections = emptySections();
  const texts = textsMap(doc);
  for (const sid of SECTION_IDS) {
    const key = (o.sections as Record<string, unknown>)[sid];
    // The list only checks that the texts are there; rebuilding them is for compare and restore.
    const t = typeof key !== 'string' ? undefined : opts.texts ? readText(texts, key, cache)?.text : texts.has(key) ? '' : undefined;
    // The text travels in the same transaction as the record; a missing one means a damaged doc.
    if (typeof key === 'string' && typeof t !== 'string') return null;
    sections[sid] = typeof t === 'string' ? t : '';
  }
  return {
    id: o.id,
    name: o.name.slice(0, MAX_NAME),
    note: typeof o.note === 'string' ? o.note.slice(0, MAX_NOTE) : '',
    by: o.by,
    byId: typeof o.byId === 'string' ? o.byId : '',
    at: o.at,
    sv: o.sv,
    content: { title: typeof o.title === 'string' ? o.title : '', sections, cells: withDerived(typed), cellsBy },
  };
}

/** The saved versions, oldest first (by time, then id: the same order on every replica). */
export function listVersions(doc: Y.Doc): VersionInfo[] {
  const out: VersionInfo[] = [];
  const cache = new Map<string, { text: string; depth: number } | null>();
  versionsMap(doc).forEach((raw) => {
    const v = restoreVersionRecord(doc, raw, cache, { texts: false });
    if (v) out.push({ id: v.id, name: v.name, note: v.note, by: v.by, byId: v.byId, at: v.at });
  });
  return out.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function getVersion(doc: Y.Doc, id: string): Version | null {
  return restoreVersionRecord(doc, versionsMap(doc).get(id));
}

/**
 * Bring back a version's numbers, text and title as ordinary edits by `author` (one transaction,
 * origin 'local': it syncs like typing and one 撤销 takes it back). Conflicts in cells are
 * settled to the version's value. Versions saved after it stay in the list.
 */
export function restoreVersion(doc: Y.Doc, id: string, author: Author): EditResult {
  const v = getVersion(doc, id);
  if (!v) return { ok: false, error: '找不到这个版本（可能已损坏）。' };
  let result: EditResult = { ok: true };
  doc.transact(() => {
    const entries: [CellKey, number | null][] = TYPED_CELL_KEYS.map((k) => [k, v.content.cells[k] ?? null]);
    const r = setCells(doc, entries, author);
    if (!r.ok) {
      result = r;
      return;
    }
    for (const sid of SECTION_IDS) replaceSectionText(doc, sid, v.content.sections[sid] ?? '', author);
    if (v.content.title && v.content.title !== readMeta(doc).title) setMeta(doc, { title: v.content.title }, author);
  }, 'local');
  return result;
}
