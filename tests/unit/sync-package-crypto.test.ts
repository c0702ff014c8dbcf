// The two crypto implementations behind 同步包 (WebCrypto and pure-JS noble) must produce and
// accept the same bytes, and a page without crypto.subtle (a colleague's PC on plain http)
// must export and read packages instead of failing with "reading 'digest'".
import { webcrypto } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createReportDoc, initReportDoc, readReport, replaceSectionText, setCell, type Author } from '../../src/doc/report-doc.ts';
import { applyPackage, exportPackage, readPackage } from '../../src/sync/exchange.ts';
import { nobleCrypto, packageCrypto, webCrypto, type PackageCrypto } from '../../src/sync/package-crypto.ts';

const zhang: Author = { id: 'u-zhang', name: '张三' };
const REPORT = 'r-http-2024';
const hex = (u: Uint8Array) => Buffer.from(u).toString('hex');
const web = webCrypto(webcrypto.subtle as SubtleCrypto);

function filledDoc(): Y.Doc {
  const doc = createReportDoc({ name: '下冶镇人民政府', type: 'township', year: 2024 }, zhang);
  setCell(doc, 't3.r1_new.np', 12, zhang);
  replaceSectionText(doc, 's5', '明文传输的问题与改进。', zhang);
  return doc;
}

afterEach(() => vi.unstubAllGlobals());

describe('package crypto: WebCrypto and noble agree byte for byte', () => {
  it('SHA-256, PBKDF2 and AES-GCM give identical output (and a published PBKDF2 vector)', async () => {
    const noble = await nobleCrypto();
    const enc = new TextEncoder();
    // RFC 7914 §11 / common PBKDF2-HMAC-SHA256 vector: "passwd", "salt", c = 1, 64 bytes → first 32 bytes.
    expect(hex(await noble.deriveKey('passwd', enc.encode('salt'), 1))).toBe('55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc');
    expect(hex(await web.deriveKey('passwd', enc.encode('salt'), 1))).toBe('55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc');
    for (const size of [0, 1, 15, 16, 17, 1000, 70_001]) {
      const data = new Uint8Array(size).map((_, i) => (i * 31 + size) & 0xff);
      expect(hex(await noble.sha256(data))).toBe(hex(await web.sha256(data)));
      const key = await web.deriveKey(`口令${size}`, data.slice(0, 16), 1000);
      expect(hex(await noble.deriveKey(`口令${size}`, data.slice(0, 16), 1000))).toBe(hex(key));
      const iv = new Uint8Array(12).fill(size & 0xff);
      const sealedWeb = await web.encrypt(key, iv, data);
      expect(hex(await noble.encrypt(key, iv, data))).toBe(hex(sealedWeb));
      expect(hex(await noble.decrypt(key, iv, sealedWeb))).toBe(hex(data));
    }
  });

  it('noble refuses a wrong key and a flipped byte, as WebCrypto does', async () => {
    const noble = await nobleCrypto();
    const key = new Uint8Array(32).fill(7);
    const iv = new Uint8Array(12);
    const sealed = await noble.encrypt(key, iv, new TextEncoder().encode('正文'));
    await expect(noble.decrypt(new Uint8Array(32).fill(8), iv, sealed)).rejects.toThrow();
    const flipped = sealed.slice();
    flipped[0]! ^= 1;
    await expect(noble.decrypt(key, iv, flipped)).rejects.toThrow();
    await expect(web.decrypt(key, iv, flipped)).rejects.toThrow();
  });
});

describe('同步包 made with one implementation opens with the other', () => {
  const cases: [string, () => Promise<PackageCrypto>, () => Promise<PackageCrypto>][] = [
    ['WebCrypto → noble', async () => web, nobleCrypto],
    ['noble → WebCrypto', nobleCrypto, async () => web],
  ];
  for (const [name, makeWith, openWith] of cases) {
    for (const passphrase of [undefined, '区分大小写Pass']) {
      it(`${name}, ${passphrase ? 'with' : 'without'} a passphrase`, async () => {
        const a = filledDoc();
        const bytes = await exportPackage(a, { reportId: REPORT, author: zhang, passphrase, crypto: await makeWith() });
        const reader = await openWith();
        if (passphrase) {
          const wrong = await readPackage(bytes, { passphrase: passphrase.toLowerCase(), crypto: reader });
          expect(wrong).toMatchObject({ ok: false, code: 'wrong-passphrase' });
        }
        const read = await readPackage(bytes, { passphrase, crypto: reader });
        if (!read.ok) throw new Error(read.error);
        expect(read.pkg.encrypted).toBe(!!passphrase);
        const b = new Y.Doc();
        initReportDoc(b, null, zhang);
        expect(applyPackage(b, read.pkg, REPORT)).toMatchObject({ ok: true, changed: true });
        expect(readReport(b)).toEqual(readReport(a));
      });
    }
  }

  it('a damaged plain package is refused by noble too (its SHA-256 check)', async () => {
    const bytes = await exportPackage(filledDoc(), { reportId: REPORT, author: zhang, crypto: web });
    bytes[bytes.length - 1]! ^= 0x40;
    expect(await readPackage(bytes, { crypto: await nobleCrypto() })).toMatchObject({ ok: false, code: 'damaged' });
  });
});

describe('a page without crypto.subtle (plain http on a LAN address)', () => {
  it('picks the pure-JS implementation, and export + read work with and without a passphrase', async () => {
    // What Chromium offers on http://192.168.x.x: getRandomValues, but no `subtle`. Before the
    // pure-JS path, exportPackage threw "Cannot read properties of undefined (reading 'digest')".
    vi.stubGlobal('crypto', { getRandomValues: <T extends ArrayBufferView>(a: T) => webcrypto.getRandomValues(a as never) as T });
    expect(globalThis.crypto.subtle).toBeUndefined();
    expect((await packageCrypto()).name).toBe('noble');
    const a = filledDoc();
    for (const passphrase of [undefined, '口令']) {
      const bytes = await exportPackage(a, { reportId: REPORT, author: zhang, passphrase });
      const read = await readPackage(bytes, { passphrase });
      if (!read.ok) throw new Error(read.error);
      const b = new Y.Doc();
      initReportDoc(b, null, zhang);
      applyPackage(b, read.pkg, REPORT);
      expect(readReport(b)).toEqual(readReport(a));
      // …and the same file opens where WebCrypto exists.
      expect((await readPackage(bytes, { passphrase, crypto: web })).ok).toBe(true);
    }
  });

  it('uses WebCrypto where it exists', async () => {
    expect((await packageCrypto()).name).toBe('webcrypto');
  });
});
