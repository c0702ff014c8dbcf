// A PDF compression bomb is caught before pdf.js sees the file: pdf.js inflates a FlateDecode
// content stream whole and interprets every operator in it, so a 1 MB file whose page content
// inflates to 200 MB took 9 s and 550 MB and ended in a misleading "no text" refusal. Here every
// FlateDecode stream that is not an image (pdf.js reads text and drawings from page contents,
// fonts and forms; images are not decoded for text) is inflated under a ceiling counted while
// inflating (inflate.ts), and nothing of it is kept. A real report's page contents are well under
// 1 MB each; embedded fonts a few MB.

import { inflateCapped } from './inflate.ts';

/** Largest inflated non-image stream, and all of them together. */
export const MAX_PDF_STREAM_BYTES = 16 * 1024 * 1024;
export const MAX_PDF_STREAMS_TOTAL_BYTES = 64 * 1024 * 1024;

/** How far before `stream` the stream's dictionary is looked for. */
const DICT_WINDOW = 2048;

/**
 * True when a non-image FlateDecode stream inflates past MAX_PDF_STREAM_BYTES, or all of them
 * past MAX_PDF_STREAMS_TOTAL_BYTES (damaged streams are left to pdf.js to judge).
 */
export async function pdfStreamsTooLarge(bytes: Uint8Array): Promise<boolean> {
  // latin1 keeps one character per byte, so string offsets are byte offsets.
  const text = new TextDecoder('latin1').decode(bytes);
  let total = 0;
  let at = 0;
  for (;;) {
    const s = text.indexOf('stream', at);
    if (s < 0) return false;
    at = s + 6;
    if (text.startsWith('end', s - 3)) continue;
    const dictStart = Math.max(0, text.lastIndexOf(' obj', s), s - DICT_WINDOW);
    const dict = text.slice(dictStart, s);
    if (!dict.includes('/FlateDecode') || /\/Subtype\s*\/Image/.test(dict)) continue;
    let start = at;
    if (text[start] === '\r') start++;
    if (text[start] === '\n') start++;
    const end = text.indexOf('endstream', start);
    if (end < 0) return false;
    at = end + 9;
    // FlateDecode is zlib: skip its 2-byte header and inflate the raw deflate data.
    const cap = Math.min(MAX_PDF_STREAM_BYTES, MAX_PDF_STREAMS_TOTAL_BYTES - total);
    const r = await inflateCapped(bytes.subarray(start + 2, end), cap);
    if (!r.ok && r.reason === 'too-large') return true;
    if (r.ok) total += r.data.length;
  }
}
