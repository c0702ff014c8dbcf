// Joining by invite link: the first copy of a report comes from the real relay; a wrong code or
// a relay that holds nothing for the report is reported at once, not after the long timeout.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createReportDoc, readReport, setCell, type Author } from '../../src/doc/report-doc.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { connectRelay } from '../../src/sync/relay.ts';
import { fetchFirstCopy, NOTHING_ON_RELAY } from '../../src/state/first-copy.ts';
import { NodeWebSocket, share, tempDir, until } from './relay-helpers.ts';

const zhang: Author = { id: 'author-zhang', name: '张三' };
const li: Author = { id: 'author-li', name: '李四' };
const transport = { WebSocketPolyfill: NodeWebSocket, reconnectDelay: { min: 50, max: 200 } };

let dir: ReturnType<typeof tempDir>;
let server: RunningServer;

beforeEach(async () => {
  dir = tempDir('nianbao-first-copy-');
  server = await startServer({ port: 0, dataDir: join(dir.path, 'data'), staticDir: join(dir.path, 'dist'), log: () => {}, storeDebounceMs: 100 });
});
afterEach(async () => {
  await server.close();
  dir.remove();
});

describe('fetchFirstCopy', () => {
  it('brings the shared report to a machine that has nothing of it', async () => {
    const code = await share(server.url, 'r1');
    const origin = createReportDoc({ name: '下冶镇人民政府', type: 'township', year: 2023 }, zhang);
    setCell(origin, 't3.r1_new.np', 2, zhang);
    const conn = connectRelay({ url: server.relayUrl, reportId: 'r1', code, doc: origin, author: zhang, ...transport });
    await until('origin synced', () => conn.status.state === 'synced');
    const joined = new Y.Doc();
    const r = await fetchFirstCopy(joined, { relay: server.relayUrl, code }, 'r1', li, { timeoutMs: 10_000, ...transport });
    conn.destroy();
    expect(r).toEqual({ ok: true });
    expect(readReport(joined).cells['t3.r1_new.np']).toBe(2);
  });

  it('says at once that a wrong code is refused, and receives nothing', async () => {
    const code = await share(server.url, 'r1');
    const joined = new Y.Doc();
    const t0 = Date.now();
    const r = await fetchFirstCopy(joined, { relay: server.relayUrl, code: code.slice(0, -2) + 'zz' }, 'r1', li, {
      timeoutMs: 20_000,
      ...transport,
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('邀请码不正确');
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(Y.encodeStateVector(joined)).toEqual(Y.encodeStateVector(new Y.Doc()));
  });

  it('says the relay holds nothing when the report was shared but never sent', async () => {
    const code = await share(server.url, 'r2');
    const r = await fetchFirstCopy(new Y.Doc(), { relay: server.relayUrl, code }, 'r2', li, { timeoutMs: 20_000, ...transport });
    expect(r).toEqual({ ok: false, error: NOTHING_ON_RELAY });
  });
});
