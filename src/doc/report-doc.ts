// The report as a Y.Doc: one doc per report, stored by y-indexeddb in the browser (storage/),
// by the relay in SQLite (server/), and carried by tabs/relay/exchange files (sync/).
//
// Layout (all TOP-LEVEL shared types: concurrent creation of nested types under one key on two
// replicas would lose one of them, while top-level types with the same name always merge):
//   Y.Map  'meta'          name, type, year, title, deadline, publishedOn, status,
//                          formatVersion (FORMAT_ID), docSchema (DOC_SCHEMA)
//   Y.Text 'section:<id>'  one per section id, plain paragraphs separated by '\n'
//   Y.Map  'sectionEdits'  section id → { by, byId, at } of the last local prose edit
//   Y.Map  'cellWrites'    multi-value cell registers (cell-register.ts)
// Derived sums are never stored: readReport computes them (withDerived).
// Migration: docSchema is 1. A later layout bumps it and migrates in initReportDoc, which
// every opener calls; readers ignore keys they do not know, so old apps keep reading new docs.

import * as Y from 'yjs';
import {
  CELL_BY_KEY,
  CELL_KEYS,
  FORMAT_ID,
  SECTION_IDS,
  TYPED_CELL_KEYS,
  UNIT_TYPES,
  cellName,
  isCellKey,
  type CellKey,
  type SectionId,
  type TableId,
  type UnitType,
} from '../domain/format.ts';
import { defaultDeadline, defaultTitle, emptyCells, emptySections, withDerived, type Cells, type Report } from '../domain/report.ts';
import type { Finding } from '../domain/finding.ts';
import { rebaseChange, type Delta, type TextChange } from './text-delta.ts';
import {
  CELL_WRITES,
  attachCellIndex,
  cellOfWriteId,
  conflictedCells,
  type CellContext,
  registerState,
  writeCell,
} from './cell-register.ts';
import {
  ORIGINS,
  type Author,
  type CellState,
  type EditResult,
  type MetaPatch,
  type Origin,
  type ReportChange,
  type ReportInit,
  type ReportMeta,
  type ReportStatus,
} from './types.ts';

export * from './types.ts';
export { CELL_WRITES, cellContext, contextAfterWrite, contextCovers, registerFrontier, registerState, presentWrites, type CellContext } from './cell-register.ts';

export const DOC_SCHEMA = 1;
const META = 'meta';
const SECTION_EDITS = 'sectionEdits';
const SECTION_PREFIX = 'section:';
const STATUSES: readonly ReportStatus[] = ['draft', 'review', 'published'];
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

// ---------------------------------------------------------------------------------------------
// Creating and opening

/** A new doc for a new report, with its metadata set (origin 'import': not undoable). */
export function createReportDoc(init: ReportInit, author: Author): Y.Doc {
  const doc = new Y.Doc();
  initReportDoc(doc, init, author);
  return doc;
}

/**
 * Prepare a doc (possibly just loaded by y-indexeddb) for use: creates every top-level type so
 * that observers see them, attaches the cell index, and sets the metadata if the doc has none
 * yet. Safe to call on every open. Returns an error for invalid init values.
 */
export function initReportDoc(doc: Y.Doc, init: ReportInit | null, author: Author): EditResult {
  attachReportDoc(doc);
  const meta = doc.getMap<unknown>(META);
  if (meta.get('formatVersion') !== undefined || init === null) return { ok: true };
  const err = checkMetaPatch({ name: init.name, type: init.type, year: init.year, title: init.title, deadline: init.deadline });
  if (err) return { ok: false, error: err };
  doc.transact(() => {
    meta.set('name', init.name.trim());
    meta.set('type', init.type);
    meta.set('year', init.year);
    meta.set('title', init.title?.trim() || defaultTitle(init.name.trim(), init.year));
    meta.set('deadline', init.deadline ?? defaultDeadline(init.year));
    meta.set('status', 'draft');
    meta.set('formatVersion', FORMAT_ID);
    meta.set('docSchema', DOC_SCHEMA);
    meta.set('createdBy', author.name);
    meta.set('createdAt', Date.now());
  }, 'import' satisfies Origin);
  return { ok: true };
}

