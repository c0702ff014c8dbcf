import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { setCell } from '../../src/doc/report-doc.ts';
import { t3 } from '../../src/domain/format.ts';
import { openReportDoc } from '../../src/storage/doc-store.ts';
import { openLibraryDB } from '../../src/storage/library-db.ts';
import { EditorState } from '../../src/state/editor.svelte.ts';
import { LibraryState } from '../../src/state/library.svelte.ts';

const other = { id: 'b2', name: '李四' };

/** Until `check` holds (no fixed sleep: the library row follows the editor a little behind). */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function withDoc<T>(id: string, fn: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
  const opened = await openReportDoc(id);
  if (!opened.ok) throw new Error(opened.error);
  try {
    const out = await fn(opened.value.doc);
    await opened.value.flushed();
    return out;
  } finally {
    await opened.value.close();
  }
}

describe('LibraryState: one way to count a report\'s findings', () => {
  it('after a 同步包 import that creates a conflict, the library row counts it as the editor does', async () => {
    const lib = new LibraryState(openLibraryDB('lib-conflict'));
    const created = await lib.create({ name: '下冶镇人民政府', type: 'township', year: 2023 });
    if (!created.ok) throw new Error(created.error);
    const id = created.id;
    const cell = t3('r1_new', 'np');
    // A colleague's copy from the same start; both write the same cell without seeing each other.
    const colleague = new Y.Doc();
    await withDoc(id, (doc) => Y.applyUpdate(colleague, Y.encodeStateAsUpdate(doc)));
    setCell(colleague, cell, 5, other);
    await withDoc(id, (doc) => setCell(doc, cell, 7, { id: 'a1', name: '张三' }));
    const { exportPackage } = await import('../../src/sync/exchange.ts');
    const imported = await lib.importPackage(await exportPackage(colleague, { reportId: id, author: other }));
    expect(imported.ok).toBe(true);

    const ed = await withDoc(id, async () => {
      const opened = await openReportDoc(id);
      if (!opened.ok) throw new Error(opened.error);
      return new EditorState(opened.value, { id: 'a1', name: '张三' });
    });
    expect(ed.cell(cell).conflict).not.toBeNull();
    expect(ed.allFindings.some((f) => f.cells.includes(cell) && f.severity === 'error')).toBe(true);
    const row = await lib.db.reports.get(id);
    // Before: the library validated without conflict findings, so this count was one short.
    expect(row?.errors).toBe(ed.findings.filter((f) => f.severity === 'error').length);
    await ed.close();
  });
});

describe('EditorState.open', () => {
  it('opens a report of the library, keeps its row in step, and says so in Chinese when there is none', async () => {
    const lib = new LibraryState(openLibraryDB('lib-open'));
    const missing = await EditorState.open('no-such-report', lib);
    expect(missing).toEqual({ ok: false, error: expect.stringMatching(/本机没有这份报告/) });

    const created = await lib.create({ name: '上冶镇人民政府', type: 'township', year: 2023 });
    if (!created.ok) throw new Error(created.error);
    const before = (await lib.db.reports.get(created.id))!;
    const opened = await EditorState.open(created.id, lib);
    if (!opened.ok) throw new Error(opened.error);
    const ed = opened.editor;
    expect(ed.meta.name).toBe('上冶镇人民政府');
    expect(ed.inputCell(t3('r1_new', 'np'), '3')).toBe(true);
    const counted = () => ({ errors: ed.counts.error, warnings: ed.counts.warning });
    await until(async () => ((await lib.db.reports.get(created.id))?.updatedAt ?? 0) > before.updatedAt, 'the library row to follow the edit');
    expect(await lib.db.reports.get(created.id)).toMatchObject(counted());
    ed.endUndoStep();
    expect(ed.editMeta({ name: '上冶镇人民政府办公室' })).toBe(true);
    await ed.close(); // closing writes the last row at once, without waiting for the pause
    expect(await lib.db.reports.get(created.id)).toMatchObject({ unitName: '上冶镇人民政府办公室' });
  });

  it('a page that went away while opening gets nothing open', async () => {
    const lib = new LibraryState(openLibraryDB('lib-cancel'));
    const created = await lib.create({ name: '中冶镇人民政府', type: 'township', year: 2023 });
    if (!created.ok) throw new Error(created.error);
    const r = await EditorState.open(created.id, lib, { cancelled: () => true });
    expect(r.ok).toBe(false);
    // The stored doc was closed: opening it again works and shows the report.
    const again = await EditorState.open(created.id, lib);
    expect(again.ok).toBe(true);
    if (again.ok) await again.editor.close();
  });

  it("receives a 同步包 the way the library does, with the library's result type", async () => {
    const lib = new LibraryState(openLibraryDB('lib-editor-pkg'));
    const created = await lib.create({ name: '西冶镇人民政府', type: 'township', year: 2023 });
    if (!created.ok) throw new Error(created.error);
    const colleague = new Y.Doc();
    await withDoc(created.id, (doc) => Y.applyUpdate(colleague, Y.encodeStateAsUpdate(doc)));
    setCell(colleague, t3('r1_new', 'np'), 4, other);
    const { exportPackage } = await import('../../src/sync/exchange.ts');
    const locked = await exportPackage(colleague, { reportId: created.id, author: other, passphrase: '口令123', iterations: 200_000 });
    const opened = await EditorState.open(created.id, lib);
    if (!opened.ok) throw new Error(opened.error);
    const ed = opened.editor;
    expect(await ed.importPackage(locked)).toMatchObject({ ok: false, needsPassphrase: true });
    expect(ed.notice).toBeNull(); // asking for it is not an error yet
    expect(await ed.importPackage(locked, '错的')).toMatchObject({ ok: false, needsPassphrase: true });
    expect(ed.notice?.kind).toBe('error');
    expect(await ed.importPackage(locked, '口令123')).toEqual({ ok: true, id: created.id });
    expect(ed.report.cells[t3('r1_new', 'np')]).toBe(4);
    expect(ed.notice?.text).toContain('李四');
    // The sender is acknowledged in the library, as after a library import.
    expect((await lib.peers(created.id)).map((p) => p.name)).toEqual(['李四']);
    expect(await ed.importPackage(new TextEncoder().encode('不是同步包'))).toMatchObject({ ok: false });
    await ed.close();
  });
});
