// 同步包 crypto: pure JS (@noble/hashes, @noble/ciphers — what a colleague's PC on plain http
// uses) against WebCrypto (Node's, the same native code path the browser uses in a secure
// context), side by side on a package carrying 5,000 edits. Decides whether one path could do
// (it cannot: PBKDF2 in JS costs about a second more per encrypted package).
// Run: npm run bench -- crypto
import { readFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { loadavg } from 'node:os';
import { deflateSync } from 'fflate';
import * as Y from 'yjs';
import { TYPED_CELL_KEYS } from '../src/domain/format.ts';
import { parseReportJSON } from '../src/domain/report.ts';
import { initReportDoc, loadReport, replaceSectionText, setCell, type Author } from '../src/doc/report-doc.ts';
import { exportPackage, readPackage, encodeBody, PBKDF2_ITERATIONS } from '../src/sync/exchange.ts';
import { nobleCrypto, webCrypto, type PackageCrypto } from '../src/sync/package-crypto.ts';

const zhang: Author = { id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', name: '张三' };
const REPORT_ID = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
async function time(fn: () => Promise<unknown>, runs: number): Promise<number> {
  await fn(); // warm-up (JIT)
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    t.push(performance.now() - s);
  }
  return median(t);
}

/** The sync bench's 5,000-edit replica: 80% typing (one character each), 20% cells. */
function editedDoc(): { doc: Y.Doc; sv: Uint8Array } {
  const parsed = parseReportJSON(readFileSync(new URL('../tests/fixtures/xiaye-town-2023.expected.json', import.meta.url), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error);
  const base = new Y.Doc();
  initReportDoc(base, null, zhang);
  loadReport(base, parsed.value, zhang, { at: 1_700_000_000_000 });
  const doc = new Y.Doc();
  initReportDoc(doc, null, zhang);
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const phrase = '本年度我镇认真贯彻落实政府信息公开条例，主动公开各类信息，依申请公开渠道畅通。';
  let text = '';
  for (let i = 0; i < 5000; i++) {
    if (i % 5 === 4) setCell(doc, TYPED_CELL_KEYS[(i * 7) % TYPED_CELL_KEYS.length]!, i % 13, zhang);
    else {
      text += phrase[i % phrase.length];
      replaceSectionText(doc, 's1.proactive', text, zhang);
    }
  }
  return { doc, sv: Y.encodeStateVector(base) };
}

const { doc, sv } = editedDoc();
const update = Y.encodeStateAsUpdate(doc, sv);
const payload = deflateSync(
  encodeBody({ reportId: REPORT_ID, peerId: zhang.id, author: zhang, replica: doc.clientID, createdAt: 0 }, Y.encodeStateVector(doc), update),
  { level: 6 },
);
console.log(`负载：${payload.length} 字节（5,000 处修改，压缩后）；PBKDF2 ${PBKDF2_ITERATIONS.toLocaleString()} 轮；负载均值 ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`);

const impls: PackageCrypto[] = [webCrypto(webcrypto.subtle as SubtleCrypto), await nobleCrypto()];
const rows: [string, (c: PackageCrypto) => Promise<unknown>, number][] = [];
const key = new Uint8Array(32).fill(1);
const iv = new Uint8Array(12).fill(2);
const salt = new Uint8Array(16).fill(3);
const sealed = await impls[0]!.encrypt(key, iv, payload);
const plainFile = await exportPackage(doc, { reportId: REPORT_ID, author: zhang, peerStateVector: sv, crypto: impls[0] });
const lockedFile = await exportPackage(doc, { reportId: REPORT_ID, author: zhang, peerStateVector: sv, passphrase: '口令', crypto: impls[0] });
rows.push(['SHA-256（负载）', (c) => c.sha256(payload), 31]);
rows.push(['AES-GCM 加密（负载）', (c) => c.encrypt(key, iv, payload), 31]);
rows.push(['AES-GCM 解密（负载）', (c) => c.decrypt(key, iv, sealed), 31]);
rows.push([`PBKDF2 派生密钥（${PBKDF2_ITERATIONS / 1000}k 轮）`, (c) => c.deriveKey('口令', salt, PBKDF2_ITERATIONS), 5]);
rows.push(['导出同步包（无口令）', (c) => exportPackage(doc, { reportId: REPORT_ID, author: zhang, peerStateVector: sv, crypto: c }), 9]);
rows.push(['读取同步包（无口令）', (c) => readPackage(plainFile, { crypto: c }), 9]);
rows.push(['导出同步包（有口令）', (c) => exportPackage(doc, { reportId: REPORT_ID, author: zhang, peerStateVector: sv, passphrase: '口令', crypto: c }), 5]);
rows.push(['读取同步包（有口令）', (c) => readPackage(lockedFile, { passphrase: '口令', crypto: c }), 5]);

console.log('     WebCrypto  纯JS(noble)    比值  操作');
for (const [name, fn, runs] of rows) {
  const [w, n] = [await time(() => fn(impls[0]!), runs), await time(() => fn(impls[1]!), runs)];
  console.log(`${w.toFixed(1).padStart(11)} ms${n.toFixed(1).padStart(10)} ms${(n / w).toFixed(1).padStart(7)}×  ${name}`);
}