/** Create the shared types and the cell index of a doc without writing anything. */
export function attachReportDoc(doc: Y.Doc): void {
  doc.getMap(META);
  doc.getMap(SECTION_EDITS);
  doc.getMap(CELL_WRITES);
  for (const id of SECTION_IDS) doc.getText(SECTION_PREFIX + id);
  attachCellIndex(doc);
}

/** Has this doc received report metadata (from init, storage or a peer)? */
export function isReportDoc(doc: Y.Doc): boolean {
  return doc.getMap<unknown>(META).get('formatVersion') !== undefined;
}

// ---------------------------------------------------------------------------------------------
// Reading

export function readMeta(doc: Y.Doc): ReportMeta {
  const m = doc.getMap<unknown>(META);
  const name = typeof m.get('name') === 'string' ? (m.get('name') as string) : '';
  const type = UNIT_TYPES.includes(m.get('type') as UnitType) ? (m.get('type') as UnitType) : 'township';
  const y = m.get('year');
  const year = typeof y === 'number' && Number.isInteger(y) ? y : new Date().getFullYear() - 1;
  const title = typeof m.get('title') === 'string' && (m.get('title') as string) ? (m.get('title') as string) : defaultTitle(name, year);
  const d = m.get('deadline');
  const deadline = typeof d === 'string' && DATE_RE.test(d) ? d : defaultDeadline(year);
  const p = m.get('publishedOn');
  const status = STATUSES.includes(m.get('status') as ReportStatus) ? (m.get('status') as ReportStatus) : 'draft';
  const fv = m.get('formatVersion');
  const ds = m.get('docSchema');
  const out: ReportMeta = {
    name,
    type,
    year,
    title,
    deadline,
    status,
    formatVersion: typeof fv === 'string' ? fv : FORMAT_ID,
    docSchema: typeof ds === 'number' ? ds : DOC_SCHEMA,
  };
  if (typeof p === 'string' && DATE_RE.test(p)) out.publishedOn = p;
  const lastBy = m.get('lastBy');
  if (typeof lastBy === 'string' && lastBy) out.lastBy = lastBy;
  return out;
}

/** The typed value of a cell for readReport: settled value, or null if 未填 or in conflict. */
export function cellState(doc: Y.Doc, key: CellKey): CellState {
  const def = CELL_BY_KEY.get(key);
  if (!def) return { value: null, conflict: null };
  if (!def.derived) return registerState(doc, key);
  // A derived sum: computed from its parts (conflicted parts count as 未填).
  const cells = emptyCells();
  for (const k of TYPED_CELL_KEYS) cells[k] = registerState(doc, k).value;
  return { value: withDerived(cells)[key] ?? null, conflict: null };
}

/** A plain snapshot of the report. Derived sums are computed; conflicted cells read as null. */
export function readReport(doc: Y.Doc): Report {
  const cells = emptyCells();
  for (const k of TYPED_CELL_KEYS) cells[k] = registerState(doc, k).value;
  return assembleReport(doc, readMeta(doc), withDerived(cells));
}

/** The Report value from the doc's meta and sections and already settled cells. */
export function assembleReport(doc: Y.Doc, meta: ReportMeta, cells: Cells): Report {
  const sections = emptySections();
  for (const id of SECTION_IDS) sections[id] = doc.getText(SECTION_PREFIX + id).toString();
  const report: Report = {
    format: FORMAT_ID,
    unit: { name: meta.name, type: meta.type },
    year: meta.year,
    title: meta.title,
    sections,
    cells,
    deadline: meta.deadline,
  };
  if (meta.publishedOn) report.publishedOn = meta.publishedOn;
  return report;
}

/** Cells in conflict, in official order. */
export function conflicts(doc: Y.Doc): CellKey[] {
  return conflictedCells(doc);
}

// ---------------------------------------------------------------------------------------------
// Editing. Every edit is one transaction with its origin; invalid input returns a reason.

export interface EditOptions {
  /** Origin of the edit (default 'local'). */
  origin?: Origin;
  /** Time of the edit, epoch ms (default now). */
  at?: number;
}

