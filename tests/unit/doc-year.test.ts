// The report's year in the Y.Doc (issue 13): status log, versions, comments, authorship.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createReportDoc, createUndoManager, readMeta, readReport, replaceSectionText, sectionText, setCell, setMeta, type Author } from '../../src/doc/report-doc.ts';
import { appendStatusStep, readStatus, statusLog } from '../../src/doc/status-log.ts';
import { getVersion, listVersions, restoreVersion, saveVersion, VERSION_TEXTS, VERSIONS } from '../../src/doc/versions.ts';
import { addComment, listComments, openCommentCount, replyTo, setResolved, COMMENTS } from '../../src/doc/comments.ts';
import { noteAuthor, textRuns } from '../../src/doc/authors.ts';
import { compareContents } from '../../src/domain/compare.ts';
import { currentContent } from '../../src/doc/versions.ts';
import { mulberry32 } from '../support/prng.ts';

const zhang: Author = { id: 'u-zhang', name: '张三' };
const li: Author = { id: 'u-li', name: '李四' };
const init = { name: '下冶镇人民政府', type: 'township' as const, year: 2024 };
const NP = 't3.r1_new.np';

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}
function pair(): [Y.Doc, Y.Doc] {
  const a = createReportDoc(init, zhang);
  const b = new Y.Doc();
  sync(a, b);
  return [a, b];
}

describe('status log', () => {
  it('草稿 → 送审 → 定稿 → 已发布, each step recorded with who and when', () => {
    const [a] = pair();
    expect(readStatus(a).status).toBe('draft');
    expect(appendStatusStep(a, { step: 'review' }, zhang, { at: 1 })).toEqual({ ok: true });
    expect(appendStatusStep(a, { step: 'final' }, li, { at: 2 })).toEqual({ ok: true });
    const s = readStatus(a);
    expect(s).toMatchObject({ status: 'final', locked: true, signedOff: { by: '李四', at: 2 } });
    expect(readMeta(a).status).toBe('final');
    expect(appendStatusStep(a, { step: 'published', date: '2025-01-20', url: 'https://www.example.gov.cn/nb.html' }, zhang)).toEqual({ ok: true });
    expect(readStatus(a)).toMatchObject({ status: 'published', locked: true, published: { on: '2025-01-20', url: 'https://www.example.gov.cn/nb.html' } });
  });
  it('refuses steps that do not apply, 解锁 without a reason, bad dates and addresses — nothing logged', () => {
    const [a] = pair();
    expect(appendStatusStep(a, { step: 'unlock', reason: '改数' }, zhang)).toMatchObject({ ok: false, error: '报告当前是“草稿”，不能解锁。' });
    appendStatusStep(a, { step: 'final' }, zhang);
    expect(appendStatusStep(a, { step: 'unlock', reason: '  ' }, zhang)).toMatchObject({ ok: false, error: '解锁需要填写解锁原因。' });
    expect(appendStatusStep(a, { step: 'published', date: '2025-02-30' }, zhang)).toMatchObject({ ok: false });
    expect(appendStatusStep(a, { step: 'published', date: '2025-02-03', url: 'javascript:alert(1)' }, zhang)).toMatchObject({ ok: false, error: '发布网址应以 http:// 或 https:// 开头。' });
    expect(statusLog(a).length).toBe(1);
    expect(appendStatusStep(a, { step: 'unlock', reason: '表三数字有误' }, li)).toEqual({ ok: true });
    expect(readStatus(a)).toMatchObject({ status: 'review', locked: false, signedOff: null });
    expect(readStatus(a).entries.at(-1)!.entry).toMatchObject({ step: 'unlock', reason: '表三数字有误', by: '李四' });
  });
  it('two colleagues signing off at once both appear; both replicas decide the same status', () => {
    const [a, b] = pair();
    appendStatusStep(a, { step: 'final' }, zhang, { at: 10 });
    appendStatusStep(b, { step: 'final' }, li, { at: 11 });
    sync(a, b);
    const sa = readStatus(a);
    expect(sa).toEqual(readStatus(b));
    expect(sa.entries.map((e) => [e.entry.by, e.applied])).toHaveLength(2);
    expect(sa.entries.filter((e) => e.applied)).toHaveLength(1);
    expect(sa.entries.find((e) => !e.applied)!.why).toBe('报告当前是“定稿”，不能定稿。');
  });
  it('concurrent 解锁 and 标记为已发布 both stay in the log and fold the same everywhere', () => {
    const [a, b] = pair();
    appendStatusStep(a, { step: 'final' }, zhang);
    sync(a, b);
    appendStatusStep(a, { step: 'unlock', reason: '补充说明' }, zhang);
    appendStatusStep(b, { step: 'published', date: '2025-01-10' }, li);
    sync(a, b);
    expect(readStatus(a)).toEqual(readStatus(b));
    expect(statusLog(a).length).toBe(3);
  });
  it('ignores malformed entries from a hostile peer', () => {
    const [a] = pair();
    statusLog(a).push([null, 5, { step: 'final' }, { step: 'delete-all', by: 'x', byId: 'x', at: 1 }, { step: 'unlock', by: 'x', byId: 'x', at: 1 }]);
    expect(readStatus(a)).toMatchObject({ status: 'draft', entries: [] });
  });
  it('a report whose meta.status said 已发布 before the log existed stays 已发布', () => {
    const [a] = pair();
    a.getMap('meta').set('status', 'published');
    expect(readStatus(a).status).toBe('published');
    expect(readStatus(a).locked).toBe(false);
  });
});

