// Typing while a colleague types, in real Chromium against the built app: two tabs of one
// browser (BroadcastChannel) and two browser profiles over the real relay. The input method is
// driven through the DevTools protocol as an IME does it: Input.imeSetComposition opens/updates
// the underlined word, Input.insertText commits it, an empty composition cancels it (what
// Escape does). While A's word is open, B types at the start, the middle or the end; afterwards
// both texts are there, identical on both sides, and A's caret sits after her word. And the
// focused-cell case: A types 1 and keeps the focus, B sets 7, A types 2 → a conflict of 7 and 12
// with both names, on both sides.
import { describe, expect, it } from 'vitest';
import { createReport, typeCell, useAppAndBrowser, type App, type Browser, type Page } from './helpers.ts';

let app: App;
let browser: Browser;
useAppAndBrowser((a, b) => ((app = a), (browser = b)));

const SECTION = '[data-section="s5"]';
const BASE = '存在的主要问题：公开不够及时。';
/** A cell B sets after typing: once A shows it, A has received B's typing too (one ordered stream). */
const MARK = 't3.r1_new.biz';
const CELL = 't3.r1_new.np';

async function text(page: Page): Promise<string> {
  return page.locator(SECTION).inputValue();
}

async function caretTo(page: Page, at: number): Promise<void> {
  await page.locator(SECTION).evaluate((el: HTMLTextAreaElement, p) => {
    el.focus();
    el.setSelectionRange(p, p);
  }, at);
}

type Ending = 'commit' | 'cancel' | 'longer';

/**
 * A opens a word at `aAt`; B types `typed` at `bAt` and then sets MARK to `mark`; once A has
 * B's edits (MARK shows on A), A ends her word. Both sides must end with both texts.
 */
async function composeWhileColleagueTypes(a: Page, b: Page, opts: { aAt: number; bAt: number; ending: Ending; typed: string; mark: string }) {
  const before = await text(a);
  const cdp = await a.context().newCDPSession(a);
  await caretTo(a, opts.aAt);
  await cdp.send('Input.imeSetComposition', { text: 'bu', selectionStart: 2, selectionEnd: 2 });
  await expect.poll(() => text(a)).toBe(before.slice(0, opts.aAt) + 'bu' + before.slice(opts.aAt));

  await caretTo(b, opts.bAt);
  await b.keyboard.insertText(opts.typed);
  await typeCell(b, MARK, opts.mark);
  await b.locator(SECTION).focus(); // leave MARK
  await expect.poll(() => a.locator(`[data-cell="${MARK}"]`).inputValue(), { timeout: 15_000 }).toBe(opts.mark);
  // Her word is still open and undisturbed.
  expect(await text(a)).toBe(before.slice(0, opts.aAt) + 'bu' + before.slice(opts.aAt));

  let word = '';
  if (opts.ending === 'commit') {
    word = '滞后';
    await cdp.send('Input.insertText', { text: word });
  } else if (opts.ending === 'longer') {
    await cdp.send('Input.imeSetComposition', { text: 'buhaode', selectionStart: 7, selectionEnd: 7 });
    word = '不好的说法';
    await cdp.send('Input.insertText', { text: word });
  } else {
    await cdp.send('Input.imeSetComposition', { text: '', selectionStart: 0, selectionEnd: 0 });
  }
  await cdp.detach();

  const mine = before.slice(0, opts.aAt) + word + before.slice(opts.aAt);
  const theirs = before.slice(0, opts.bAt) + opts.typed + before.slice(opts.bAt);
  // Both edits are in, on both sides, identical.
  await expect.poll(() => text(a), { timeout: 15_000 }).toContain(opts.typed);
  await expect.poll(async () => (await text(b)) === (await text(a)), { timeout: 15_000 }).toBe(true);
  const final = await text(a);
  if (word) expect(final).toContain(word);
  expect(final.replace(word, '')).toBe(theirs);
  expect(final.replace(opts.typed, '')).toBe(mine);
  // A's caret: right after her word (or where she was, when she cancelled).
  const caret = await a.locator(SECTION).evaluate((el: HTMLTextAreaElement) => el.selectionEnd);
  if (word) expect(final.slice(0, caret).endsWith(word)).toBe(true);
  else expect(caret).toBe(opts.aAt + (opts.bAt < opts.aAt ? opts.typed.length : 0));
}

async function scenarios(a: Page, b: Page, label: string) {
  await a.locator(SECTION).fill(BASE);
  await expect.poll(() => text(b), { timeout: 15_000 }).toBe(BASE);
  const cases: { aAt: number; bAt: number; ending: Ending }[] = [
    { aAt: 8, bAt: 0, ending: 'commit' }, // colleague at the start
    { aAt: 4, bAt: 10, ending: 'commit' }, // in the middle
    { aAt: 8, bAt: BASE.length, ending: 'commit' }, // at the end
    { aAt: BASE.length, bAt: BASE.length, ending: 'commit' }, // both at the end
    { aAt: 8, bAt: 3, ending: 'cancel' },
    { aAt: 2, bAt: BASE.length, ending: 'longer' },
  ];
  let n = 0;
  for (const c of cases) {
    n++;
    await a.locator(SECTION).fill(BASE);
    await expect.poll(() => text(b), { timeout: 15_000 }).toBe(BASE);
    await composeWhileColleagueTypes(a, b, { ...c, typed: `（${label}补充${n}）`, mark: String(n) });
  }
}

