// Real decompression bombs for the limit tests, made the way an attacker would: a .docx whose
// XML inflates ~1000-fold (honest, lying and overlapping-entry variants) and a ~1 MB 同步包
// whose body inflates to 1 GB. Nothing here uses the code under test.
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import { zipSync } from 'fflate';
import * as encoding from 'lib0/encoding';

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';

/** word/document.xml of `paragraphs` tiny paragraphs: millions of elements for mammoth's DOM. */
function documentXml(paragraphs: number): Uint8Array {
  const p = '<w:p><w:r><w:t>炸</w:t></w:r></w:p>';
  const head = '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>';
  return new TextEncoder().encode(head + p.repeat(paragraphs) + '</w:body></w:document>');
}

const u32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
const setU32 = (b: Uint8Array, o: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint32(o, v, true);
const setU16 = (b: Uint8Array, o: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint16(o, v, true);

/**
 * A .docx whose document.xml holds `paragraphs` tiny paragraphs, sizes declared honestly. The
 * default, ~32 KB, is 300,000 paragraphs (10.8 MB, 2.4 million tags): before the limits, an
 * 11 KB third of it took mammoth 27 s and 915 MB. 1,200,000 paragraphs make ~127 KB → 43 MB.
 */
export function docxBomb(paragraphs = 300_000): Uint8Array {
  return zipSync(
    { '[Content_Types].xml': new TextEncoder().encode(CONTENT_TYPES), '_rels/.rels': new TextEncoder().encode(RELS), 'word/document.xml': documentXml(paragraphs) },
    { level: 9 },
  );
}

/** A 43 MB document.xml whose zip headers (local and central) claim 1 KB: headers can lie. */
export function lyingDocxBomb(): Uint8Array {
  const zip = docxBomb(1_200_000);
  const name = new TextEncoder().encode('word/document.xml');
  for (let i = 0; i < zip.length - 4; i++) {
    const sig = u32(zip, i);
    const isLocal = sig === 0x04034b50;
    const isCentral = sig === 0x02014b50;
    if (!isLocal && !isCentral) continue;
    const nameAt = i + (isLocal ? 30 : 46);
    const nameLen = zip[i + (isLocal ? 26 : 28)]! | (zip[i + (isLocal ? 27 : 29)]! << 8);
    if (nameLen !== name.length || !name.every((b, k) => zip[nameAt + k] === b)) continue;
    setU32(zip, i + (isLocal ? 22 : 24), 1000);
  }
  return zip;
}

/**
 * Overlapping entries: 2000 central-directory entries that all point at the one compressed
 * document.xml, each declaring its 10.8 MB — over 20 GB from ~130 KB.
 */
export function overlappingDocxBomb(): Uint8Array {
  const zip = docxBomb();
  let eocd = zip.length - 22;
  while (u32(zip, eocd) !== 0x06054b50) eocd--;
  const dirOffset = u32(zip, eocd + 16);
  // Find document.xml's central entry and copy it 2000 times under distinct names.
  let p = dirOffset;
  let entry: Uint8Array | null = null;
  const entries: Uint8Array[] = [];
  while (u32(zip, p) === 0x02014b50) {
    const len = 46 + (zip[p + 28]! | (zip[p + 29]! << 8)) + (zip[p + 30]! | (zip[p + 31]! << 8)) + (zip[p + 32]! | (zip[p + 33]! << 8));
    const e = zip.slice(p, p + len);
    if (new TextDecoder().decode(e.subarray(46, 46 + (e[28]! | (e[29]! << 8)))) === 'word/document.xml') entry = e;
    else entries.push(e);
    p += len;
  }
  for (let n = 0; n < 2000; n++) {
    // Same name length, distinct names: word/documen0.xml… share the data of document.xml.
    const copy = entry!.slice();
    const tag = new TextEncoder().encode(String(n).padStart(4, '0'));
    copy.set(tag, 46 + 'word/doc'.length);
    entries.push(copy);
  }
  entries.push(entry!);
  const dir = entries.reduce((n, e) => n + e.length, 0);
  const out = new Uint8Array(dirOffset + dir + 22);
  out.set(zip.subarray(0, dirOffset), 0);
  let o = dirOffset;
  for (const e of entries) {
    out.set(e, o);
    o += e.length;
  }
  const end = zip.slice(eocd, eocd + 22);
  setU16(end, 8, entries.length);
  setU16(end, 10, entries.length);
  setU32(end, 12, dir);
  setU32(end, 16, dirOffset);
  out.set(end, o);
  return out;
}

/**
 * A plain (unencrypted) 同步包 of ~1 MB whose body inflates to `megabytes` MB: a valid header
 * and state vector, then an update that claims to be `megabytes` MB of zeros. Built from one
 * deflated megabyte repeated (sync-flushed blocks are byte-aligned and refer only to zeros).
 */
export async function syncPackageBomb(megabytes = 1024, reportId = '0123456789abcdef0123456789abcdef'): Promise<Uint8Array> {
  const enc = encoding.createEncoder();
  encoding.writeVarString(enc, JSON.stringify({ reportId, author: { id: 'u-x', name: '某人' }, replica: 1, createdAt: 0 }));
  encoding.writeVarUint8Array(enc, new Uint8Array([0]));
  encoding.writeVarUint(enc, megabytes * 1024 * 1024);
  const prefix = encoding.toUint8Array(enc);
  const zero = Buffer.alloc(1024 * 1024);
  const d = zlib.createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  d.on('data', (c: Buffer) => chunks.push(c));
  const flush = () => new Promise<Buffer>((resolve) => d.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve(Buffer.concat(chunks.splice(0)))));
  d.write(prefix);
  d.write(zero);
  const first = await flush();
  d.write(zero);
  const unit = await flush();
  d.end();
  await new Promise((r) => d.on('end', r));
  const last = Buffer.concat(chunks.splice(0));
  const payload = Buffer.concat([first, ...Array.from({ length: megabytes - 1 }, () => unit), last]);
  const head = Buffer.from([...Buffer.from('GKNBSYNC'), 1, 0]);
  return new Uint8Array(Buffer.concat([head, createHash('sha256').update(payload).digest(), payload]));
}

/** A plain 同步包 whose header is otherwise fine but names `reportId`. */
export function packageWithReportId(reportId: string): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarString(enc, JSON.stringify({ reportId, author: { id: 'u-x', name: '某人' }, replica: 1, createdAt: 0 }));
  encoding.writeVarUint8Array(enc, new Uint8Array([0]));
  encoding.writeVarUint8Array(enc, new Uint8Array([0, 0]));
  const payload = zlib.deflateRawSync(encoding.toUint8Array(enc));
  const head = Buffer.from([...Buffer.from('GKNBSYNC'), 1, 0]);
  return new Uint8Array(Buffer.concat([head, createHash('sha256').update(payload).digest(), payload]));
}

export const deepHtml = (depth = 200_000) => `<html><body>${'<div>'.repeat(depth)}下冶镇${'</div>'.repeat(depth)}</body></html>`;
export const deepJson = (depth = 500_000) => `{"format":"gov-info-disclosure-annual-report/2021","x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
/** A flat page of a million tiny elements (~8 MB, under the 20 MB file limit). */
export const wideHtml = (elements = 1_000_000) => `<html><body><table><tr><td>下冶镇</td><td>1</td></tr></table>${'<i>x</i>'.repeat(elements)}</body></html>`;
