// The report's year through the state layer (issue 13): an imported published page starts as
// 已发布 with its signature date and raises no "尚未发布"; 定稿 makes EditorState refuse every edit
// (and undo) with who signed off, until a logged 解锁; the library row carries the status and
// the open comments.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { t3 } from '../../src/domain/format.ts';
import { importFile } from '../../src/import/index.ts';
import { openReportDoc } from '../../src/storage/doc-store.ts';
import { openLibraryDB } from '../../src/storage/library-db.ts';
import { EditorState } from '../../src/state/editor.svelte.ts';
import { LibraryState } from '../../src/state/library.svelte.ts';
import { isPublishedPage } from '../../src/state/imported-publication.ts';
import { rowFromDoc } from '../../src/state/report-row.ts';
import { anchorFrom } from '../../src/state/review-view.ts';
import { daysLeft, describeDaysLeft } from '../../src/state/deadline-view.ts';

const me = { id: 'u-me', name: '张三' };

describe('an imported published report', () => {
  it('starts as 已发布 with the date from its signature, and R-DEADLINE no longer says 尚未发布', async () => {
    const bytes = new Uint8Array(readFileSync(new URL('../fixtures/xiaye-town-2023.txt', import.meta.url)));
    const imported = await importFile(bytes, 'xiaye-town-2023.txt');
    if (!imported.ok) throw new Error(imported.error);
    expect(isPublishedPage(imported.kind)).toBe(true);
    const lib = new LibraryState(openLibraryDB('review-import'));
    // The same report without its signature date: marked 已发布 all the same.
    const undated = { ...imported.report };
    delete undated.publishedOn;
    for (const [report, on] of [[imported.report, imported.report.publishedOn], [undated, undefined]] as const) {
      const r = await lib.createFromReport(report, { published: true });
      if (!r.ok) throw new Error(r.error);
      expect(await lib.db.reports.get(r.id)).toMatchObject({ status: 'published' });
      const opened = await openReportDoc(r.id);
      if (!opened.ok) throw new Error(opened.error);
      const ed = new EditorState(opened.value, me);
      expect(ed.review.status).toMatchObject({ status: 'published', locked: false, published: on ? { on } : {} });
      expect(ed.review.status.entries[0]!.entry.source).toBe('import');
      // Its 2024-01-31 deadline is long past: without the record this was "尚未发布".
      expect(ed.allFindings.filter((f) => f.rule === 'R-DEADLINE' && f.message.includes('尚未发布'))).toEqual([]);
      await ed.close();
    }
    // A JSON or DOCX file is not a published page: it starts as a draft.
    expect(isPublishedPage('json')).toBe(false);
    expect(isPublishedPage('docx')).toBe(false);
    const draft = await lib.createFromReport(undated);
    if (!draft.ok) throw new Error(draft.error);
    expect(await lib.db.reports.get(draft.id)).toMatchObject({ status: 'draft' });
  });
});

describe('EditorState while 定稿', () => {
  it('refuses cells, prose, paste, meta and undo with who signed off; 解锁 with a reason opens it again; the row counts open comments', async () => {
    const lib = new LibraryState(openLibraryDB('review-lock'));
    const r = await lib.create({ name: '下冶镇人民政府', type: 'township', year: 2024 });
    if (!r.ok) throw new Error(r.error);
    const opened = await openReportDoc(r.id);
    if (!opened.ok) throw new Error(opened.error);
    const ed = new EditorState(opened.value, me);
    const NP = t3('r1_new', 'np');
    expect(ed.inputCell(NP, '5')).toBe(true);
    expect(ed.review.comment({ cell: NP }, '请核对')).toEqual({ ok: true });
    expect(rowFromDoc(r.id, ed.doc, ed.findings, 1).openComments).toBe(1);
    expect(ed.review.step({ step: 'final' })).toEqual({ ok: true });
    expect(ed.meta.status).toBe('final');
    expect(ed.review.locked).toBe(true);
    expect(ed.inputCell(NP, '7')).toBe(false);
    expect(ed.notice?.text).toBe('报告已由张三定稿，不能修改；如需修改请先“解锁”并写明原因。');
    expect(ed.paste(NP, '8')).toBe(false);
    ed.editSection('s5', '改了');
    expect(ed.editMeta({ title: '新标题' })).toBe(false);
    ed.undo();
    expect(ed.fillZero('t3')).toBe(0);
    expect(ed.report.cells[NP]).toBe(5);
    expect(ed.report.sections.s5).toBe('');
    expect(ed.review.restore('whatever')).toMatchObject({ ok: false });
    expect(ed.review.step({ step: 'unlock', reason: '' })).toEqual({ ok: false, error: '解锁需要填写解锁原因。' });
    expect(ed.review.step({ step: 'unlock', reason: '表三需更正' })).toEqual({ ok: true });
    expect(ed.inputCell(NP, '7')).toBe(true);
    expect(ed.report.cells[NP]).toBe(7);
    expect(rowFromDoc(r.id, ed.doc, ed.findings, 1)).toMatchObject({ status: 'review', openComments: 1 });
    await ed.close();
  });
});

