// The county commands of the real CLI, spawned as `npx nianbao` runs them.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { FORMAT_ID, t3 } from '../../src/domain/format.ts';
import { reportToJSON } from '../../src/domain/report.ts';
import { seedReport } from '../support/seed-report.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'nianbao-cli-county-'));
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/nianbao.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const unit = (name: string, np?: number) => {
  const r = seedReport();
  r.unit = { name, type: 'township' };
  if (np !== undefined) r.cells = { ...r.cells, [t3('r1_new', 'np')]: np };
  return reportToJSON(r);
};

const good = join(tmp, 'good');
mkdirSync(join(good, 'sub'), { recursive: true });
writeFileSync(join(good, '甲.json'), unit('甲镇人民政府'));
writeFileSync(join(good, 'sub', '乙.json'), unit('乙镇人民政府'));
writeFileSync(join(good, 'notes.md'), 'not a report, not picked from a folder');
const bad = join(tmp, 'bad');
mkdirSync(bad);
writeFileSync(join(bad, '丙.json'), unit('丙镇人民政府', 9));
writeFileSync(join(bad, '坏.docx'), 'PK\u0003\u0004garbage');

describe('nianbao check --summary', () => {
  it('prints one line per unit from folders (recursively) and a total; exit 0 without errors', () => {
    const r = cli('check', good, '--summary');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(3);
    // Files in path order: sub/乙.json before 甲.json.
    expect(lines[0]).toMatch(/^乙镇人民政府  2023年  错误 0 个  警告 \d+ 个/);
    expect(lines[1]).toMatch(/^甲镇人民政府  2023年/);
    expect(lines[2]).toMatch(/^共 2 个单位：0 个有错误/);
  });

  it('exits 1 when a unit has an error; an unreadable file is a line with its reason; CSV is injection-safe', () => {
    const hostile = join(tmp, 'hostile');
    mkdirSync(hostile);
    const r0 = seedReport();
    r0.unit = { name: '=HYPERLINK("http://x","点我")', type: 'township' };
    writeFileSync(join(hostile, 'x.json'), reportToJSON(r0));
    const csv = join(tmp, 'o.csv');
    const xlsx = join(tmp, 'o.xlsx');
    const r = cli('check', bad, hostile, '--summary', '--csv', csv, '--xlsx', xlsx);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^丙镇人民政府  2023年  错误 [1-9]/m);
    expect(r.out).toMatch(/坏\.docx  无法读取：/);
    expect(r.out).toMatch(/1 个文件无法读取/);
    const text = readFileSync(csv, 'utf8');
    expect(text.startsWith('\uFEFF单位名称,')).toBe(true);
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""点我"")"`);
    // No text field starts a formula (negative day counts are numbers: "-12" is fine).
    expect(text).not.toMatch(/(^|,)"?([=+@]|-[^\d])/m);
    const sheet = new TextDecoder().decode(unzipSync(new Uint8Array(readFileSync(xlsx)))['xl/worksheets/sheet1.xml']);
    expect(sheet).toContain('=HYPERLINK(&quot;http://x&quot;,&quot;点我&quot;)');
    expect(sheet).not.toContain('<f>');
    // Only unreadable files: exit 2.
    const onlyBad = join(tmp, 'only-bad');
    mkdirSync(onlyBad);
    copyFileSync(join(bad, '坏.docx'), join(onlyBad, '坏.docx'));
    expect(cli('check', onlyBad, '--summary').code).toBe(2);
  });

  it('refuses options that do not go together, in Chinese', () => {
    expect(cli('check', good, '--summary', '--json').err).toMatch(/--summary 与 --json 不能同时使用/);
    expect(cli('check', good, '--csv', 'x.csv').err).toMatch(/只能与 --summary 一起使用/);
    expect(cli('check', good, '--summary', '--csv').err).toMatch(/选项 --csv 后面需要一个值/);
    expect(cli('check', good, '--summry').err).toMatch(/不认识的选项“--summry”/);
  });
});

describe('nianbao aggregate', () => {
  it('writes the summed report as JSON with units and missing (from --expect)', () => {
    const list = join(tmp, 'list.txt');
    writeFileSync(list, '甲镇人民政府\n乙镇人民政府\n丁镇人民政府\n');
    const out = join(tmp, 'sum.json');
    const r = cli('aggregate', good, '-o', out, '--expect', list, '--name', '某某县');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(readFileSync(out, 'utf8'));
    expect(j.format).toBe(FORMAT_ID);
    expect(j.unit.name).toBe('某某县');
    expect([...j.units].sort()).toEqual(['甲镇人民政府', '乙镇人民政府'].sort());
    expect(j.missing).toEqual(['丁镇人民政府']);
    expect(j.cells['t3.r1_new.total']).toBe(2 * seedReport().cells['t3.r1_new.total']!);
    expect(r.out).toMatch(/未报送 1 个：丁镇人民政府/);
  });

  it('writes XLSX and DOCX; refuses unreadable input, a unit twice and an unknown output type', () => {
    const x = join(tmp, 'sum.xlsx');
    expect(cli('aggregate', good, '-o', x).code).toBe(0);
    expect(Object.keys(unzipSync(new Uint8Array(readFileSync(x))))).toContain('xl/worksheets/sheet4.xml');
    const d = join(tmp, 'sum.docx');
    expect(cli('aggregate', good, '-o', d).code).toBe(0);
    expect(new TextDecoder().decode(unzipSync(new Uint8Array(readFileSync(d)))['word/document.xml'])).toContain('本汇总表汇总了以下2个单位');
    const unreadable = cli('aggregate', bad, '-o', join(tmp, 'no.json'));
    expect([unreadable.code, unreadable.err]).toEqual([2, expect.stringMatching(/1 个文件无法读取，未汇总/)]);
    const twice = cli('aggregate', good, join(good, '甲.json'), '-o', join(tmp, 'no.json'));
    expect(twice.err).toMatch(/同一单位有多份报告：甲镇人民政府/);
    expect(cli('aggregate', good, '-o', 'x.pdf').err).toMatch(/须以 \.json、\.xlsx 或 \.docx 结尾/);
    expect(cli('aggregate', good).err).toMatch(/请用 -o 指定输出文件/);
  });
});
