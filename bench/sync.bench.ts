// Exchange files and the cell register, against raw Yjs:
//  1. 同步包 size vs Yjs's own minimal update for the same difference (encodeStateAsUpdate(doc, sv)),
//     before compression (goal ≤ 1.1×) and after.
//  2. Time to read + apply a package carrying 5,000 edits, vs Y.applyUpdate of the raw update.
//  3. setCell + readReport vs plain Y.Map.set (+ get), per edit.
// Run: npm run bench -- sync
import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { TYPED_CELL_KEYS } from '../src/domain/format.ts';
import { parseReportJSON } from '../src/domain/report.ts';
import {
  cellState,
  createReportDoc,
  initReportDoc,
  loadReport,
  readReport,
  replaceSectionText,
  setCell,
  type Author,
} from '../src/doc/report-doc.ts';
import { applyPackage, encodeBody, exportPackage, readPackage, type PackageHeader } from '../src/sync/exchange.ts';

const zhang: Author = { id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', name: '张三' };
const REPORT_ID = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
function time(fn: () => void, runs = 9): number {
  fn(); // warm-up (JIT)
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
  }
  return median(t);
}
async function timeAsync(fn: () => Promise<void>, runs = 9): Promise<number> {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    t.push(performance.now() - s);
  }
  return median(t);
}
const kb = (n: number) => (n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`);

function baseDoc(): Y.Doc {
  const parsed = parseReportJSON(readFileSync(new URL('../tests/fixtures/xiaye-town-2023.expected.json', import.meta.url), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error);
  const doc = new Y.Doc();
  initReportDoc(doc, null, zhang);
  loadReport(doc, parsed.value, zhang, { at: 1_700_000_000_000 });
  return doc;
}

/** `edits` named edits on a replica of `base`: 80% typing (one character each), 20% cells. */
function editedReplica(base: Y.Doc, edits: number): Y.Doc {
  const doc = new Y.Doc();
  initReportDoc(doc, null, zhang);
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  let text = '';
  const phrase = '本年度我镇认真贯彻落实政府信息公开条例，主动公开各类信息，依申请公开渠道畅通。';
  for (let i = 0; i < edits; i++) {
    if (i % 5 === 4) setCell(doc, TYPED_CELL_KEYS[(i * 7) % TYPED_CELL_KEYS.length]!, i % 13, zhang);
    else {
      text += phrase[i % phrase.length];
      replaceSectionText(doc, 's1.proactive', text, zhang);
    }
  }
  return doc;
}

async function sizes(): Promise<void> {
  console.log('\n1. 同步包大小 vs Yjs 原生最小更新 encodeStateAsUpdate(doc, sv)');
  console.log('   场景                         原生更新     包体(未压缩)  比值    文件(压缩)  比值');
  const base = baseDoc();
  const cases: [string, number][] = [
    ['1 处修改', 1],
    ['50 处修改', 50],
    ['5,000 处修改', 5000],
  ];
  for (const [name, edits] of cases) {
    const doc = editedReplica(base, edits);
    await report(name, doc, Y.encodeStateVector(base));
  }
  await report('整份报告（全量，含200格）', base, undefined);

  async function report(name: string, doc: Y.Doc, sv: Uint8Array | undefined): Promise<void> {
    const raw = Y.encodeStateAsUpdate(doc, sv);
    const header: PackageHeader = {
      reportId: REPORT_ID,
      peerId: zhang.id,
      author: zhang,
      replica: doc.clientID,
      createdAt: Date.now(),
      unit: '下冶镇人民政府',
      year: 2023,
    };
    const body = encodeBody(header, Y.encodeStateVector(doc), raw);
    const file = await exportPackage(doc, { reportId: REPORT_ID, author: zhang, peerStateVector: sv });
    console.log(
      `   ${name.padEnd(22)}${kb(raw.length).padStart(12)}${kb(body.length).padStart(14)}${(body.length / raw.length).toFixed(3).padStart(8)}×${kb(file.length).padStart(12)}${(file.length / raw.length).toFixed(3).padStart(8)}×`,
    );
  }
}

async function mergeTime(): Promise<void> {
  console.log('\n2. 导入携带 5,000 处修改的同步包');
  const base = baseDoc();
  const doc = editedReplica(base, 5000);
  const sv = Y.encodeStateVector(base);
  const raw = Y.encodeStateAsUpdate(doc, sv);
  const file = await exportPackage(doc, { reportId: REPORT_ID, author: zhang, peerStateVector: sv });
  const baseUpdate = Y.encodeStateAsUpdate(base);
  const fresh = () => {
    const d = new Y.Doc();
    initReportDoc(d, null, zhang);
    Y.applyUpdate(d, baseUpdate);
    readReport(d);
    return d;
  };
  time(() => {
    const d = new Y.Doc();
    Y.applyUpdate(d, baseUpdate);
    const s = performance.now();
    Y.applyUpdate(d, raw);
    rawApply.push(performance.now() - s);
  });
  const readT: number[] = [];
  const applyT: number[] = [];
  const rawOnReportDoc: number[] = [];
  await timeAsync(async () => {
    const d = fresh();
    const s = performance.now();
    const r = await readPackage(file);
    if (!r.ok) throw new Error(r.error);
    const m = performance.now();
    const res = applyPackage(d, r.pkg, REPORT_ID);
    if (!res.ok) throw new Error(res.error);
    const e = performance.now();
    pkgApply.push(e - s);
    readT.push(m - s);
    applyT.push(e - m);
    const d2 = fresh();
    const s2 = performance.now();
    Y.applyUpdate(d2, raw, 'file');
    rawOnReportDoc.push(performance.now() - s2);
  });
  const t0 = performance.now();
  for (let i = 0; i < 5; i++) Y.decodeUpdate(raw);
  const decodeT = (performance.now() - t0) / 5;
  const rawT = median(rawApply);
  const pkgT = median(pkgApply);
  console.log(`   原生 Y.applyUpdate（空 Y.Doc）:         ${rawT.toFixed(1)} ms`);
  console.log(`   原生 Y.applyUpdate（报告文档，含格索引）: ${median(rawOnReportDoc).toFixed(1)} ms`);
  console.log(`   readPackage + applyPackage:            ${pkgT.toFixed(1)} ms  (${(pkgT / rawT).toFixed(2)}× 原生)`);
  console.log(`     readPackage（摘要校验、解压、Y.decodeUpdate 预检 ${decodeT.toFixed(1)} ms）: ${median(readT).toFixed(1)} ms`);
  console.log(`     applyPackage（应用 + 前后 readReport 比对 + 作者）: ${median(applyT).toFixed(1)} ms`);
  const merged = time(() => {
    Y.mergeUpdates([raw, baseUpdate]);
  });
  console.log(`   (参考) Y.mergeUpdates 同一更新:    ${merged.toFixed(1)} ms`);
}
const rawApply: number[] = [];
const pkgApply: number[] = [];

function editCost(): void {
  console.log('\n3. 单格编辑：setCell + readReport vs 原生 Y.Map.set');
  const N = 2000;
  const keys = TYPED_CELL_KEYS;
  const doc = createReportDoc({ name: '下冶镇人民政府', type: 'township', year: 2024 }, zhang);
  const plain = new Y.Doc();
  const map = plain.getMap<number>('cells');
  const tPlainSet = time(() => {
    for (let i = 0; i < N; i++) map.set(keys[i % keys.length]!, i);
  });
  const tPlainSetGet = time(() => {
    for (let i = 0; i < N; i++) {
      map.set(keys[i % keys.length]!, i);
      for (const k of keys) map.get(k);
    }
  });
  const tSet = time(() => {
    for (let i = 0; i < N; i++) setCell(doc, keys[i % keys.length]!, i, zhang);
  });
  const tSetState = time(() => {
    for (let i = 0; i < N; i++) {
      setCell(doc, keys[i % keys.length]!, i, zhang);
      cellState(doc, keys[i % keys.length]!);
    }
  });
  const tSetRead = time(() => {
    for (let i = 0; i < N; i++) {
      setCell(doc, keys[i % keys.length]!, i, zhang);
      readReport(doc);
    }
  });
  const us = (t: number) => `${((t / N) * 1000).toFixed(1)} µs`;
  console.log(`   Y.Map.set:                        ${us(tPlainSet)}/次`);
  console.log(`   setCell:                          ${us(tSet)}/次  (${(tSet / tPlainSet).toFixed(1)}× Y.Map.set)`);
  console.log(`   setCell + cellState:              ${us(tSetState)}/次`);
  console.log(`   Y.Map.set + 读 164 格 get:         ${us(tPlainSetGet)}/次`);
  console.log(`   setCell + readReport（200格+合计）: ${us(tSetRead)}/次  (${(tSetRead / tPlainSetGet).toFixed(1)}× Y.Map.set+get)`);
  console.log(`   cellWrites 条目数（${N * 5} 次写入后）: ${doc.getMap('cellWrites').size}`);
}

await sizes();
await mergeTime();
editCost();
