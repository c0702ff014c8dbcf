// Keystroke → next frame in a long prose part, the real editor's bound textarea against a plain
// textarea holding the same text on the same page (same styles), measured alternately in one run
// so that both see the same machine load. Chromium against the built app (`npm run bench --
// typing` builds it first). The part holds 12,500 characters (a long 政府信息公开 part); each
// keystroke types one character at the end through the browser's input pipeline (CDP
// Input.insertText, as an input method commits a character); the time runs from its beforeinput
// event until the frame after it has been produced (requestAnimationFrame, then the next task).
// Goal: binding within 1.1× of plain. Figures and machine load: docs/sync.md §6.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../src/server/server.ts';

const CHARS = Number(process.env.CHARS ?? 12_500);
const N = Number(process.env.KEYS ?? 200);
const dataDir = mkdtempSync(join(tmpdir(), 'nianbao-bench-typing-'));
const server = await startServer({ port: 0, dataDir, staticDir: 'dist', host: '127.0.0.1', log: () => {} });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.log('页面错误：', e.message));
  await page.goto(`http://localhost:${server.port}/`);
  await page.getByRole('button', { name: '新建报告' }).click();
  await page.getByLabel('单位名称').fill('基准镇人民政府');
  await page.getByLabel('单位类型').selectOption('township');
  await page.getByLabel('报告年度').fill('2024');
  await page.getByRole('button', { name: '创建' }).click();
  const section = page.locator('[data-section="s1.proactive"]');
  await section.waitFor();
  // Realistic prose: sentences with numbers, as a 主动公开 part reads.
  const sentence = (i: number) => `本机关全年主动公开政府信息${i}条，其中规范性文件${i % 17}件，通过政府网站发布信息${i * 3}条，政务新媒体推送${i % 50}条。`;
  let text = '';
  for (let i = 1; text.length < CHARS; i++) text += sentence(i) + (i % 6 === 0 ? '\n' : '');
  text = text.slice(0, CHARS);
  await section.fill(text);
  await page.waitForFunction((n) => (document.querySelector('[data-section="s1.proactive"]') as HTMLTextAreaElement).value.length === n, CHARS);

  // The plain textarea: a copy of the bound one (same classes, so the same styles), unbound.
  await page.evaluate(`(() => {
    const bound = document.querySelector('[data-section="s1.proactive"]');
    const plain = bound.cloneNode(false);
    plain.removeAttribute('id');
    plain.removeAttribute('data-section');
    plain.setAttribute('data-plain', '');
    plain.value = bound.value;
    bound.after(plain);
    // From the keystroke reaching the page (beforeinput) to the frame after it: after
    // requestAnimationFrame the next task runs once that frame is produced.
    window.__lat = [];
    window.__work = [];
    document.addEventListener('beforeinput', () => {
      const t = performance.now();
      setTimeout(() => window.__work.push(performance.now() - t), 0);
      requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => window.__lat.push(performance.now() - t); c.port2.postMessage(0); });
    }, true);
  })()`);
  const out = { bound: [] as number[], plain: [] as number[], boundWork: [] as number[], plainWork: [] as number[] };
  for (let i = 0; i < N + 20; i++) {
    for (const which of ['bound', 'plain'] as const) {
      const sel = which === 'bound' ? '[data-section="s1.proactive"]' : '[data-plain]';
      await page.evaluate(`(() => { const el = document.querySelector('${sel}'); el.focus(); el.setSelectionRange(el.value.length, el.value.length); window.__lat = []; window.__work = []; })()`);
      // A real keystroke's text, through the browser's input pipeline (CDP Input.insertText).
      await page.keyboard.insertText('字词句段'[i % 4]!);
      const [lat, work] = (await page.evaluate(`new Promise((r) => { const f = () => window.__lat.length && window.__work.length ? r([window.__lat[0], window.__work[0]]) : setTimeout(f, 5); f(); })`)) as [number, number];
      if (i >= 20) {
        out[which].push(lat);
        out[which === 'bound' ? 'boundWork' : 'plainWork'].push(work);
      }
    }
    await new Promise((r) => setTimeout(r, 30)); // a typist's pace
  }
  const result = { ...out, ok: await page.evaluate(`document.querySelector('[data-section="s1.proactive"]').value === document.querySelector('[data-plain]').value`) as boolean };
  const docText = await page.evaluate(() => (document.querySelector('[data-section="s1.proactive"]') as HTMLTextAreaElement).value.length);
  if (!result.ok) throw new Error('绑定的文本框与普通文本框内容不一致，测量无效');
  const [b50, b95, p50, p95] = [q(result.bound, 0.5), q(result.bound, 0.95), q(result.plain, 0.5), q(result.plain, 0.95)];
  console.log(
    `正文 ${CHARS} 字末尾按键到下一帧（${result.bound.length} 次，交替测量）：\n` +
      `  编辑器（绑定 Y.Text）p50 ${ms(b50)}，p95 ${ms(b95)}\n` +
      `  普通文本框（同样文字）p50 ${ms(p50)}，p95 ${ms(p95)}\n` +
      `  其中主线程上的处理（输入事件到其后第一个任务）：编辑器 p50 ${ms(q(result.boundWork, 0.5))}，p95 ${ms(q(result.boundWork, 0.95))}；普通 p50 ${ms(q(result.plainWork, 0.5))}\n` +
      `  比值 p50 ${(b50 / p50).toFixed(2)}×，p95 ${(b95 / p95).toFixed(2)}×（目标 ≤ 1.1×）；结束时正文 ${docText} 字`,
  );
} finally {
  await browser.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
