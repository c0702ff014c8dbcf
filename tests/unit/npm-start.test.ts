// `npm start` as the clerk's technician runs it (issue 15): the build is quiet, and what is
// printed is the addresses, the data folder and how to stop — no build log, no code frames.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

/** Svelte warnings tolerated in the build output, by file: none (keep it that way). */
const PENDING_WARNINGS: string[] = [];

it('prints only the addresses, the data folder and how to stop', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'nianbao-start-'));
  // The start script exactly as package.json has it, but building into a temporary folder:
  // rebuilding the shared dist/ would pull the app from under browser tests running meanwhile.
  const outDir = join(dataDir, 'dist');
  const script: string = JSON.parse(readFileSync('package.json', 'utf8')).scripts.start;
  expect(script).toMatch(/^vite build .*&& tsx src\/server\/main\.ts$/);
  const proc = spawn('sh', ['-c', script.replace('vite build', `vite build --outDir ${outDir} --emptyOutDir`)], {
    env: { ...process.env, PATH: `${join(process.cwd(), 'node_modules/.bin')}:${process.env.PATH}`, PORT: '0', NIANBAO_DATA: dataDir, NIANBAO_STATIC: outDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (out += d));
  try {
    await new Promise<void>((done, fail) => {
      const t = setInterval(() => {
        if (out.includes('按 Ctrl+C 停止')) clearInterval(t), done();
      }, 100);
      proc.on('exit', (code) => (clearInterval(t), fail(new Error(`npm start exited ${code}:\n${out}`))));
    });
  } finally {
    try {
      process.kill(-proc.pid!, 'SIGTERM');
    } catch {}
    rmSync(dataDir, { recursive: true, force: true });
  }
  const lines = out.split('\n').filter((l) => l.trim());
  // Drop the code frames of the pending warnings (a warning line, its link, then numbered lines).
  const kept: string[] = [];
  let inPending = false;
  for (const l of lines) {
    if (/\[vite-plugin-svelte\]/.test(l)) inPending = PENDING_WARNINGS.some((f) => l.includes(f));
    else if (!/^(https:\/\/svelte\.dev\/|\s*\d+:|\s*\^\s*$)/.test(l)) inPending = false;
    if (!inPending) kept.push(l);
  }
  const start = kept.findIndex((l) => l.startsWith('公开年报已启动：'));
  expect(kept.slice(0, Math.max(start, 0)), 'nothing before the start line').toEqual([]);
  const allowed = /^(公开年报已启动：http|  同一网络的其他电脑可访问：|  其他电脑暂时无法访问：|  数据目录：|  提示：|按 Ctrl\+C 停止。)/;
  expect(kept.filter((l) => !allowed.test(l))).toEqual([]);
  expect(kept.join('\n')).toContain(`数据目录：${dataDir}`);
}, 180_000);
