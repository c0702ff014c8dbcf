// Typing as the edit she made against what she was shown: the pure pieces (text-delta.ts,
// field-edit.ts) and the bindings (text-binding.ts, cell-edit.ts) on real Y.Docs.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createReportDoc, editSectionText, initReportDoc, registerState, replaceSectionText, setCell, type Author } from '../../src/doc/report-doc.ts';
import { applyChange, diffAt, mapPosition, mapRanges, rebaseChange } from '../../src/doc/text-delta.ts';
import { CellEdits } from '../../src/state/cell-edit.ts';
import { planFieldEdit } from '../../src/state/field-edit.ts';
import { TextBinding, type TextView } from '../../src/state/text-binding.ts';

const zhang: Author = { id: 'a', name: '张三' };
const li: Author = { id: 'b', name: '李四' };
const CELL = 't3.r1_new.np';

/** Two replicas of one report whose updates go across at once (like two tabs). */
function pair(): [Y.Doc, Y.Doc] {
  const a = createReportDoc({ name: '下冶镇人民政府', type: 'township', year: 2023 }, zhang);
  const b = new Y.Doc();
  initReportDoc(b, null, li);
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  a.on('update', (u: Uint8Array, o: unknown) => o !== 'tab' && Y.applyUpdate(b, u, 'tab'));
  b.on('update', (u: Uint8Array, o: unknown) => o !== 'tab' && Y.applyUpdate(a, u, 'tab'));
  return [a, b];
}

class Textarea implements TextView {
  value = '';
  selectionStart = 0;
  selectionEnd = 0;
  focused = true;
  show(v: string, sel: { start: number; end: number } | null) {
    this.value = v;
    if (sel) [this.selectionStart, this.selectionEnd] = [sel.start, sel.end];
  }
}

function bind(doc: Y.Doc, author: Author): { view: Textarea; binding: TextBinding } {
  const view = new Textarea();
  const binding = new TextBinding(doc.getText('section:s5'), view, (change, since) => {
    const r = editSectionText(doc, 's5', change, author, { since });
    return r.ok ? r.caret : null;
  });
  return { view, binding };
}

describe('text-delta', () => {
  it('places a typed change by the caret, never splitting a surrogate pair', () => {
    expect(diffAt('abb', 'abbb', 3)).toEqual({ index: 2, remove: 0, insert: 'b' });
    expect(diffAt('abb', 'abbb')).toEqual({ index: 1, remove: 0, insert: 'b' }); // without a caret: any one place
    expect(diffAt('a😀c', 'a😁c')).toEqual({ index: 1, remove: 2, insert: '😁' });
    expect(applyChange('一二三', { index: 1, remove: 1, insert: '四五' })).toBe('一四五三');
  });

  it('carries positions and ranges through a colleague’s delta', () => {
    const d = [{ retain: 2 }, { insert: 'XY' }, { retain: 3 }, { delete: 2 }];
    expect(mapPosition(2, d, 'left')).toBe(2);
    expect(mapPosition(2, d, 'right')).toBe(4);
    expect(mapPosition(6, d)).toBe(7); // inside the deleted stretch: where it was
    // Her range [1, 7) around the colleague's insertion: his text is not hers to delete.
    expect(mapRanges([[1, 7]], d)).toEqual([[1, 2], [4, 7]]);
    expect(rebaseChange({ index: 1, remove: 6, insert: '新' }, [d])).toEqual({ deletes: [[1, 2], [4, 7]], at: 1, insert: '新' });
  });
});

