// The importers run in the browser too (the app's 导入文件 loads src/import/index.ts lazily):
// bundle them for the browser and import a DOCX (mammoth's browser build), a whole published
// page (htmlparser2) and GBK bytes (TextDecoder('gb18030')) in Debian's Chromium.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CELL_KEYS, SECTION_IDS } from '../../src/domain/format.ts';
import { exportReport } from '../../src/export/index.ts';
import { importHtml } from '../../src/import/html.ts';
import { importText } from '../../src/import/text.ts';
import { encodeGbk } from '../support/gbk.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
});

describe('importFile in Chromium', () => {
  it('reads DOCX, a whole HTML page and GBK text', async () => {
    const bundle = await build({
      stdin: { contents: `import { importFile } from './src/import/index.ts'; window.importFile = importFile;`, resolveDir: root, loader: 'ts' },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'error',
    });
    const seedText = readFileSync(`${root}tests/fixtures/xiaye-town-2023.txt`, 'utf8');
    const seed = importText(seedText);
    if (!seed.ok) throw new Error(seed.error);
    const docx = await exportReport(seed.report, 'docx');
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent('<!doctype html><meta charset="utf-8"><body></body>');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text, type: 'module' });
    await page.waitForFunction(() => 'importFile' in window);
    const html = [...readFileSync(`${root}tests/fixtures/shuyang-fgj-2023.html`)];
    // The seed as a GBK file (Chromium decodes it with its own gb18030 decoder).
    const gbk = [...encodeGbk(seedText)];
    const res = await page.evaluate(
      async ([d, h, g]) => {
        type R = { ok: boolean; kind?: string; error?: string; report?: { title: string; unit: { name: string }; cells: Record<string, number | null> } };
        const f = (window as unknown as { importFile: (b: Uint8Array, n?: string) => Promise<R> }).importFile;
        return [await f(new Uint8Array(d), '年报.docx'), await f(new Uint8Array(h), '年报.html'), await f(new Uint8Array(g), 'gbk.txt')];
      },
      [[...docx], html, gbk] as const,
    );
    expect(errors).toEqual([]);
    const [d, h, g] = res;
    expect(d!.ok && d!.kind).toBe('docx');
    expect(d!.report!.title).toBe(seed.report.title);
    expect(d!.report!.cells).toEqual(seed.report.cells);
    expect(h!.ok && h!.report!.title).toBe('沭阳县发展和改革局2023年政府信息公开年度报告');
    expect(h!.report!.cells['t3.r1_new.total']).toBe(26);
    expect(g!.ok && g!.report!.unit.name).toBe('下冶镇人民政府');
    expect(g!.report!.cells).toEqual(seed.report.cells);
    await page.close();
  });
});

describe('text copied from a whole page in Chromium (cells wrapped in <p>: one cell per line)', () => {
  for (const name of ['shuyang-fgj-2023.html', 'pingtan-jinjing-2021.html', 'pingtan-jinjing-2020-old-format.html']) {
    it(`${name}: the page's innerText imports like the page itself`, async () => {
      const html = readFileSync(`${root}tests/fixtures/${name}`, 'utf8');
      const page = await browser.newPage();
      await page.route('**/*', (r) => r.abort()); // no network: the page's scripts and images stay away
      await page.setContent(html.replace(/<script[\s\S]*?<\/script>/gi, ''), { waitUntil: 'domcontentloaded' });
      const text = await page.evaluate(() => document.body.innerText);
      await page.close();
      expect(text).toMatch(/^[ \t]*\t[ \t]*$/m); // the loose layout this test is about
      const fromText = importText(text);
      const fromHtml = importHtml(html);
      if (!fromText.ok || !fromHtml.ok) throw new Error('import failed');
      expect(CELL_KEYS.filter((k) => fromText.report.cells[k] !== fromHtml.report.cells[k])).toEqual([]);
      for (const id of SECTION_IDS) expect(fromText.report.sections[id], id).toBe(fromHtml.report.sections[id]);
      expect(fromText.report.title).toBe(fromHtml.report.title);
      expect(fromText.report.unit).toEqual(fromHtml.report.unit);
    });
  }
});
