// A .docx is a zip. Before mammoth (JSZip) sees it, the central directory is read here and the
// declared sizes are checked; then the XML parts mammoth needs are inflated with a running
// ceiling (inflate.ts — the declared sizes may lie) and handed over re-packed without
// compression. Media (photos of stamps, scanned pages) are never inflated: the importer reads
// only text and tables, and mammoth is told not to read images.

import { zipSync } from 'fflate';
import { inflateCapped } from './inflate.ts';
import { MAX_DOCX_DECLARED_BYTES, MAX_DOCX_ENTRIES, MAX_DOCX_XML_BYTES, MAX_DOCX_XML_TAGS, mb } from './limits.ts';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

export type ZipDirectory = { ok: true; entries: ZipEntry[] } | { ok: false; error: string };

const NOT_DOCX = '不是有效的 Word（.docx）文件（压缩包结构已损坏），无法打开。';
const ZIP64 = '这个 Word 文件使用了超大文件格式（ZIP64），年度报告不会这么大，未导入。';

const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

/** The entries listed in the zip's central directory, without inflating anything. */
export function readZipDirectory(bytes: Uint8Array): ZipDirectory {
  // End of central directory: 22 bytes plus a comment of up to 65535, at the very end.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (u32(bytes, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, error: NOT_DOCX };
  const count = u16(bytes, eocd + 10);
  const dirSize = u32(bytes, eocd + 12);
  const dirOffset = u32(bytes, eocd + 16);
  if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) return { ok: false, error: ZIP64 };
  if (count > MAX_DOCX_ENTRIES) return { ok: false, error: `这个 Word 文件包含 ${count} 个部件，远多于正常文档，未导入。` };
  if (dirOffset + dirSize > eocd) return { ok: false, error: NOT_DOCX };
  const entries: ZipEntry[] = [];
  let p = dirOffset;
  const names = new TextDecoder('utf-8');
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || u32(bytes, p) !== 0x02014b50) return { ok: false, error: NOT_DOCX };
    const compressedSize = u32(bytes, p + 20);
    const uncompressedSize = u32(bytes, p + 24);
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    const localOffset = u32(bytes, p + 42);
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localOffset === 0xffffffff) return { ok: false, error: ZIP64 };
    if (p + 46 + nameLen > eocd) return { ok: false, error: NOT_DOCX };
    const name = names.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    entries.push({ name, method: u16(bytes, p + 10), compressedSize, uncompressedSize, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { ok: true, entries };
}

/** The parts of a .docx that mammoth reads: XML and relationship files. */
const isXmlPart = (name: string) => /\.(xml|rels)$/i.test(name) && !name.endsWith('/');

function entryData(bytes: Uint8Array, e: ZipEntry): Uint8Array | null {
  const o = e.localOffset;
  if (o + 30 > bytes.length || u32(bytes, o) !== 0x04034b50) return null;
  const start = o + 30 + u16(bytes, o + 26) + u16(bytes, o + 28);
  const end = start + e.compressedSize;
  return end <= bytes.length ? bytes.subarray(start, end) : null;
}

function countTags(xml: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < xml.length; i++) if (xml[i] === 0x3c) n++;
  return n;
}

/**
 * Check a .docx's declared sizes, then inflate its XML parts under one shared ceiling. Returns
 * a zip holding only those parts, stored uncompressed, for mammoth — or a Chinese reason.
 */
export async function boundedDocx(bytes: Uint8Array): Promise<{ ok: true; zip: Uint8Array } | { ok: false; error: string }> {
  const dir = readZipDirectory(bytes);
  if (!dir.ok) return dir;
  const declared = dir.entries.reduce((n, e) => n + e.uncompressedSize, 0);
  const tooLarge = (what: string) =>
    `这个 Word 文件${what}，远超正常的年度报告（上限 ${mb(MAX_DOCX_XML_BYTES)} 文字内容、${mb(MAX_DOCX_DECLARED_BYTES)} 全部内容），可能是恶意构造的“压缩炸弹”，未导入。`;
  if (declared > MAX_DOCX_DECLARED_BYTES) return { ok: false, error: tooLarge(`解压后有 ${mb(declared)}`) };
  const parts = dir.entries.filter((e) => isXmlPart(e.name));
  const declaredXml = parts.reduce((n, e) => n + e.uncompressedSize, 0);
  if (declaredXml > MAX_DOCX_XML_BYTES) return { ok: false, error: tooLarge(`的文字内容解压后有 ${mb(declaredXml)}`) };
  const files: Record<string, Uint8Array> = {};
  let budget = MAX_DOCX_XML_BYTES;
  let tags = 0;
  for (const e of parts) {
    if (e.name in files) return { ok: false, error: NOT_DOCX };
    const data = entryData(bytes, e);
    if (!data) return { ok: false, error: NOT_DOCX };
    let out: Uint8Array;
    if (e.method === 0) out = data;
    else if (e.method === 8) {
      const r = await inflateCapped(data, budget);
      if (!r.ok) return { ok: false, error: r.reason === 'too-large' ? tooLarge('的实际内容比它声明的大得多') : NOT_DOCX };
      out = r.data;
    } else return { ok: false, error: '这个 Word 文件使用了不支持的压缩方式，无法打开。请在 Word/WPS 中重新保存后再导入。' };
    if (out.length > budget) return { ok: false, error: tooLarge('的实际内容比它声明的大得多') };
    budget -= out.length;
    tags += countTags(out);
    if (tags > MAX_DOCX_XML_TAGS) {
      return { ok: false, error: `这个 Word 文件的内容元素超过 ${MAX_DOCX_XML_TAGS / 10000} 万个，远超正常的年度报告，可能是恶意构造的文件，未导入。` };
    }
    files[e.name] = out;
  }
  return { ok: true, zip: zipSync(files, { level: 0 }) };
}
