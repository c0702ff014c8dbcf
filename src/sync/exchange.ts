// 同步包: exchange files for offices with no network in common. A package carries the Yjs
// update that the recipient lacks (computed from the report Y.Doc with encodeStateAsUpdate —
// never by merging many small updates, which is very slow) plus who sent it and the sender's
// state vector, so the recipient learns what the sender already has (peers.ts).
//
// File layout (docs/sync.md):
//   0..7   magic "GKNBSYNC"
//   8      format version (1)
//   9      flags: bit 0 = encrypted
//   plain:      10..41 SHA-256 of the payload, then payload
//   encrypted:  10..13 PBKDF2 iterations (uint32 BE), 14..29 salt, 30..41 AES-GCM iv, then
//               AES-GCM(payload) (the GCM tag makes damage and a wrong passphrase detectable)
//   payload = deflate(body); body = lib0 encoding of
//     varString  JSON header { reportId, peerId?, author: {id, name}, replica, createdAt, unit?, year? }
//                (peerId left out when it equals author.id)
//     varUint8Array  sender's state vector (after this export)
//     varUint8Array  Yjs update (V1) for the recipient
// Version 1 is the only version; a reader refuses higher versions with a clear message.

import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { deflateSync } from 'fflate';
import { inflateCapped } from '../import/inflate.ts';
import { MAX_PACKAGE_BODY_BYTES, mb } from '../import/limits.ts';
import { isValidReportId } from './invite.ts';
import type { CellKey, SectionId } from '../domain/format.ts';
import { CELL_KEYS, SECTION_IDS } from '../domain/format.ts';
import { CELL_WRITES, META_FIELD_NAMES, conflictedMetaFields, conflicts, readMeta, readReport, type Author } from '../doc/report-doc.ts';
import { restoreWrite } from '../doc/cell-register.ts';
import { packageCrypto, randomBytes, type PackageCrypto } from './package-crypto.ts';

export const PACKAGE_MAGIC = 'GKNBSYNC';
export const PACKAGE_VERSION = 1;
export const PACKAGE_FILE_EXTENSION = '.gknb';
/** PBKDF2-SHA256 iterations for new packages (readers accept what the file says, ≥ MIN). */
export const PBKDF2_ITERATIONS = 250_000;
const MIN_ITERATIONS = 200_000;
const MAX_ITERATIONS = 5_000_000;
const FLAG_ENCRYPTED = 1;
const MAGIC_BYTES = new TextEncoder().encode(PACKAGE_MAGIC);

export interface PackageHeader {
  reportId: string;
  /** Stable id of the sending peer (the sender's author id): the key of its acknowledgement. */
  peerId: string;
  author: Author;
  /** Yjs clientID of the sending replica (diagnostics). */
  replica: number;
  createdAt: number;
  /** Unit name and year, so that a recipient can tell what the file is about before applying. */
  unit?: string;
  year?: number;
}

export interface SyncPackage extends PackageHeader {
  version: number;
  encrypted: boolean;
  /** Everything the sender had when it exported: the recipient records it as the sender's ack. */
  stateVector: Uint8Array;
  update: Uint8Array;
}

export type PackageErrorCode = 'not-package' | 'newer-version' | 'damaged' | 'too-large' | 'needs-passphrase' | 'wrong-passphrase';
export type ReadPackageResult = { ok: true; pkg: SyncPackage } | { ok: false; code: PackageErrorCode; error: string };

export interface ExportOptions {
  reportId: string;
  author: Author;
  /** Stable peer id of this sender (default author.id). */
  peerId?: string;
  /** What the recipient is known to have; omitted = a full package. */
  peerStateVector?: Uint8Array;
  passphrase?: string;
  /** PBKDF2 iterations (tests may not go below the minimum either). */
  iterations?: number;
  now?: number;
  /** Which implementation encrypts/hashes (default: WebCrypto where present, else pure JS). */
  crypto?: PackageCrypto;
}

