// The report's year between two office PCs (issue 13), in real Chromium profiles against the
// built app: over the relay and over 同步包 files. A saves a version, B edits, the comparison
// shows B's edits attributed to B; B comments on a cell, A replies and resolves; A signs off
// (定稿) and B can no longer edit until a logged 解锁; restoring the version brings the old
// numbers back on both PCs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createReport, savedLocally, typeCell, useAppAndBrowser, type App, type Browser, type Page } from './helpers.ts';

let app: App;
let browser: Browser;
useAppAndBrowser((a, b) => ((app = a), (browser = b)));

const CELL = 't3.r1_new.np';
const S5_BEFORE = '本年度未发生行政复议。';
const S5_AFTER = '本年度未发生行政复议和行政诉讼。';

async function profile(name: string, url = app.url): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'zh-CN', acceptDownloads: true })).newPage();
  page.on('pageerror', (e) => console.log(`[${name}] 页面错误：`, e.message));
  await page.goto(url);
  await page.getByLabel(/我的名字/).fill(name);
  await page.getByLabel(/我的名字/).press('Enter');
  await page.locator('[data-name-saved]').waitFor();
  return page;
}
const cellOf = (p: Page) => p.locator(`[data-cell="${CELL}"]`);
const waitCell = (p: Page, v: string) => expect.poll(() => cellOf(p).inputValue(), { timeout: 20_000 }).toBe(v);
const waitStatus = (p: Page, s: string) => p.locator(`[data-status="${s}"]`).waitFor({ timeout: 20_000 });

