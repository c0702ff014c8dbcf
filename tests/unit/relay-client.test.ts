// connectRelay (src/sync/relay.ts) against the real server, with report docs from src/doc:
// remote changes arrive with origin 'relay' and stay off the undo stack; status is honest
// (offline / syncing / synced + unacknowledged count); offline edits merge after the relay
// comes back with no user action; presence; a wrong code is refused and the client stops.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  createReportDoc,
  createUndoManager,
  initReportDoc,
  observeReport,
  readReport,
  sectionText,
  setCell,
  cellState,
  type Author,
} from '../../src/doc/report-doc.ts';
import { TYPED_CELL_KEYS } from '../../src/domain/format.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { connectRelay, type RelayConnection, type RelayStatus } from '../../src/sync/relay.ts';
import { NodeWebSocket, share, tempDir, until } from './relay-helpers.ts';

const zhang: Author = { id: 'author-zhang', name: '张三' };
const li: Author = { id: 'author-li', name: '李四' };
const cellA = TYPED_CELL_KEYS[0]!;
const cellB = TYPED_CELL_KEYS[1]!;

let dir: ReturnType<typeof tempDir>;
let server: RunningServer;
let connections: RelayConnection[];

const startRelay = (port = 0) =>
  startServer({ port, dataDir: join(dir.path, 'data'), staticDir: join(dir.path, 'dist'), log: () => {}, storeDebounceMs: 100 });

function connect(doc: Y.Doc, reportId: string, code: string, author: Author, statuses: RelayStatus[] = []) {
  const c = connectRelay({
    url: server.relayUrl,
    reportId,
    code,
    doc,
    author,
    onStatus: (s) => statuses.push(s),
    WebSocketPolyfill: NodeWebSocket,
    reconnectDelay: { min: 50, max: 200 },
  });
  connections.push(c);
  return c;
}

beforeEach(async () => {
  dir = tempDir('nianbao-relay-client-');
  connections = [];
  server = await startRelay();
});

afterEach(async () => {
  for (const c of connections) c.destroy();
  await server.close();
  dir.remove();
});