function checkMetaPatch(p: MetaPatch): string | null {
  if (p.name !== undefined && (typeof p.name !== 'string' || !p.name.trim())) return '单位名称不能为空。';
  if (p.type !== undefined && !UNIT_TYPES.includes(p.type)) return `单位类型应为 ${UNIT_TYPES.join('、')} 之一。`;
  if (p.year !== undefined && (!Number.isInteger(p.year) || p.year < 2000 || p.year > 2100)) return '报告年度应为 2000–2100 之间的整数。';
  if (p.title !== undefined && typeof p.title !== 'string') return '标题应为文字。';
  if (p.deadline !== undefined && !(typeof p.deadline === 'string' && DATE_RE.test(p.deadline))) return '截止日期应为“年-月-日”，如 2025-01-31。';
  if (p.publishedOn != null && !(typeof p.publishedOn === 'string' && DATE_RE.test(p.publishedOn))) return '发布日期应为“年-月-日”，如 2025-01-20。';
  if (p.status !== undefined && !STATUSES.includes(p.status)) return '状态应为草稿、待审核或已发布。';
  return null;
}

export function setMeta(doc: Y.Doc, patch: MetaPatch, author: Author, opts: EditOptions = {}): EditResult {
  const err = checkMetaPatch(patch);
  if (err) return { ok: false, error: err };
  const meta = doc.getMap<unknown>(META);
  doc.transact(() => {
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) continue;
      if (v === null) meta.delete(k);
      else meta.set(k, typeof v === 'string' && k !== 'title' ? v.trim() : v);
    }
    meta.set('lastBy', author.name);
    meta.set('lastAt', opts.at ?? Date.now());
  }, opts.origin ?? 'local');
  return { ok: true };
}

