// Entry point of the exporters: one function for the CLI (`nianbao convert --to …`) and the app's
// export menu. The app imports this module dynamically so the DOCX library is only loaded when
// someone actually exports a Word file.

import { reportToJSON, type Report } from '../domain/report.ts';

export type ExportFormat = 'json' | 'html' | 'docx' | 'print';

export interface ExportOptions {
  /** Signature block (unit name, date) printed under 六 in the print view and DOCX. */
  signature?: { unit: string; date: string };
  /** Called with a fraction 0..1 and a Chinese step name while a long export runs. */
  onProgress?: (fraction: number, step: string) => void;
}

export async function exportReport(
  report: Report,
  format: ExportFormat,
  opts: ExportOptions = {},
): Promise<string | Uint8Array> {
  switch (format) {
    case 'json':
      opts.onProgress?.(1, '已生成 JSON');
      return reportToJSON(report);
    case 'html':
    case 'docx':
    case 'print':
      throw new Error(`尚未支持导出为 ${format}。`);
    default:
      throw new Error(`不支持的导出格式“${String(format)}”，可选：json、html、docx、print。`);
  }
}
