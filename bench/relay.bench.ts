// Relay propagation latency: 50 clients in 10 reports (5 per report) on loopback. Each round,
// one client per report types into a section; latency = time until each of the 4 other clients
// of that report has the change applied to its Y.Doc. The relay runs as its own process (the real
// `src/server/main.ts`, SQLite on a temp folder); the 50 clients share this process (Node, `ws`).
// Baseline: a y-websocket-style raw broadcast server (ws, no sync protocol, no auth, no storage)
// in its own process, clients sending raw Yjs updates — the floor any relay sits on.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket, { WebSocketServer } from 'ws';
import * as Y from 'yjs';

const REPORTS = 10;
const PER_REPORT = 5;
const ROUNDS = Number(process.env.ROUNDS ?? 150);
const WARMUP = 10;

/** See tests/unit/relay-helpers.ts: keeps ws from throwing when the provider closes a connecting socket. */
class NodeWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    this.on('error', () => {});
  }
}

if (process.argv.includes('--raw-server')) {
  // Raw baseline server: rooms by URL path, every binary message forwarded to the room's others.
  const wss = new WebSocketServer({ port: 0 });
  const rooms = new Map<string, Set<WebSocket>>();
  wss.on('connection', (ws, req) => {
    const room = req.url ?? '/';
    let set = rooms.get(room);
    if (!set) rooms.set(room, (set = new Set()));
    set.add(ws);
    ws.on('message', (data, isBinary) => {
      for (const peer of set!) if (peer !== ws && peer.readyState === WebSocket.OPEN) peer.send(data, { binary: isBinary });
    });
    ws.on('close', () => set!.delete(ws));
  });
  wss.on('listening', () => console.log(`RAW_PORT=${(wss.address() as { port: number }).port}`));
} else {
  await main();
}

interface Peer {
  doc: Y.Doc;
  report: number;
  destroy(): void;
}

function launch(args: string[], env: NodeJS.ProcessEnv, pattern: RegExp): Promise<{ proc: ChildProcess; port: number }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((done, fail) => {
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = pattern.exec(out);
      if (m) done({ proc, port: Number(m[1]) });
    });
    proc.on('exit', (code) => fail(new Error(`server exited ${code}: ${out}`)));
  });
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { n: s.length, median: at(0.5), p95: at(0.95), max: s[s.length - 1]! };
}

async function waitFor(check: () => boolean, ms = 20_000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('timeout');
    await new Promise((r) => setImmediate(r));
  }
}

/** Runs the rounds; `peers[r]` are the clients of report r. Returns latencies in ms. */
async function measure(peers: Peer[][]): Promise<number[]> {
  const latencies: number[] = [];
  for (let round = 0; round < ROUNDS + WARMUP; round++) {
    const pending: Promise<void>[] = [];
    for (let r = 0; r < REPORTS; r++) {
      const group = peers[r]!;
      const writer = group[round % PER_REPORT]!;
      const marker = `r${round}w${r};`;
      const receivers = group.filter((p) => p !== writer);
      const t0 = performance.now();
      for (const rec of receivers) {
        pending.push(
          new Promise<void>((done) => {
            const text = rec.doc.getText('section:s5');
            const check = () => {
              if (text.toString().includes(marker)) {
                text.unobserve(check);
                if (round >= WARMUP) latencies.push(performance.now() - t0);
                done();
              }
            };
            text.observe(check);
            check();
          }),
        );
      }
      const text = writer.doc.getText('section:s5');
      text.insert(text.length, marker);
    }
    await Promise.all(pending);
  }
  return latencies;
}

