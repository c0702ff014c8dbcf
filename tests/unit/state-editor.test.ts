import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initReportDoc, readReport, setCell, setMeta } from '../../src/doc/report-doc.ts';
import { t3 } from '../../src/domain/format.ts';
import { openReportDoc } from '../../src/storage/doc-store.ts';
import { openLibraryDB } from '../../src/storage/library-db.ts';
import { EditorState, openSnapshot } from '../../src/state/editor.svelte.ts';
import { LibraryState } from '../../src/state/library.svelte.ts';

const me = { id: 'a1', name: '张三' };
const other = { id: 'b2', name: '李四' };

async function openEditor(id: string): Promise<EditorState> {
  const opened = await openReportDoc(id);
  if (!opened.ok) throw new Error(opened.error);
  initReportDoc(opened.value.doc, { name: '下冶镇人民政府', type: 'township', year: 2023 }, me);
  return new EditorState(opened.value, me);
}

describe('EditorState', () => {
  it('meta: her write supersedes what the field showed when she began, not an offline title that arrived meanwhile; 采用 settles it', async () => {
    const ed = await openEditor('e-meta');
    const title0 = ed.meta.title;
    // A colleague's PC, apart since before: it wrote the title offline, earlier than hers.
    const far = new Y.Doc();
    Y.applyUpdate(far, Y.encodeStateAsUpdate(ed.doc));
    setMeta(far, { title: '李四离线时改的标题' }, other, { at: 1 });
    ed.editMetaField('title', title0, '张三先改的标题');
    // She begins editing again; the old offline write arrives (the field keeps showing hers: it is later).
    ed.beginMetaField('title');
    Y.applyUpdate(ed.doc, Y.encodeStateAsUpdate(far), 'relay');
    expect(ed.meta.title).toBe('张三先改的标题');
    expect(ed.metaConflicts.title?.values.map((v) => v.by).sort()).toEqual(['张三', '李四'].sort());
    // She commits against what she was shown: 李四's value was never shown to her, so it stays.
    expect(ed.editMetaField('title', '张三先改的标题', '张三再改的标题')).toBe(true);
    expect(ed.metaConflicts.title?.values.map((v) => v.value).sort()).toEqual(['张三再改的标题', '李四离线时改的标题'].sort());
    expect(ed.findings.some((f) => f.rule === 'R-CONFLICT' && f.message.includes('李四'))).toBe(true);
    expect(ed.resolveMeta('title', '李四离线时改的标题')).toBe(true);
    expect(ed.metaConflicts.title).toBeUndefined();
    expect(ed.meta.title).toBe('李四离线时改的标题');
    expect(ed.findings.some((f) => f.rule === 'R-CONFLICT')).toBe(false);
    await ed.close();
  });

  it('applies valid typing, refuses bad typing with a reason, and recomputes findings each time', async () => {
    const ed = await openEditor('e1');
    expect(ed.inputCell(t3('r1_new', 'np'), '3')).toBe(true);
    expect(ed.report.cells[t3('r1_new', 'total')]).toBe(3);
    expect(ed.cell(t3('r1_new', 'np')).lastBy).toBe('张三');
    expect(ed.inputCell(t3('r1_new', 'biz'), '1.5')).toBe(false);
    expect(ed.refused[t3('r1_new', 'biz')]).toMatch(/小数/);
    expect(ed.report.cells[t3('r1_new', 'biz')]).toBeNull();
    // Balance: 3 + 0 ≠ 1 + 0.
    ed.inputCell(t3('r2_carryIn', 'np'), '0');
    ed.inputCell(t3('r3_1_grant', 'np'), '1');
    ed.inputCell(t3('r4_carryOut', 'np'), '0');
    expect(ed.findingsOf(t3('r3_7_total', 'np')).some((f) => f.rule === 'R-T3-BALANCE')).toBe(true);
    ed.inputCell(t3('r3_1_grant', 'np'), '3');
    expect(ed.findings.some((f) => f.rule === 'R-T3-BALANCE' && f.cells.includes(t3('r1_new', 'np')))).toBe(false);
    await ed.close();
  });

  it('pastes all or nothing in one undo step, Esc restores, fill-zero fills only 未填', async () => {
    const ed = await openEditor('e2');
    expect(ed.paste(t3('r1_new', 'np'), '1\t2\n3\tx')).toBe(false);
    expect(ed.report.cells[t3('r1_new', 'np')]).toBeNull();
    // Said beside 表三, where she pasted, not in the banner at the top.
    expect(ed.tableNotice).toMatchObject({ table: 't3', kind: 'error' });
    expect(ed.notice).toBeNull();
    expect(ed.paste(t3('r1_new', 'np'), '1\t2\n3\t4')).toBe(true);
    expect(ed.report.cells[t3('r2_carryIn', 'biz')]).toBe(4);
    ed.endUndoStep();
    ed.undo();
    expect(ed.report.cells[t3('r1_new', 'np')]).toBeNull();
    expect(ed.report.cells[t3('r2_carryIn', 'biz')]).toBeNull();

    ed.inputCell(t3('r1_new', 'np'), '7');
    ed.restoreCell(t3('r1_new', 'np'), null);
    expect(ed.report.cells[t3('r1_new', 'np')]).toBeNull();

    ed.inputCell('t4.review.upheld', '2');
    expect(ed.fillZero('t4')).toBe(11); // 12 typed cells (totals are derived), one already filled
    expect(ed.tableNotice).toMatchObject({ table: 't4', kind: 'info', text: '已将 11 个未填单元格填为 0。' });
    expect(ed.report.cells['t4.review.upheld']).toBe(2);
    expect(ed.report.cells['t4.litDirect.pending']).toBe(0);
    await ed.close();
  });

  it('shows a concurrent edit from elsewhere as a conflict with both values, and resolves it', async () => {
    const ed = await openEditor('e3');
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(ed.doc));
    ed.inputCell(t3('r1_new', 'np'), '5');
    setCell(remote, t3('r1_new', 'np'), 6, other);
    Y.applyUpdate(ed.doc, Y.encodeStateAsUpdate(remote), 'relay');
    const cs = ed.cell(t3('r1_new', 'np'));
    expect(cs.conflict?.values.map((v) => v.value).sort()).toEqual([5, 6]);
    expect(ed.findings.some((f) => f.rule === 'R-CONFLICT')).toBe(true);
    ed.resolve(t3('r1_new', 'np'), 6);
    expect(ed.cell(t3('r1_new', 'np')).conflict).toBeNull();
    expect(ed.report.cells[t3('r1_new', 'np')]).toBe(6);
    await ed.close();
  });

  it('persists through the store: 已保存 after flush, and reopening shows the edits', async () => {
    const ed = await openEditor('e4');
    ed.inputCell(t3('r1_new', 'np'), '9');
    ed.editSection('s5', '存在的问题：公开不够及时。');
    expect(ed.syncBadge).toBe('pending');
    await (ed as unknown as { opened: { flushed(): Promise<unknown> } }).opened.flushed();
    expect(ed.syncBadge).toBe('synced');
    await ed.close();
    const again = await openEditor('e4');
    expect(again.report.cells[t3('r1_new', 'np')]).toBe(9);
    expect(again.report.sections.s5).toBe('存在的问题：公开不够及时。');
    await again.close();
  });
});

