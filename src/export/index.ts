// Entry point of the exporters: one function for the CLI (`nianbao convert --to …`) and the app's
// export menu. The app imports this module dynamically; the HTML renderers are small and come
// with it, the DOCX writer (and the `docx` library) only when someone exports a Word file.

import { reportToJSON, type Report } from '../domain/report.ts';
import type { Signature } from './outline.ts';
import { renderPrintDocumentInSteps } from './print-html.ts';
import { renderCmsHtmlInSteps } from './cms-html.ts';

export type ExportFormat = 'json' | 'html' | 'docx' | 'print';
export type { Signature } from './outline.ts';
// Light, synchronous pieces the app may use directly (the DOCX writer stays lazy).
export { renderPrintDocument, printsPageNumbers, FONT_STACKS, PAGED_POLYFILL_PATH } from './print-html.ts';
export { renderCmsHtml } from './cms-html.ts';

export interface ExportOptions {
  /** Signature block (unit name, date) printed after 六 in the print view, CMS HTML and DOCX. */
  signature?: Signature;
  /** CMS HTML only: the article body without <html>/<head>, for pasting into an editor. */
  fragment?: boolean;
  /**
   * Called with a fraction 0..1 and a Chinese step name while the export runs. Export yields to
   * the event loop between tables, so the editor keeps responding.
   */
  onProgress?: (fraction: number, step: string) => void;
  /** Print view only: paginate with Paged.js from this URL (browsers without @page margin boxes). */
  paginateScript?: string;
  /** Print view only: the document title, which "Save as PDF" proposes as the file name. */
  title?: string;
}

/**
 * json: the contract's JSON (text). html: CMS-ready HTML (text). print: the standalone print
 * document (text). docx: a Word file (bytes).
 */
export async function exportReport(report: Report, format: 'docx', opts?: ExportOptions): Promise<Uint8Array>;
export async function exportReport(report: Report, format: 'json' | 'html' | 'print', opts?: ExportOptions): Promise<string>;
export async function exportReport(report: Report, format: ExportFormat, opts?: ExportOptions): Promise<string | Uint8Array>;
export async function exportReport(
  report: Report,
  format: ExportFormat,
  opts: ExportOptions = {},
): Promise<string | Uint8Array> {
  switch (format) {
    case 'json':
      opts.onProgress?.(1, '完成');
      return reportToJSON(report);
    case 'html':
      return renderCmsHtmlInSteps(report, opts);
    case 'print':
      return renderPrintDocumentInSteps(report, opts);
    case 'docx': {
      const { renderDocx } = await import('./docx.ts');
      return renderDocx(report, opts);
    }
    default:
      throw new Error(`不支持的导出格式“${String(format)}”，可选：json、html、docx、print。`);
  }
}
