// Multi-value registers for table cells, stored in the report Y.Doc's top-level Y.Map
// 'cellWrites' (migrations: see DOC_SCHEMA in report-doc.ts; a new field in a write is
// optional and old writes are read with defaults — `restoreWrite` ignores what it cannot read).
//
// Why not `Y.Map.set(cellKey, value)`: when two offices change the same cell while apart, a
// Y.Map keeps one value (the higher random client id wins) and the other vanishes without a
// trace. Here every write is its own map entry under a key that no other replica can ever use
// (`${cell}@${clientID}:${clock}`, the Yjs id of the entry itself), and names the writes it
// supersedes (`sup`: the frontier its author saw). A cell's current state is its frontier:
// the writes nobody supersedes. Concurrent writes both stay in the frontier, so a conflict is
// visible on every replica until someone writes again (which supersedes the whole frontier).
//
// Deleting superseded writes keeps the map at about one entry per cell. It is safe because
// (1) a write's key is set once by its creator and never again, so a delete cannot race with a
// set of the same key; (2) a write is deleted only in the same transaction that adds the write
// superseding it, so every replica that sees the delete also sees (in the same update) a write
// whose `sup` names it — it could never be frontier again on a replica that has everything;
// (3) Yjs deletions are final, so a deleted write never comes back (an undo re-adds the same
// key with the same record, which is again a legitimate, visible write).
//
// Causal context (`seen`): updates travel by different paths (a tab, the relay, a file), so a
// replica can receive w3 (which superseded w2) before w2 itself, while still holding w1 that w2
// superseded: judged by `sup` alone, w1 and w3 would look concurrent — a false conflict. So each
// write also records a version vector of the cell's causal past (`seen`): for every client in
// it, the highest clock known — what the writer had received of that client (Yjs integrates a
// client's items in clock order, so state > k means write (c, k) was received, and a received
// write of the cell is in the frontier or behind it) and, taken over from the superseded writes,
// what their authors knew (Yjs does not order items across clients: a replica can hold w2
// without w1 that w2 superseded). x supersedes y when x.seen[client(y)] > clock(y): no false
// conflict whatever the delivery order, and no genuine conflict hidden (seeded test:
// tests/property/causal-order.test.ts). `seen` stays small: one entry per client
// session that wrote this cell (typically a handful). `sup` is kept: it names what the write
// deletes, and old writes without `seen` are still judged by it.

import * as Y from 'yjs';
import { CELL_KEYS, isCellKey, type CellKey } from '../domain/format.ts';
import type { Author, CellState, ConflictValue } from './types.ts';

export const CELL_WRITES = 'cellWrites';

/** One write of one cell, as stored. */
export interface CellWrite {
  cell: CellKey;
  v: number | null;
  by: string;
  byId: string;
  at: number;
  sup: string[];
  /** client id → the writer's Yjs clock for that client, for clients in this cell's causal past. */
  seen?: Record<string, number>;
}

export function cellWritesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(CELL_WRITES);
}

/** The cell key a write id belongs to (ids are `${cell}@${client}:${clock}`). */
export function cellOfWriteId(id: string): string {
  const at = id.lastIndexOf('@');
  return at < 0 ? id : id.slice(0, at);
}

export function parseWriteId(id: string): { client: number; clock: number } | null {
  const at = id.lastIndexOf('@');
  const colon = id.lastIndexOf(':');
  if (at < 0 || colon < at) return null;
  const client = Number(id.slice(at + 1, colon));
  const clock = Number(id.slice(colon + 1));
  if (!Number.isSafeInteger(client) || !Number.isSafeInteger(clock)) return null;
  return { client, clock };
}

/** A stored write comes from other replicas (and files): read it defensively. */
export function restoreWrite(id: string, raw: unknown): CellWrite | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const o = raw as Record<string, unknown>;
  if (typeof o.cell !== 'string' || !isCellKey(o.cell) || cellOfWriteId(id) !== o.cell) return null;
  const v = o.v;
  if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) return null;
  const sup = Array.isArray(o.sup) ? o.sup.filter((s): s is string => typeof s === 'string') : [];
  const w: CellWrite = {
    cell: o.cell,
    v: v as number | null,
    by: typeof o.by === 'string' ? o.by : '',
    byId: typeof o.byId === 'string' ? o.byId : '',
    at: typeof o.at === 'number' && Number.isFinite(o.at) ? o.at : 0,
    sup,
  };
  if (typeof o.seen === 'object' && o.seen !== null && !Array.isArray(o.seen)) {
    const seen: Record<string, number> = {};
    for (const [c, k] of Object.entries(o.seen as Record<string, unknown>)) if (typeof k === 'number' && Number.isFinite(k)) seen[c] = k;
    w.seen = seen;
  }
  return w;
}