describe('versions', () => {
  it('saves a version that syncs, compares it with now, and restores it as one undoable edit on both replicas', () => {
    const [a, b] = pair();
    const undo = createUndoManager(a);
    setCell(a, NP, 12, zhang);
    replaceSectionText(a, 's5', '本年度未发生行政复议。', zhang);
    const saved = saveVersion(a, { name: '送审稿', note: '第一稿' }, zhang, { at: 100 });
    expect(saved.ok).toBe(true);
    sync(a, b);
    expect(listVersions(b)).toEqual([expect.objectContaining({ name: '送审稿', note: '第一稿', by: '张三', at: 100 })]);
    // B edits
    noteAuthor(b, li);
    setCell(b, NP, 15, li);
    replaceSectionText(b, 's5', '本年度未发生行政复议和行政诉讼。', li);
    sync(a, b);
    const id = (saved as { id: string }).id;
    const v = getVersion(a, id)!;
    const cmp = compareContents(v.content, currentContent(a), { s5: textRuns(a, sectionText(a, 's5')) });
    expect(cmp.cells).toContainEqual({ key: NP, before: 12, after: 15, by: '李四' });
    expect(cmp.cells).toContainEqual(expect.objectContaining({ key: 't3.r1_new.total', before: 12, after: 15 }));
    expect(cmp.sections).toEqual([
      { id: 's5', by: ['李四'], parts: [{ kind: 'same', text: '本年度未发生行政复议' }, { kind: 'ins', text: '和行政诉讼', by: '李四' }, { kind: 'same', text: '。' }] },
    ]);
    // A restores: both PCs show the old numbers and text again.
    undo.stopCapturing();
    expect(restoreVersion(a, id, zhang)).toEqual({ ok: true });
    sync(a, b);
    for (const d of [a, b]) {
      expect(readReport(d).cells[NP]).toBe(12);
      expect(readReport(d).sections.s5).toBe('本年度未发生行政复议。');
    }
    expect(listVersions(a)).toHaveLength(1); // nothing lost: the version list is untouched
    undo.undo();
    expect(readReport(a).cells[NP]).toBe(15);
    expect(readReport(a).sections.s5).toBe('本年度未发生行政复议和行政诉讼。');
  });
  it('stores an unchanged section text once across versions', () => {
    const [a] = pair();
    replaceSectionText(a, 's6', '无。', zhang);
    saveVersion(a, { name: 'v1' }, zhang);
    const texts1 = a.getMap(VERSION_TEXTS).size;
    setCell(a, NP, 3, zhang);
    saveVersion(a, { name: 'v2' }, zhang);
    expect(a.getMap(VERSION_TEXTS).size).toBe(texts1);
    replaceSectionText(a, 's6', '无收费。', zhang);
    saveVersion(a, { name: 'v3' }, zhang);
    expect(a.getMap(VERSION_TEXTS).size).toBe(texts1 + 1);
  });
  it('texts stored as edits against the previous version read back exactly, chain after chain (seeded)', () => {
    const seed = 1313;
    console.log('versions chain seed', seed);
    const rnd = mulberry32(seed);
    const [a] = pair();
    replaceSectionText(a, 's1.proactive', '本年度我镇认真贯彻落实政府信息公开条例，主动公开各类信息。'.repeat(20), zhang);
    const expected = new Map<string, string>();
    for (let v = 0; v < 25; v++) {
      const t = sectionText(a, 's1.proactive');
      for (let e = 0; e < 5; e++) {
        const at = Math.floor(rnd() * t.length);
        if (rnd() < 0.3) t.delete(at, 1);
        else t.insert(at, '新增');
      }
      const r = saveVersion(a, { name: `v${v}` }, zhang) as { id: string };
      expected.set(r.id, t.toString());
    }
    const stored = [...a.getMap(VERSION_TEXTS).values()];
    expect(stored.filter((x) => typeof x !== 'string').length).toBeGreaterThan(15); // most saved as edits
    const b = new Y.Doc();
    sync(a, b);
    for (const [id, text] of expected) expect(getVersion(b, id)!.content.sections['s1.proactive']).toBe(text);
  });
  it('refuses an empty or overlong name; ignores malformed records', () => {
    const [a] = pair();
    expect(saveVersion(a, { name: '  ' }, zhang)).toEqual({ ok: false, error: '请填写版本名称（如“送审稿”）。' });
    expect(saveVersion(a, { name: '稿'.repeat(51) }, zhang)).toMatchObject({ ok: false });
    a.getMap(VERSIONS).set('bad', { id: 'bad', name: 'x', by: 'x', at: 1, sv: 'not bytes', cells: {}, sections: {} });
    a.getMap(VERSIONS).set('bad2', { id: 'bad2', name: 'x', by: 'x', at: 1, sv: new Uint8Array(), cells: {}, sections: { s5: 'missing-text' } });
    expect(listVersions(a)).toEqual([]);
    expect(restoreVersion(a, 'bad', zhang)).toMatchObject({ ok: false, error: '找不到这个版本（可能已损坏）。' });
  });
});