async function relayPeers(port: number): Promise<Peer[][]> {
  const base = `http://localhost:${port}`;
  const groups: Peer[][] = [];
  for (let r = 0; r < REPORTS; r++) {
    const reportId = `bench-report-${r}`;
    const res = await fetch(`${base}/api/share`, { method: 'POST', body: JSON.stringify({ reportId }) });
    const { code } = (await res.json()) as { code: string };
    const group: Peer[] = [];
    for (let i = 0; i < PER_REPORT; i++) {
      const doc = new Y.Doc();
      const socket = new HocuspocusProviderWebsocket({ url: `ws://localhost:${port}/relay`, WebSocketPolyfill: NodeWebSocket });
      const provider = new HocuspocusProvider({ websocketProvider: socket, name: reportId, token: code, document: doc });
      provider.attach();
      provider.setAwarenessField('user', { name: `用户${r}-${i}` });
      group.push({ doc, report: r, destroy: () => (provider.destroy(), socket.destroy()) });
      await waitFor(() => provider.isSynced);
    }
    groups.push(group);
  }
  return groups;
}

async function rawPeers(port: number): Promise<Peer[][]> {
  const groups: Peer[][] = [];
  for (let r = 0; r < REPORTS; r++) {
    const group: Peer[] = [];
    for (let i = 0; i < PER_REPORT; i++) {
      const doc = new Y.Doc();
      const ws = new WebSocket(`ws://localhost:${port}/room-${r}`);
      ws.binaryType = 'nodebuffer';
      await new Promise((done) => ws.once('open', done));
      const REMOTE = Symbol('remote');
      ws.on('message', (data: Buffer) => Y.applyUpdate(doc, new Uint8Array(data), REMOTE));
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== REMOTE) ws.send(update);
      });
      group.push({ doc, report: r, destroy: () => ws.close() });
    }
    groups.push(group);
  }
  return groups;
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'nianbao-bench-'));
  const here = new URL('.', import.meta.url).pathname;
  // All 50 clients come from 127.0.0.1: lift the per-address cap an office never needs lifted.
  const relay = await launch(['src/server/main.ts'], { PORT: '0', NIANBAO_DATA: dataDir, NIANBAO_STATIC: dataDir, NIANBAO_MAX_CONNECTIONS_PER_ADDRESS: '500' }, /localhost:(\d+)/);
  const raw = await launch([join(here, 'relay.bench.ts'), '--raw-server'], {}, /RAW_PORT=(\d+)/);
  try {
    console.log(`中继传播延迟：${REPORTS} 份报告 × 每份 ${PER_REPORT} 个客户端 = ${REPORTS * PER_REPORT} 个客户端，本机回环；`);
    console.log(`服务器各自独立进程，50 个客户端同在本进程（Node + ws）；每轮每份报告 1 人输入，${ROUNDS} 轮（另有 ${WARMUP} 轮预热）。`);

    const t0 = performance.now();
    const hp = await relayPeers(relay.port);
    const connectMs = performance.now() - t0;
    const hpLat = stats(await measure(hp));
    for (const g of hp) for (const p of g) p.destroy();

    const rp = await rawPeers(raw.port);
    const rawLat = stats(await measure(rp));
    for (const g of rp) for (const p of g) p.destroy();

    const f = (x: number) => x.toFixed(2);
    console.log(`50 个客户端依次连接并完成首次同步：${connectMs.toFixed(0)} ms`);
    console.log(`Hocuspocus 中继（含邀请码认证、SQLite 逐条追加）：中位数 ${f(hpLat.median)} ms，p95 ${f(hpLat.p95)} ms，最大 ${f(hpLat.max)} ms（${hpLat.n} 个样本）`);
    console.log(`原始 ws 广播基线（y-websocket 式，无协议/认证/存储）：中位数 ${f(rawLat.median)} ms，p95 ${f(rawLat.p95)} ms，最大 ${f(rawLat.max)} ms（${rawLat.n} 个样本）`);
    console.log(`比值（中继 / 基线）：中位数 ${(hpLat.median / rawLat.median).toFixed(2)}×，p95 ${(hpLat.p95 / rawLat.p95).toFixed(2)}×`);
    // Other work on the machine moves these figures a lot; print it so they are read with it.
    console.log(`测量结束时系统负载（1/5/15 分钟）：${loadavg().map((x) => x.toFixed(1)).join(' / ')}`);
  } finally {
    relay.proc.kill('SIGTERM');
    raw.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(0);
}
