// Layout at the clerk's screen sizes (issue 15): 1366×768 office laptops and 1024-wide old PCs.
// No caption or button wraps per character, nothing in the bar overlaps, every table fits its
// column (or scrolls inside its own box), the findings panel folds to a badge when narrow.
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createReport, typeCell, useAppAndBrowser, type App, type Browser, type Page } from './helpers.ts';

let app: App;
let browser: Browser;
useAppAndBrowser((a, b) => ((app = a), (browser = b)));

const SHOTS = process.env.NIANBAO_SHOTS ?? '';

/** Elements whose text wrapped: taller than 1.6 lines of their own line height. */
async function wrapped(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((els) =>
    els
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .filter((el) => {
        const cs = getComputedStyle(el);
        const line = parseFloat(cs.lineHeight) || parseFloat(cs.fontSize) * 1.4;
        const pad = parseFloat(cs.paddingTop) + parseFloat(cs.paddingBottom) + parseFloat(cs.borderTopWidth) + parseFloat(cs.borderBottomWidth);
        return el.getBoundingClientRect().height - pad > line * 1.6;
      })
      .map((el) => `${el.tagName.toLowerCase()}「${(el as HTMLElement).innerText.trim().slice(0, 20)}」${Math.round(el.getBoundingClientRect().height)}px`),
  );
}

/** Pairs of visible elements whose boxes overlap. */
async function overlaps(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((els) => {
    const boxes = els
      .filter((el) => (el as HTMLElement).offsetParent !== null || getComputedStyle(el).position === 'fixed')
      .map((el) => ({ name: (el as HTMLElement).innerText.trim().slice(0, 12) || el.tagName, r: el.getBoundingClientRect() }))
      .filter((b) => b.r.width > 0 && b.r.height > 0);
    const out: string[] = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!.r;
        const b = boxes[j]!.r;
        if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) out.push(`${boxes[i]!.name} × ${boxes[j]!.name}`);
      }
    }
    return out;
  });
}

for (const [width, height] of [[1366, 768], [1024, 768]] as const) {
  describe(`layout at ${width}×${height}`, () => {
    it('captions and buttons on one line, no overlaps, tables within their column', async () => {
      const page = await browser.newPage({ viewport: { width, height } });
      await page.goto(app.url);
      // This year's report: the only error is the one typed below (no deadline passed).
      await createReport(page, '下冶镇人民政府', new Date().getUTCFullYear());
      await typeCell(page, 't3.r1_new.np', '5');
      await page.locator('[data-section="s5"]').fill('无');
      await page.locator('.doc li[data-rule="R-S5"]').waitFor();
      if (SHOTS) {
        mkdirSync(SHOTS, { recursive: true });
        await page.screenshot({ path: `${SHOTS}/editor-${width}.png` });
      }

      expect(await wrapped(page, 'caption, caption > *, .bar button, .bar summary, .bar a, .doc .fill, [data-progress]')).toEqual([]);
      expect(await overlaps(page, '.bar > *:not(.spacer)')).toEqual([]);
      for (const t of ['t2', 't3', 't4']) {
        const fit = await page.locator(`table.${t}`).evaluate((table) => {
          const wrap = table.parentElement!;
          const doc = document.querySelector('.doc')!.getBoundingClientRect();
          const box = wrap.getBoundingClientRect();
          return { inside: box.left >= doc.left - 1 && box.right <= doc.right + 1, fits: table.scrollWidth <= wrap.clientWidth + 1 };
        });
        expect(fit, t).toEqual({ inside: true, fits: true });
      }
      const panel = page.locator('aside.panel');
      if (width < 1280) {
        // Folded to a badge that still shows the counts and opens the list.
        expect(await panel.isVisible()).toBe(false);
        const badge = page.getByRole('button', { name: /校验结果/ });
        expect(await badge.innerText()).toMatch(/✖\s*1/);
        await badge.click();
        await panel.waitFor();
        expect(await panel.locator('[data-rule="R-S5"]').count()).toBe(1);
        expect(await overlaps(page, 'aside.panel, .bar')).toEqual([]);
        await page.keyboard.press('Escape');
        await expect.poll(() => panel.isVisible()).toBe(false);
      } else {
        expect(await panel.isVisible()).toBe(true);
        const [doc, aside] = await Promise.all([page.locator('.doc').boundingBox(), panel.boundingBox()]);
        expect(doc!.x + doc!.width).toBeLessThanOrEqual(aside!.x + 1);
      }
      if (SHOTS) {
        await page.locator('table.t3').scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${SHOTS}/t3-${width}.png` });
        await page.locator('table.t4').scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${SHOTS}/t4-${width}.png` });
      }
      await page.close();
    });
  });
}

// A table wider than its column scrolls inside its own box with its label column pinned. At
// 1366 and 1024 every table fits at normal size, so the page is zoomed to 200% (a clerk with large text,
// Windows scaling) until 表三 is wider than its box: the same layout a narrower window gives.
for (const width of [1366, 1024] as const) {
  describe(`pinned label column at ${width}`, () => {
    it('表三 scrolls sideways within itself and its labels stay where they were (screenshot)', async () => {
      const page = await browser.newPage({ viewport: { width, height: 768 } });
      await page.goto(app.url);
      await createReport(page, '下冶镇人民政府', new Date().getUTCFullYear());
      await page.evaluate(() => (document.documentElement.style.zoom = "2"));
      const wrap = page.locator('table.t3').locator('xpath=..');
      const label = page.locator('table.t3 th.label', { hasText: '1.属于国家秘密' });
      const group = page.locator('table.t3 th.label', { hasText: '（三）不予公开' });
      await label.scrollIntoViewIfNeeded();
      const overflow = await wrap.evaluate((w) => w.scrollWidth - w.clientWidth);
      expect(overflow).toBeGreaterThan(20);
      // The label cells' insides (their collapsed borders are drawn by the table and scroll with it).
      const [l0, g0] = await Promise.all([label.boundingBox(), group.boundingBox()]);
      const clip = { x: l0!.x + 3, y: l0!.y + 3, width: l0!.width - 6, height: l0!.height - 6 };
      const before = await page.screenshot({ clip });
      const cellBefore = await page.locator('[data-cell="t3.r3_3_1_stateSecret.np"]').boundingBox();

      await wrap.evaluate((w) => (w.scrollLeft = w.scrollWidth));
      await expect.poll(() => page.locator('[data-cell="t3.r3_3_1_stateSecret.np"]').boundingBox().then((b) => Math.round(b!.x))).toBeLessThan(Math.round(cellBefore!.x) - 10);
      const [l1, g1] = await Promise.all([label.boundingBox(), group.boundingBox()]);
      expect(Math.abs(l1!.x - l0!.x)).toBeLessThan(1.5);
      expect(Math.abs(g1!.x - g0!.x)).toBeLessThan(1.5);
      // The numbers slid under the labels; the labels' pixels did not move.
      const after = await page.screenshot({ clip });
      if (SHOTS) {
        mkdirSync(SHOTS, { recursive: true });
        await page.screenshot({ path: `${SHOTS}/t3-pinned-${width}.png` });
      }
      expect(after.equals(before)).toBe(true);
      await page.close();
    });
  });
}