describe('comments', () => {
  it('a span anchor stays on its words while text is typed and deleted around it, on both replicas', () => {
    const [a, b] = pair();
    replaceSectionText(a, 's5', '本年度未发生行政复议。', zhang);
    sync(a, b);
    const start = '本年度未发生'.length;
    const r = addComment(b, { section: 's5', start, end: start + 4 }, '请核对复议件数', li);
    expect(r.ok).toBe(true);
    sync(a, b);
    const t = sectionText(a, 's5');
    a.transact(() => t.insert(0, '经统计，'));
    a.transact(() => t.delete(t.length - 1, 1));
    t.insert(t.length, '和行政诉讼。'); // typed right after the span: stays outside it
    sync(a, b);
    for (const d of [a, b]) {
      const [c] = listComments(d);
      const anchor = c!.anchor as { section: string; start: number; end: number };
      expect(sectionText(d, 's5').toString().slice(anchor.start, anchor.end)).toBe('行政复议');
    }
  });
  it('replies thread under a comment, resolve and reopen sync, open count follows', () => {
    const [a, b] = pair();
    const c = addComment(b, { cell: NP }, '这个数和正文不一致', li) as { id: string };
    sync(a, b);
    replyTo(a, c.id, '已改为15', zhang);
    setResolved(a, c.id, true, zhang);
    sync(a, b);
    const [t] = listComments(b);
    expect(t).toMatchObject({ text: '这个数和正文不一致', by: '李四', anchor: { cell: NP }, resolved: { by: '张三' } });
    expect(t!.replies.map((r) => [r.by, r.text])).toEqual([['张三', '已改为15']]);
    expect(openCommentCount(b)).toBe(0);
    setResolved(b, c.id, false, li);
    sync(a, b);
    expect(openCommentCount(a)).toBe(1);
  });
  it('refuses empty text and unknown anchors; ignores malformed records; never in the Report', () => {
    const [a] = pair();
    expect(addComment(a, { cell: NP }, ' ', zhang)).toEqual({ ok: false, error: '请填写评论内容。' });
    expect(addComment(a, { cell: 'nope' as never }, 'x', zhang)).toMatchObject({ ok: false });
    expect(replyTo(a, 'none', 'x', zhang)).toMatchObject({ ok: false });
    a.getMap(COMMENTS).set('x', { id: 'x', text: 5 });
    a.getMap(COMMENTS).set('y', { id: 'y', text: 'hi', by: 'x', at: 1, section: 's5', start: 'garbage' });
    addComment(a, { cell: NP }, '<img src=x onerror=alert(1)>', zhang);
    expect(listComments(a)).toHaveLength(2);
    expect(JSON.stringify(readReport(a))).not.toContain('onerror');
  });
});

describe('authorship', () => {
  it('colours each run of prose by the replica that typed it', () => {
    const [a, b] = pair();
    noteAuthor(a, zhang);
    noteAuthor(b, li);
    replaceSectionText(a, 's5', '本年度无复议。', zhang);
    sync(a, b);
    sectionText(b, 's5').insert(5, '和诉讼');
    sync(a, b);
    expect(textRuns(a, sectionText(a, 's5'))).toEqual([
      { length: 5, by: '张三' },
      { length: 3, by: '李四' },
      { length: 2, by: '张三' },
    ]);
  });
});
