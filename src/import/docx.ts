// DOCX (Word 2007+): mammoth turns the document into plain HTML (paragraphs, tables with
// colspan/rowspan), then the HTML importer reads it like a web page. mammoth is loaded only
// when a DOCX file is actually imported, and only ever sees the bounded copy made by zip.ts
// (sizes checked, XML parts inflated under a ceiling, no media).

import { importHtml } from './html.ts';
import { note, type ImportResult } from './types.ts';
import { boundedDocx } from './zip.ts';

export async function importDocx(bytes: Uint8Array): Promise<ImportResult> {
  const bounded = await boundedDocx(bytes);
  if (!bounded.ok) return { ok: false, kind: 'docx', error: bounded.error };
  let html: string;
  let warnings = 0;
  try {
    const mammoth = (await import('mammoth')).default ?? (await import('mammoth'));
    const zip = bounded.zip;
    const arrayBuffer = zip.buffer.slice(zip.byteOffset, zip.byteOffset + zip.byteLength) as ArrayBuffer;
    // Node's mammoth reads `buffer`, the browser build reads `arrayBuffer`. Images are left
    // unread (their bytes are not in the bounded copy): the importer needs text and tables only.
    const options = { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) };
    const out = await mammoth.convertToHtml({ arrayBuffer, buffer: zip } as unknown as { arrayBuffer: ArrayBuffer }, options);
    html = out.value;
    warnings = out.messages.filter((m) => m.type === 'error').length;
  } catch {
    return { ok: false, kind: 'docx', error: '不是有效的 Word（.docx）文件（缺少正文或内容已损坏），无法打开。请在 Word/WPS 中打开确认后重新保存再导入。' };
  }
  const r = importHtml(`<html><body>${html}</body></html>`, 'docx');
  if (r.ok && warnings) {
    r.notes.push(note('IMPORT', 'warning', `Word 文件中有 ${warnings} 处内容无法转换（如图片中的文字、嵌入对象），请核对导入结果。`));
  }
  return r;
}
