// Bombs, made for real (tests/support/bombs.ts), against the limits checked before expanding:
// each is refused with a Chinese reason in a process of its own, timed and with its peak
// memory read from the OS; the CLI (spawned) refuses the same files. Legitimate files still
// import, so the limits are not simply refusing everything.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync, zlibSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/import/index.ts';
import { inflateCapped, inflateJs } from '../../src/import/inflate.ts';
import { htmlDepthExceeds, jsonDepthExceeds, MAX_HTML_DEPTH, MAX_JSON_DEPTH } from '../../src/import/limits.ts';
import { readZipDirectory } from '../../src/import/zip.ts';
import { exportReport } from '../../src/export/index.ts';
import { importText } from '../../src/import/text.ts';
import { readPackage } from '../../src/sync/exchange.ts';
import { flateBombPdf } from '../support/tiny-pdf.ts';
import { deepHtml, deepJson, wideHtml, docxBomb, lyingDocxBomb, overlappingDocxBomb, packageWithReportId, syncPackageBomb } from '../support/bombs.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'nianbao-bombs-'));
const seed = readFileSync(join(root, 'tests/fixtures/xiaye-town-2023.txt'), 'utf8');

/** A refusal a clerk can read: Chinese, and no English engine message tacked on. */
function expectChineseReason(error: string | null | undefined): void {
  expect(error).toBeTruthy();
  expect(error).toMatch(/[\u4e00-\u9fff]{4}/);
  expect(error).not.toMatch(/Error|undefined|[A-Za-z]+ [a-z]+ [a-z]+|\bat \w+/);
}

function measure(what: 'import' | 'package', file: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'tests/support/measure-read.ts'), what, file], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { ok: boolean; error: string | null; ms: number; maxRssMB: number };
}

