// Renders the app icons (static/icon-*.png) with the system Chromium, so no image tool or
// download is needed: `npx tsx tools/make-icons.ts`. The PNGs are committed; rerun only when
// the design changes. Maskable: the glyphs sit inside the central 80% safe zone.
import { chromium } from 'playwright-core';

const html = (size: number, maskable: boolean) => `<!doctype html><html><body style="margin:0">
<div style="width:${size}px;height:${size}px;background:#b71c1c;border-radius:${maskable ? 0 : size * 0.18}px;
display:flex;align-items:center;justify-content:center;color:#fff;font-weight:700;
font-family:'Noto Serif CJK SC','Noto Sans CJK SC',serif;font-size:${size * (maskable ? 0.3 : 0.4)}px;letter-spacing:-0.04em">年报</div>
</body></html>`;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
for (const [size, maskable, file] of [
  [192, false, 'icon-192.png'],
  [512, false, 'icon-512.png'],
  [512, true, 'icon-maskable-512.png'],
] as const) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(html(size, maskable));
  await page.screenshot({ path: `static/${file}`, omitBackground: !maskable });
  await page.close();
}
await browser.close();
