// Spawns the real CLI (node bin/nianbao.js, as `npx nianbao` would) on real files.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseReportJSON } from '../../src/domain/report.ts';
import { importText } from '../../src/import/text.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string) => join(root, 'tests/fixtures', name);
const tmp = mkdtempSync(join(tmpdir(), 'nianbao-cli-'));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/nianbao.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const seed = readFileSync(fixture('xiaye-town-2023.txt'), 'utf8');
// 一、本年新收 now says 3 (自然人) and 3 (总计): 一+二 = 3 but 三(七)+四 = 2.
const broken = seed.replace('一、本年新收政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2', '一、本年新收政府信息公开申请数量\t\t3\t0\t0\t0\t0\t0\t3');
const brokenFile = join(tmp, 'broken.txt');
writeFileSync(brokenFile, broken);

describe('nianbao CLI (spawned)', () => {
  it('checks the seed report: no error, exit 0', () => {
    const r = cli('check', fixture('xiaye-town-2023.txt'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('下冶镇人民政府 2023 年政府信息公开工作年度报告');
    expect(r.out).toContain('错误 0 个');
  });

  it('finds the broken balance: exit 1 with R-T3-BALANCE, --json parses', () => {
    expect(broken).not.toBe(seed);
    const human = cli('check', brokenFile);
    expect(human.code).toBe(1);
    expect(human.out).toMatch(/\[错误\] R-T3-BALANCE/);
    const r = cli('check', brokenFile, '--json');
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.out) as { findings: Record<string, unknown>[] };
    const f = parsed.findings.find((x) => x.rule === 'R-T3-BALANCE');
    expect(f).toBeDefined();
    expect(Object.keys(f!).sort()).toEqual(['cells', 'message', 'rule', 'sections', 'severity']);
    expect(f!.severity).toBe('error');
    expect(f!.cells).toContain('t3.r1_new.np');
  });

  it('prints an array for several files, and exit 2 when one cannot be read', () => {
    const r = cli('check', fixture('xiaye-town-2023.txt'), fixture('shuyang-fgj-2023.html'), join(tmp, 'missing.txt'), '--json');
    expect(r.code).toBe(2);
    const parsed = JSON.parse(r.out) as { file: string; findings?: { rule: string }[]; error?: string }[];
    expect(parsed.map((p) => p.file.split('/').pop())).toEqual(['xiaye-town-2023.txt', 'shuyang-fgj-2023.html', 'missing.txt']);
    expect(parsed[1]!.findings!.some((f) => f.rule === 'R-TYPE-INT')).toBe(true);
    expect(parsed[2]!.error).toMatch(/文件不存在/);
  });

  it('checks across years with --previous (R-X-CARRY)', () => {
    const prev = importText(seed);
    if (!prev.ok) throw new Error(prev.error);
    const next = structuredClone(prev.report);
    next.year = 2024;
    next.title = '下冶镇人民政府2024年政府信息公开工作年度报告';
    next.cells['t3.r2_carryIn.np'] = 1; // last year carried 0 out
    const nextFile = join(tmp, 'next.json');
    writeFileSync(nextFile, JSON.stringify(next));
    const r = cli('check', nextFile, '--previous', fixture('xiaye-town-2023.txt'), '--json');
    const parsed = JSON.parse(r.out) as { findings: { rule: string }[] };
    expect(parsed.findings.some((f) => f.rule === 'R-X-CARRY')).toBe(true);
    expect(r.code).toBe(1);
  });

  it('converts to JSON on stdout, which imports back to the same report', () => {
    const r = cli('convert', fixture('pingtan-jinjing-2021.html'), '--to', 'json');
    expect(r.code).toBe(0);
    const back = parseReportJSON(r.out);
    expect(back.ok).toBe(true);
    if (back.ok) {
      expect(back.value.unit.name).toBe('平潭综合实验区金井片区管理局');
      expect(back.value.cells['t2.normativeDocs.valid']).toBe(6);
    }
    // Import warnings go to stderr, never into the JSON.
    expect(r.err).toMatch(/警告 1 个/);
  });

  it('converts to HTML on stdout through the exporter, and that HTML checks the same', () => {
    const r = cli('convert', fixture('xiaye-town-2023.txt'), '--to', 'html');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^<!DOCTYPE html>/i);
    const file = join(tmp, 'seed.html');
    writeFileSync(file, r.out);
    const again = cli('check', file, '--json');
    expect(again.code).toBe(0);
    const rules = (JSON.parse(again.out) as { findings: { rule: string; severity: string }[] }).findings.filter((f) => f.severity !== 'info');
    expect(rules).toEqual([]);
  });

  it('refuses an unreadable --previous with exit 2', () => {
    const r = cli('check', fixture('xiaye-town-2023.txt'), '--previous', join(tmp, 'nope.json'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/文件不存在/);
  });

  it('converts to DOCX only with -o', () => {
    const noOut = cli('convert', fixture('xiaye-town-2023.txt'), '--to', 'docx');
    expect(noOut.code).toBe(2);
    expect(noOut.err).toMatch(/必须用 -o/);
    const out = join(tmp, 'seed.docx');
    const r = cli('convert', fixture('xiaye-town-2023.txt'), '--to', 'docx', '-o', out);
    expect(r.code).toBe(0);
    expect([...readFileSync(out).subarray(0, 2)]).toEqual([0x50, 0x4b]);
    const again = cli('check', out);
    expect(again.code).toBe(0);
    expect(again.out).toContain('下冶镇人民政府 2023 年政府信息公开工作年度报告（');
  });

  it('explains usage errors in Chinese with exit 2', () => {
    for (const args of [[], ['frob'], ['check'], ['check', '--frob', 'x'], ['convert', 'a.txt'], ['convert', 'a.txt', '--to', 'pdf']]) {
      const r = cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/[\u4e00-\u9fff]/);
    }
    const help = cli('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('用法');
    expect(help.out).toContain('nianbao check');
  });
});
