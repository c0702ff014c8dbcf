import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { conflicts, createReportDoc, initReportDoc, readReport, replaceSectionText, setCell, type Author } from '../../src/doc/report-doc.ts';
import { connectTabs, tabChannelName, type TabSync } from '../../src/sync/broadcast.ts';

const zhang: Author = { id: 'u-zhang', name: '张三' };
const init = { name: '下冶镇人民政府', type: 'township' as const, year: 2024 };

const open: TabSync[] = [];
afterEach(() => {
  for (const t of open.splice(0)) t.close();
});

function tab(doc: Y.Doc, reportId: string): TabSync {
  const t = connectTabs(doc, reportId);
  open.push(t);
  return t;
}

async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function emptyDoc(): Y.Doc {
  const d = new Y.Doc();
  initReportDoc(d, null, zhang);
  return d;
}

describe('tab sync over BroadcastChannel (Node has the same API)', () => {
  it('live edits reach the other tabs, with origin tab, without echo', async () => {
    const a = createReportDoc(init, zhang);
    const b = emptyDoc();
    tab(a, 'r1');
    tab(b, 'r1');
    await until(() => readReport(b).unit.name === '下冶镇人民政府', 'b to catch up');
    const origins: unknown[] = [];
    b.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
    // Count every message on the channel to prove nothing bounces back.
    const spy = new BroadcastChannel(tabChannelName('r1'));
    let messages = 0;
    spy.onmessage = () => messages++;
    setCell(a, 't3.r1_new.np', 5, zhang);
    replaceSectionText(a, 's5', '改进', zhang);
    await until(() => readReport(b).sections.s5 === '改进', 'the prose');
    expect(readReport(b).cells['t3.r1_new.np']).toBe(5);
    expect(origins.every((o) => o === 'tab')).toBe(true);
    // A third update as a marker: once the spy has it, an echo from b (sent on receiving the
    // first two) would have been delivered before it.
    setCell(a, 't3.r1_new.biz', 1, zhang);
    await until(() => messages >= 3, 'the marker');
    expect(messages).toBe(3); // a's three updates, no echo from b
    spy.close();
  });

  it('a tab opened late catches up, and sends what only it had', async () => {
    const a = createReportDoc(init, zhang);
    const reportUpdate = Y.encodeStateAsUpdate(a);
    tab(a, 'r2');
    setCell(a, 't3.r1_new.np', 3, zhang);
    // c was edited offline (e.g. loaded from the same IndexedDB before a's last edits).
    const c = emptyDoc();
    Y.applyUpdate(c, reportUpdate);
    setCell(c, 't3.r1_new.biz', 4, zhang);
    tab(c, 'r2');
    await until(() => readReport(c).cells['t3.r1_new.np'] === 3 && readReport(a).cells['t3.r1_new.biz'] === 4, 'both ways');
    expect(readReport(a)).toEqual(readReport(c));
    expect(conflicts(a)).toEqual([]);
  });

  it('different reports do not mix, and close() stops the sync', async () => {
    const a = createReportDoc(init, zhang);
    const b = emptyDoc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const other = emptyDoc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(a));
    const ta = tab(a, 'r3');
    tab(b, 'r3');
    tab(other, 'r4');
    setCell(a, 't3.r1_new.np', 1, zhang);
    await until(() => readReport(b).cells['t3.r1_new.np'] === 1, 'b');
    expect(readReport(other).cells['t3.r1_new.np']).toBeNull();
    ta.close();
    setCell(a, 't3.r1_new.np', 2, zhang);
    await new Promise((r) => setTimeout(r, 50));
    expect(readReport(b).cells['t3.r1_new.np']).toBe(1);
  });
});