export interface ReadOptions {
  passphrase?: string;
  crypto?: PackageCrypto;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The uncompressed body: header, sender state vector, update (exported for the size bench). */
export function encodeBody(header: PackageHeader, stateVector: Uint8Array, update: Uint8Array): Uint8Array {
  const enc = encoding.createEncoder();
  // peerId is nearly always the author id: written only when it differs (smaller small packages).
  const { peerId, ...rest } = header;
  encoding.writeVarString(enc, JSON.stringify(peerId === header.author.id ? rest : header));
  encoding.writeVarUint8Array(enc, stateVector);
  encoding.writeVarUint8Array(enc, update);
  return encoding.toUint8Array(enc);
}

/** Build a 同步包 carrying what the peer lacks (everything, without `peerStateVector`). */
export async function exportPackage(doc: Y.Doc, opts: ExportOptions): Promise<Uint8Array> {
  const meta = readMeta(doc);
  const header: PackageHeader = {
    reportId: opts.reportId,
    peerId: opts.peerId ?? opts.author.id,
    author: { id: opts.author.id, name: opts.author.name },
    replica: doc.clientID,
    createdAt: opts.now ?? Date.now(),
    unit: meta.name,
    year: meta.year,
  };
  const update = Y.encodeStateAsUpdate(doc, opts.peerStateVector);
  const payload = deflateSync(encodeBody(header, Y.encodeStateVector(doc), update), { level: 6 });
  const c = opts.crypto ?? (await packageCrypto());
  const head = new Uint8Array(10);
  head.set(MAGIC_BYTES, 0);
  head[8] = PACKAGE_VERSION;
  if (!opts.passphrase) {
    head[9] = 0;
    return concat([head, await c.sha256(payload), payload]);
  }
  head[9] = FLAG_ENCRYPTED;
  const iterations = Math.max(MIN_ITERATIONS, opts.iterations ?? PBKDF2_ITERATIONS);
  const iter = new Uint8Array(4);
  new DataView(iter.buffer).setUint32(0, iterations);
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await c.deriveKey(opts.passphrase, salt, iterations);
  const cipher = await c.encrypt(key, iv, payload);
  return concat([head, iter, salt, iv, cipher]);
}

/** Is this file a 同步包 at all (for recognising dropped files)? */
export function isPackage(data: Uint8Array): boolean {
  return data.length >= 10 && MAGIC_BYTES.every((b, i) => data[i] === b);
}

/** Whether a package needs a passphrase to open (to ask for one before reading). */
export function isEncryptedPackage(data: Uint8Array): boolean {
  return isPackage(data) && ((data[9] ?? 0) & FLAG_ENCRYPTED) !== 0;
}

const DAMAGED = '同步包已损坏（文件不完整或被改动），无法读取。请让对方重新导出一份。';

function fail(code: PackageErrorCode, error: string): ReadPackageResult {
  return { ok: false, code, error };
}

function restoreHeader(raw: unknown): PackageHeader | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const o = raw as Record<string, unknown>;
  const a = o.author as Record<string, unknown> | undefined;
  // The id names an IndexedDB database and a relay document: only the shape the app makes.
  if (!isValidReportId(o.reportId)) return null;
  if (!a || typeof a.id !== 'string' || !a.id || typeof a.name !== 'string') return null;
  if (o.peerId !== undefined && (typeof o.peerId !== 'string' || !o.peerId)) return null;
  const h: PackageHeader = {
    reportId: o.reportId,
    peerId: typeof o.peerId === 'string' ? o.peerId : a.id,
    author: { id: a.id, name: a.name },
    replica: typeof o.replica === 'number' ? o.replica : 0,
    createdAt: typeof o.createdAt === 'number' ? o.createdAt : 0,
  };
  if (typeof o.unit === 'string') h.unit = o.unit;
  if (typeof o.year === 'number') h.year = o.year;
  return h;
}

/**
 * Read a 同步包 from untrusted bytes. Never throws on bad input: returns the package or a Chinese reason
 * (not a 同步包, newer version, damaged, passphrase needed, wrong passphrase).
 */
export async function readPackage(data: Uint8Array, opts: ReadOptions = {}): Promise<ReadPackageResult> {
  if (!isPackage(data)) return fail('not-package', '这不是同步包文件（同步包由“导出同步包”生成）。');
  const version = data[8]!;
  if (version > PACKAGE_VERSION) return fail('newer-version', '这个同步包来自更新版本的公开年报，请先更新本软件再导入。');
  if (version < 1) return fail('damaged', DAMAGED);
  // The flags byte is outside the digest: any bit this version does not define means damage.
  if ((data[9]! & ~FLAG_ENCRYPTED) !== 0) return fail('damaged', DAMAGED);
  const encrypted = (data[9]! & FLAG_ENCRYPTED) !== 0;
  let payload: Uint8Array;
  const c = opts.crypto ?? (await packageCrypto());
  if (encrypted) {
    if (!opts.passphrase) return fail('needs-passphrase', '这个同步包已加密，请输入对方告诉您的口令。');
    if (data.length < 42 + 16) return fail('damaged', DAMAGED);
    const iterations = new DataView(data.buffer, data.byteOffset + 10, 4).getUint32(0);
    if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) return fail('damaged', DAMAGED);
    const salt = data.slice(14, 30);
    const iv = data.slice(30, 42);
    try {
      const key = await c.deriveKey(opts.passphrase, salt, iterations);
      payload = await c.decrypt(key, iv, data.slice(42));
    } catch {
      // GCM cannot tell a wrong key from damaged ciphertext; the passphrase is the likely cause.
      return fail('wrong-passphrase', '口令不对，或文件已损坏。请核对口令（区分大小写）后再试。');
    }
  } else {
    if (data.length < 42) return fail('damaged', DAMAGED);
    payload = data.slice(42);
    const digest = await c.sha256(payload);
    if (!digest.every((b, i) => b === data[10 + i])) return fail('damaged', DAMAGED);
  }
  // Inflated under a ceiling: a 1 MB file may otherwise expand to gigabytes.
  const inflated = await inflateCapped(payload, MAX_PACKAGE_BODY_BYTES);
  if (!inflated.ok) {
    if (inflated.reason === 'damaged') return fail('damaged', DAMAGED);
    return fail('too-large', `同步包解压后超过 ${mb(MAX_PACKAGE_BODY_BYTES)}，远超任何一份年度报告，可能是恶意构造的文件，未导入。`);
  }
  try {
    const body = inflated.data;
    const dec = decoding.createDecoder(body);
    const rawHeader: unknown = JSON.parse(decoding.readVarString(dec));
    if (!isValidReportId((rawHeader as { reportId?: unknown } | null)?.reportId)) {
      return fail('damaged', '同步包中的报告编号格式不对（文件可能被改动过），未导入。');
    }
    const header = restoreHeader(rawHeader);
    const stateVector = decoding.readVarUint8Array(dec);
    const update = decoding.readVarUint8Array(dec);
    if (!header) return fail('damaged', DAMAGED);
    // Both must decode as Yjs data before anyone applies them: never a half-applied file.
    Y.decodeStateVector(stateVector);
    Y.decodeUpdate(update);
    return { ok: true, pkg: { ...header, version, encrypted, stateVector: stateVector.slice(), update: update.slice() } };
  } catch {
    return fail('damaged', DAMAGED);
  }
}

