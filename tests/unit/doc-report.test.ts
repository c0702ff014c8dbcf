import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CELL_KEYS, TYPED_CELL_KEYS, FEE_CELL, type CellKey } from '../../src/domain/format.ts';
import { parseReportJSON } from '../../src/domain/report.ts';
import {
  CELL_WRITES,
  cellState,
  conflictFindings,
  conflicts,
  createReportDoc,
  createUndoManager,
  fillEmptyWithZero,
  initReportDoc,
  isReportDoc,
  loadReport,
  observeReport,
  readMeta,
  readReport,
  replaceSectionText,
  resolveConflict,
  sectionText,
  setCell,
  setCells,
  setMeta,
  type Author,
  type ReportChange,
} from '../../src/doc/report-doc.ts';

const zhang: Author = { id: 'u-zhang', name: '张三' };
const li: Author = { id: 'u-li', name: '李四' };
const wang: Author = { id: 'u-wang', name: '王五' };
const init = { name: '下冶镇人民政府', type: 'township' as const, year: 2024 };
const NEW_NP = 't3.r1_new.np';
const NEW_TOTAL = 't3.r1_new.total';

/** A second replica of `a`, as a peer that has everything `a` has. */
function replicaOf(a: Y.Doc): Y.Doc {
  const b = new Y.Doc();
  initReportDoc(b, null, li);
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a), 'relay');
  return b;
}
function shownValues(d: Y.Doc): (number | null)[] {
  const s = cellState(d, NEW_NP);
  return s.conflict ? s.conflict.values.map((v) => v.value) : [s.value];
}
/** Exchange whatever each side lacks, both ways (like a relay sync or two exchange files). */
function exchange(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB, 'relay');
  Y.applyUpdate(a, toA, 'relay');
}

