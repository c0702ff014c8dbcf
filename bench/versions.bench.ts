// Versions (issue 13): what 20 saved versions cost a report with a 20,000-edit history.
// Stored size = the doc's full state (what y-indexeddb keeps after compaction, what the relay
// keeps in SQLite, what a full 同步包 carries); open time = a fresh Y.Doc applying that state +
// readReport (the editor's open path) + listVersions. Side by side: 0 versions, 20 versions as
// values (src/doc/versions.ts, the chosen design), and the alternative — Y.snapshot on a doc made
// with gc:false (deleted text kept) with 20 encoded snapshots. Requirement: ≤ 2× size and open time.
// Run: npm run bench -- versions
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as Y from 'yjs';
import { SECTION_IDS, TYPED_CELL_KEYS } from '../src/domain/format.ts';
import { parseReportJSON } from '../src/domain/report.ts';
import { initReportDoc, loadReport, readReport, sectionText, setCell, type Author } from '../src/doc/report-doc.ts';
import { listVersions, saveVersion } from '../src/doc/versions.ts';
import { mulberry32 } from '../tests/support/prng.ts';

const EDITS = Number(process.env.EDITS ?? 20_000);
const VERSIONS = 20;
const zhang: Author = { id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', name: '张三' };

const parsed = parseReportJSON(readFileSync(new URL('../tests/fixtures/xiaye-town-2023.expected.json', import.meta.url), 'utf8'));
if (!parsed.ok) throw new Error(parsed.error);
const report = parsed.value;

/** The real report, then EDITS edits: 80% typing (insert or backspace at a random place of a random part), 20% cells. */
function build(opts: { gc: boolean; versions: number; snapshots: boolean; partsPerRound?: number }): { doc: Y.Doc; snaps: Uint8Array[] } {
  const doc = new Y.Doc({ gc: opts.gc });
  initReportDoc(doc, null, zhang);
  loadReport(doc, report, zhang, { at: 1_700_000_000_000 });
  const rnd = mulberry32(1313);
  const phrase = '本年度我镇认真贯彻落实政府信息公开条例，主动公开各类信息，依申请公开渠道畅通。';
  const every = Math.floor(EDITS / Math.max(1, opts.versions || opts.snapshots ? VERSIONS : 1));
  const snaps: Uint8Array[] = [];
  // partsPerRound: between two versions only that many parts are edited (a clerk works on a few parts at a time).
  let parts: readonly (typeof SECTION_IDS)[number][] = SECTION_IDS;
  for (let i = 0; i < EDITS; i++) {
    if (opts.partsPerRound && i % every === 0) parts = Array.from({ length: opts.partsPerRound }, () => SECTION_IDS[Math.floor(rnd() * SECTION_IDS.length)]!);
    if (i % 5 === 4) setCell(doc, TYPED_CELL_KEYS[Math.floor(rnd() * TYPED_CELL_KEYS.length)]!, Math.floor(rnd() * 50), zhang);
    else {
      const t = sectionText(doc, parts[Math.floor(rnd() * parts.length)]!);
      const at = Math.floor(rnd() * (t.length + 1));
      // Typing runs: mostly inserts, one in four a backspace.
      if (rnd() < 0.25 && at > 0) doc.transact(() => t.delete(at - 1, 1), 'local');
      else doc.transact(() => t.insert(at, phrase[i % phrase.length]!), 'local');
    }
    if ((i + 1) % every === 0) {
      if (opts.versions) saveVersion(doc, { name: `第${(i + 1) / every}稿`, note: '送审前' }, zhang);
      if (opts.snapshots) snaps.push(Y.encodeSnapshot(Y.snapshot(doc)));
    }
  }
  return { doc, snaps };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
function openTime(state: Uint8Array, gc: boolean, runs = 15): number {
  const t: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const s = performance.now();
    const doc = new Y.Doc({ gc });
    Y.applyUpdate(doc, state);
    initReportDoc(doc, null, zhang);
    readReport(doc);
    listVersions(doc);
    if (i > 0) t.push(performance.now() - s); // the first run warms the JIT
    doc.destroy();
  }
  return median(t);
}
const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;

console.log(`负载（1/5/15 分钟）：${loadavg().map((x) => x.toFixed(2)).join(' / ')}；${EDITS} 次编辑，基于 xiaye-town-2023`);
const plain = build({ gc: true, versions: 0, snapshots: false });
const withVersions = build({ gc: true, versions: VERSIONS, snapshots: false });
const gcOff = build({ gc: false, versions: 0, snapshots: true });
const s0 = Y.encodeStateAsUpdate(plain.doc);
const s20 = Y.encodeStateAsUpdate(withVersions.doc);
const sSnap = Y.encodeStateAsUpdate(gcOff.doc);
const snapBytes = gcOff.snaps.reduce((n, s) => n + s.length, 0);
const t0 = openTime(s0, true);
const t20 = openTime(s20, true);
const tSnap = openTime(sSnap, false);
console.log(`                         存储大小            打开（加载+readReport+版本列表，中位数）`);
console.log(`0 个版本                 ${kb(s0.length).padStart(8)}            ${t0.toFixed(1)} ms`);
console.log(`20 个版本（本设计：值）   ${kb(s20.length).padStart(8)}  ${(s20.length / s0.length).toFixed(2)}×    ${t20.toFixed(1)} ms  ${(t20 / t0).toFixed(2)}×`);
console.log(`对照：gc:false + 20 个 Y.snapshot ${kb(sSnap.length + snapBytes).padStart(8)}  ${((sSnap.length + snapBytes) / s0.length).toFixed(2)}×    ${tSnap.toFixed(1)} ms  ${(tSnap / t0).toFixed(2)}×`);
console.log(`20 个版本存了 ${withVersions.doc.getMap('versionTexts').size} 段不同的正文（9 个部分 × 21 个时刻中变了的那些）`);
const ok = s20.length <= 2 * s0.length && t20 <= 2 * t0;
console.log(ok ? '达标：大小与打开时间均不超过 2 倍' : '未达标：超过 2 倍');
{
  const texts = withVersions.doc.getMap('versionTexts');
  let full = 0;
  let deltas = 0;
  texts.forEach((v) => (typeof v === 'string' ? full++ : deltas++));
  console.log(`其中整段存 ${full} 段，按上一版的修改存 ${deltas} 段；版本数据共 ${kb(s20.length - s0.length)}`);
}

{
  // A likelier year: between two versions the clerk works on two parts.
  const p0 = build({ gc: true, versions: 0, snapshots: false, partsPerRound: 2 });
  const p20 = build({ gc: true, versions: VERSIONS, snapshots: false, partsPerRound: 2 });
  const a = Y.encodeStateAsUpdate(p0.doc);
  const b = Y.encodeStateAsUpdate(p20.doc);
  const ta = openTime(a, true);
  const tb = openTime(b, true);
  console.log(`每两个版本之间只改 2 个部分：0 个版本 ${kb(a.length)}、${ta.toFixed(1)} ms；20 个版本 ${kb(b.length)}（${(b.length / a.length).toFixed(2)}×）、${tb.toFixed(1)} ms（${(tb / ta).toFixed(2)}×）`);
}
