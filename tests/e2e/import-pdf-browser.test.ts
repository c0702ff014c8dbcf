// PDF import in real Chromium: through the built app's 导入文件 dialog (pdf.js loaded lazily, the
// import notes shown before anything is created, then the editor holds every printed cell), and
// inside a dedicated Web Worker (as the import worker runs it: pdf.js without a nested worker).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { CELL_KEYS } from '../../src/domain/format.ts';
import { PDF_FIXTURES, printedCells } from '../support/pdf-fixtures.ts';
import { useAppAndBrowser, type App, type Browser } from './helpers.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
let app: App;
let browser: Browser;
useAppAndBrowser((a, b) => ((app = a), (browser = b)));

describe('PDF import in Chromium', () => {
  it('导入文件 reads a published PDF, shows its notes first, and the editor has every printed cell', async () => {
    // 淮安市 2024: its printed sums agree with their parts, so the editor's computed sums show the printed numbers.
    const fx = PDF_FIXTURES.find((f) => f.file === 'huaian-city-2024.pdf')!;
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const scripts: string[] = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
    await page.goto(app.url);
    await page.getByRole('button', { name: '新建报告' }).waitFor();
    // pdf.js is not part of the page until a PDF is chosen.
    expect(scripts.filter((u) => /pdf/.test(u))).toEqual([]);
    await page.getByRole('button', { name: '导入文件' }).click();
    await page.locator('dialog input[type=file]').setInputFiles({ name: fx.file, mimeType: 'application/pdf', buffer: readFileSync(`tests/fixtures/pdf/${fx.file}`) });
    const preview = page.getByRole('region', { name: '导入预览' });
    await preview.waitFor();
    const shown = await preview.innerText();
    expect(shown).toContain(fx.title);
    expect(shown).toMatch(/页码和页眉页脚/);
    expect(await preview.locator('[data-rule="R-LBL"]').count()).toBe(3); // “1、” for “1.” in 表三（六）
    expect(await page.evaluate(() => indexedDB.databases().then((d) => d.filter((x) => x.name?.startsWith('nianbao-doc-')).length))).toBe(0);
    await page.getByRole('button', { name: '创建报告' }).click();
    await page.locator('[data-cell="t2.penalty.decisions"]').waitFor();
    const want = printedCells(fx);
    const wrong: string[] = [];
    for (const key of CELL_KEYS) {
      const v = await page.locator(`[data-cell="${key}"]`).inputValue();
      if (v !== (want[key] === null ? '' : String(want[key]))) wrong.push(`${key}: ${v} ≠ ${want[key]}`);
    }
    expect(wrong).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('importFile reads a PDF inside a Web Worker', async () => {
    const bundle = await build({
      stdin: {
        contents: `import { importFile } from './src/import/index.ts';
          self.onmessage = async (e) => { const r = await importFile(new Uint8Array(e.data), 'w.pdf'); self.postMessage(r.ok ? { ok: true, cells: r.report.cells, title: r.report.title } : r); };`,
        resolveDir: root,
        loader: 'ts',
      },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'error',
    });
    const page = await browser.newPage();
    // A page and worker script of their own origin (the app's CSP, worker-src 'self', rightly
    // refuses a blob: worker; an about:blank page has no origin to start a module worker from).
    const code = bundle.outputFiles[0]!.text;
    await page.route('http://worker.test/**', (r) =>
      r.request().url().endsWith('/w.js')
        ? r.fulfill({ body: code, contentType: 'text/javascript' })
        : r.fulfill({ body: '<!doctype html><meta charset="utf-8"><body></body>', contentType: 'text/html' }),
    );
    await page.goto('http://worker.test/');
    const fx = PDF_FIXTURES.find((f) => f.file === 'huaian-city-2024.pdf')!;
    const res = await page.evaluate(
      async ([bytes]) => {
        const w = new Worker('/w.js', { type: 'module' });
        return new Promise<{ ok: boolean; error?: string; title?: string; cells?: Record<string, number | null> }>((resolve) => {
          // The first message must be the result: pdf.js's own "ready" must not leak out of the worker.
          w.onmessage = (e) => resolve(e.data);
          w.onerror = (e) => resolve({ ok: false, error: `${e.message} ${e.filename}:${e.lineno}` });
          w.postMessage(new Uint8Array(bytes).buffer);
        });
      },
      [[...readFileSync(`tests/fixtures/pdf/${fx.file}`)]] as const,
    );
    expect(res.error).toBeUndefined();
    expect(res.title).toBe(fx.title);
    const want = printedCells(fx);
    expect(CELL_KEYS.filter((k) => res.cells![k] !== want[k])).toEqual([]);
    await page.close();
  });
});
