// HTTPS set-up and the http→https handover:
//  1. ensureCertificates: first run (CA + server certificate), renewal (server only), and the
//     no-change check that `npm start` and the 6-hourly timer do.
//  2. Handover of 10 reports × 5,000 typing edits each: restoreHandover (every update replayed
//     into a scratch doc, the check before anything is written) against the floor, raw
//     Y.applyUpdate of the same rows; and structuredClone of the message (what postMessage costs).
//     Rows as the worst case y-indexeddb leaves them (one per edit, before compaction) and as
//     usual (one compacted row per report).
// Run: npm run bench -- https
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { createReportDoc, sectionText, setCell, type Author } from '../src/doc/report-doc.ts';
import { TYPED_CELL_KEYS } from '../src/domain/format.ts';
import { ensureCertificates, localNames } from '../src/server/cert.ts';
import { HANDOVER_KIND, restoreHandover } from '../src/state/handover.ts';

const me: Author = { id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', name: '张三' };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function time(fn: () => unknown | Promise<unknown>, runs = 7): Promise<number> {
  await fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    t.push(performance.now() - s);
  }
  return median(t);
}
const ms = (x: number) => `${x.toFixed(1)} ms`;

// 1. Certificates
const names = localNames(['office-pc.test'], 'office-pc', { eth0: [{ address: '192.168.1.23', family: 'IPv4', internal: false } as never] });
const fresh = await time(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-bench-cert-'));
  await ensureCertificates({ dataDir: dir, names });
  rmSync(dir, { recursive: true });
});
const dir = mkdtempSync(join(tmpdir(), 'nianbao-bench-cert-'));
await ensureCertificates({ dataDir: dir, names });
const kept = await time(() => ensureCertificates({ dataDir: dir, names }));
let day = 0;
const renew = await time(() => ensureCertificates({ dataDir: dir, names, now: new Date(Date.now() + (380 + day++ * 400) * 86400000) }));
rmSync(dir, { recursive: true });
console.log(`证书：首次生成（根证书 + 服务器证书）${ms(fresh)}，续期（只重签服务器证书）${ms(renew)}，无变化时的检查 ${ms(kept)}`);

// 2. Handover
function typedReport(i: number): Uint8Array[] {
  const doc = createReportDoc({ name: `第${i}镇人民政府`, type: 'township', year: 2024 }, me);
  const rows: Uint8Array[] = [Y.encodeStateAsUpdate(doc)];
  doc.on('update', (u: Uint8Array) => rows.push(u));
  const text = sectionText(doc, 's5');
  for (let k = 0; k < 5000; k++) {
    if (k % 10 === 0) setCell(doc, TYPED_CELL_KEYS[k % TYPED_CELL_KEYS.length]!, k % 97, me);
    else text.insert(text.length, '字');
  }
  return rows;
}
const perEdit = Array.from({ length: 10 }, (_, i) => ({ id: `report-${i}`, updates: typedReport(i), row: null }));
const compacted = perEdit.map((r) => {
  const d = new Y.Doc();
  r.updates.forEach((u) => Y.applyUpdate(d, u));
  return { ...r, updates: [Y.encodeStateAsUpdate(d)] };
});
for (const [label, reports] of [['每次修改一行（未压缩）', perEdit], ['每份一行（已压缩）', compacted]] as const) {
  const message = { kind: HANDOVER_KIND, version: 1, reports, profile: null, peers: [] };
  const bytes = reports.reduce((n, r) => n + r.updates.reduce((m, u) => m + u.byteLength, 0), 0);
  const check = await time(() => {
    const r = restoreHandover(message, 'office-pc:5173');
    if (!r.ok) throw new Error(r.error);
  });
  const floor = await time(() => {
    for (const r of reports) {
      const d = new Y.Doc();
      for (const u of r.updates) Y.applyUpdate(d, u);
    }
  });
  const clone = await time(() => structuredClone(message));
  console.log(`转移 10 份 × 5000 次修改，${label}，${reports.reduce((n, r) => n + r.updates.length, 0)} 行 ${(bytes / 1024).toFixed(0)} KiB：` +
    `检查 ${ms(check)}（直接 Y.applyUpdate ${ms(floor)}，${(check / floor).toFixed(2)}×），structuredClone ${ms(clone)}`);
}