export interface AppliedPackage {
  /** Cells whose value or conflict state changed, in official order. */
  cells: CellKey[];
  sections: SectionId[];
  meta: boolean;
  /** Cells that are in conflict now and were not before. */
  newConflicts: CellKey[];
  /** Report fields (标题, 单位名称, …) that are in conflict now and were not before (meta-register.ts). */
  newMetaConflicts?: string[];
  /** Names of the authors of the cell writes and prose edits this package brought. */
  authors: string[];
  /** False when the package brought nothing new (already applied, or older than what we have). */
  changed: boolean;
}

export type ApplyPackageResult = ({ ok: true } & AppliedPackage) | { ok: false; error: string };

/**
 * Apply a package to the report's doc (origin 'file'). A package for another report is
 * refused and changes nothing. Idempotent and order-independent (Yjs updates commute).
 */
export function applyPackage(doc: Y.Doc, pkg: SyncPackage, expectedReportId: string): ApplyPackageResult {
  if (pkg.reportId !== expectedReportId) {
    const what = pkg.unit ? `“${pkg.unit}${pkg.year ?? ''}年”报告` : '另一份报告';
    return { ok: false, error: `这个同步包属于${what}，不是当前这份报告，未导入。请在报告列表中打开对应的报告再导入。` };
  }
  const before = readReport(doc);
  const conflictsBefore = new Set(conflicts(doc));
  const metaConflictsBefore = new Set(conflictedMetaFields(doc));
  const cellStatesBefore = new Map(CELL_KEYS.map((k) => [k, conflictsBefore.has(k)]));
  const authors = new Set<string>();
  const writes = doc.getMap<unknown>(CELL_WRITES);
  const onWrites = (e: Y.YMapEvent<unknown>) => {
    e.changes.keys.forEach((change, key) => {
      if (change.action === 'delete') return;
      const w = restoreWrite(key, writes.get(key));
      if (w?.by) authors.add(w.by);
    });
  };
  writes.observe(onWrites);
  let metaChanged = false;
  const meta = doc.getMap('meta');
  const onMeta = () => (metaChanged = true);
  meta.observe(onMeta);
  try {
    Y.applyUpdate(doc, pkg.update, 'file');
  } catch {
    return { ok: false, error: '同步包内容无法应用到这份报告（数据已损坏）。' };
  } finally {
    writes.unobserve(onWrites);
    meta.unobserve(onMeta);
  }
  const after = readReport(doc);
  const conflictsAfter = new Set(conflicts(doc));
  const cells = CELL_KEYS.filter((k) => before.cells[k] !== after.cells[k] || cellStatesBefore.get(k) !== conflictsAfter.has(k));
  const sections = SECTION_IDS.filter((id) => before.sections[id] !== after.sections[id]);
  const newConflicts = [...conflictsAfter].filter((k) => !conflictsBefore.has(k));
  const newMetaConflicts = conflictedMetaFields(doc).filter((f) => !metaConflictsBefore.has(f)).map((f) => META_FIELD_NAMES[f]);
  // Prose carries no author of its own: the package's sender brought it.
  if (sections.length && pkg.author.name) authors.add(pkg.author.name);
  const changed = cells.length > 0 || sections.length > 0 || metaChanged;
  return { ok: true, cells, sections, meta: metaChanged, newConflicts, newMetaConflicts, authors: [...authors].sort(), changed };
}