/** Does write x supersede the write with id yid? (Also used by meta-register.ts: same ids, same rule.) */
export function supersedes(x: { sup: readonly string[]; seen?: Readonly<Record<string, number>> }, yid: string): boolean {
  if (x.sup.includes(yid)) return true;
  if (!x.seen) return false;
  const p = parseWriteId(yid);
  return p !== null && (x.seen[p.client] ?? 0) > p.clock;
}

interface CellEntry {
  state: CellState;
  /** Ids of the frontier writes (what a new write supersedes). */
  frontier: string[];
}

/**
 * Per-doc index: cell → its present writes, and a cache of computed states, kept current by
 * one beforeObserverCalls listener. Reading a cell costs a map lookup once computed.
 */
class CellIndex {
  private writes = new Map<string, Map<string, CellWrite>>();
  private cache = new Map<string, CellEntry>();

  constructor(private doc: Y.Doc) {
    const map = cellWritesMap(doc);
    map.forEach((raw, id) => this.put(id, raw));
    // Before any observer runs, so that map observers and afterTransaction listeners alike
    // read fresh cell states.
    doc.on('beforeObserverCalls', (tr: Y.Transaction) => {
      const keys = tr.changed.get(map as unknown as Y.AbstractType<Y.YEvent<any>>);
      if (keys) {
        for (const id of keys) {
          if (id == null) continue;
          const cell = cellOfWriteId(id);
          const raw = map.get(id);
          if (raw === undefined) this.writes.get(cell)?.delete(id);
          else this.put(id, raw);
          this.cache.delete(cell);
        }
      }
    });
  }

  private put(id: string, raw: unknown): void {
    const w = restoreWrite(id, raw);
    if (!w) return;
    let m = this.writes.get(w.cell);
    if (!m) this.writes.set(w.cell, (m = new Map()));
    m.set(id, w);
  }

  entry(cell: CellKey): CellEntry {
    let e = this.cache.get(cell);
    if (!e) {
      e = computeEntry(this.writes.get(cell));
      this.cache.set(cell, e);
    }
    return e;
  }

  /** Present writes of a cell (for tests and the exchange diff). */
  writesOf(cell: CellKey): ReadonlyMap<string, CellWrite> {
    return this.writes.get(cell) ?? new Map();
  }
}

function compareValues(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a - b;
}

function computeEntry(writes: Map<string, CellWrite> | undefined): CellEntry {
  if (!writes || writes.size === 0) return { state: { value: null, conflict: null }, frontier: [] };
  const all = [...writes];
  // A cell has one to a few present writes, so the pairwise test costs nothing.
  const frontier = all.filter(([yid]) => !all.some(([xid, x]) => xid !== yid && supersedes(x, yid)));
  frontier.sort(([ia, a], [ib, b]) => a.at - b.at || (ia < ib ? -1 : ia > ib ? 1 : 0));
  const ids = frontier.map(([id]) => id);
  if (frontier.length === 0) return { state: { value: null, conflict: null }, frontier: ids };
  const last = frontier[frontier.length - 1]![1];
  // One entry per distinct value, naming its latest writer (frontier is sorted by time).
  const byValue = new Map<number | null, ConflictValue>();
  for (const [, w] of frontier) byValue.set(w.v, { value: w.v, by: w.by, byId: w.byId, at: w.at });
  const base = { lastBy: last.by, lastById: last.byId, lastAt: last.at };
  if (byValue.size === 1) return { state: { value: last.v, conflict: null, ...base }, frontier: ids };
  const values = [...byValue.values()].sort((a, b) => compareValues(a.value, b.value));
  return { state: { value: null, conflict: { values }, ...base }, frontier: ids };
}

const indexes = new WeakMap<Y.Doc, CellIndex>();
function indexOf(doc: Y.Doc): CellIndex {
  let ix = indexes.get(doc);
  if (!ix) indexes.set(doc, (ix = new CellIndex(doc)));
  return ix;
}

