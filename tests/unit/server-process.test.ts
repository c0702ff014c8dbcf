// `tsx src/server/main.ts` as a real process: PORT/NIANBAO_DATA honoured, SIGTERM closes cleanly
// with everything compacted into the documents table, and SIGKILL (a crash, no shutdown code at
// all) loses no acknowledged edit.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { relayClient, share, tempDir, until, type TestClient } from './relay-helpers.ts';

let dir: ReturnType<typeof tempDir>;
let procs: ChildProcess[];
let clients: TestClient[];

interface Started {
  proc: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

async function launch(port = 0, extraEnv: Record<string, string> = {}): Promise<Started> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, PORT: String(port), NIANBAO_DATA: join(dir.path, 'data'), NIANBAO_STATIC: join(dir.path, 'dist'), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  procs.push(proc);
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  // 'close', not 'exit': only 'close' guarantees the child's last output has been read.
  const exited = new Promise<number | null>((done) => proc.on('close', (code) => done(code)));
  // The banner's last line: the whole banner has been read once it is there.
  await until('server prints its banner', () => /公开年报已启动：http:\/\/localhost:(\d+)/.test(out) && out.includes('按 Ctrl+C 停止'), 20_000);
  const found = Number(/localhost:(\d+)/.exec(out)![1]);
  return { proc, port: found, output: () => out, exited };
}

beforeEach(() => {
  dir = tempDir('nianbao-proc-');
  mkdirSync(join(dir.path, 'dist'));
  writeFileSync(join(dir.path, 'dist', 'index.html'), '<!doctype html><title>公开年报</title>');
  procs = [];
  clients = [];
});

afterEach(() => {
  for (const c of clients) c.destroy();
  for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  dir.remove();
});

function client(port: number, reportId: string, code: string) {
  const c = relayClient(`ws://localhost:${port}/relay`, reportId, code);
  clients.push(c);
  return c;
}

function countRows(sql: string): number {
  const db = new Database(join(dir.path, 'data', 'relay.sqlite'), { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('server process', () => {
  it('serves the app, prints the URL in Chinese, and closes cleanly on SIGTERM', async () => {
    const s = await launch();
    expect(s.output()).toContain('数据目录：' + join(dir.path, 'data'));
    const page = await fetch(`http://localhost:${s.port}/`);
    expect(await page.text()).toContain('公开年报');
    const code = await share(`http://localhost:${s.port}`, 'term');
    const a = client(s.port, 'term', code);
    await until('synced', () => a.provider.isSynced);
    a.doc.getText('section:s5').insert(0, '正常关闭前的修改');
    await until('acked', () => a.provider.unsyncedChanges === 0);
    s.proc.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(s.output()).toContain('已安全关闭');
    // Shutdown compacted everything: state in documents, nothing left in the append log.
    expect(countRows("SELECT COUNT(*) AS n FROM documents WHERE name = 'term'")).toBe(1);
    expect(countRows("SELECT COUNT(*) AS n FROM pending_updates WHERE name = 'term'")).toBe(0);
  });

  it('loses no acknowledged edit when killed with SIGKILL', async () => {
    // A compaction debounce far beyond the test: only the append log can have the edits.
    const s = await launch(0, { NIANBAO_STORE_DEBOUNCE_MS: '600000' });
    const code = await share(`http://localhost:${s.port}`, 'crash');
    const a = client(s.port, 'crash', code);
    await until('synced', () => a.provider.isSynced);
    const text = a.doc.getText('section:s5');
    for (let i = 0; i < 200; i++) text.insert(text.length, String(i % 10));
    await until('acked', () => a.provider.unsyncedChanges === 0);
    const expected = text.toString();
    s.proc.kill('SIGKILL');
    await s.exited;
    a.destroy();
    expect(countRows("SELECT COUNT(*) AS n FROM documents WHERE name = 'crash'")).toBe(0);
    expect(countRows("SELECT COUNT(*) AS n FROM pending_updates WHERE name = 'crash'")).toBeGreaterThan(0);

    const again = await launch(0);
    const b = client(again.port, 'crash', code);
    await until('b synced', () => b.provider.isSynced);
    await until('b has all 200 characters', () => b.doc.getText('section:s5').toString() === expected);
  });

  it('says so in Chinese when the port is taken', async () => {
    const s = await launch();
    const second = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: { ...process.env, PORT: String(s.port), NIANBAO_DATA: join(dir.path, 'data2'), NIANBAO_STATIC: join(dir.path, 'dist') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    procs.push(second);
    let err = '';
    second.stderr!.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((done) => second.on('close', done));
    expect(code).toBe(1);
    expect(err).toContain(`端口 ${s.port} 已被占用`);
  });
});
