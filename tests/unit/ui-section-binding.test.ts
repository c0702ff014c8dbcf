// The textarea binding of a section (src/ui/ytext-textarea.ts) follows its current params: a
// SectionEditor reused for another section must write to that section, not to the one it was
// first mounted with (a latent capture of the first props; issue 11).
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initReportDoc } from '../../src/doc/report-doc.ts';
import { openReportDoc } from '../../src/storage/doc-store.ts';
import { EditorState } from '../../src/state/editor.svelte.ts';
import { bindSection } from '../../src/ui/ytext-textarea.ts';

const me = { id: 'a1', name: '张三' };

/** Just what the binding uses of a <textarea>, on Node's EventTarget. */
class FakeTextarea extends EventTarget {
  value = '';
  selectionStart = 0;
  selectionEnd = 0;
  setSelectionRange(start: number, end: number) {
    this.selectionStart = start;
    this.selectionEnd = end;
  }
  type(text: string) {
    this.value += text;
    this.setSelectionRange(this.value.length, this.value.length);
    this.dispatchEvent(new Event('input'));
  }
}

const hadDocument = 'document' in globalThis;
beforeAll(() => {
  if (!hadDocument) (globalThis as { document?: unknown }).document = { activeElement: null };
});
afterAll(() => {
  if (!hadDocument) delete (globalThis as { document?: unknown }).document;
});

describe('bindSection', () => {
  it('writes to the section of its current params after they change', async () => {
    const opened = await openReportDoc('bind-1');
    if (!opened.ok) throw new Error(opened.error);
    initReportDoc(opened.value.doc, { name: '下冶镇人民政府', type: 'township', year: 2023 }, me);
    const ed = new EditorState(opened.value, me);
    ed.editSection('s6', '无。');
    const node = new FakeTextarea();
    const action = bindSection(node as unknown as HTMLTextAreaElement, { editor: ed, id: 's5' });
    node.type('甲');
    expect(ed.report.sections.s5).toBe('甲');

    action.update?.({ editor: ed, id: 's6' });
    expect(node.value).toBe('无。'); // it shows the new section
    node.type('乙');
    expect(ed.report.sections.s6).toBe('无。乙');
    expect(ed.report.sections.s5).toBe('甲');

    action.destroy();
    await ed.close();
  });
});