describe('LibraryState', () => {
  it('creates a report with its row, and deletes it with its doc', async () => {
    const lib = new LibraryState(openLibraryDB('lib-state'));
    lib.start();
    const r = await lib.create({ name: '下冶镇人民政府', type: 'township', year: 2023 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const row = await lib.db.reports.get(r.id);
    expect(row).toMatchObject({ unitName: '下冶镇人民政府', year: 2023, deadline: '2024-01-31', status: 'draft' });
    expect(row!.errors).toBeGreaterThan(0); // an empty report is not publishable
    const bad = await lib.create({ name: ' ', type: 'township', year: 2023 });
    expect(bad.ok).toBe(false);
    await lib.remove(r.id);
    expect(await lib.db.reports.get(r.id)).toBeUndefined();
    lib.stop();
  });
});

describe('LibraryState author', () => {
  it('is 同事+short id until named, and the one Author object every editor holds takes the name', async () => {
    const lib = new LibraryState(openLibraryDB('lib-author'));
    const me = await lib.author();
    expect(me.name).toMatch(/^同事[0-9a-f]{4}$/);
    expect(me.name).not.toBe('本机用户');
    await lib.rename('张三', '办公室');
    expect(me.name).toBe('张三'); // the editor opened before she named herself writes her name
    expect(await lib.author()).toBe(me);
    expect(lib.profile).toMatchObject({ name: '张三', role: '办公室' });
    await lib.rename('张三丰');
    expect(lib.profile).toMatchObject({ name: '张三丰', role: '办公室' }); // the name field alone keeps her post
  });
});

describe('LibraryState.createNextYear', () => {
  it("starts next year's report from last year's: carry-in filled, prose kept, other numbers 未填; never twice", async () => {
    const lib = new LibraryState(openLibraryDB('lib-next'));
    const prev = await lib.create({ name: '下冶镇人民政府', type: 'township', year: 2023 });
    if (!prev.ok) throw new Error(prev.error);
    const opened = await openReportDoc(prev.id);
    if (!opened.ok) throw new Error(opened.error);
    const ed = new EditorState(opened.value, me);
    ed.inputCell(t3('r4_carryOut', 'np'), '2');
    ed.editSection('s6', '2023 年未收取信息处理费。');
    await ed.close();

    const next = await lib.createNextYear(prev.id);
    if (!next.ok) throw new Error(next.error);
    const row = await lib.db.reports.get(next.id);
    expect(row).toMatchObject({ unitName: '下冶镇人民政府', year: 2024, deadline: '2025-01-31' });
    const reopened = await openReportDoc(next.id);
    if (!reopened.ok) throw new Error(reopened.error);
    const report = readReport(reopened.value.doc);
    await reopened.value.close();
    expect(report.cells[t3('r2_carryIn', 'np')]).toBe(2);
    expect(report.cells[t3('r4_carryOut', 'np')]).toBe(null);
    expect(report.sections.s6).toBe('2023 年未收取信息处理费。');

    const twice = await lib.createNextYear(prev.id);
    expect(twice).toEqual({ ok: false, error: '下冶镇人民政府已有2024年的报告，请直接打开它。' });
  });
});

describe('per-cell views', () => {
  it('a keystroke touches only the views whose value or findings changed', async () => {
    const opened = await openReportDoc('v1');
    if (!opened.ok) throw new Error(opened.error);
    initReportDoc(opened.value.doc, { name: '下冶镇人民政府', type: 'township', year: 2023 }, me);
    const ed = new EditorState(opened.value, me);
    ed.fillZero('t3');
    const before = new Map(Object.entries(ed.views).map(([k, v]) => [k, { state: v.state, findings: v.findings, value: v.value }]));
    ed.inputCell(t3('r3_3_1_stateSecret', 'biz'), '1');
    const changed = Object.entries(ed.views)
      .filter(([k, v]) => {
        const b = before.get(k)!;
        return b.state !== v.state || b.findings !== v.findings || b.value !== v.value;
      })
      .map(([k]) => k)
      .sort();
    // The cell itself, its row total, its column's (七)总计 and the grand total; plus the cells
    // of the broken balance now blamed (商业企业 and 总计 columns).
    expect(changed).toContain(t3('r3_3_1_stateSecret', 'biz'));
    expect(changed).toContain(t3('r3_3_1_stateSecret', 'total'));
    expect(changed).toContain(t3('r3_7_total', 'biz'));
    expect(changed.length).toBeLessThan(20);
    expect(changed.every((k) => k.startsWith('t3.'))).toBe(true);
    await ed.close();
  });
});

describe('incremental snapshot', () => {
  it('always equals readReport of the doc, whatever the edits and their origins', async () => {
    const { readReport: read, replaceSectionText, setMeta } = await import('../../src/doc/report-doc.ts');
    const opened = await openReportDoc('inc');
    if (!opened.ok) throw new Error(opened.error);
    initReportDoc(opened.value.doc, { name: '下冶镇人民政府', type: 'township', year: 2023 }, me);
    const ed = new EditorState(opened.value, me);
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(ed.doc));
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const keys = [t3('r1_new', 'np'), t3('r1_new', 'biz'), t3('r3_1_grant', 'np'), 't2.fees.amountWanYuan', 't4.review.upheld'];
    for (let i = 0; i < 300; i++) {
      const op = rnd(6);
      const key = keys[rnd(keys.length)]!;
      if (op === 0) ed.inputCell(key, String(rnd(5)));
      else if (op === 1) ed.editSection('s5', ed.report.sections.s5 + '改');
      else if (op === 2) setCell(remote, key, rnd(5), other);
      else if (op === 3) replaceSectionText(remote, 's6', `第${i}版`, other);
      else if (op === 4) setMeta(remote, { title: `标题${i}` }, other);
      else {
        ed.endUndoStep();
        ed.undo();
      }
      if (op >= 2 && op <= 4) Y.applyUpdate(ed.doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(ed.doc)), 'relay');
      if (rnd(4) === 0) Y.applyUpdate(remote, Y.encodeStateAsUpdate(ed.doc, Y.encodeStateVector(remote)), 'relay');
      expect(ed.report, `after op ${i} (${op})`).toEqual(read(ed.doc));
      if (i % 50 === 0) expect(openSnapshot(ed.doc).report).toEqual(read(ed.doc));
    }
    await ed.close();
  });
});

