// The tables as .xlsx, opened by a real office suite: LibreOffice headless converts every sheet to
// CSV, and each number and label must be where the official layout puts it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { sheetCells, tablesToXlsx } from '../../src/export/xlsx.ts';
import { FEE_CELL, TYPED_CELL_KEYS } from '../../src/domain/format.ts';
import { withDerived, type Report } from '../../src/domain/report.ts';
import { seedReport } from './seed-report.ts';

const dir = mkdtempSync(join(tmpdir(), 'nianbao-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every typeable cell a different number, so a shifted column or row cannot pass. */
function distinctReport(): Report {
  const r = seedReport();
  TYPED_CELL_KEYS.forEach((k, i) => (r.cells[k] = i + 1));
  r.cells[FEE_CELL] = 0.1234;
  r.cells['t3.r1_new.np'] = null; // 未填 stays an empty cell, never 0
  return { ...r, cells: withDerived(r.cells) };
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else if (ch !== '\r') cell += ch;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

describe('tablesToXlsx', () => {
  it('opens in LibreOffice with every number and label where the official layout puts it', () => {
    const report = distinctReport();
    writeFileSync(join(dir, 'tables.xlsx'), tablesToXlsx(report));
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--headless',
        '--convert-to',
        // UTF-8 (76), every sheet to its own file (last token −1).
        'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
        '--outdir',
        join(dir, 'out'),
        join(dir, 'tables.xlsx'),
      ],
      { stdio: 'pipe', timeout: 120_000 },
    );
    let numbers = 0;
    for (const [table, name] of [['t2', '表二'], ['t3', '表三'], ['t4', '表四']] as const) {
      const csv = parseCsv(readFileSync(join(dir, 'out', `tables-${name}.csv`), 'utf8'));
      for (const c of sheetCells(table, report).cells) {
        const got = csv[c.row]?.[c.col] ?? '';
        if (c.value !== undefined) {
          expect(Number(got), `${name} ${c.row},${c.col}`).toBe(c.value);
          numbers++;
        } else if (c.text !== undefined) {
          expect(got, `${name} ${c.row},${c.col}`).toBe(c.text);
        }
      }
    }
    // Every one of the 200 cells but the one left 未填 is a number (its row total sums the rest).
    expect(numbers).toBe(200 - 1);
  }, 180_000);

  it('writes merged headers and leaves 未填 empty', () => {
    const report = distinctReport();
    const files = unzipSync(tablesToXlsx(report));
    const t3 = strFromU8(files['xl/worksheets/sheet2.xml']!);
    expect(t3).toMatch(/<mergeCell ref="D2:J2"\/>/); // 申请人情况 over the seven applicant columns
    expect(t3).toContain('<c r="D5" s="4"/>'); // 一、新收 自然人: 未填
    expect(strFromU8(files['xl/workbook.xml']!)).toContain('<sheet name="表三"');
  });
});