describe('typing while a colleague types', () => {
  it('two tabs: an open input-method word keeps the colleague’s text (start/middle/end; committed, cancelled, longer), and the title keeps both edits', async () => {
    const ctx = await browser.newContext({ locale: 'zh-CN' });
    const a = await ctx.newPage();
    const errors: string[] = [];
    a.on('pageerror', (e) => errors.push(e.message));
    await a.goto(app.url);
    await createReport(a, '标签镇人民政府');
    const b = await ctx.newPage();
    b.on('pageerror', (e) => errors.push(e.message));
    await b.goto(a.url());
    await b.locator(SECTION).waitFor();
    await scenarios(a, b, '标签');

    // The title: A edits the end while B edits the start → both; both edit the same words →
    // B's stays and A is told, with her text.
    const titleA = a.locator('#report-title');
    const titleB = b.locator('#report-title');
    const t0 = await titleA.inputValue();
    await titleA.click();
    await titleA.press('End');
    await titleA.pressSequentially('（修订）');
    await titleB.click();
    await titleB.press('Home');
    await titleB.pressSequentially('某县');
    await titleB.press('Enter');
    await expect.poll(() => a.locator('[data-meta="title"] + [role="status"]').textContent(), { timeout: 15_000 }).toContain(`刚改为“某县${t0}”`);
    expect(await titleA.inputValue()).toBe(`${t0}（修订）`); // her text is not replaced under her fingers
    await titleA.press('Enter');
    await expect.poll(() => titleB.inputValue(), { timeout: 15_000 }).toBe(`某县${t0}（修订）`);
    await a.locator(SECTION).focus();
    expect(await titleA.inputValue()).toBe(`某县${t0}（修订）`);

    await titleA.click();
    await titleA.fill('甲拟的标题');
    await titleB.click();
    await titleB.fill('乙拟的标题');
    await titleB.press('Enter');
    await expect.poll(() => a.locator('[data-meta="title"] + [role="status"]').textContent(), { timeout: 15_000 }).toContain('刚改为“乙拟的标题”');
    await titleA.press('Enter');
    await expect.poll(() => a.locator('.banner.error').textContent()).toContain('你的修改“甲拟的标题”没有保存');
    await a.locator(SECTION).focus();
    expect(await titleA.inputValue()).toBe('乙拟的标题');
    expect(await titleB.inputValue()).toBe('乙拟的标题');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('two profiles over the relay: the same, and a focused cell does not overwrite the colleague’s number', async () => {
    // The name is kept per origin: B sets it on the origin the invite link points to (a LAN
    // address of this machine, not necessarily localhost).
    const profile = async (name: string, origin = app.url) => {
      const ctx = await browser.newContext({ locale: 'zh-CN' });
      const page = await ctx.newPage();
      await page.goto(origin);
      const me = page.getByLabel('我的名字（同事会在修改记录中看到）');
      await me.fill(name);
      await me.press('Enter');
      await page.locator('[data-name-saved]').waitFor();
      // Stored (not only typed): the name survives a reload before anything is edited.
      await expect
        .poll(async () => {
          await page.reload();
          return page.getByLabel('我的名字（同事会在修改记录中看到）').inputValue();
        })
        .toBe(name);
      return page;
    };
    const errors: string[] = [];
    const a = await profile('张三');
    a.on('pageerror', (e) => errors.push(e.message));
    await createReport(a, '中继镇人民政府');
    await a.getByRole('button', { name: '共享' }).click();
    await a.getByRole('button', { name: '生成邀请链接' }).click();
    const link = (await a.locator('[data-invite-link]').textContent())!.trim();
    await a.getByRole('button', { name: '关闭' }).click();
    const b = await profile('李四', new URL(link).origin);
    b.on('pageerror', (e) => errors.push(e.message));
    await b.goto(link);
    await b.locator(SECTION).waitFor({ timeout: 30_000 });

    // The focused cell: A types 1 and keeps the focus; B sets 7; A types 2.
    const cellA = a.locator(`[data-cell="${CELL}"]`);
    await cellA.click();
    await cellA.press('Control+a');
    await cellA.pressSequentially('1');
    await expect.poll(() => b.locator(`[data-cell="${CELL}"]`).inputValue(), { timeout: 15_000 }).toBe('1');
    await typeCell(b, CELL, '7');
    await typeCell(b, MARK, '5'); // once A shows this, she has B's 7 too
    await b.locator(SECTION).focus();
    await expect.poll(() => a.locator(`[data-cell="${MARK}"]`).inputValue(), { timeout: 15_000 }).toBe('5');
    expect(await cellA.inputValue()).toBe('1'); // she still sees what she typed
    await cellA.press('End');
    await cellA.pressSequentially('2');
    for (const page of [a, b]) {
      const td = page.locator(`td:has([data-cell="${CELL}"])`);
      await expect.poll(() => td.getAttribute('data-conflict'), { timeout: 15_000 }).toBe('');
      await expect.poll(() => td.getByRole('button').allTextContents(), { timeout: 15_000 }).toEqual(['采用 7（李四）', '采用 12（张三）']);
    }
    // While she is still in the cell, it says who changed it.
    await expect.poll(() => a.locator(`td:has([data-cell="${CELL}"]) [data-colleague-edit]`).textContent()).toBe('李四刚把此格改为 7');
    await a.locator(SECTION).focus();
    expect(await a.locator('[data-colleague-edit]').count()).toBe(0);
    expect(await a.locator(`td:has([data-cell="${CELL}"]) [role="status"]`).count()).toBe(0); // gone with the focus

    await scenarios(a, b, '中继');
    expect(errors).toEqual([]);
  });
});
