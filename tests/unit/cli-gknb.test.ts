// The real CLI (spawned as `npx nianbao` runs it) reading 同步包 made by the app's own export code
// (issue 17): plain and encrypted packages become units, every bad package is a row with its
// Chinese reason, the passphrase comes only from a file, and the Yjs code never loads for JSON.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync } from 'fflate';
import * as Y from 'yjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createReportDoc, loadReport, setCell } from '../../src/doc/report-doc.ts';
import { t3 } from '../../src/domain/format.ts';
import { reportToJSON } from '../../src/domain/report.ts';
import { encodeBody, exportPackage } from '../../src/sync/exchange.ts';
import { seedReport } from '../support/seed-report.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'nianbao-cli-gknb-'));
function cli(args: string[], nodeArgs: string[] = []) {
  const r = spawnSync(process.execPath, [...nodeArgs, join(root, 'bin/nianbao.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const REPORT = 'abcdefabcdefabcdefabcdefabcdefab';
const zhang = { id: 'zhang-id', name: '张三' };
const PASS = '县里 口令 Abc-2024';

/** A unit's report as the app holds it, edited once after loading (so the package is Yjs history, not a copy). */
function unitDoc(name: string) {
  const seed = seedReport();
  seed.unit = { name, type: 'township' };
  const doc = createReportDoc({ name, type: 'township', year: seed.year }, zhang);
  loadReport(doc, seed, zhang);
  setCell(doc, t3('r1_new', 'np'), seed.cells[t3('r1_new', 'np')] ?? 0, zhang);
  return { doc, seed };
}

/** A hand-framed unencrypted package around `body` (what exportPackage writes, minus the checks). */
function framed(body: Uint8Array): Uint8Array {
  const payload = deflateSync(body);
  const digest = createHash('sha256').update(payload).digest();
  return new Uint8Array([...new TextEncoder().encode('GKNBSYNC'), 1, 0, ...digest, ...payload]);
}

const pkgs = join(tmp, 'pkgs');
mkdirSync(pkgs);
const passFile = join(tmp, 'pass.txt');
const wrongPassFile = join(tmp, 'wrong.txt');

describe('nianbao and 同步包', () => {
  beforeAll(async () => {
    const plain = unitDoc('甲镇人民政府');
    const secret = unitDoc('乙镇人民政府');
    writeFileSync(join(pkgs, '甲.gknb'), await exportPackage(plain.doc, { reportId: REPORT, author: zhang }));
    writeFileSync(join(pkgs, '乙.gknb'), await exportPackage(secret.doc, { reportId: REPORT, author: zhang, passphrase: PASS }));
    writeFileSync(join(pkgs, '丙.json'), reportToJSON({ ...seedReport(), unit: { name: '丙镇人民政府', type: 'township' } }));
    // Notepad's BOM and CRLF are not part of the passphrase.
    writeFileSync(passFile, `\uFEFF${PASS}\r\n`);
    writeFileSync(wrongPassFile, 'not the passphrase\n');
  });

  it('check --summary reads a plain package as its unit; an encrypted one without a passphrase is a row saying --passphrase-file', () => {
    const r = cli(['check', pkgs, '--summary']);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines.find((l) => l.includes('甲.gknb'))).toMatch(/^甲镇人民政府  2023年  错误 0 个/);
    expect(lines.find((l) => l.includes('乙.gknb'))).toMatch(/无法读取：这个同步包已加密。.*--passphrase-file/);
    expect(lines[3]).toMatch(/^共 2 个单位：0 个有错误.*1 个文件无法读取/);
    expect(r.code).toBe(2);
  });

  it('--passphrase-file opens the encrypted package (summary, plain check, aggregate); a wrong one is a row', () => {
    const r = cli(['check', pkgs, '--summary', '--passphrase-file', passFile]);
    expect(r.out).toMatch(/^乙镇人民政府  2023年  错误 0 个/m);
    expect(r.out).toMatch(/共 3 个单位：0 个有错误/);
    expect(r.code).toBe(0);

    const one = cli(['check', join(pkgs, '乙.gknb'), '--passphrase-file', passFile]);
    expect(one.out).toMatch(/乙.gknb，同步包）/);
    expect(one.code).toBe(0);

    const out = join(tmp, 'agg.json');
    const a = cli(['aggregate', pkgs, '-o', out, '--passphrase-file', passFile]);
    expect(a.code).toBe(0);
    const sum = JSON.parse(readFileSync(out, 'utf8'));
    expect(JSON.stringify(sum)).toContain('乙镇人民政府');

    const wrong = cli(['check', pkgs, '--summary', '--passphrase-file', wrongPassFile]);
    expect(wrong.out).toMatch(/乙.gknb  无法读取：口令不对/m);
    expect(wrong.code).toBe(2);
  });

  it('a bad passphrase file is a usage error, and nothing is read', () => {
    for (const [file, why] of [
      [join(tmp, 'missing.txt'), /无法读取口令文件.*文件不存在/],
      [(writeFileSync(join(tmp, 'empty.txt'), '\n'), join(tmp, 'empty.txt')), /是空的/],
      [(writeFileSync(join(tmp, 'big.txt'), 'x'.repeat(10_000)), join(tmp, 'big.txt')), /太大/],
      [tmp, /这是一个文件夹/],
    ] as const) {
      const r = cli(['check', pkgs, '--summary', '--passphrase-file', file]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(why);
      expect(r.out).toBe('');
    }
  });

  it('hostile packages are rows with their reason: bomb, bad report id, damaged, partial, random, truncated', async () => {
    const dir = join(tmp, 'hostile');
    mkdirSync(dir);
    // 20 MB of zeros deflate to ~20 KB: past the app's 16 MB inflate cap.
    writeFileSync(join(dir, 'bomb.gknb'), framed(new Uint8Array(20 * 1024 * 1024)));
    const { doc } = unitDoc('丁镇人民政府');
    const header = { reportId: '../../etc/passwd', peerId: zhang.id, author: zhang, replica: 1, createdAt: 0 };
    writeFileSync(join(dir, 'id.gknb'), framed(encodeBody(header, Y.encodeStateVector(doc), Y.encodeStateAsUpdate(doc))));
    const good = await exportPackage(doc, { reportId: REPORT, author: zhang });
    const damaged = good.slice();
    damaged[damaged.length - 5]! ^= 0xff;
    writeFileSync(join(dir, 'damaged.gknb'), damaged);
    writeFileSync(join(dir, 'partial.gknb'), await exportPackage(doc, { reportId: REPORT, author: zhang, peerStateVector: Y.encodeStateVector(doc) }));
    let x = 4242;
    console.log('cli-gknb random package seed: 4242');
    const rnd = () => ((x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32);
    writeFileSync(join(dir, 'random.gknb'), new Uint8Array([...new TextEncoder().encode('GKNBSYNC'), ...Array.from({ length: 300 }, () => Math.floor(rnd() * 256))]));

    writeFileSync(join(dir, 'short.gknb'), 'GKNBSYNC\u0001');
    const r = cli(['check', dir, '--summary']);
    expect(r.err).not.toMatch(/at .*\.(ts|js):\d+/); // no stack trace
    const row = (name: string) => r.out.split('\n').find((l) => l.startsWith(join(dir, name)));
    expect(row('bomb.gknb')).toMatch(/无法读取：同步包解压后超过 16 MB/);
    expect(row('id.gknb')).toMatch(/无法读取：同步包中的报告编号格式不对/);
    expect(row('damaged.gknb')).toMatch(/无法读取：.*损坏/);
    expect(row('partial.gknb')).toMatch(/无法读取：同步包里没有完整的报告/);
    expect(row('random.gknb')).toMatch(/无法读取：[\u4e00-\u9fff]/);
    expect(row('short.gknb')).toMatch(/无法读取：这是同步包，但文件不完整/);
    expect(r.out).toMatch(/共 0 个单位：.*6 个文件无法读取/);
    expect(r.code).toBe(2);
  });

  it('loads the Yjs code only for a 同步包: with yjs made unresolvable, JSON still checks and a package does not', () => {
    // A module hook that refuses `yjs`: proves which runs would have loaded it.
    const hooks = join(tmp, 'no-yjs-hooks.mjs');
    writeFileSync(
      hooks,
      `export async function resolve(s, c, next) { if (s === 'yjs' || s.startsWith('yjs/')) throw new Error('yjs was loaded'); return next(s, c); }`,
    );
    const register = join(tmp, 'no-yjs.mjs');
    writeFileSync(register, `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hooks).href)});`);
    const node = ['--import', pathToFileURL(register).href];
    const json = cli(['check', join(pkgs, '丙.json'), '--summary'], node);
    expect(json.out).toMatch(/^丙镇人民政府  2023年/m);
    expect(json.code).toBe(0);
    // The control: the same hook does stop a package from being read (as a row, not a crash).
    const pkg = cli(['check', join(pkgs, '甲.gknb'), '--summary'], node);
    expect(pkg.out).toMatch(/甲.gknb  无法读取：/);
  });
});
