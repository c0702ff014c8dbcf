// `nianbao check <file|dir…> --summary [--previous <file|dir>…] [--csv F] [--xlsx F]`: the
// county overview in a terminal — one line per unit (or unreadable file), a total, the same
// counts as the workspace's overview (both come from domain/county-overview.ts). Files are read by
// the workspace's own reader (src/workers/county-read.ts), 同步包 included (./packages.ts). Exit 1
// when any unit has an error finding, else 2 when a file could not be read, else 0.

import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { FINDING_KINDS, FINDING_KIND_LABELS } from '../domain/finding-kinds.ts';
import { overviewRows, overviewTotals, type ReadEntry, type UnitRow } from '../domain/county-overview.ts';
import { readForCounty, type CountyReadOptions } from '../workers/county-read.ts';
import { expandPaths, mapLimited, readBytes } from './files.ts';

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

async function readSet(paths: readonly string[], set: ReadEntry['set'], offset: number, pkg: CountyReadOptions): Promise<ReadEntry[]> {
  const files = await expandPaths(paths);
  return mapLimited(files, 16, async (file): Promise<ReadEntry> => {
    const id = `${set}:${file}`;
    const b = await readBytes(file);
    if (!b.ok) return { id, set, fileName: file, error: b.error };
    const r = await readForCounty(b.bytes, basename(file), pkg);
    return r.ok ? { id, set, fileName: file, report: r.report, notes: r.notes } : { id, set, fileName: file, error: r.error };
  }).then((entries) => entries.map((e, i) => ({ ...e, id: `${offset + i}:${e.id}` })));
}

export async function readCountySets(current: readonly string[], previous: readonly string[], pkg: CountyReadOptions = {}): Promise<ReadEntry[]> {
  const prev = await readSet(previous, 'previous', 0, pkg);
  return [...(await readSet(current, 'current', prev.length, pkg)), ...prev];
}

export function summaryLine(r: UnitRow): string {
  if (r.error) return `${r.fileName}  无法读取：${r.error}`;
  const kinds = FINDING_KINDS.filter((k) => r.kinds[k] > 0).map((k) => `${FINDING_KIND_LABELS[k]} ${r.kinds[k]}`);
  const parts = [
    r.unitName,
    `${r.year}年`,
    `错误 ${r.errors} 个`,
    `警告 ${r.warnings} 个`,
    kinds.length ? `（${kinds.join('，')}）` : '',
    r.similarity != null ? `与上年雷同 ${r.similarity}%` : '',
    r.status,
    r.daysLeft != null ? (r.daysLeft >= 0 ? `距截止 ${r.daysLeft} 天` : `已超过截止日期 ${-r.daysLeft} 天`) : '',
    r.duplicate ? '【同一单位同一年度有多份文件】' : '',
    `（${r.fileName}）`,
  ];
  return parts.filter(Boolean).join('  ');
}

export async function summaryCommand(
  paths: readonly string[],
  opts: { previous: readonly string[]; csv?: string; xlsx?: string; today: string; pkg?: CountyReadOptions },
  io: Io,
): Promise<number> {
  const entries = await readCountySets(paths, opts.previous, opts.pkg);
  const rows = overviewRows(entries, opts.today);
  for (const r of rows) io.out(summaryLine(r));
  const t = overviewTotals(rows);
  io.out(
    `共 ${t.units} 个单位：${t.withErrors} 个有错误（${t.errors} 处），${t.withWarnings} 个有警告（${t.warnings} 处）` +
      `${t.unreadable ? `，${t.unreadable} 个文件无法读取` : ''}${t.duplicates ? `，${t.duplicates} 个文件重复待处理` : ''}。`,
  );
  try {
    if (opts.csv) {
      const { overviewCsv } = await import('../export/county-sheets.ts');
      await writeFile(opts.csv, overviewCsv(rows));
      io.err(`已写入 ${opts.csv}`);
    }
    if (opts.xlsx) {
      const { overviewXlsx } = await import('../export/county-sheets.ts');
      await writeFile(opts.xlsx, overviewXlsx(rows));
      io.err(`已写入 ${opts.xlsx}`);
    }
  } catch (e) {
    io.err(`无法写入文件：${(e as Error).message}`);
    return 2;
  }
  return t.withErrors > 0 ? 1 : t.unreadable > 0 ? 2 : 0;
}
