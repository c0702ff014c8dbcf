// Relay under a flood: 50 honest clients (10 reports × 5, HocuspocusProvider) edit as in
// relay.bench.ts, first on a quiet relay, then while one socket at a time floods the relay
// without ever authenticating (1 MB binary frames as fast as the socket drains; whenever the
// relay cuts it off it reconnects at once and starts again). Both runs print side by side:
// propagation median/p95 and the relay process's resident memory (sampled from /proc every
// 100 ms). The relay and the flooder are separate processes; the relay is the real
// `src/server/main.ts` with SQLite on a temp folder. Before connection-guard.ts the relay kept
// every unauthenticated message in memory (hundreds of MB from one socket).
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import * as Y from 'yjs';

const REPORTS = 10;
const PER_REPORT = 5;
const ROUNDS = Number(process.env.ROUNDS ?? 100);
const WARMUP = 10;
const FRAME = 1024 * 1024;

class NodeWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    this.on('error', () => {});
  }
}

const floodAt = process.argv.indexOf('--flood');
if (floodAt >= 0) flood(Number(process.argv[floodAt + 1]));
else await main();

/** The attacker: never authenticates, sends 1 MB frames while the socket drains, reconnects when cut off. */
function flood(port: number) {
  /** Bytes the kernel accepted from the flooder's sockets (what the relay had to read or drop). */
  let sentBytes = 0;
  let connections = 0;
  const payload = Buffer.alloc(FRAME, 7);
  // A Hocuspocus-looking head (document name + awareness type) so the frame is not rejected as garbage outright.
  payload[0] = 1;
  payload[1] = 0x78;
  payload[2] = 1;
  const once = () => {
    connections++;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/relay`);
    ws.on('error', () => {});
    const pump = () => {
      while (ws.readyState === WebSocket.OPEN && ws.bufferedAmount < 4 * FRAME) ws.send(payload);
      if (ws.readyState === WebSocket.OPEN) setTimeout(pump, 1);
    };
    ws.on('open', pump);
    let counted = 0;
    const count = () => {
      const written = (ws as unknown as { _socket?: { bytesWritten: number } })._socket?.bytesWritten ?? counted;
      sentBytes += written - counted;
      counted = written;
    };
    const counter = setInterval(count, 200);
    ws.on('close', () => {
      count();
      clearInterval(counter);
      setTimeout(once, 1);
    });
  };
  once();
  setInterval(() => console.log(`FLOOD sent=${sentBytes} connections=${connections}`), 1000);
}

interface Peer {
  doc: Y.Doc;
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
    proc.on('exit', (code) => fail(new Error(`exited ${code}: ${out}`)));
  });
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { n: s.length, median: at(0.5), p95: at(0.95), max: s[s.length - 1]! };
}

async function waitFor(check: () => boolean, ms = 30_000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Samples the relay's RSS every 100 ms until stopped. */
function sampleRss(pid: number) {
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(rssMiB(pid)), 100);
  return () => (clearInterval(timer), { start: samples[0] ?? rssMiB(pid), max: Math.max(...samples, 0), end: samples.at(-1) ?? rssMiB(pid) });
}

async function measure(peers: Peer[][], tag: string): Promise<number[]> {
  const latencies: number[] = [];
  for (let round = 0; round < ROUNDS + WARMUP; round++) {
    const pending: Promise<void>[] = [];
    for (let r = 0; r < REPORTS; r++) {
      const group = peers[r]!;
      const writer = group[round % PER_REPORT]!;
      const marker = `${tag}${round}w${r};`;
      const t0 = performance.now();
      for (const rec of group.filter((p) => p !== writer)) {
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

async function honestPeers(port: number): Promise<Peer[][]> {
  const groups: Peer[][] = [];
  for (let r = 0; r < REPORTS; r++) {
    const reportId = `flood-bench-${r}`;
    const res = await fetch(`http://localhost:${port}/api/share`, { method: 'POST', body: JSON.stringify({ reportId }) });
    const { code } = (await res.json()) as { code: string };
    const group: Peer[] = [];
    for (let i = 0; i < PER_REPORT; i++) {
      const doc = new Y.Doc();
      const socket = new HocuspocusProviderWebsocket({ url: `ws://localhost:${port}/relay`, WebSocketPolyfill: NodeWebSocket });
      const provider = new HocuspocusProvider({ websocketProvider: socket, name: reportId, token: code, document: doc });
      provider.attach();
      provider.setAwarenessField('user', { name: `用户${r}-${i}`, authorId: `a${r}-${i}` });
      group.push({ doc, destroy: () => (provider.destroy(), socket.destroy()) });
      await waitFor(() => provider.isSynced);
    }
    groups.push(group);
  }
  return groups;
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'nianbao-flood-bench-'));
  const here = new URL('.', import.meta.url).pathname;
  // 50 honest clients and the flooder all come from 127.0.0.1: lift the per-address cap.
  // RELAY_MAIN points at another checkout's main.ts to measure an older relay the same way.
  const relay = await launch(
    [process.env.RELAY_MAIN ?? 'src/server/main.ts'],
    { PORT: '0', NIANBAO_DATA: dataDir, NIANBAO_STATIC: dataDir, NIANBAO_MAX_CONNECTIONS_PER_ADDRESS: '500' },
    /localhost:(\d+)/,
  );
  let flooder: ChildProcess | null = null;
  try {
    console.log(`中继受冲击测试：${REPORTS} 份报告 × ${PER_REPORT} 个诚实客户端，每轮每份报告 1 人输入，${ROUNDS} 轮（另有 ${WARMUP} 轮预热）；`);
    console.log('冲击：另一进程中一个从不认证的连接，以 1 MB 的帧尽快发送，被中继断开后立即重连再发。');
    const peers = await honestPeers(relay.port);
    const pid = relay.proc.pid!;

    let stop = sampleRss(pid);
    const quiet = stats(await measure(peers, 'q'));
    const quietRss = stop();

    flooder = spawn(process.execPath, ['--import', 'tsx', join(here, 'relay-flood.bench.ts'), '--flood', String(relay.port)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let floodLine = '';
    flooder.stdout!.on('data', (d) => (floodLine = String(d).trim().split('\n').at(-1) ?? floodLine));
    await new Promise((r) => setTimeout(r, 2000)); // let the flood get going
    stop = sampleRss(pid);
    const loud = stats(await measure(peers, 'f'));
    const loudRss = stop();
    const m = /sent=(\d+) connections=(\d+)/.exec(floodLine);

    const f = (x: number) => x.toFixed(1);
    console.log('');
    console.log('| 运行 | 中位数 | p95 | 最大 | 中继内存（开始 / 最高 / 结束） |');
    console.log('|---|---|---|---|---|');
    console.log(`| 安静 | ${f(quiet.median)} ms | ${f(quiet.p95)} ms | ${f(quiet.max)} ms | ${f(quietRss.start)} / ${f(quietRss.max)} / ${f(quietRss.end)} MiB |`);
    console.log(`| 受冲击 | ${f(loud.median)} ms | ${f(loud.p95)} ms | ${f(loud.max)} ms | ${f(loudRss.start)} / ${f(loudRss.max)} / ${f(loudRss.end)} MiB |`);
    console.log(`p95 比值（受冲击 / 安静）：${(loud.p95 / quiet.p95).toFixed(2)}×（要求 ≤ 2×）；中继内存最高值之差：${f(loudRss.max - quietRss.max)} MiB`);
    if (m) console.log(`冲击方写出 ${(Number(m[1]) / 2 ** 20).toFixed(1)} MB，建立 ${m[2]} 次连接`);
    console.log(`测量结束时系统负载（1/5/15 分钟）：${loadavg().map((x) => x.toFixed(1)).join(' / ')}`);
    for (const g of peers) for (const p of g) p.destroy();
  } finally {
    flooder?.kill('SIGTERM');
    relay.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(0);
}
