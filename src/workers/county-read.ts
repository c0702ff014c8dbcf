// Reading one file for the county workspace (issue 17): any format the importers read, or a
// 同步包 (its Yjs update applied to a fresh Y.Doc and read as a plain Report). Never throws: a
// file that cannot be read answers with its Chinese reason, so it becomes a row, not a gap.
// Runs in a check-pool worker in the browser and in the calling thread in Node (CLI, tests).

import type { Finding } from '../domain/finding.ts';
import type { Report } from '../domain/report.ts';
import { checkReport } from '../domain/county-overview.ts';
import { looksLikeSyncPackage, readReportFile, type ReportFileRead } from '../import/report-file.ts';

export type CountyRead = ReportFileRead;

/** Only the CLI passes these: the workspace has no passphrase to offer for a folder of packages. */
export interface CountyReadOptions {
  /** Opens encrypted 同步包 (the CLI reads it from --passphrase-file, never from argv). */
  passphrase?: string;
  /** The row's reason for an encrypted package when no passphrase was given. */
  needsPassphrase?: string;
}

async function readSyncPackage(bytes: Uint8Array, opts: CountyReadOptions): Promise<CountyRead | null> {
  const { isPackage, readPackage } = await import('../sync/exchange.ts');
  if (!isPackage(bytes)) return null;
  const r = await readPackage(bytes, { passphrase: opts.passphrase });
  if (!r.ok) {
    return {
      ok: false,
      error:
        r.code === 'needs-passphrase'
          ? (opts.needsPassphrase ?? '这个同步包已加密，汇总检查不能读取。请让该单位导出不加密的同步包，或发送报告文件。')
          : r.error,
    };
  }
  const Y = await import('yjs');
  const doc = await import('../doc/report-doc.ts');
  const ydoc = new Y.Doc();
  try {
    Y.applyUpdate(ydoc, r.pkg.update);
    if (!doc.isReportDoc(ydoc)) return { ok: false, error: '同步包里没有完整的报告（可能只含部分修改），无法汇总检查。请让该单位发送报告文件。' };
    doc.attachReportDoc(ydoc);
    return { ok: true, report: doc.readReport(ydoc), notes: doc.conflictFindings(ydoc), kind: '同步包' };
  } catch {
    return { ok: false, error: '同步包内容无法读取（文件可能已损坏）。' };
  } finally {
    ydoc.destroy();
  }
}

/** Any importer format (src/import/report-file.ts) or a 同步包 (the sync code loads only for those). */
export async function readForCounty(bytes: Uint8Array, fileName: string, opts: CountyReadOptions = {}): Promise<CountyRead> {
  try {
    if (looksLikeSyncPackage(bytes)) {
      const pkg = await readSyncPackage(bytes, opts);
      if (pkg) return pkg;
    }
  } catch {
    return { ok: false, error: '同步包内容无法读取（文件可能已损坏）。' };
  }
  return readReportFile(bytes, fileName);
}

export type PoolTask =
  | { op: 'read'; bytes: Uint8Array; fileName: string }
  | { op: 'check'; report: Report; notes: Finding[]; previous?: Report };

export type PoolAnswer<T extends PoolTask> = T extends { op: 'read' } ? CountyRead : Finding[];

export async function runPoolTask(task: PoolTask): Promise<CountyRead | Finding[]> {
  if (task.op === 'read') return readForCounty(task.bytes, task.fileName);
  return checkReport(task.report, task.notes, task.previous);
}