/** Type as a clerk does: caret before the final 。, then the words (not fill(), which replaces the whole text). */
async function typeBeforeFullStop(p: Page, words: string) {
  const s5 = p.locator('[data-section="s5"]');
  await s5.click();
  await s5.press('Control+End');
  await s5.press('ArrowLeft');
  await s5.pressSequentially(words);
  await expect.poll(() => s5.inputValue()).toBe(S5_AFTER);
}
async function saveVersion(p: Page, name: string) {
  await p.getByRole('button', { name: '保存版本' }).click();
  await p.getByLabel('版本名称').fill(name);
  await p.getByRole('button', { name: '保存', exact: true }).click();
  await p.getByText(`已保存版本“${name}”。`).waitFor();
}
async function openVersions(p: Page) {
  const btn = p.getByRole('button', { name: /^版本/ });
  if ((await btn.getAttribute('aria-expanded')) !== 'true') await btn.click();
}
async function compareShowsB(a: Page) {
  await openVersions(a);
  await a.locator('[data-version="送审稿"]').getByRole('button', { name: '比较' }).click();
  const row = a.locator(`[data-diff-cell="${CELL}"]`);
  await row.waitFor();
  expect(await row.locator('td').allInnerTexts()).toEqual([expect.stringContaining('本年新收政府信息公开申请数量」自然人'), '12', '15', '李四']);
  const prose = a.locator('[data-diff-section="s5"]');
  expect(await prose.locator('ins').allInnerTexts()).toEqual(['和行政诉讼']);
  expect(await prose.locator('ins').getAttribute('data-by')).toBe('李四');
  expect(await prose.innerText()).toContain('修改人：李四');
  await a.getByRole('button', { name: '关闭比较' }).click();
}
async function commentOnCell(b: Page, text: string) {
  await cellOf(b).click();
  await b.getByRole('button', { name: '评论', exact: true }).click();
  await b.getByLabel('评论内容').fill(text);
  await b.getByRole('button', { name: '发表' }).click();
}
async function openComments(p: Page) {
  const btn = p.getByRole('button', { name: /^评论列表/ });
  if ((await btn.getAttribute('aria-expanded')) !== 'true') await btn.click();
}
async function replyAndResolve(a: Page, text: string) {
  await openComments(a);
  const thread = a.locator('section[aria-label="评论"] [data-comment]');
  await thread.waitFor({ timeout: 20_000 });
  expect(await thread.innerText()).toContain('李四');
  expect(await thread.innerText()).toContain('这个数和正文对得上吗？');
  await thread.getByLabel('回复内容').fill(text);
  await thread.getByRole('button', { name: '回复' }).click();
  await thread.getByText(text).waitFor();
  await thread.getByRole('button', { name: '解决' }).click();
  await a.getByLabel('显示已解决的评论').check();
  await a.locator('section[aria-label="评论"] [data-comment][data-resolved]').waitFor();
}
async function signOff(a: Page) {
  await a.getByRole('button', { name: '定稿' }).click();
  await waitStatus(a, 'final');
  expect(await a.locator('[data-status]').innerText()).toContain('张三');
}
async function cannotEdit(b: Page) {
  await expect.poll(() => cellOf(b).getAttribute('aria-readonly'), { timeout: 20_000 }).toBe('true');
  expect(await cellOf(b).getAttribute('readonly')).not.toBeNull();
  expect(await b.locator('[data-section="s5"]').getAttribute('aria-readonly')).toBe('true');
  expect(await b.locator('[data-section="s5"]').getAttribute('readonly')).not.toBeNull();
  expect(await b.locator('#report-title').getAttribute('aria-readonly')).toBe('true');
  expect(await b.getByRole('button', { name: '撤销' }).isDisabled()).toBe(true);
  await cellOf(b).click();
  await cellOf(b).press('Control+a');
  await cellOf(b).pressSequentially('99');
  expect(await cellOf(b).inputValue()).toBe('15');
  expect(await b.locator('[data-status]').innerText()).toContain('张三');
}
async function unlock(a: Page, reason: string) {
  await a.getByRole('button', { name: '解锁' }).click();
  await a.getByLabel('解锁原因').fill(reason);
  await a.getByRole('button', { name: '确定' }).click();
  await waitStatus(a, 'review');
}
async function canEditAgain(b: Page, reason: string) {
  await waitStatus(b, 'review');
  await expect.poll(() => cellOf(b).getAttribute('aria-readonly')).toBeNull();
  await b.getByText(/状态记录/).click();
  expect(await b.locator('[data-status-entry="unlock"]').innerText()).toContain(reason);
}
async function restore(a: Page) {
  await openVersions(a);
  await a.locator('[data-version="送审稿"]').getByRole('button', { name: '恢复' }).click();
  await waitCell(a, '12');
  expect(await a.locator('[data-section="s5"]').inputValue()).toBe(S5_BEFORE);
}

describe('over the relay', () => {
  it('versions, comments, sign-off and restore between two PCs', async () => {
    const a = await profile('张三');
    await createReport(a, '复核镇人民政府', 2024);
    await typeCell(a, CELL, '12');
    await a.locator('[data-section="s5"]').fill(S5_BEFORE);
    await a.getByRole('button', { name: '共享' }).click();
    await a.getByRole('button', { name: '生成邀请链接' }).click();
    const link = (await a.locator('[data-invite-link]').textContent())!.trim();
    await a.getByRole('button', { name: '关闭' }).click();

    // The invite link may name another address of this server (another origin, so another profile store).
    const b = await profile('李四', new URL(link).origin + '/');
    await b.goto(link);
    await waitCell(b, '12');

    await saveVersion(a, '送审稿');
    await openVersions(b);
    await b.locator('[data-version="送审稿"]').waitFor({ timeout: 20_000 });

    await typeCell(b, CELL, '15');
    await typeBeforeFullStop(b, '和行政诉讼');
    await waitCell(a, '15');
    await expect.poll(() => a.locator('[data-section="s5"]').inputValue(), { timeout: 20_000 }).toBe(S5_AFTER);
    await compareShowsB(a);

    // 显示作者: the prose coloured by who wrote it, names on hover, from the Yjs history.
    await a.getByRole('button', { name: '显示作者' }).click();
    const runs = a.locator('[data-authorship="s5"] [data-author]');
    await runs.first().waitFor();
    expect(await runs.evaluateAll((els) => els.map((e) => [e.getAttribute('title'), e.textContent]))).toEqual([
      ['张三', '本年度未发生行政复议'],
      ['李四', '和行政诉讼'],
      ['张三', '。'],
    ]);
    await a.getByRole('button', { name: '显示作者' }).click();

    await commentOnCell(b, '这个数和正文对得上吗？');
    await replyAndResolve(a, '已核对，无误');
    await openComments(b);
    await b.getByLabel('显示已解决的评论').check();
    await b.locator('section[aria-label="评论"] [data-comment][data-resolved]').waitFor({ timeout: 20_000 });
    expect(await b.locator('section[aria-label="评论"] [data-comment]').innerText()).toContain('已核对，无误');

    await signOff(a);
    await waitStatus(b, 'final');
    await cannotEdit(b);
    await unlock(a, '表三数字需更正');
    await canEditAgain(b, '表三数字需更正');

    await restore(a);
    await waitCell(b, '12');
    await expect.poll(() => b.locator('[data-section="s5"]').inputValue(), { timeout: 20_000 }).toBe(S5_BEFORE);
    await a.context().close();
    await b.context().close();
  });
});

