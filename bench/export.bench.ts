// Export timings for one report: JSON, CMS HTML, print view, DOCX (cold = first call, which loads
// the docx library; warm = median of later calls), the DOCX against the raw `docx` library packing
// the same paragraphs and tables without our styles (ratio), and the longest stretch the export
// keeps the event loop busy (what a user typing in the editor would feel as a freeze).
import { performance } from 'node:perf_hooks';
import { SECTION_IDS } from '../src/domain/format.ts';
import type { Report } from '../src/domain/report.ts';
import { exportReport } from '../src/export/index.ts';
import { reportOutline } from '../src/export/outline.ts';
import { tableGrid } from '../src/export/table-grid.ts';
import { seedReport } from '../tests/support/seed-report.ts';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

/** Longest gap between event-loop turns while `job` runs. */
async function longestStall(job: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 0);
  await job();
  clearInterval(timer);
  return Math.max(worst, performance.now() - last);
}

async function rawDocx(report: Report): Promise<Uint8Array> {
  const d = await import('docx');
  const children: (InstanceType<typeof d.Paragraph> | InstanceType<typeof d.Table>)[] = [];
  for (const b of reportOutline(report)) {
    if (b.kind === 'table') {
      children.push(
        new d.Table({
          rows: tableGrid(b.layout, report).map(
            (r) =>
              new d.TableRow({
                children: r.cells.map(
                  (c) => new d.TableCell({ columnSpan: c.colspan, rowSpan: c.rowspan, children: [new d.Paragraph(c.text)] }),
                ),
              }),
          ),
        }),
      );
    } else if (b.kind !== 'signature') {
      children.push(new d.Paragraph(b.kind === 'title' ? b.text : b.text));
    }
  }
  return d.Packer.pack(new d.Document({ sections: [{ children }] }), 'uint8array');
}

function longReport(): Report {
  const r = seedReport();
  const para = '为进一步深化和规范政府信息公开工作，由分管领导具体指导、监督信息公开工作，各部门按职责要求分工落实政府信息公开各项工作，党政综合办公室负责政务公开日常工作。';
  for (const id of SECTION_IDS) r.sections[id] = Array.from({ length: 12 }, (_, k) => `${k + 1}.${para}`).join('\n');
  return r;
}

const RUNS = 15;
{
  const s = performance.now();
  const u = process.cpuUsage();
  await import('docx');
  const du = process.cpuUsage(u);
  console.log(`加载 docx 库（import）: ${fmt(performance.now() - s)}   CPU ${fmt((du.user + du.system) / 1000)}`);
}
for (const [name, report] of [['下冶镇 2023（种子报告）', seedReport()], ['长报告（每部分 12 段，约 20 页）', longReport()]] as const) {
  console.log(`\n${name}`);
  // CPU time next to wall time: on a shared 2-core machine the wall clock mostly measures the
  // other processes.
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const t0 = performance.now();
  const c0 = cpu();
  const first = await exportReport(report, 'docx');
  const cold = performance.now() - t0;
  const coldCpu = cpu() - c0;
  const docxCpu: number[] = [];
  const times: Record<string, number[]> = { json: [], html: [], print: [], docx: [], raw: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const f of ['json', 'html', 'print', 'docx'] as const) {
      const s = performance.now();
      const c = cpu();
      await exportReport(report, f);
      times[f]!.push(performance.now() - s);
      if (f === 'docx') docxCpu.push(cpu() - c);
    }
    const s = performance.now();
    await rawDocx(report);
    times.raw!.push(performance.now() - s);
  }
  const stall = await longestStall(() => exportReport(report, 'docx'));
  const stallHtml = await longestStall(() => exportReport(report, 'print'));
  console.log(`  JSON                 ${fmt(median(times.json!))}`);
  console.log(`  CMS HTML             ${fmt(median(times.html!))}`);
  console.log(`  打印视图 HTML         ${fmt(median(times.print!))}   最长阻塞 ${fmt(stallHtml)}`);
  console.log(`  DOCX 首次（库已加载）  ${fmt(cold)}   CPU ${fmt(coldCpu)}   (${(first.length / 1024).toFixed(0)} KiB)`);
  console.log(`  DOCX 之后（中位数）    ${fmt(median(times.docx!))}   CPU ${fmt(median(docxCpu))}   最长阻塞 ${fmt(stall)}`);
  console.log(`  原始 docx 库同内容     ${fmt(median(times.raw!))}   比值 ${(median(times.docx!) / median(times.raw!)).toFixed(2)}×`);
}