describe('creating and reading a report doc', () => {
  it('creates the metadata and an empty report with every cell 未填', () => {
    const doc = createReportDoc(init, zhang);
    expect(isReportDoc(doc)).toBe(true);
    const r = readReport(doc);
    expect(r.unit).toEqual({ name: '下冶镇人民政府', type: 'township' });
    expect(r.year).toBe(2024);
    expect(r.title).toBe('下冶镇人民政府2024年政府信息公开工作年度报告');
    expect(r.deadline).toBe('2025-01-31');
    expect(Object.keys(r.cells)).toHaveLength(200);
    expect(Object.values(r.cells).every((v) => v === null)).toBe(true);
    expect(readMeta(doc).status).toBe('draft');
  });

  it('initReportDoc does not overwrite the metadata of a loaded doc', () => {
    const a = createReportDoc(init, zhang);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(initReportDoc(b, { ...init, name: '别的单位' }, li)).toEqual({ ok: true });
    expect(readMeta(b).name).toBe('下冶镇人民政府');
  });

  it('refuses invalid init and meta values in Chinese', () => {
    const doc = new Y.Doc();
    const r = initReportDoc(doc, { ...init, name: '  ' }, zhang);
    expect(r.ok).toBe(false);
    expect(isReportDoc(doc)).toBe(false);
    const d = createReportDoc(init, zhang);
    const bad = setMeta(d, { deadline: '2025/1/31' }, zhang);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/截止日期/);
    expect(setMeta(d, { status: 'published', publishedOn: '2025-01-20' }, zhang)).toEqual({ ok: true });
    expect(readReport(d).publishedOn).toBe('2025-01-20');
    setMeta(d, { publishedOn: null }, zhang);
    expect(readReport(d).publishedOn).toBeUndefined();
  });

  it('loadReport imports the fixture report and reads it back cell for cell', () => {
    const parsed = parseReportJSON(readFileSync('tests/fixtures/xiaye-town-2023.expected.json', 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    const report = parsed.value;
    report.sections['s5'] = '存在的问题：公开不够及时。\n改进：按时更新。';
    const doc = new Y.Doc();
    const changes: ReportChange[] = [];
    observeReport(doc, (c) => changes.push(c));
    loadReport(doc, report, zhang);
    expect(changes).toHaveLength(1);
    expect(changes[0]!.origin).toBe('import');
    const back = readReport(doc);
    for (const k of CELL_KEYS) expect([k, back.cells[k]]).toEqual([k, report.cells[k]]);
    expect(back.sections.s5).toBe(report.sections.s5);
    expect(back.unit).toEqual(report.unit);
    // Only typed cells are stored; derived sums are computed.
    expect(Y.encodeStateAsUpdate(doc).length).toBeGreaterThan(0);
    expect(doc.getMap(CELL_WRITES).size).toBe(TYPED_CELL_KEYS.filter((k) => report.cells[k] !== null).length);
  });
});

describe('setCell', () => {
  it('stores integers, computes derived sums, refuses bad values with a Chinese reason', () => {
    const doc = createReportDoc(init, zhang);
    expect(setCell(doc, NEW_NP, 3, zhang)).toEqual({ ok: true });
    expect(setCell(doc, 't3.r1_new.biz', 2, zhang)).toEqual({ ok: true });
    expect(readReport(doc).cells[NEW_TOTAL]).toBe(5);
    expect(cellState(doc, NEW_TOTAL).value).toBe(5);
    for (const [key, v, re] of [
      [NEW_TOTAL, 1, /合计/],
      [NEW_NP, -1, /负数/],
      [NEW_NP, 1.5, /整数/],
      [NEW_NP, Number.NaN, /数字/],
      ['t9.nope', 1, /未知/],
    ] as const) {
      const r = setCell(doc, key, v, zhang);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(re);
    }
    expect(setCell(doc, FEE_CELL, 0.35, zhang)).toEqual({ ok: true });
    expect(readReport(doc).cells[FEE_CELL]).toBe(0.35);
    expect(readReport(doc).cells[NEW_NP]).toBe(3);
  });

  it('records who last changed a cell and when', () => {
    const doc = createReportDoc(init, zhang);
    setCell(doc, NEW_NP, 3, zhang, { at: 1000 });
    setCell(doc, NEW_NP, 4, li, { at: 2000 });
    expect(cellState(doc, NEW_NP)).toMatchObject({ value: 4, conflict: null, lastBy: '李四', lastById: 'u-li', lastAt: 2000 });
  });

  it('setCells is one transaction and all-or-nothing', () => {
    const doc = createReportDoc(init, zhang);
    let n = 0;
    observeReport(doc, () => n++);
    const bad = setCells(doc, [[NEW_NP, 1], ['t3.r1_new.biz', -2]], zhang);
    expect(bad.ok).toBe(false);
    expect(n).toBe(0);
    expect(readReport(doc).cells[NEW_NP]).toBeNull();
    expect(setCells(doc, { [NEW_NP]: 1, 't3.r1_new.biz': 2, 't3.r1_new.npo': 0 }, zhang)).toEqual({ ok: true });
    expect(n).toBe(1);
    expect(readReport(doc).cells[NEW_TOTAL]).toBe(3);
  });

  it('fillEmptyWithZero fills only 未填 cells of one table and leaves conflicts alone', () => {
    const a = createReportDoc(init, zhang);
    setCell(a, 't4.review.upheld', 2, zhang);
    const b = replicaOf(a);
    setCell(a, 't4.review.corrected', 1, zhang);
    setCell(b, 't4.review.corrected', 2, li);
    exchange(a, b);
    const res = fillEmptyWithZero(a, 't4', zhang);
    const t4Typed = TYPED_CELL_KEYS.filter((k) => k.startsWith('t4.'));
    expect(res.filled).toHaveLength(t4Typed.length - 2);
    const r = readReport(a);
    expect(r.cells['t4.review.upheld']).toBe(2);
    expect(conflicts(a)).toEqual(['t4.review.corrected']);
    expect(r.cells['t4.review.other']).toBe(0);
    expect(r.cells['t3.r1_new.np']).toBeNull();
  });
});

describe('conflicting cell edits', () => {
  it('two offline edits to different values show the conflict on both, with both values and authors', () => {
    const a = createReportDoc(init, zhang);
    const b = replicaOf(a);
    setCell(a, NEW_NP, 12, zhang, { at: Date.UTC(2024, 10, 3, 2, 20) });
    setCell(b, NEW_NP, 15, li, { at: Date.UTC(2024, 10, 3, 3, 5) });
    exchange(a, b);
    for (const d of [a, b]) {
      expect(conflicts(d)).toEqual([NEW_NP]);
      const s = cellState(d, NEW_NP);
      expect(s.value).toBeNull();
      expect(s.conflict!.values.map((v) => [v.value, v.by])).toEqual([
        [12, '张三'],
        [15, '李四'],
      ]);
      expect(readReport(d).cells[NEW_NP]).toBeNull();
      const [f] = conflictFindings(d);
      expect(f).toMatchObject({ rule: 'R-CONFLICT', severity: 'error', cells: [NEW_NP] });
      expect(f!.message).toContain('张三填 12（11月3日 10:20）');
      expect(f!.message).toContain('李四填 15（11月3日 11:05）');
    }
  });

  it('resolving on one replica resolves it on both', () => {
    const a = createReportDoc(init, zhang);
    const b = replicaOf(a);
    setCell(a, NEW_NP, 12, zhang);
    setCell(b, NEW_NP, 15, li);
    exchange(a, b);
    expect(resolveConflict(b, NEW_NP, 15, li)).toEqual({ ok: true });
    expect(conflicts(b)).toEqual([]);
    exchange(a, b);
    for (const d of [a, b]) {
      expect(conflicts(d)).toEqual([]);
      expect(cellState(d, NEW_NP)).toMatchObject({ value: 15, conflict: null, lastBy: '李四' });
    }
  });

  it('identical concurrent values are not a conflict', () => {
    const a = createReportDoc(init, zhang);
    const b = replicaOf(a);
    setCell(a, NEW_NP, 7, zhang);
    setCell(b, NEW_NP, 7, li);
    exchange(a, b);
    expect(conflicts(a)).toEqual([]);
    expect(cellState(b, NEW_NP).value).toBe(7);
  });

  it('a three-way conflict lists all three values; a plain setCell also resolves it', () => {
    const a = createReportDoc(init, zhang);
    const b = replicaOf(a);
    const c = replicaOf(a);
    setCell(a, NEW_NP, 1, zhang);
    setCell(b, NEW_NP, 2, li);
    setCell(c, NEW_NP, 3, wang);
    exchange(a, b);
    exchange(b, c);
    exchange(a, b);
    for (const d of [a, b, c]) expect(cellState(d, NEW_NP).conflict!.values.map((v) => v.value)).toEqual([1, 2, 3]);
    setCell(c, NEW_NP, 2, wang);
    exchange(b, c);
    exchange(a, b);
    for (const d of [a, b, c]) expect(cellState(d, NEW_NP)).toMatchObject({ value: 2, conflict: null });
  });

  it('a later edit on top of a seen value is not a conflict', () => {
    const a = createReportDoc(init, zhang);
    setCell(a, NEW_NP, 1, zhang);
    const b = replicaOf(a);
    setCell(b, NEW_NP, 2, li);
    exchange(a, b);
    expect(cellState(a, NEW_NP)).toMatchObject({ value: 2, conflict: null });
  });

  it('deletes superseded writes: the register map holds one entry per settled cell', () => {
    const doc = createReportDoc(init, zhang);
    for (let i = 0; i < 50; i++) setCell(doc, NEW_NP, i, zhang);
    expect(doc.getMap(CELL_WRITES).size).toBe(1);
    const b = replicaOf(doc);
    setCell(doc, NEW_NP, 100, zhang);
    setCell(b, NEW_NP, 200, li);
    exchange(doc, b);
    expect(doc.getMap(CELL_WRITES).size).toBe(2);
    resolveConflict(doc, NEW_NP, 200, zhang);
    exchange(doc, b);
    expect(doc.getMap(CELL_WRITES).size).toBe(1);
    expect(b.getMap(CELL_WRITES).size).toBe(1);
  });

  it('out-of-order delivery over two paths shows no false conflict', () => {
    // a writes 1; b sees it and writes 2; c sees 2 and writes 3. d and e get c's write first:
    // d as c's own incremental update (b's delete of 1 not included), e as a state diff.
    const a = createReportDoc(init, zhang);
    setCell(a, NEW_NP, 1, zhang);
    const [b, c, d, e] = [replicaOf(a), replicaOf(a), replicaOf(a), replicaOf(a)];
    const fromB: Uint8Array[] = [];
    b.on('update', (u: Uint8Array) => fromB.push(u));
    setCell(b, NEW_NP, 2, li);
    exchange(b, c);
    const fromC: Uint8Array[] = [];
    c.on('update', (u: Uint8Array) => fromC.push(u));
    const before = Y.encodeStateVector(c);
    setCell(c, NEW_NP, 3, wang);
    for (const u of fromC) Y.applyUpdate(d, u, 'tab');
    Y.applyUpdate(e, Y.encodeStateAsUpdate(c, before), 'file');
    for (const x of [d, e]) {
      expect(conflicts(x)).toEqual([]);
      expect(cellState(x, NEW_NP)).toMatchObject({ value: 3, lastBy: '王五' });
      for (const u of fromB) Y.applyUpdate(x, u, 'relay');
      expect(conflicts(x)).toEqual([]);
      expect(cellState(x, NEW_NP).value).toBe(3);
      expect(x.getMap(CELL_WRITES).size).toBe(1);
    }
  });

  it('a genuinely concurrent write shows as a conflict at once, even before the missing write arrives', () => {
    const a = createReportDoc(init, zhang);
    setCell(a, NEW_NP, 1, zhang);
    const [b, c, d] = [replicaOf(a), replicaOf(a), replicaOf(a)];
    setCell(b, NEW_NP, 2, li);
    exchange(b, c);
    const fromC: Uint8Array[] = [];
    c.on('update', (u: Uint8Array) => fromC.push(u));
    setCell(c, NEW_NP, 3, wang);
    setCell(d, NEW_NP, 9, zhang); // d never saw 2 or 3
    for (const u of fromC) Y.applyUpdate(d, u, 'tab');
    expect(cellState(d, NEW_NP).conflict!.values.map((v) => v.value)).toEqual([3, 9]);
    exchange(b, d);
    exchange(c, d);
    for (const x of [b, c, d]) expect(cellState(x, NEW_NP).conflict!.values.map((v) => v.value)).toEqual([3, 9]);
  });
});

describe('prose', () => {
  it('concurrent edits merge character by character', () => {
    const a = createReportDoc(init, zhang);
    replaceSectionText(a, 's5', '存在的问题：公开不及时。', zhang);
    const b = replicaOf(a);
    replaceSectionText(a, 's5', '存在的主要问题：公开不及时。', zhang);
    replaceSectionText(b, 's5', '存在的问题：公开不够及时。', li);
    exchange(a, b);
    expect(readReport(a).sections.s5).toBe('存在的主要问题：公开不够及时。');
    expect(readReport(b).sections.s5).toBe('存在的主要问题：公开不够及时。');
  });

  it('replaceSectionText is a minimal diff that keeps a remote position in place', () => {
    const a = createReportDoc(init, zhang);
    replaceSectionText(a, 's6', '甲乙丙丁戊', zhang);
    const pos = Y.createRelativePositionFromTypeIndex(sectionText(a, 's6'), 4); // before 戊
    replaceSectionText(a, 's6', '甲乙X丙丁戊', zhang);
    const abs = Y.createAbsolutePositionFromRelativePosition(pos, a)!;
    expect(abs.index).toBe(5);
    // An emoji replaced by another sharing its high surrogate: the pair is replaced whole.
    replaceSectionText(a, 's6', 'a😀b', zhang);
    replaceSectionText(a, 's6', 'a😃b', zhang);
    const t = sectionText(a, 's6').toString();
    expect(t).toBe('a😃b');
    expect(t.isWellFormed()).toBe(true);
  });
});

describe('undo and observation', () => {
  it('undo only undoes local edits', () => {
    const a = createReportDoc(init, zhang);
    const b = replicaOf(a);
    const um = createUndoManager(a);
    setCell(a, NEW_NP, 5, zhang);
    setCell(a, 't3.r1_new.biz', 6, zhang);
    replaceSectionText(a, 's6', '本地文字', zhang);
    setCell(b, 't4.review.upheld', 9, li);
    replaceSectionText(b, 's5', '远程文字', li);
    exchange(a, b);
    loadReport(a, { ...readReport(a), title: '导入的标题' }, zhang);
    um.undo(); // the prose
    expect(readReport(a).sections.s6).toBe('');
    um.undo(); // biz
    expect(readReport(a).cells['t3.r1_new.biz']).toBeNull();
    expect(readReport(a).cells[NEW_NP]).toBe(5);
    um.undo(); // np
    expect(readReport(a).cells[NEW_NP]).toBeNull();
    expect(um.undoStack).toHaveLength(0);
    const r = readReport(a);
    expect(r.cells['t4.review.upheld']).toBe(9);
    expect(r.sections.s5).toBe('远程文字');
    expect(r.title).toBe('导入的标题');
    um.redo();
    expect(readReport(a).cells[NEW_NP]).toBe(5);
    exchange(a, b);
    expect(readReport(b).cells[NEW_NP]).toBe(5);
    expect(conflicts(b)).toEqual([]);
  });

  it('undoing a resolution brings the conflict back; undo never drops a remote value', () => {
    const a = createReportDoc(init, zhang);
    const b = replicaOf(a);
    setCell(a, NEW_NP, 1, zhang);
    setCell(b, NEW_NP, 2, li);
    exchange(a, b);
    const um = createUndoManager(a);
    resolveConflict(a, NEW_NP, 2, zhang);
    expect(conflicts(a)).toEqual([]);
    um.undo();
    expect(cellState(a, NEW_NP).conflict!.values.map((v) => v.value)).toEqual([1, 2]);
    // a writes 5; b, having seen it, writes 7; a's undo of 5 must not remove b's 7.
    um.redo();
    setCell(a, NEW_NP, 5, zhang);
    exchange(a, b);
    setCell(b, NEW_NP, 7, li);
    exchange(a, b);
    um.undo();
    exchange(a, b);
    for (const d of [a, b]) expect(shownValues(d)).toContain(7);
  });

  it('a map observer already reads the new cell state', () => {
    const doc = createReportDoc(init, zhang);
    const seen: (number | null)[] = [];
    doc.getMap(CELL_WRITES).observe(() => seen.push(cellState(doc, NEW_NP).value));
    setCell(doc, NEW_NP, 4, zhang);
    expect(seen).toEqual([4]);
  });

  it('observeReport names the sums a typed cell feeds, through other sums too', () => {
    const doc = createReportDoc(init, zhang);
    const seen: ReportChange[] = [];
    observeReport(doc, (c) => seen.push(c));
    setCell(doc, 't3.r3_1_grant.np', 1, zhang);
    expect([...seen[0]!.cells].sort()).toEqual(['t3.r3_1_grant.np', 't3.r3_1_grant.total', 't3.r3_7_total.np', 't3.r3_7_total.total'].sort());
  });

  it('observeReport tells the origin and what changed, once per transaction', () => {
    const a = createReportDoc(init, zhang);
    const b = replicaOf(a);
    const seen: ReportChange[] = [];
    const stop = observeReport(b, (c) => seen.push(c));
    setCell(a, NEW_NP, 1, zhang);
    replaceSectionText(a, 's5', '文字', zhang);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'tab');
    setMeta(b, { title: '新标题' }, li);
    stop();
    setCell(b, NEW_NP, 2, li);
    expect(seen.map((c) => c.origin)).toEqual(['tab', 'local']);
    // The typed cell and every sum that depends on it (row total; 表三 has no column sum for 一).
    expect([...seen[0]!.cells].sort()).toEqual([NEW_NP, NEW_TOTAL].sort());
    expect([...seen[0]!.sections]).toEqual(['s5']);
    expect(seen[0]!.local).toBe(false);
    expect(seen[1]!.meta).toBe(true);
  });
});