async function exportPkg(page: Page): Promise<Buffer> {
  await page.getByRole('button', { name: '导出同步包' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '生成并下载' }).click()]);
  return readFileSync((await download.path())!);
}
async function importPkg(page: Page, bytes: Buffer): Promise<void> {
  await page.locator('input[type=file][accept^=".gknb"]').setInputFiles({ name: 'x.gknb', mimeType: 'application/octet-stream', buffer: bytes });
}
async function carry(from: Page, to: Page) {
  await savedLocally(from);
  await importPkg(to, await exportPkg(from));
}

describe('over 同步包 files', () => {
  it('versions, comments, sign-off and restore between two PCs with no network in common', async () => {
    const a = await profile('张三');
    const b = await profile('李四');
    await createReport(a, '交换镇人民政府', 2024);
    await typeCell(a, CELL, '12');
    await a.locator('[data-section="s5"]').fill(S5_BEFORE);
    await saveVersion(a, '送审稿');
    await carry(a, b); // from the library: creates the report on B
    await waitCell(b, '12');

    await typeCell(b, CELL, '15');
    await typeBeforeFullStop(b, '和行政诉讼');
    // A colleague's comment is outside text: shown as text, never run as markup.
    const HOSTILE = '这个数和正文对得上吗？<img src=x onerror="window.__pwned=1">';
    await commentOnCell(b, HOSTILE);
    await carry(b, a);
    await waitCell(a, '15');
    await compareShowsB(a);
    expect(await a.locator(`td:has([data-cell="${CELL}"]) [data-comment]`).getAttribute('title')).toBe(`李四：${HOSTILE}`);
    expect(await a.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await a.locator('img[src="x"]').count()).toBe(0);
    await replyAndResolve(a, '已核对，无误');
    await signOff(a);

    await carry(a, b);
    await waitStatus(b, 'final');
    await cannotEdit(b);
    await unlock(a, '表三数字需更正');
    await carry(a, b);
    await canEditAgain(b, '表三数字需更正');

    await restore(a);
    await carry(a, b);
    await waitCell(b, '12');
    expect(await b.locator('[data-section="s5"]').inputValue()).toBe(S5_BEFORE);

    // The library shows the status, the days to the deadline and the open comments.
    await b.getByRole('button', { name: '← 报告列表' }).click();
    const row = b.locator('tr[data-report-id]');
    await row.waitFor();
    expect(await row.locator('[data-row-status]').getAttribute('data-row-status')).toBe('review');
    expect(await row.locator('[data-open-comments]').getAttribute('data-open-comments')).toBe('0');
    expect(await row.locator('[data-days-left]').innerText()).toMatch(/2025-01-31\s*(已过 \d+ 天|还有 \d+ 天|今天截止)/);
  });
});
