// exportReport, the entry point the CLI and the app call: each format gives what its renderer
// gives, progress runs from 0 to 1, and the export yields to the event loop between tables so
// the editor keeps responding (a timer set before the export gets to run during it).
import { describe, expect, it } from 'vitest';
import { parseReportJSON, reportToJSON } from '../../src/domain/report.ts';
import { exportReport, type ExportFormat } from '../../src/export/index.ts';
import { renderCmsHtml } from '../../src/export/cms-html.ts';
import { renderPrintDocument } from '../../src/export/print-html.ts';
import { seedReport } from '../support/seed-report.ts';

const signature = { unit: '下冶镇人民政府', date: '2024年1月20日' };

describe('exportReport', () => {
  it('json is the contract JSON and reads back to the same report', async () => {
    const seed = seedReport();
    const json = await exportReport(seed, 'json');
    expect(json).toBe(reportToJSON(seed));
    const back = parseReportJSON(json);
    expect(back.ok && back.value).toEqual(seed);
  });

  it('html and print give what the renderers give, step by step', async () => {
    const seed = seedReport();
    expect(await exportReport(seed, 'html')).toBe(renderCmsHtml(seed));
    expect(await exportReport(seed, 'html', { fragment: true, signature })).toBe(renderCmsHtml(seed, { fragment: true, signature }));
    expect(await exportReport(seed, 'print', { signature })).toBe(renderPrintDocument(seed, { signature }));
  });

  it.each<ExportFormat>(['html', 'print', 'docx'])('%s reports progress 0→1 and yields between tables', async (format) => {
    const progress: number[] = [];
    const steps: string[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      await exportReport(seedReport(), format, {
        onProgress: (f, s) => {
          progress.push(f);
          steps.push(s);
        },
      });
    } finally {
      clearInterval(timer);
    }
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(steps.filter((s) => s.endsWith('（表格）'))).toHaveLength(3);
    expect(ticks).toBeGreaterThanOrEqual(3);
  });

  it('refuses an unknown format in Chinese', async () => {
    await expect(exportReport(seedReport(), 'pdf' as ExportFormat)).rejects.toThrow(/不支持的导出格式“pdf”/);
  });
});