/** Why `value` cannot go into `key`, or null when it can. */
export function checkCellValue(key: string, value: unknown): string | null {
  if (!isCellKey(key)) return `未知的单元格“${key}”。`;
  const def = CELL_BY_KEY.get(key)!;
  if (def.derived) return `${cellName(key)}是合计，由各项自动计算，不能直接填写。`;
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${cellName(key)}应填数字。`;
  if (value < 0) return `${cellName(key)}不能为负数。`;
  if (def.kind === 'count' && !Number.isSafeInteger(value)) return `${cellName(key)}应为整数（件），不能有小数。`;
  return null;
}

const undoManagers = new WeakMap<Y.Doc, Set<Y.UndoManager>>();
/** Cell edits are discrete steps: never merge two of them into one undo item. */
function stopCapturing(doc: Y.Doc): void {
  for (const um of undoManagers.get(doc) ?? []) um.stopCapturing();
}

/** Set one cell (a new write superseding what this replica shows, conflicts included). */
export function setCell(doc: Y.Doc, key: CellKey, value: number | null, author: Author, opts: EditOptions = {}): EditResult {
  return setCells(doc, [[key, value]], author, opts);
}

/**
 * Set several cells in ONE transaction (a paste). All or nothing: if any value is refused,
 * nothing changes and the first reason is returned. Cells whose settled value already equals
 * the new one are left alone (no churn, no conflict with a peer who typed the same).
 */
export function setCells(
  doc: Y.Doc,
  entries: Iterable<readonly [CellKey, number | null]> | Partial<Record<CellKey, number | null>>,
  author: Author,
  opts: EditOptions = {},
): EditResult {
  const list: [CellKey, number | null][] =
    Symbol.iterator in Object(entries)
      ? [...(entries as Iterable<readonly [CellKey, number | null]>)].map(([k, v]) => [k, v])
      : (Object.entries(entries) as [CellKey, number | null][]);
  for (const [k, v] of list) {
    const err = checkCellValue(k, v);
    if (err) return { ok: false, error: err };
  }
  // The last value for a key wins inside one paste (the register cache is per transaction).
  const last = new Map<CellKey, number | null>(list);
  const changes = [...last].filter(([k, v]) => {
    const s = registerState(doc, k);
    return s.conflict !== null || s.value !== v;
  });
  if (changes.length === 0) return { ok: true };
  writeAll(doc, changes, author, opts);
  return { ok: true };
}

function writeAll(doc: Y.Doc, changes: readonly [CellKey, number | null][], author: Author, opts: EditOptions): void {
  const at = opts.at ?? Date.now();
  stopCapturing(doc);
  doc.transact(() => {
    for (const [k, v] of changes) writeCell(doc, k, v, author, at);
  }, opts.origin ?? 'local');
  stopCapturing(doc);
}

/**
 * Set one cell as the edit of someone who was shown `context` when she began editing it
 * (cellContext, taken on focus): what arrived since stays and, if different, is a conflict.
 * Returns the write's id, so that her next keystroke in the same cell supersedes it.
 */
export function setCellFrom(
  doc: Y.Doc,
  key: CellKey,
  value: number | null,
  author: Author,
  context: CellContext,
  opts: EditOptions = {},
): { ok: true; id: string } | { ok: false; error: string } {
  const err = checkCellValue(key, value);
  if (err) return { ok: false, error: err };
  let id = '';
  stopCapturing(doc);
  doc.transact(() => {
    id = writeCell(doc, key, value, author, opts.at ?? Date.now(), context);
  }, opts.origin ?? 'local');
  stopCapturing(doc);
  return { ok: true, id };
}

/** Choose the value of a conflicted (or any) cell: supersedes every value shown, on every replica. */
export function resolveConflict(doc: Y.Doc, key: CellKey, value: number | null, author: Author, opts: EditOptions = {}): EditResult {
  const err = checkCellValue(key, value);
  if (err) return { ok: false, error: err };
  writeAll(doc, [[key, value]], author, opts);
  return { ok: true };
}

/** "其余填0": fill every 未填 typed cell of a table with 0 (cells in conflict are left alone). */
export function fillEmptyWithZero(doc: Y.Doc, table: TableId, author: Author, opts: EditOptions = {}): { ok: true; filled: CellKey[] } {
  const filled = TYPED_CELL_KEYS.filter((k) => {
    if (CELL_BY_KEY.get(k)!.table !== table) return false;
    const s = registerState(doc, k);
    return s.value === null && s.conflict === null;
  });
  if (filled.length) writeAll(doc, filled.map((k) => [k, 0] as [CellKey, number]), author, opts);
  return { ok: true, filled };
}

export function sectionText(doc: Y.Doc, id: SectionId): Y.Text {
  if (!SECTION_IDS.includes(id)) throw new Error(`未知的正文部分“${id}”。`);
  return doc.getText(SECTION_PREFIX + id);
}

export function sectionLastEdit(doc: Y.Doc, id: SectionId): { by: string; byId: string; at: number } | null {
  const raw = doc.getMap<unknown>(SECTION_EDITS).get(id) as Record<string, unknown> | undefined;
  if (!raw || typeof raw !== 'object') return null;
  return { by: String(raw.by ?? ''), byId: String(raw.byId ?? ''), at: typeof raw.at === 'number' ? raw.at : 0 };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The smallest single replacement turning `a` into `b`: common prefix and suffix kept. */
export function minimalDiff(a: string, b: string): { index: number; remove: number; insert: string } {
  let start = 0;
  const max = Math.min(a.length, b.length);
  while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  // Never split a surrogate pair (Yjs would store a broken half).
  if (start > 0 && start < a.length && isLowSurrogate(a.charCodeAt(start))) start--;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  if (endA < a.length && endA > start && isLowSurrogate(a.charCodeAt(endA))) {
    endA++;
    endB++;
  }
  return { index: start, remove: endA - start, insert: b.slice(start, endB) };
}

/**
 * Replace a section's text with `text` as a minimal edit (common prefix/suffix untouched), so
 * that remote carets and concurrent edits elsewhere in the text stay where they are.
 */
export function replaceSectionText(doc: Y.Doc, id: SectionId, text: string, author: Author, opts: EditOptions = {}): EditResult {
  if (!SECTION_IDS.includes(id)) return { ok: false, error: `未知的正文部分“${id}”。` };
  if (typeof text !== 'string') return { ok: false, error: '正文应为文字。' };
  const ytext = doc.getText(SECTION_PREFIX + id);
  const current = ytext.toString();
  if (current === text) return { ok: true };
  const d = minimalDiff(current, text);
  doc.transact(() => {
    if (d.remove) ytext.delete(d.index, d.remove);
    if (d.insert) ytext.insert(d.index, d.insert);
    doc.getMap<unknown>(SECTION_EDITS).set(id, { by: author.name, byId: author.id, at: opts.at ?? Date.now() });
  }, opts.origin ?? 'local');
  return { ok: true };
}

/**
 * The edit a person made to a section, against the text she was shown: `change` is her change to
 * that text, `since` the deltas the section received after it (colleagues' edits she has not
 * been shown yet). Her change lands where its characters are now (text-delta.ts): nothing a
 * colleague wrote meanwhile is removed. Returns where her inserted text ends now (the caret).
 */
export function editSectionText(
  doc: Y.Doc,
  id: SectionId,
  change: TextChange,
  author: Author,
  opts: EditOptions & { since?: readonly Delta[] } = {},
): { ok: true; caret: number } | { ok: false; error: string } {
  if (!SECTION_IDS.includes(id)) return { ok: false, error: `未知的正文部分“${id}”。` };
  const ytext = doc.getText(SECTION_PREFIX + id);
  const { deletes, at, insert } = rebaseChange(change, opts.since ?? []);
  if (deletes.length === 0 && insert === '') return { ok: true, caret: at };
  const len = ytext.length;
  if (at > len || deletes.some(([a, b]) => b > len || a < at)) return { ok: false, error: '正文已被同时修改，未能应用这次输入。' };
  doc.transact(() => {
    for (let i = deletes.length - 1; i >= 0; i--) ytext.delete(deletes[i]![0], deletes[i]![1] - deletes[i]![0]);
    if (insert) ytext.insert(at, insert);
    doc.getMap<unknown>(SECTION_EDITS).set(id, { by: author.name, byId: author.id, at: opts.at ?? Date.now() });
  }, opts.origin ?? 'local');
  return { ok: true, caret: at + insert.length };
}

/**
 * Put a whole Report into a doc (an import), in one transaction with origin 'import'. Derived
 * sums are not stored (they are computed); typed cells are stored as given even when the
 * validator will object (negative, fractional), so that the user sees and fixes them.
 */
export function loadReport(doc: Y.Doc, report: Report, author: Author, opts: { at?: number } = {}): EditResult {
  attachReportDoc(doc);
  const at = opts.at ?? Date.now();
  const meta = doc.getMap<unknown>(META);
  doc.transact(() => {
    meta.set('name', report.unit.name);
    meta.set('type', report.unit.type);
    meta.set('year', report.year);
    meta.set('title', report.title);
    meta.set('deadline', report.deadline ?? defaultDeadline(report.year));
    if (report.publishedOn) meta.set('publishedOn', report.publishedOn);
    if (meta.get('status') === undefined) meta.set('status', 'draft');
    meta.set('formatVersion', FORMAT_ID);
    meta.set('docSchema', DOC_SCHEMA);
    if (meta.get('createdAt') === undefined) {
      meta.set('createdBy', author.name);
      meta.set('createdAt', at);
    }
    for (const id of SECTION_IDS) {
      const ytext = doc.getText(SECTION_PREFIX + id);
      const want = report.sections[id] ?? '';
      const d = minimalDiff(ytext.toString(), want);
      if (d.remove) ytext.delete(d.index, d.remove);
      if (d.insert) ytext.insert(d.index, d.insert);
    }
    for (const k of TYPED_CELL_KEYS) {
      const v = report.cells[k] ?? null;
      const s = registerState(doc, k);
      if (s.conflict === null && s.value === v) continue;
      writeCell(doc, k, v, author, at);
    }
  }, 'import' satisfies Origin);
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Undo and observation

/** An UndoManager over the whole report that tracks only this user's own edits (origin 'local'). */
export function createUndoManager(doc: Y.Doc, opts: { captureTimeout?: number } = {}): Y.UndoManager {
  attachReportDoc(doc);
  const scope: Y.AbstractType<any>[] = [doc.getMap(META), doc.getMap(SECTION_EDITS), doc.getMap(CELL_WRITES)];
  for (const id of SECTION_IDS) scope.push(doc.getText(SECTION_PREFIX + id));
  const um = new Y.UndoManager(scope, {
    trackedOrigins: new Set<unknown>(['local' satisfies Origin]),
    captureTimeout: opts.captureTimeout ?? 500,
  });
  let set = undoManagers.get(doc);
  if (!set) undoManagers.set(doc, (set = new Set()));
  set.add(um);
  // Forget it when destroyed, so that a long-lived doc does not keep dead managers.
  const destroy = um.destroy.bind(um);
  um.destroy = () => {
    set!.delete(um);
    destroy();
  };
  return um;
}

/** Typed cell → the derived sums that depend on it, directly or through another sum. */
const DEPENDENT_SUMS: ReadonlyMap<CellKey, readonly CellKey[]> = (() => {
  const direct = new Map<CellKey, CellKey[]>();
  for (const [key, def] of CELL_BY_KEY) for (const p of def.parts ?? []) direct.set(p, [...(direct.get(p) ?? []), key]);
  const out = new Map<CellKey, CellKey[]>();
  for (const k of TYPED_CELL_KEYS) {
    const seen = new Set<CellKey>();
    const stack = [...(direct.get(k) ?? [])];
    while (stack.length) {
      const d = stack.pop()!;
      if (seen.has(d)) continue;
      seen.add(d);
      stack.push(...(direct.get(d) ?? []));
    }
    out.set(k, [...seen]);
  }
  return out;
})();

export function originOf(raw: unknown): ReportChange['origin'] {
  if (typeof raw === 'string' && (ORIGINS as readonly string[]).includes(raw)) return raw as Origin;
  if (raw instanceof Y.UndoManager) return 'undo';
  return 'other';
}

/**
 * Call `cb` once per transaction that changed the report, with its origin and what changed
 * (cells by key, sections by id, meta). Returns the function that stops observing.
 */
export function observeReport(doc: Y.Doc, cb: (change: ReportChange) => void): () => void {
  attachReportDoc(doc);
  const meta = doc.getMap(META);
  const writes = doc.getMap(CELL_WRITES);
  const textToId = new Map<unknown, SectionId>(SECTION_IDS.map((id) => [doc.getText(SECTION_PREFIX + id), id]));
  const handler = (tr: Y.Transaction) => {
    if (tr.changed.size === 0) return;
    const change: ReportChange = {
      origin: originOf(tr.origin),
      rawOrigin: tr.origin,
      local: tr.local,
      cells: new Set(),
      sections: new Set(),
      meta: false,
    };
    for (const [type, keys] of tr.changed) {
      if (type === (meta as unknown)) change.meta = true;
      else if (type === (writes as unknown)) {
        for (const k of keys) if (k != null) change.cells.add(cellOfWriteId(k));
      } else {
        const id = textToId.get(type);
        if (id) change.sections.add(id);
      }
    }
    for (const k of [...change.cells]) for (const d of DEPENDENT_SUMS.get(k) ?? []) change.cells.add(d);
    if (change.meta || change.cells.size || change.sections.size) cb(change);
  };
  doc.on('afterTransaction', handler);
  return () => doc.off('afterTransaction', handler);
}

// ---------------------------------------------------------------------------------------------
// Findings

/** Beijing time, as the users read it: "11月3日 10:20". */
export function formatWhen(at: number): string {
  const d = new Date(at + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

function showValue(v: number | null): string {
  return v === null ? '未填' : String(v);
}

/** One R-CONFLICT error per conflicted cell, naming every value and who wrote it when. */
export function conflictFindings(doc: Y.Doc): Finding[] {
  return conflicts(doc).map((key) => {
    const s = registerState(doc, key);
    const parts = s.conflict!.values.map((c) => `${c.by || '未署名'}填 ${showValue(c.value)}（${formatWhen(c.at)}）`);
    return {
      rule: 'R-CONFLICT',
      severity: 'error',
      cells: [key],
      sections: [],
      message: `${cellName(key)}有不同的填写：${parts.join('，')}。`,
      fix: '请与同事核对后选定一个值。',
    } satisfies Finding;
  });
}

/** All cell keys (re-exported for callers that only import src/doc). */
export { CELL_KEYS };
