// Multi-value registers for the report's metadata fields (title, 单位名称, 单位类型, 报告年度,
// 截止日期), stored in the top-level Y.Map 'metaWrites'. The same rule and the same ids as the
// cell registers (cell-register.ts — read its header for why): every write is its own entry
// `${field}@${clientID}:${clock}` naming what its author was shown (`sup`, `seen`), so two
// colleagues who change the title while apart both keep their value, every replica shows the
// conflict with both names, and the next write (choosing one) supersedes the whole frontier.
// Identical concurrent values are one value: no conflict.
//
// Why not the old `meta.set('title', …)`: a Y.Map keeps one value per key (the higher random
// client id wins), so one colleague's title vanished without a trace on merge.
//
// Old documents: meta written before this module has no entry here; a field without register
// writes reads the plain meta value (read.ts), exactly as before. A register write also mirrors
// the value into the plain meta map so that an older app on another PC still reads it.
//
// Meta has five fields and a handful of writes, so states are computed on read (no index).

import * as Y from 'yjs';
import { UNIT_TYPES } from '../domain/format.ts';
import { isIsoDate } from '../domain/edit-checks.ts';
import { causalPast, parseWriteId, supersedes } from './cell-register.ts';
import type { Author } from './types.ts';

export const META_WRITES = 'metaWrites';
export const REGISTER_META_FIELDS = ['title', 'name', 'type', 'year', 'deadline'] as const;
export type RegisterMetaField = (typeof REGISTER_META_FIELDS)[number];
export type MetaValue = string | number;

export function isRegisterMetaField(k: string): k is RegisterMetaField {
  return (REGISTER_META_FIELDS as readonly string[]).includes(k);
}

export interface MetaWrite {
  field: RegisterMetaField;
  v: MetaValue;
  by: string;
  byId: string;
  at: number;
  sup: string[];
  seen?: Record<string, number>;
}

export interface MetaConflictValue {
  value: MetaValue;
  by: string;
  byId: string;
  at: number;
}

export interface MetaFieldState {
  /** One current value for every reader (the latest write of the frontier; undefined: no register writes). */
  value: MetaValue | undefined;
  /** Two or more different values written while apart; null when settled. */
  conflict: null | { values: MetaConflictValue[] };
  frontier: string[];
}

function fieldOfWriteId(id: string): string {
  const at = id.lastIndexOf('@');
  return at < 0 ? id : id.slice(0, at);
}

function validValue(field: RegisterMetaField, v: unknown): v is MetaValue {
  switch (field) {
    case 'year':
      return typeof v === 'number' && Number.isInteger(v);
    case 'type':
      return (UNIT_TYPES as readonly unknown[]).includes(v);
    case 'deadline':
      return isIsoDate(v);
    default:
      return typeof v === 'string' && v.length > 0 && v.length <= 500;
  }
}

/** A stored write comes from other replicas (and files): read it defensively. */
export function restoreMetaWrite(id: string, raw: unknown): MetaWrite | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const o = raw as Record<string, unknown>;
  const field = o.field;
  if (typeof field !== 'string' || !isRegisterMetaField(field) || fieldOfWriteId(id) !== field || parseWriteId(id) === null) return null;
  if (!validValue(field, o.v)) return null;
  const w: MetaWrite = {
    field,
    v: o.v,
    by: typeof o.by === 'string' ? o.by : '',
    byId: typeof o.byId === 'string' ? o.byId : '',
    at: typeof o.at === 'number' && Number.isFinite(o.at) ? o.at : 0,
    sup: Array.isArray(o.sup) ? o.sup.filter((s): s is string => typeof s === 'string') : [],
  };
  if (typeof o.seen === 'object' && o.seen !== null && !Array.isArray(o.seen)) {
    const seen: Record<string, number> = {};
    for (const [c, k] of Object.entries(o.seen as Record<string, unknown>)) if (typeof k === 'number' && Number.isFinite(k)) seen[c] = k;
    w.seen = seen;
  }
  return w;
}

function presentMetaWrites(doc: Y.Doc, field: RegisterMetaField): Map<string, MetaWrite> {
  const out = new Map<string, MetaWrite>();
  doc.getMap<unknown>(META_WRITES).forEach((raw, id) => {
    if (fieldOfWriteId(id) !== field) return;
    const w = restoreMetaWrite(id, raw);
    if (w) out.set(id, w);
  });
  return out;
}

export function metaFieldState(doc: Y.Doc, field: RegisterMetaField): MetaFieldState {
  const all = [...presentMetaWrites(doc, field)];
  const frontier = all.filter(([yid]) => !all.some(([xid, x]) => xid !== yid && supersedes(x, yid)));
  frontier.sort(([ia, a], [ib, b]) => a.at - b.at || (ia < ib ? -1 : ia > ib ? 1 : 0));
  const ids = frontier.map(([id]) => id);
  if (frontier.length === 0) return { value: undefined, conflict: null, frontier: ids };
  const byValue = new Map<MetaValue, MetaConflictValue>();
  for (const [, w] of frontier) byValue.set(w.v, { value: w.v, by: w.by, byId: w.byId, at: w.at });
  const value = frontier[frontier.length - 1]![1].v;
  if (byValue.size === 1) return { value, conflict: null, frontier: ids };
  const values = [...byValue.values()].sort((a, b) => a.at - b.at || String(a.value).localeCompare(String(b.value)));
  return { value, conflict: { values }, frontier: ids };
}

/** Every meta field currently in conflict. */
export function conflictedMetaFields(doc: Y.Doc): RegisterMetaField[] {
  if (doc.getMap(META_WRITES).size === 0) return [];
  return REGISTER_META_FIELDS.filter((f) => metaFieldState(doc, f).conflict !== null);
}

/** What a meta write supersedes: the field's frontier as shown, and the causal past that goes with it. */
export interface MetaContext {
  sup: readonly string[];
  seen: Readonly<Record<string, number>>;
}

/** The context of a write made now (or when she began editing: take it then, and pass it to setMeta). */
export function metaContext(doc: Y.Doc, field: RegisterMetaField): MetaContext {
  const sup = metaFieldState(doc, field).frontier;
  return { sup, seen: causalPast(doc, sup, presentMetaWrites(doc, field)) };
}

/** Add a write superseding `ctx` and delete the superseded writes. Call inside a transaction. */
export function writeMetaField(doc: Y.Doc, field: RegisterMetaField, v: MetaValue, author: Author, at: number, ctx: MetaContext = metaContext(doc, field)): string {
  const map = doc.getMap<unknown>(META_WRITES);
  const id = `${field}@${doc.clientID}:${Y.getState(doc.store, doc.clientID)}`;
  const record: MetaWrite = { field, v, by: author.name, byId: author.id, at, sup: [...ctx.sup], seen: { ...ctx.seen } };
  map.set(id, record);
  for (const s of ctx.sup) if (map.has(s)) map.delete(s);
  return id;
}
