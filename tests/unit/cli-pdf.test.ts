// The real CLI (node bin/nianbao.js, as `npx nianbao` runs it) on the real fixture PDFs.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CELL_KEYS } from '../../src/domain/format.ts';
import { parseReportJSON } from '../../src/domain/report.ts';
import { PDF_FIXTURES, printedCells } from '../support/pdf-fixtures.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pdf = (name: string) => join(root, 'tests/fixtures/pdf', name);
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/nianbao.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// Spawned Node + tsx + pdf.js: seconds each on this shared machine.
describe('nianbao CLI with PDF files', { timeout: 180_000 }, () => {
  it('converts a published PDF to JSON with every printed cell', () => {
    const fx = PDF_FIXTURES.find((f) => f.file === 'huaian-city-2024.pdf')!;
    const r = cli('convert', pdf(fx.file), '--to', 'json');
    expect(r.code).toBe(0);
    const back = parseReportJSON(r.out);
    if (!back.ok) throw new Error(back.error);
    const want = printedCells(fx);
    expect(CELL_KEYS.filter((k) => back.value.cells[k] !== want[k])).toEqual([]);
    expect(back.value.unit.name).toBe('淮安市人民政府');
  });

  it('checks PDFs: the 2019-style （六） row is an R-FMT-VERSION error (exit 1), --json lists it', () => {
    const r = cli('check', pdf('huaian-hongze-2024.pdf'), '--json');
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.out).findings as { rule: string; severity: string }[];
    expect(findings.some((f) => f.rule === 'R-FMT-VERSION' && f.severity === 'error')).toBe(true);
    const human = cli('check', pdf('huaian-hongze-2023.pdf'));
    expect(human.out).toMatch(/PDF/);
    expect(human.out).toMatch(/R-FMT-VERSION/);
  });

  it('says why a PDF cannot be read, exit 2', () => {
    const r = cli('check', join(root, 'package.json'), pdf('missing.pdf'));
    expect(r.code).toBe(2);
  });
});
