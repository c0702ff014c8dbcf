// `nianbao aggregate <file|dir…> -o F.json|F.xlsx|F.docx [--expect list.txt] [--name 名称]`:
// 表二/三/四 summed over the units' reports (domain/aggregate.ts). Any file that cannot be read
// stops the command (exit 2): a sum silently missing a unit would be wrong in print.

import { readFile, writeFile } from 'node:fs/promises';
import { aggregateReports, parseUnitList } from '../domain/aggregate.ts';
import type { Report } from '../domain/report.ts';
import { readCountySets } from './summary.ts';
import type { CountyReadOptions } from '../workers/county-read.ts';
import { UsageError } from './args.ts';

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export async function aggregateCommand(paths: readonly string[], opts: { output?: string; expect?: string; name?: string; pkg?: CountyReadOptions }, io: Io): Promise<number> {
  if (!paths.length) throw new UsageError('请指定要汇总的报告文件或文件夹，例如：nianbao aggregate 各单位/ -o 汇总表.xlsx');
  if (!opts.output) throw new UsageError('请用 -o 指定输出文件（.json、.xlsx 或 .docx），例如：-o 汇总表.xlsx');
  const format = /\.(json|xlsx|docx)$/i.exec(opts.output)?.[1]?.toLowerCase();
  if (!format) throw new UsageError(`不支持的输出文件“${opts.output}”：文件名须以 .json、.xlsx 或 .docx 结尾。`);
  let expect: string[] | undefined;
  if (opts.expect) {
    try {
      expect = parseUnitList(await readFile(opts.expect, 'utf8'));
    } catch (e) {
      io.err(`无法读取单位名单“${opts.expect}”：${(e as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : (e as Error).message}。`);
      return 2;
    }
  }
  const entries = await readCountySets(paths, [], opts.pkg);
  const failed = entries.filter((e) => !e.report);
  for (const f of failed) io.err(f.error!);
  if (failed.length) {
    io.err(`有 ${failed.length} 个文件无法读取，未汇总。请移除或更换这些文件后再试。`);
    return 2;
  }
  const agg = aggregateReports(entries.map((e) => e.report as Report), { name: opts.name, expect });
  if (!agg.ok) {
    io.err(agg.error);
    return 2;
  }
  const a = agg.value;
  let bytes: string | Uint8Array;
  if (format === 'json') bytes = (await import('../export/county-aggregate.ts')).aggregateJson(a);
  else if (format === 'xlsx') bytes = (await import('../export/county-sheets.ts')).aggregateXlsx(a);
  else bytes = await (await import('../export/county-aggregate.ts')).aggregateDocx(a);
  try {
    await writeFile(opts.output, bytes);
  } catch (e) {
    io.err(`无法写入“${opts.output}”：${(e as Error).message}`);
    return 2;
  }
  io.out(`已汇总 ${a.units.length} 个单位${a.missing.length ? `，未报送 ${a.missing.length} 个：${a.missing.join('、')}` : ''}。`);
  for (const f of a.findings) io.out(`  [汇总核对] ${f.rule}  ${f.message}`);
  io.err(`已写入 ${opts.output}`);
  return 0;
}
