// The CLI's rough edges, each on the real spawned process: a reader that stops early (| head),
// hostile control characters in a file, a UTF-8 file with one stray byte, and running the
// TypeScript entry directly with tsx.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { terminalSafe } from '../../src/cli/terminal.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const seedFile = join(root, 'tests/fixtures/xiaye-town-2023.txt');
const seed = readFileSync(seedFile, 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'nianbao-cli-tty-'));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/nianbao.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// ESC sequences that would retitle the terminal, clear it and hide text; a C1 CSI; a bidi override.
const HOSTILE_TITLE = '下冶镇人民政府\u001b]0;PWNED\u0007\u001b[2J\u009b31m\u202e 2023 年政府信息公开工作年度报告';
const hostileFile = join(tmp, 'hostile.txt');
writeFileSync(hostileFile, seed.replace('下冶镇人民政府 2023 年政府信息公开工作年度报告', HOSTILE_TITLE));

describe('nianbao CLI at a terminal and in a pipe', () => {
  it('stops quietly when the reader closes the pipe (check … | head -1)', () => {
    const files = Array.from({ length: 12 }, () => JSON.stringify(seedFile)).join(' ');
    const r = spawnSync('sh', ['-c', `${JSON.stringify(process.execPath)} bin/nianbao.js check ${files} | head -n 1`], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.stdout).toContain('下冶镇人民政府 2023 年政府信息公开工作年度报告');
    expect(r.stderr).not.toMatch(/EPIPE|Error|at /);
    expect(r.stderr).toBe('');
  });

  it('never writes control characters from a file raw to the terminal', () => {
    const r = cli('check', hostileFile);
    expect(r.out).toContain('下冶镇人民政府');
    expect(r.out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(r.out).toContain('␛]0;PWNED␇');
    // --json keeps the exact text (escaped), so a script still reads what the file said.
    const j = cli('check', hostileFile, '--json');
    expect(j.out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(() => JSON.parse(j.out)).not.toThrow();
    const converted = cli('convert', hostileFile, '--to', 'json');
    expect(converted.out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect((JSON.parse(converted.out) as { title: string }).title).toContain('\u009b31m\u202e');
  });

  it('terminalSafe keeps newlines, tabs and Chinese text', () => {
    expect(terminalSafe('一\t二\n三')).toBe('一\t二\n三');
    expect(terminalSafe('a\u001bb\u009bc\u202ed')).toBe('a␛b\ufffdc\ufffdd');
  });

  it('reads a UTF-8 file with one stray byte as UTF-8, not GB18030, and says where it replaced', () => {
    const bytes = Buffer.from(seed, 'utf8');
    const at = bytes.indexOf(Buffer.from('一、总体情况', 'utf8'));
    const stray = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff]), bytes.subarray(at)]);
    const file = join(tmp, 'stray.txt');
    writeFileSync(file, stray);
    const r = cli('check', file);
    expect(r.out).toContain('下冶镇人民政府 2023 年政府信息公开工作年度报告');
    expect(r.out).toMatch(/1 处字节不是有效的 UTF-8/);
    const j = cli('convert', file, '--to', 'json');
    expect((JSON.parse(j.out) as { unit: { name: string } }).unit.name).toBe('下冶镇人民政府');
  });

  it('runs the TypeScript entry directly: npx tsx src/cli/main.ts … behaves like npx nianbao …', () => {
    const tsx = join(root, 'node_modules/.bin/tsx');
    const help = spawnSync(tsx, ['src/cli/main.ts', '--help'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('用法：');
    const direct = spawnSync(tsx, ['src/cli/main.ts', 'check', seedFile, '--json'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    const viaBin = cli('check', seedFile, '--json');
    expect(direct.status).toBe(viaBin.code);
    expect(direct.stdout).toBe(viaBin.out);
    const bad = spawnSync(tsx, ['src/cli/main.ts', 'frobnicate'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('不认识的命令');
  });
});