describe('同步包 through the app state', () => {
  it('a package for a report this machine lacks creates it; a second one merges; encrypted needs the passphrase', async () => {
    const { createReportDoc } = await import('../../src/doc/report-doc.ts');
    const { exportPackage } = await import('../../src/sync/exchange.ts');
    const office = createReportDoc({ name: '上冶镇人民政府', type: 'township', year: 2023 }, other);
    setCell(office, t3('r1_new', 'np'), 4, other);
    const lib = new LibraryState(openLibraryDB('lib-pkg'));
    const first = await exportPackage(office, { reportId: 'shared-1', author: other });
    const r = await lib.importPackage(first);
    expect(r.ok).toBe(true);
    const row = await lib.db.reports.get('shared-1');
    expect(row).toMatchObject({ unitName: '上冶镇人民政府', year: 2023 });
    expect((await lib.db.peers.get(['shared-1', other.id]))?.name).toBe('李四');

    setCell(office, t3('r1_new', 'biz'), 2, other);
    const second = await exportPackage(office, { reportId: 'shared-1', author: other, passphrase: '口令123', iterations: 200_000 });
    const locked = await lib.importPackage(second);
    expect(locked.ok).toBe(false);
    expect('needsPassphrase' in locked && locked.needsPassphrase).toBe(true);
    expect((await lib.importPackage(second, '口令123')).ok).toBe(true);

    const ed = await (async () => {
      const opened = await openReportDoc('shared-1');
      if (!opened.ok) throw new Error(opened.error);
      return new EditorState(opened.value, me);
    })();
    expect(ed.report.cells[t3('r1_new', 'total')]).toBe(6);
    await ed.close();
    expect((await lib.importPackage(new TextEncoder().encode('不是同步包'))).ok).toBe(false);
  });
});