/** Must be called before the doc receives updates so the index sees every transaction. */
export function attachCellIndex(doc: Y.Doc): void {
  indexOf(doc);
}

export function registerState(doc: Y.Doc, cell: CellKey): CellState {
  return indexOf(doc).entry(cell).state;
}

export function registerFrontier(doc: Y.Doc, cell: CellKey): readonly string[] {
  return indexOf(doc).entry(cell).frontier;
}

export function presentWrites(doc: Y.Doc, cell: CellKey): ReadonlyMap<string, CellWrite> {
  return indexOf(doc).writesOf(cell);
}

/** Every cell currently in conflict, in official order. */
export function conflictedCells(doc: Y.Doc): CellKey[] {
  const ix = indexOf(doc);
  return CELL_KEYS.filter((k) => ix.entry(k).state.conflict !== null);
}

/**
 * What a write supersedes: the writes the person was shown (`sup`) and the causal past that
 * goes with them (`seen`). Taken when she BEGINS editing a cell, not when she commits: a
 * colleague's value that arrives while she types was never shown to her, so her write must not
 * supersede it — both stay, and the cell shows the conflict (see docs/sync.md, "a write's
 * context").
 */
export interface CellContext {
  sup: readonly string[];
  seen: Readonly<Record<string, number>>;
}

/** The context of a write made now: the cell's whole frontier as this replica shows it. */
export function cellContext(doc: Y.Doc, cell: CellKey): CellContext {
  const sup = [...registerFrontier(doc, cell)];
  // The causal past of this cell: what this replica has received of the clients in it, and
  // what the superseded writes' authors knew (they may have seen writes that never reached
  // this replica — Yjs does not order items across clients).
  return { sup, seen: causalPast(doc, sup, presentWrites(doc, cell)) };
}

/**
 * What a write superseding `sup` has seen: the superseded writes themselves, what their authors
 * had seen, and all this replica holds of those clients. Shared by cells and meta fields.
 */
export function causalPast(doc: Y.Doc, sup: readonly string[], present: ReadonlyMap<string, { seen?: Readonly<Record<string, number>> }>): Record<string, number> {
  const seen: Record<string, number> = {};
  const know = (c: string, k: number) => {
    if ((seen[c] ?? 0) < k) seen[c] = k;
  };
  for (const id of sup) {
    const p = parseWriteId(id);
    if (p) know(String(p.client), p.clock + 1);
    for (const [c, k] of Object.entries(present.get(id)?.seen ?? {})) know(c, k);
  }
  for (const c of Object.keys(seen)) know(c, Y.getState(doc.store, Number(c)));
  return seen;
}

/**
 * The context after the person's own write `id` made with `ctx`: her next write (she keeps
 * typing in the same cell) supersedes her previous one and what she was shown, nothing else.
 */
export function contextAfterWrite(ctx: CellContext, id: string): CellContext {
  const p = parseWriteId(id);
  const seen = { ...ctx.seen };
  if (p && (seen[p.client] ?? 0) < p.clock + 1) seen[p.client] = p.clock + 1;
  return { sup: [id], seen };
}

/**
 * Add a write superseding `ctx` (default: the cell's whole frontier as shown now), and delete
 * the superseded writes (see the header comment for why that is safe). Call inside a transaction.
 */
export function writeCell(doc: Y.Doc, cell: CellKey, v: number | null, author: Author, at: number, ctx: CellContext = cellContext(doc, cell)): string {
  const map = cellWritesMap(doc);
  const sup = [...ctx.sup];
  const seen = { ...ctx.seen };
  // The entry's Yjs id is (clientID, next clock): deletes create no structs, and each map set
  // of a fresh key creates exactly one item, so the key names the entry itself.
  const id = `${cell}@${doc.clientID}:${Y.getState(doc.store, doc.clientID)}`;
  const record: CellWrite = { cell, v, by: author.name, byId: author.id, at, sup, seen };
  map.set(id, record);
  for (const s of sup) if (map.has(s)) map.delete(s);
  return id;
}

/** Is write `id` one of the frontier writes superseded by a write with context `ctx`? */
export function contextCovers(ctx: CellContext, id: string): boolean {
  if (ctx.sup.includes(id)) return true;
  const p = parseWriteId(id);
  return p !== null && (ctx.seen[p.client] ?? 0) > p.clock;
}
