// One file → a Report with the importer's notes, or the Chinese reason it cannot be read; never
// throws. src/workers/county-read.ts (the county workspace's workers and the CLI) reads 同步包 on
// top of this; a file with the package magic reaches here only when it is too short to be one.

import type { Finding } from '../domain/finding.ts';
import type { Report } from '../domain/report.ts';

export type ReportFileRead = { ok: true; report: Report; notes: Finding[]; kind: string } | { ok: false; error: string };

const KIND_LABELS: Record<string, string> = { text: '文本', html: '网页', docx: 'Word', json: 'JSON', pdf: 'PDF' };
const PACKAGE_MAGIC = 'GKNBSYNC';

export function looksLikeSyncPackage(bytes: Uint8Array): boolean {
  for (let i = 0; i < PACKAGE_MAGIC.length; i++) if (bytes[i] !== PACKAGE_MAGIC.charCodeAt(i)) return false;
  return true;
}

export async function readReportFile(bytes: Uint8Array, fileName: string): Promise<ReportFileRead> {
  if (looksLikeSyncPackage(bytes)) {
    return { ok: false, error: '这是同步包，但文件不完整，无法读取。请让该单位重新导出，或发送报告文件。' };
  }
  try {
    const { importFile } = await import('./index.ts');
    const r = await importFile(bytes, fileName);
    if (!r.ok) return { ok: false, error: r.error };
    return { ok: true, report: r.report, notes: r.notes, kind: KIND_LABELS[r.kind] ?? r.kind };
  } catch {
    return { ok: false, error: '读取文件时出错（文件内容异常）。' };
  }
}
