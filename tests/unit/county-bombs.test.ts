// The county bulk import (src/workers/county-read.ts → src/import/report-file.ts) fed every kind
// of bomb in one batch together with real published reports, in a process of its own (time and
// peak memory from the OS): each bomb becomes a row with a Chinese reason, in bounded time, and
// the real files around them are still read.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zlibSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deepHtml, deepJson, docxBomb, lyingDocxBomb, overlappingDocxBomb, syncPackageBomb, wideHtml } from '../support/bombs.ts';
import { flateBombPdf } from '../support/tiny-pdf.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'nianbao-county-bombs-'));
const files: string[] = [];

beforeAll(async () => {
  const write = (name: string, data: Uint8Array | string) => {
    writeFileSync(join(tmp, name), data);
    files.push(join(tmp, name));
  };
  const real = (path: string) => {
    const name = path.split('/').pop()!;
    copyFileSync(join(root, 'tests/fixtures', path), join(tmp, name));
    files.push(join(tmp, name));
  };
  real('pingtan-jinjing-2021.html');
  write('bomb.docx', docxBomb());
  write('lying.docx', lyingDocxBomb());
  write('overlap.docx', overlappingDocxBomb());
  real('shuyang-fgj-2023.html');
  write('deep.json', deepJson());
  write('deep.html', deepHtml());
  write('wide.html', wideHtml());
  // A huge but flat page: 19 MB of one paragraph (under the 20 MB file limit).
  write('huge.html', '<html><body><p>' + '公开'.repeat(3_200_000) + '</p></body></html>');
  write('bomb.pdf', flateBombPdf(200, (d) => zlibSync(d, { level: 9 })));
  write('bomb.gknb', await syncPackageBomb(1024));
  real('pdf/huaian-city-2024.pdf');
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('county bulk import of bombs', () => {
  it('every bomb is a row with a Chinese reason, in bounded time and memory; the real reports in the batch are read', () => {
    expect(readFileSync(join(tmp, 'bomb.pdf')).length).toBeLessThan(1_000_000);
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'tests/support/measure-county.ts'), ...files], {
      cwd: root,
      encoding: 'utf8',
      timeout: 180_000,
    });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { rows: { file: string; ok: boolean; error: string | null; ms: number }[]; maxRssMB: number };
    for (const row of out.rows) console.log(`${row.file}: ${row.ok ? 'read' : row.error} (${row.ms} ms)`);
    console.log(`peak memory of the whole batch: ${out.maxRssMB} MB`);
    expect(out.rows.map((x) => x.file)).toEqual(files.map((f) => f.split('/').pop()));
    const byName = new Map(out.rows.map((x) => [x.file, x]));
    for (const real of ['pingtan-jinjing-2021.html', 'shuyang-fgj-2023.html', 'huaian-city-2024.pdf']) expect(byName.get(real)?.ok, real).toBe(true);
    for (const bomb of ['bomb.docx', 'lying.docx', 'overlap.docx', 'deep.json', 'deep.html', 'wide.html', 'huge.html', 'bomb.pdf', 'bomb.gknb']) {
      const row = byName.get(bomb)!;
      expect(row.ok, bomb).toBe(false);
      expect(row.error, bomb).toMatch(/[\u4e00-\u9fff]{4}/);
      if (bomb === 'bomb.pdf') expect(row.error).toMatch(/压缩炸弹/);
      // Generous for a loaded 2-core machine; the figures are printed above.
      expect(row.ms, bomb).toBeLessThan(5_000);
    }
    // The whole batch in one process (the real PDF and huge.html included); each bomb's own peak is
    // asserted under 300 MB in import-limits.test.ts, one process per file.
    expect(out.maxRssMB).toBeLessThan(700);
  }, 200_000);
});
