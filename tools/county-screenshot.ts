// Makes docs/images/county-overview.png (docs/county.md): the 汇总检查 workspace at 1366×768
// with the fixtures, a few seeded units (two with a broken 表三 balance) and one unreadable file.
// Run: npx vite build && npx tsx tools/county-screenshot.ts
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { defaultTitle, reportToJSON } from '../src/domain/report.ts';
import { consistentReportArb } from '../tests/property/arbitraries.ts';
import { launch, startApp } from '../tests/e2e/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'county-shot-'));
for (const f of ['pingtan-jinjing-2021.html', 'shuyang-fgj-2023.html', 'xiaye-town-2023.txt']) copyFileSync(`tests/fixtures/${f}`, join(dir, f));
const names = ['城关镇人民政府', '东城街道办事处', '西河乡人民政府', '县教育局', '县卫生健康局', '南山镇人民政府'];
fc.sample(consistentReportArb({ year: 2023, type: 'township' }), { seed: 7, numRuns: names.length }).forEach((r, i) => {
  const cells = { ...r.cells };
  if (i % 3 === 1) cells['t3.r1_new.np'] = (cells['t3.r1_new.np'] ?? 0) + 3;
  const name = names[i]!;
  writeFileSync(join(dir, `${name}.json`), reportToJSON({ ...r, unit: { name, type: i === 3 || i === 4 ? 'department' : 'township' }, title: defaultTitle(name, 2023), cells }));
});
writeFileSync(join(dir, '北岭镇2023年报.docx'), 'PK\u0003\u0004 not really a docx');
const app = await startApp();
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(`${app.url}/#/county`);
  await page.getByLabel('添加本年度报告文件', { exact: true }).setInputFiles(readdirSync(dir).map((f) => join(dir, f)));
  await page.waitForFunction(() => document.querySelectorAll('[data-unit-row]').length === 10 && !document.querySelector('[data-county-progress]'));
  await page.screenshot({ path: 'docs/images/county-overview.png' });
} finally {
  await browser.close();
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
}