describe('ReviewState versions', () => {
  it('compares two saved versions and a version with now; restore is refused while signed off', async () => {
    const lib = new LibraryState(openLibraryDB('review-versions'));
    const r = await lib.create({ name: '下冶镇人民政府', type: 'township', year: 2024 });
    if (!r.ok) throw new Error(r.error);
    const opened = await openReportDoc(r.id);
    if (!opened.ok) throw new Error(opened.error);
    const ed = new EditorState(opened.value, me);
    const NP = t3('r1_new', 'np');
    ed.inputCell(NP, '3');
    ed.editSection('s6', '无。');
    expect(ed.review.saveVersion('初稿')).toEqual({ ok: true });
    ed.inputCell(NP, '4');
    ed.editSection('s6', '本年度无收费。');
    expect(ed.review.saveVersion('送审稿', '改了收费')).toEqual({ ok: true });
    const [v1, v2] = ed.review.versions;
    expect([v1!.name, v2!.name, v2!.note]).toEqual(['初稿', '送审稿', '改了收费']);
    expect(ed.review.compare(v1!.id, v2!.id)).toEqual({ ok: true });
    expect(ed.review.comparison!.label).toBe('初稿 → 送审稿');
    expect(ed.review.comparison!.result.cells.find((c) => c.key === NP)).toEqual({ key: NP, before: 3, after: 4, by: '张三' });
    expect(ed.review.comparison!.result.sections.map((x) => x.id)).toEqual(['s6']);
    expect(ed.review.compare(v2!.id, 'now')).toEqual({ ok: true });
    expect(ed.review.comparison!.result).toEqual({ title: null, cells: [], sections: [] });
    expect(ed.review.compare('missing', 'now')).toEqual({ ok: false, error: '找不到这个版本。' });
    ed.review.step({ step: 'final' });
    expect(ed.review.restore(v1!.id)).toMatchObject({ ok: false });
    ed.review.step({ step: 'unlock', reason: '回到初稿' });
    expect(ed.review.restore(v1!.id)).toEqual({ ok: true });
    expect(ed.report.cells[NP]).toBe(3);
    expect(ed.report.sections.s6).toBe('无。');
    ed.undo();
    expect(ed.report.cells[NP]).toBe(4);
    await ed.close();
  });
});

describe('review view helpers', () => {
  it('a caret in a section comments on its paragraph; a selection on the span', () => {
    const text = '第一段。\n第二段文字。\n第三段。';
    expect(anchorFrom({ section: 's5', text, start: 7, end: 7 })).toEqual({ section: 's5', start: 5, end: 11 });
    expect(anchorFrom({ section: 's5', text, start: 5, end: 7 })).toEqual({ section: 's5', start: 5, end: 7 });
    expect(anchorFrom({ cell: 't3.r1_new.np' })).toEqual({ cell: 't3.r1_new.np' });
    expect(anchorFrom({ section: 'nope' })).toBeNull();
    expect(anchorFrom(null)).toBeNull();
  });
  it('days to the deadline by Beijing date', () => {
    expect(daysLeft('2025-01-31', '2025-01-24')).toBe(7);
    expect(describeDaysLeft(daysLeft('2025-01-31', '2025-02-03'), false)).toBe('已过 3 天');
    expect(describeDaysLeft(0, false)).toBe('今天截止');
    expect(describeDaysLeft(-5, true)).toBe('已发布');
    expect(daysLeft('bad', '2025-01-01')).toBeNull();
  });
});
