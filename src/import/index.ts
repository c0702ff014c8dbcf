// One entry point for every file a user brings: the type is recognised from the CONTENT
// (a renamed .txt that holds HTML is read as HTML), the text encoding from the bytes (UTF-8,
// UTF-16 with BOM, else GB18030/GBK as many government sites still serve).

import { importHtml } from './html.ts';
import { importJson } from './json.ts';
import { importText } from './text.ts';
import { note, type ImportKind, type ImportResult } from './types.ts';

export type { ImportKind, ImportResult } from './types.ts';
export { importText } from './text.ts';
export { importHtml } from './html.ts';
export { importJson } from './json.ts';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

const startsWith = (b: Uint8Array, sig: readonly number[]) => sig.every((v, i) => b[i] === v);

// Decoders are made once: creating one costs more than decoding a whole report.
const decoders = new Map<string, TextDecoder>();
function decoder(label: string, fatal = false): TextDecoder {
  const key = `${label}/${fatal}`;
  let d = decoders.get(key);
  if (!d) decoders.set(key, (d = new TextDecoder(label, { fatal })));
  return d;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    decoder('utf-8', true).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * A UTF-8 file with a stray byte or two (a truncated copy, one GBK character pasted in) is
 * still UTF-8: read as GB18030 every one of its Chinese characters would turn to garbage. It
 * counts as UTF-8 when its valid non-ASCII characters outnumber the bad sequences 50 to 1; a
 * real GBK file read as UTF-8 gives mostly bad sequences.
 */
function mostlyUtf8(lenient: string): number | null {
  let bad = 0;
  let good = 0;
  for (let i = 0; i < lenient.length; i++) {
    const c = lenient.charCodeAt(i);
    if (c === 0xfffd) bad++;
    else if (c >= 0x80) good++;
  }
  return good >= 20 && bad * 50 <= good ? bad : null;
}

/**
 * Decode text bytes: BOMs first, then strict UTF-8, then mostly-UTF-8 (`replaced` counts the
 * bad sequences shown as U+FFFD), then GB18030 (a superset of GBK/GB2312).
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string; replaced?: number } {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { text: decoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  if (startsWith(bytes, [0xff, 0xfe])) return { text: decoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (startsWith(bytes, [0xfe, 0xff])) return { text: decoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  // A page that declares GBK is GBK even if a few bytes happen to be valid UTF-8.
  // Decoded natively (byte → one char; only ASCII matters here): spreading 2,048 bytes into
  // String.fromCharCode was the largest self-time of checking 1,000 small JSON files.
  // Only a file with a '<' near the top can declare a charset: the byte test spares JSON and
  // plain text the decoding of the head (windows-1252 goes through ICU: ~40 µs a file).
  const headBytes = bytes.subarray(0, 2048);
  const declared =
    headBytes.indexOf(0x3c) !== -1 && /<meta[^>]+charset\s*=\s*["']?\s*(gb2312|gbk|gb18030)/i.test(decoder('latin1').decode(headBytes));
  if (!declared) {
    // Lenient decoding is about twice as fast as fatal; only when it produced a U+FFFD (bad
    // bytes, or a real U+FFFD in the file) is the strict decoder asked to tell the two apart.
    const text = decoder('utf-8').decode(bytes);
    if (!text.includes('\ufffd') || isValidUtf8(bytes)) return { text, encoding: 'utf-8' };
    const replaced = mostlyUtf8(text);
    if (replaced !== null) return { text, encoding: 'utf-8', replaced };
  }
  return { text: decoder('gb18030').decode(bytes), encoding: 'gb18030' };
}

/** "%PDF-" within the first 1 KB, where readers accept it (some servers prepend junk). */
export function isPdf(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 1024);
  for (let i = head.indexOf(0x25); i >= 0 && i + 5 <= head.length; i = head.indexOf(0x25, i + 1)) {
    if (head[i + 1] === 0x50 && head[i + 2] === 0x44 && head[i + 3] === 0x46 && head[i + 4] === 0x2d) return true;
  }
  return false;
}

/** What kind of content the bytes hold, from their first bytes/characters. */
export function sniffKind(bytes: Uint8Array, text?: string): ImportKind | 'binary' {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'docx';
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0) && !startsWith(bytes, [0xff, 0xfe]) && !startsWith(bytes, [0xfe, 0xff])) return 'binary';
  const t = (text ?? '').replace(/^[\ufeff\s]+/, '');
  if (t.startsWith('{')) return 'json';
  if (t.startsWith('<') && /<(?:!doctype\s+html|html|body|table|p|div|tr|td)\b/i.test(t.slice(0, 200_000))) return 'html';
  return 'text';
}

export async function importFile(bytes: Uint8Array, fileName?: string): Promise<ImportResult> {
  const name = fileName ? `“${fileName}”` : '文件';
  if (bytes.byteLength > MAX_IMPORT_BYTES) {
    return {
      ok: false,
      error: `${name}有 ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB，超过了 ${MAX_IMPORT_BYTES / 1024 / 1024} MB 的上限。年度报告通常不到 1 MB，请确认选对了文件。`,
    };
  }
  if (bytes.byteLength === 0) return { ok: false, error: `${name}是空的。` };
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    return { ok: false, error: `${name}是旧版 Word（.doc）或 WPS 格式，无法直接读取。请在 Word/WPS 中“另存为” .docx 后再导入。` };
  }
  if (isPdf(bytes)) {
    const { importPdf } = await import('./pdf.ts');
    return importPdf(bytes, fileName);
  }
  const kind = sniffKind(bytes);
  if (kind === 'docx') {
    const { importDocx } = await import('./docx.ts');
    return importDocx(bytes);
  }
  if (kind === 'binary') {
    return { ok: false, error: `${name}不是文本、网页、Word（.docx）或 JSON 文件，无法识别。` };
  }
  const { text, replaced } = decodeText(bytes);
  return withDecodingNote(readText(bytes, text), replaced);
}

function readText(bytes: Uint8Array, text: string): ImportResult {
  switch (sniffKind(bytes, text)) {
    case 'json':
      return importJson(text);
    case 'html':
      return importHtml(text);
    default:
      return importText(text);
  }
}

function withDecodingNote(r: ImportResult, replaced: number | undefined): ImportResult {
  if (r.ok && replaced) {
    r.notes.unshift(note('IMPORT', 'warning', `文件中有 ${replaced} 处字节不是有效的 UTF-8 编码，已显示为“\ufffd”。其余内容按 UTF-8 读取，请核对这几处文字。`));
  }
  return r;
}