describe('library rows', () => {
  it('refreshing a row from the doc keeps the relay share it alone knows', async () => {
    const lib = new LibraryState(openLibraryDB('lib-rows'));
    const r = await lib.create({ name: '共享镇人民政府', type: 'township', year: 2023 });
    if (!r.ok) throw new Error(r.error);
    await lib.db.reports.update(r.id, { share: { relay: 'ws://localhost:5173/relay', code: 'x'.repeat(22) } });
    const row = (await lib.db.reports.get(r.id))!;
    const { share: _drop, ...fromDoc } = row;
    await lib.saveRow({ ...fromDoc, errors: 99 });
    expect(await lib.db.reports.get(r.id)).toMatchObject({ errors: 99, share: { code: 'x'.repeat(22) } });
  });
});

describe('EditorState: progress, not alarm (issue 15)', () => {
  it('a new report shows no error while filling in; asking to print or 送审 turns 未填 into errors', async () => {
    const ed = await openEditor('calm1');
    expect(ed.finishing).toBe(false);
    // The only error is a real one: this 2023 report is past its publishing deadline.
    expect(ed.findings.filter((f) => f.severity === 'error').map((f) => f.rule)).toEqual(['R-DEADLINE']);
    expect(ed.findingsOf(t3('r1_new', 'np'))).toEqual([]);
    expect(ed.allFindings.some((f) => f.rule === 'R-TYPE-INT')).toBe(true);
    expect(ed.progress.cells.filled).toBe(0);
    ed.inputCell(t3('r1_new', 'np'), '3');
    expect(ed.progress.tables.t3.filled).toBe(1);
    ed.askToFinish();
    expect(ed.finishing).toBe(true);
    expect(ed.findings.filter((f) => f.rule === 'R-TYPE-INT').length).toBe(3);
    expect(ed.findingsOf(t3('r1_new', 'biz')).map((f) => f.rule)).toEqual(['R-TYPE-INT']);
    await ed.close();

    const other = await openEditor('calm2');
    other.editMeta({ status: 'review' });
    expect(other.finishing).toBe(true);
    expect(other.counts.error).toBeGreaterThan(0);
    await other.close();
  });
});