describe('TextBinding: an input-method word open while a colleague types', () => {
  for (const [where, at] of [['start', 0], ['middle', 3], ['end', 6]] as const) {
    it(`keeps his sentence and her word (his typing at the ${where})`, () => {
      const [da, db] = pair();
      replaceSectionText(da, 's5', '公开不及时。', zhang);
      const A = bind(da, zhang);
      const B = bind(db, li);
      // A opens a word in the middle.
      A.view.selectionStart = A.view.selectionEnd = 2;
      A.binding.compositionStart();
      A.view.value = '公开bu不及时。';
      A.binding.input();
      // B types at the start/middle/end meanwhile.
      B.view.value = B.view.value.slice(0, at) + '李四补充' + B.view.value.slice(at);
      B.view.selectionStart = B.view.selectionEnd = at + 4;
      B.binding.input({ start: at, end: at });
      expect(A.view.value).toBe('公开bu不及时。'); // her word is not disturbed
      // She picks 不够.
      A.view.value = '公开不够不及时。';
      A.view.selectionStart = A.view.selectionEnd = 4;
      A.binding.compositionEnd();
      const want = '公开不及时。'.slice(0, at) + '李四补充' + '公开不及时。'.slice(at);
      const text = da.getText('section:s5').toString();
      expect(text).toContain('李四补充');
      expect(text).toContain('不够');
      expect(text.replace('不够', '')).toBe(want);
      expect(A.view.value).toBe(text);
      expect(B.view.value).toBe(text);
      // Her caret is right after her word.
      expect(A.view.value.slice(0, A.view.selectionEnd).endsWith('不够')).toBe(true);
    });
  }

  it('a cancelled word changes nothing, and then shows his text', () => {
    const [da, db] = pair();
    replaceSectionText(da, 's5', '甲乙丙', zhang);
    const A = bind(da, zhang);
    const B = bind(db, li);
    A.view.selectionStart = 1;
    A.view.selectionEnd = 2; // the word will replace 乙
    A.binding.compositionStart();
    A.view.value = '甲yi丙';
    B.view.value = '甲乙丙丁';
    B.view.selectionStart = B.view.selectionEnd = 4;
    B.binding.input({ start: 3, end: 3 });
    A.view.value = '甲乙丙'; // Escape
    A.view.selectionStart = 1;
    A.view.selectionEnd = 2;
    A.binding.compositionEnd();
    expect(da.getText('section:s5').toString()).toBe('甲乙丙丁');
    expect(A.view.value).toBe('甲乙丙丁');
    expect([A.view.selectionStart, A.view.selectionEnd]).toEqual([1, 2]);
  });

  it('a word replacing a selection leaves his insertion inside it alone', () => {
    const [da, db] = pair();
    replaceSectionText(da, 's5', '一二三四', zhang);
    const A = bind(da, zhang);
    const B = bind(db, li);
    A.view.selectionStart = 1;
    A.view.selectionEnd = 3; // 二三
    A.binding.compositionStart();
    A.view.value = '一wu四';
    B.view.value = '一二插三四';
    B.view.selectionStart = B.view.selectionEnd = 3;
    B.binding.input({ start: 2, end: 2 });
    A.view.value = '一五六七四'; // a longer word than the selection
    A.view.selectionStart = A.view.selectionEnd = 4;
    A.binding.compositionEnd();
    expect(da.getText('section:s5').toString()).toBe('一五六七插四');
    expect(B.view.value).toBe('一五六七插四');
  });
});

describe('CellEdits: a focused cell and a colleague’s number', () => {
  it('A types 1 and keeps focus, B sets 7, A types 2: a conflict of 7 and 12 with both names', () => {
    const [da, db] = pair();
    const A = new CellEdits(da, zhang);
    const B = new CellEdits(db, li);
    A.begin(CELL);
    A.write(CELL, 1);
    B.begin(CELL);
    B.write(CELL, 7);
    B.end(CELL);
    expect(A.colleagueWrite(CELL)).toEqual({ by: '李四', value: 7 });
    A.write(CELL, 12);
    for (const d of [da, db]) {
      const s = registerState(d, CELL);
      expect(s.conflict?.values.map((v) => [v.value, v.by])).toEqual([
        [7, '李四'],
        [12, '张三'],
      ]);
    }
  });

  it('her own keystrokes supersede each other, and what she was shown', () => {
    const [da] = pair();
    setCell(da, CELL, 5, li);
    const A = new CellEdits(da, zhang);
    A.begin(CELL);
    A.write(CELL, 1);
    A.write(CELL, 12);
    expect(registerState(da, CELL)).toMatchObject({ value: 12, conflict: null });
    expect(A.colleagueWrite(CELL)).toBeNull();
  });
});

describe('planFieldEdit', () => {
  it('writes only what she changed, merges a colleague’s change elsewhere, never overwrites one she was not shown', () => {
    expect(planFieldEdit('下冶镇', '下冶镇', '下冶乡')).toEqual({ kind: 'none' });
    expect(planFieldEdit('下冶镇', '下冶镇人民政府', '下冶镇')).toEqual({ kind: 'write', value: '下冶镇人民政府' });
    expect(planFieldEdit('2023年度报告', '2023年度工作报告', '某镇2023年度报告')).toEqual({ kind: 'write', value: '某镇2023年度工作报告' });
    expect(planFieldEdit('下冶镇', '上冶镇', '下冶镇人民政府')).toEqual({ kind: 'write', value: '上冶镇人民政府' });
    expect(planFieldEdit('下冶镇', '下冶乡', '下冶街道')).toEqual({ kind: 'theirs', theirs: '下冶街道' });
    expect(planFieldEdit('2023', '2024', '2022', { atomic: true })).toEqual({ kind: 'theirs', theirs: '2022' });
  });
});
