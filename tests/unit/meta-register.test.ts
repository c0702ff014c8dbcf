// Meta fields (title, 单位名称, 单位类型, 报告年度, 截止日期) edited by two colleagues while apart:
// both values kept and shown as a conflict with both names on every replica, one current value
// for every reader, choosing one resolves it everywhere; identical values are no conflict; a
// doc written by the code before the registers (tests/fixtures/docs/meta-before-register.b64,
// produced by that code's setMeta) opens and reads the same.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  META_WRITES,
  attachReportDoc,
  conflictFindings,
  conflictedMetaFields,
  createReportDoc,
  metaContext,
  metaFieldState,
  readMeta,
  readReport,
  setMeta,
  createUndoManager,
  type Author,
} from '../../src/doc/report-doc.ts';

const A: Author = { id: 'a-1', name: '张三' };
const B: Author = { id: 'b-2', name: '李四' };

function twin(): [Y.Doc, Y.Doc] {
  const a = createReportDoc({ name: '某某镇人民政府', type: 'township', year: 2023 }, A);
  const b = new Y.Doc();
  attachReportDoc(b);
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  return [a, b];
}
function exchange(x: Y.Doc, y: Y.Doc): void {
  Y.applyUpdate(y, Y.encodeStateAsUpdate(x, Y.encodeStateVector(y)));
  Y.applyUpdate(x, Y.encodeStateAsUpdate(y, Y.encodeStateVector(x)));
}