function cliWithPeakMemory(...args: string[]) {
  const r = spawnSync('/usr/bin/time', ['-f', 'maxrss=%M', process.execPath, join(root, 'bin/nianbao.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  // GNU time adds its own lines (“Command exited with non-zero status 2”, maxrss=…).
  const rss = /maxrss=(\d+)\s*$/.exec(r.stderr);
  const err = r.stderr.replace(/maxrss=\d+\s*$/, '').replace(/Command exited with non-zero status \d+\s*$/, '').trim();
  return { code: r.status, out: r.stdout, err, maxRssMB: Number(rss?.[1]) / 1024 };
}

const files: Record<string, string> = {};
beforeAll(async () => {
  const write = (name: string, data: Uint8Array | string) => {
    writeFileSync(join(tmp, name), data);
    files[name] = join(tmp, name);
  };
  write('bomb.docx', docxBomb());
  write('lying.docx', lyingDocxBomb());
  write('overlap.docx', overlappingDocxBomb());
  write('deep.html', deepHtml());
  write('deep.json', deepJson());
  write('wide.html', wideHtml());
  write('bomb.gknb', await syncPackageBomb(1024));
  // 200 MB of text operators in one page's content stream (~200 KB file): before, >180 s.
  write('bomb.pdf', flateBombPdf(200, (d) => zlibSync(d, { level: 9 })));
}, 120_000);

describe('bombs are refused before they expand', () => {
  it('the bombs are what they claim: small files that would expand enormously', () => {
    expect(readFileSync(files['bomb.docx']!).length).toBeLessThan(40_000);
    expect(readFileSync(files['bomb.gknb']!).length).toBeLessThan(1_200_000);
    const dir = readZipDirectory(new Uint8Array(readFileSync(files['overlap.docx']!)));
    expect(dir.ok && dir.entries.reduce((n, e) => n + e.uncompressedSize, 0)).toBeGreaterThan(20e9);
  });

  for (const [name, what, reason] of [
    ['bomb.docx', 'import', /内容元素超过/],
    ['lying.docx', 'import', /实际内容比它声明的大得多/],
    ['overlap.docx', 'import', /解压后有 \d+ MB/],
    ['deep.html', 'import', /嵌套超过/],
    ['deep.json', 'import', /嵌套层数超过/],
    ['wide.html', 'import', /标签超过/],
    ['bomb.gknb', 'package', /解压后超过/],
    ['bomb.pdf', 'import', /压缩炸弹/],
  ] as const) {
    it(`${name}: refused in under 2 s with peak memory under 300 MB, in Chinese`, () => {
      const r = measure(what, files[name]!);
      console.log(`${name}: ${r.ms} ms, peak ${r.maxRssMB} MB — ${r.error}`);
      expect(r.ok).toBe(false);
      expectChineseReason(r.error);
      expect(r.error).toMatch(reason);
      expect(r.ms).toBeLessThan(2000);
      expect(r.maxRssMB).toBeLessThan(300);
    });
  }

  it('the CLI (spawned) refuses the same bombs, in bounded memory', () => {
    for (const name of ['bomb.docx', 'lying.docx', 'overlap.docx', 'deep.html', 'deep.json']) {
      const r = cliWithPeakMemory('check', files[name]!);
      console.log(`CLI ${name}: exit ${r.code}, peak ${Math.round(r.maxRssMB)} MB`);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expectChineseReason(r.err.replace(/^无法导入“[^”]+”：/, ''));
      expect(r.maxRssMB).toBeLessThan(300);
    }
  });

  it('a 同步包 whose header names a malformed report id is refused', async () => {
    for (const bad of ['', '../../etc', 'a b', 'x'.repeat(200), '报告']) {
      const r = await readPackage(packageWithReportId(bad));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/报告编号|损坏/);
    }
    expect((await readPackage(packageWithReportId('0123456789abcdef0123456789abcdef'))).ok).toBe(true);
  });
});

describe('the limits leave real files alone', () => {
  it('a real report exported as .docx still imports', async () => {
    const r = importText(seed);
    if (!r.ok) throw new Error(r.error);
    const docx = (await exportReport(r.report, 'docx')) as Uint8Array;
    const back = await importFile(docx, '年报.docx');
    expect(back.ok).toBe(true);
    if (back.ok) expect(back.report.cells['t3.r1_new.np']).toBe(r.report.cells['t3.r1_new.np']);
  });

  it('a .docx with a picture still imports (media are left out of the bounded copy, never read)', async () => {
    const { Document, Packer, Paragraph, ImageRun, TextRun } = await import('docx');
    const png = readFileSync(join(root, 'static/icon-192.png'));
    const lines = seed.split('\n').map((l) => new Paragraph({ children: [new TextRun(l)] }));
    const picture = new Paragraph({ children: [new ImageRun({ type: 'png', data: png, transformation: { width: 50, height: 50 } })] });
    const doc = new Document({ sections: [{ children: [picture, ...lines] }] });
    const r = await importFile(new Uint8Array(await Packer.toBuffer(doc)), '带图片.docx');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.report.unit.name).toBe('下冶镇人民政府');
  });

  it('inflateCapped (native and JS) returns exactly what was deflated, and stops at the ceiling', async () => {
    const data = new TextEncoder().encode('下冶镇人民政府'.repeat(50_000));
    const packed = deflateSync(data);
    for (const inflate of [inflateCapped, async (d: Uint8Array, max: number) => inflateJs(d, max)]) {
      const ok = await inflate(packed, data.length);
      expect(ok.ok && Buffer.from(ok.data).equals(Buffer.from(data))).toBe(true);
      expect(await inflate(packed, data.length - 1)).toEqual({ ok: false, reason: 'too-large' });
      expect(await inflate(packed.subarray(0, packed.length - 10), data.length)).toEqual({ ok: false, reason: 'damaged' });
    }
  });

  it('depth checks count nesting, not size', () => {
    expect(htmlDepthExceeds(`<div>${'<p>x</p>'.repeat(10_000)}</div>`)).toBe(false);
    expect(htmlDepthExceeds('<div>'.repeat(MAX_HTML_DEPTH + 1))).toBe(true);
    expect(jsonDepthExceeds('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonDepthExceeds('['.repeat(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonDepthExceeds(`{"a":"${'['.repeat(1000)}"}`)).toBe(false);
  });
});