describe('connectRelay', () => {
  it('syncs two report docs; remote changes carry origin relay and are not undoable', async () => {
    const code = await share(server.url, 'rep1');
    const docA = createReportDoc({ name: '下冶镇人民政府', type: 'township', year: 2024 }, zhang);
    const docB = new Y.Doc();
    initReportDoc(docB, null, li);
    const a = connect(docA, 'rep1', code, zhang);
    const b = connect(docB, 'rep1', code, li);
    await until('both synced', () => a.status.state === 'synced' && b.status.state === 'synced');
    await until('meta arrived', () => readReport(docB).unit.name === '下冶镇人民政府');

    const originsOnB: string[] = [];
    observeReport(docB, (change) => originsOnB.push(change.origin));
    const undoB = createUndoManager(docB);

    expect(setCell(docA, cellA, 12, zhang).ok).toBe(true);
    sectionText(docA, 's5').insert(0, '存在问题');
    await until('B has A’s edits', () => cellState(docB, cellA).value === 12 && sectionText(docB, 's5').toString() === '存在问题');
    expect(originsOnB.length).toBeGreaterThan(0);
    expect(new Set(originsOnB)).toEqual(new Set(['relay']));
    expect(undoB.undoStack.length).toBe(0);

    setCell(docB, cellB, 5, li);
    expect(undoB.undoStack.length).toBe(1);
    await until('A has B’s edit', () => cellState(docA, cellB).value === 5);
    expect(readReport(docA)).toEqual(readReport(docB));
  });

  it('reports offline edits as unacknowledged and merges them when the relay returns', async () => {
    const code = await share(server.url, 'rep2');
    const port = server.port;
    const docA = createReportDoc({ name: '某县人民政府', type: 'county', year: 2024 }, zhang);
    const docB = new Y.Doc();
    const statusesA: RelayStatus[] = [];
    const a = connect(docA, 'rep2', code, zhang, statusesA);
    const b = connect(docB, 'rep2', code, li);
    await until('synced', () => a.status.state === 'synced' && b.status.state === 'synced');
    expect(statusesA.map((s) => s.state)).toContain('syncing');

    await server.close();
    await until('A sees offline', () => a.status.state === 'offline');
    expect(statusesA.at(-1)?.state).toBe('offline');
    setCell(docA, cellA, 1, zhang);
    setCell(docA, cellB, 2, zhang);
    sectionText(docA, 's6').insert(0, '断网时写的');
    expect(a.status.unsynced).toBeGreaterThanOrEqual(3);
    expect(statusesA.at(-1)).toMatchObject({ state: 'offline' });
    expect(statusesA.at(-1)!.unsynced).toBeGreaterThanOrEqual(3);
    // B edits offline too: both sides must survive.
    sectionText(docB, 's5').insert(0, '乙方离线修改');

    server = await startRelay(port);
    await until('both back and synced', () => a.status.state === 'synced' && b.status.state === 'synced', 15_000);
    await until('merged', () => cellState(docB, cellB).value === 2 && sectionText(docA, 's5').toString() === '乙方离线修改');
    expect(a.status.unsynced).toBe(0);
    expect(readReport(docA)).toEqual(readReport(docB));
    expect(sectionText(docB, 's6').toString()).toBe('断网时写的');
  });

  it('carries presence: who is in the report and on which section or cell', async () => {
    const code = await share(server.url, 'rep3');
    const a = connect(new Y.Doc(), 'rep3', code, zhang);
    const b = connect(new Y.Doc(), 'rep3', code, li);
    const seenByB: string[] = [];
    b.onPresence((list) => seenByB.push(list.map((p) => `${p.name}@${p.cell ?? p.section ?? '-'}`).join(',')));
    await until('synced', () => a.status.state === 'synced' && b.status.state === 'synced');
    a.setPresence({ name: '张三', cell: cellA });
    await until('B sees A on the cell', () => b.present().some((p) => p.name === '张三' && p.cell === cellA && !p.self));
    const self = b.present().find((p) => p.self);
    expect(self).toMatchObject({ name: '李四', authorId: 'author-li' });
    a.setPresence({ name: '张三', section: 's5' });
    await until('B sees A move', () => b.present().some((p) => p.name === '张三' && p.section === 's5' && p.cell === undefined));
    expect(seenByB.some((s) => s.includes(`张三@${cellA}`))).toBe(true);
    a.destroy();
    await until('A left', () => !b.present().some((p) => p.name === '张三'));
  });

  it('stops and says so when the code is wrong, without touching the doc', async () => {
    const code = await share(server.url, 'rep4');
    const owner = createReportDoc({ name: '机密单位', type: 'department', year: 2024 }, zhang);
    connect(owner, 'rep4', code, zhang);
    const doc = new Y.Doc();
    const statuses: RelayStatus[] = [];
    const intruder = connect(doc, 'rep4', 'A'.repeat(27), li, statuses);
    await until('denied', () => intruder.status.problem === 'denied');
    expect(intruder.status.state).toBe('offline');
    expect(statuses.at(-1)?.message).toContain('邀请码不正确');
    await new Promise((r) => setTimeout(r, 400));
    expect(intruder.status.problem).toBe('denied');
    expect(Y.encodeStateAsUpdate(doc).length).toBeLessThan(5); // still empty
  });

  it('reports a change too large for the relay, and keeps the rest of the doc intact', async () => {
    const small = await startServer({
      port: 0,
      dataDir: join(dir.path, 'data-small'),
      staticDir: join(dir.path, 'dist'),
      log: () => {},
      maxMessageBytes: 32 * 1024,
    });
    try {
      const code = await share(small.url, 'rep5');
      const doc = createReportDoc({ name: '某部门', type: 'department', year: 2024 }, zhang);
      const statuses: RelayStatus[] = [];
      const conn = connectRelay({
        url: small.relayUrl, reportId: 'rep5', code, doc, author: zhang,
        onStatus: (s) => statuses.push(s), WebSocketPolyfill: NodeWebSocket, reconnectDelay: { min: 50, max: 200 },
      });
      connections.push(conn);
      await until('synced', () => conn.status.state === 'synced');
      sectionText(doc, 's6').insert(0, '长'.repeat(40_000)); // ~120 KB in one update
      await until('too-large reported', () => statuses.some((s) => s.problem === 'too-large'));
      expect(statuses.find((s) => s.problem === 'too-large')?.message).toContain('太大');
      expect(sectionText(doc, 's6').length).toBe(40_000); // nothing lost locally
      await new Promise((r) => setTimeout(r, 300));
      expect(conn.status.state).not.toBe('synced');
      expect(conn.status.unsynced).toBeGreaterThan(0);
    } finally {
      await small.close();
    }
  });
});