describe('meta registers', () => {
  it('two titles written while apart are both kept, with both names, on both replicas; choosing one resolves it everywhere', () => {
    const [a, b] = twin();
    expect(setMeta(a, { title: '甲的标题' }, A, { at: 1000 }).ok).toBe(true);
    expect(setMeta(b, { title: '乙的标题' }, B, { at: 2000 }).ok).toBe(true);
    exchange(a, b);
    for (const d of [a, b]) {
      const s = metaFieldState(d, 'title');
      expect(s.conflict?.values.map((v) => [v.value, v.by])).toEqual([
        ['甲的标题', '张三'],
        ['乙的标题', '李四'],
      ]);
      // Every reader still sees one current value, the same on both sides.
      expect(readMeta(d).title).toBe('乙的标题');
      expect(readReport(d).title).toBe('乙的标题');
      const f = conflictFindings(d).filter((x) => x.rule === 'R-CONFLICT');
      expect(f).toHaveLength(1);
      expect(f[0]!.message).toContain('标题');
      expect(f[0]!.message).toContain('张三改为“甲的标题”');
      expect(f[0]!.message).toContain('李四改为“乙的标题”');
    }
    // B chooses A's title: settled on both sides after the next sync.
    setMeta(b, { title: '甲的标题' }, B, { at: 3000 });
    exchange(a, b);
    for (const d of [a, b]) {
      expect(conflictedMetaFields(d)).toEqual([]);
      expect(readMeta(d).title).toBe('甲的标题');
      expect(conflictFindings(d)).toEqual([]);
    }
  });

  it('every register field keeps both values; identical concurrent values are no conflict', () => {
    const [a, b] = twin();
    expect(setMeta(a, { name: '甲镇', type: 'county', year: 2022, deadline: '2024-02-01', title: '同一个标题' }, A, { at: 1 }).ok).toBe(true);
    setMeta(b, { name: '乙镇', type: 'city', year: 2021, deadline: '2024-03-01', title: '同一个标题' }, B, { at: 2 });
    exchange(a, b);
    expect(conflictedMetaFields(a).sort()).toEqual(['deadline', 'name', 'type', 'year']);
    expect(conflictedMetaFields(b).sort()).toEqual(['deadline', 'name', 'type', 'year']);
    expect(readMeta(a)).toEqual(readMeta(b));
    expect(metaFieldState(a, 'title').conflict).toBeNull();
  });

  it('one side edits while apart: its value is taken, no conflict; re-writing the settled value writes nothing', () => {
    const [a, b] = twin();
    setMeta(a, { title: '新标题' }, A);
    exchange(a, b);
    expect(readMeta(b).title).toBe('新标题');
    expect(conflictedMetaFields(b)).toEqual([]);
    const keys = [...b.getMap(META_WRITES).keys()];
    setMeta(b, { title: '新标题' }, B);
    expect([...b.getMap(META_WRITES).keys()]).toEqual(keys);
  });

  it('a write carries what she was shown: a colleague\'s title arriving while she edits is kept', () => {
    const [a, b] = twin();
    const shown = metaContext(a, 'title'); // she begins editing
    setMeta(b, { title: '乙刚改的' }, B, { at: 5 });
    exchange(a, b); // arrives while she types
    setMeta(a, { title: '甲改的' }, A, { at: 6, context: { title: shown } });
    exchange(a, b);
    expect(metaFieldState(b, 'title').conflict?.values.map((v) => v.by)).toEqual(['李四', '张三']);
  });

  it('undo of a title change restores the previous title', () => {
    const [a] = twin();
    const um = createUndoManager(a);
    setMeta(a, { title: '改过的' }, A);
    expect(readMeta(a).title).toBe('改过的');
    um.undo();
    expect(readMeta(a).title).toBe('某某镇人民政府2023年政府信息公开工作年度报告');
  });

  it('a doc written by the code before the registers opens and reads the same, and edits from there on', () => {
    const bytes = Buffer.from(readFileSync(new URL('../fixtures/docs/meta-before-register.b64', import.meta.url), 'utf8').trim(), 'base64');
    const d = new Y.Doc();
    attachReportDoc(d);
    Y.applyUpdate(d, bytes);
    expect(d.getMap(META_WRITES).size).toBe(0);
    const m = readMeta(d);
    expect(m).toMatchObject({ name: '某某镇人民政府', type: 'township', year: 2023, title: '某某镇人民政府2023年政府信息公开工作年度报告（修订）', deadline: '2024-01-31', lastBy: '张三' });
    expect(readReport(d).cells['t3.r1_new.np']).toBe(5);
    expect(conflictFindings(d)).toEqual([]);
    // Two colleagues edit the old doc while apart: the conflict is kept like in a new doc.
    const e = new Y.Doc();
    attachReportDoc(e);
    Y.applyUpdate(e, bytes);
    setMeta(d, { title: '甲' }, A);
    setMeta(e, { title: '乙' }, B);
    exchange(d, e);
    expect(metaFieldState(e, 'title').conflict?.values.map((v) => v.value).sort()).toEqual(['乙', '甲']);
  });

  it('hostile register entries from a peer or a file are ignored, never crash, never become the value', () => {
    const [a] = twin();
    const map = a.getMap<unknown>(META_WRITES);
    a.transact(() => {
      map.set('title@1:0', { field: 'title', v: 'x'.repeat(10_000), by: 'E', byId: 'e', at: 1, sup: [] });
      map.set('title@nope', { field: 'title', v: '坏', by: 'E', byId: 'e', at: 1, sup: [] });
      map.set('year@2:0', { field: 'year', v: '2020', by: 'E', byId: 'e', at: 1, sup: [] });
      map.set('type@3:0', { field: 'type', v: 'palace', by: 'E', byId: 'e', at: 1, sup: [] });
      map.set('deadline@4:0', { field: 'deadline', v: '2024-13-99', by: 'E', byId: 'e', at: 1, sup: [] });
      map.set('name@5:0', { field: 'title', v: '错位', by: 'E', byId: 'e', at: 1, sup: [] });
      map.set('__proto__@6:0', { field: '__proto__', v: 'p', sup: [] });
      map.set('title@7:0', null);
      map.set('title@8:0', { field: 'title', v: '好', by: 'E', byId: 'e', at: 1, sup: 'not-an-array', seen: [1, 2] });
    });
    const m = readMeta(a);
    expect(m.title).toBe('好');
    expect(m.year).toBe(2023);
    expect(m.type).toBe('township');
    expect(m.name).toBe('某某镇人民政府');
    expect(conflictedMetaFields(a)).toEqual([]);
  });
});
