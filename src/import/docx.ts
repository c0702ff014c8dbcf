// DOCX (Word 2007+): mammoth turns the document into plain HTML (paragraphs, tables with
// colspan/rowspan), then the HTML importer reads it like a web page. mammoth is loaded only
// when a DOCX file is actually imported.

import { importHtml } from './html.ts';
import { note, type ImportResult } from './types.ts';

export async function importDocx(bytes: Uint8Array): Promise<ImportResult> {
  let html: string;
  let warnings = 0;
  try {
    const mammoth = (await import('mammoth')).default ?? (await import('mammoth'));
    const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    // Node's mammoth reads `buffer`, the browser build reads `arrayBuffer`.
    const out = await mammoth.convertToHtml({ arrayBuffer, buffer: bytes } as unknown as { arrayBuffer: ArrayBuffer });
    html = out.value;
    warnings = out.messages.filter((m) => m.type === 'error').length;
  } catch (e) {
    return { ok: false, kind: 'docx', error: `不是有效的 Word（.docx）文件，无法打开：${(e as Error).message}` };
  }
  const r = importHtml(`<html><body>${html}</body></html>`, 'docx');
  if (r.ok && warnings) {
    r.notes.push(note('IMPORT', 'warning', `Word 文件中有 ${warnings} 处内容无法转换（如图片中的文字、嵌入对象），请核对导入结果。`));
  }
  return r;
}
