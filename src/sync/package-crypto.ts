// The three primitives a 同步包 needs — SHA-256, PBKDF2-SHA256 → 256-bit key, AES-256-GCM — in
// two interchangeable implementations that produce the same bytes:
//   - WebCrypto (`crypto.subtle`), native and fast, but browsers only offer it in a secure
//     context (https or localhost): a colleague's PC opening http://192.168.x.x has none;
//   - @noble/hashes + @noble/ciphers, audited pure JS, loaded on demand only where
//     crypto.subtle is missing (the bench in docs/sync.md says why both are kept: PBKDF2 at
//     250,000 rounds is several times slower in JS).
// crypto.getRandomValues (salt, iv) exists in insecure contexts too, so it is used by both.

export interface PackageCrypto {
  readonly name: 'webcrypto' | 'noble';
  sha256(data: Uint8Array): Promise<Uint8Array>;
  /** PBKDF2-SHA256 of the UTF-8 passphrase: the raw 32-byte AES-256 key. */
  deriveKey(passphrase: string, salt: Uint8Array, iterations: number): Promise<Uint8Array>;
  /** AES-256-GCM, 16-byte tag appended (WebCrypto's layout). */
  encrypt(key: Uint8Array, iv: Uint8Array, plain: Uint8Array): Promise<Uint8Array>;
  /** Throws when the tag does not match (wrong key or damaged data). */
  decrypt(key: Uint8Array, iv: Uint8Array, sealed: Uint8Array): Promise<Uint8Array>;
}

type Bytes = Uint8Array<ArrayBuffer>;
function bytes(u: Uint8Array): Bytes {
  return (u.buffer instanceof ArrayBuffer ? u : new Uint8Array(u)) as Bytes;
}

export function webCrypto(subtle: SubtleCrypto): PackageCrypto {
  const aesKey = (raw: Uint8Array, use: KeyUsage) => subtle.importKey('raw', bytes(raw), 'AES-GCM', false, [use]);
  return {
    name: 'webcrypto',
    async sha256(data) {
      return new Uint8Array(await subtle.digest('SHA-256', bytes(data)));
    },
    async deriveKey(passphrase, salt, iterations) {
      const base = await subtle.importKey('raw', bytes(new TextEncoder().encode(passphrase)), 'PBKDF2', false, ['deriveBits']);
      return new Uint8Array(await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: bytes(salt), iterations }, base, 256));
    },
    async encrypt(key, iv, plain) {
      return new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv: bytes(iv) }, await aesKey(key, 'encrypt'), bytes(plain)));
    },
    async decrypt(key, iv, sealed) {
      return new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv: bytes(iv) }, await aesKey(key, 'decrypt'), bytes(sealed)));
    },
  };
}

export async function nobleCrypto(): Promise<PackageCrypto> {
  const [{ sha256 }, { pbkdf2Async }, { gcm }] = await Promise.all([
    import('@noble/hashes/sha2.js'),
    import('@noble/hashes/pbkdf2.js'),
    import('@noble/ciphers/aes.js'),
  ]);
  return {
    name: 'noble',
    async sha256(data) {
      return sha256(data);
    },
    async deriveKey(passphrase, salt, iterations) {
      // The async form yields to the event loop now and then: the page stays responsive
      // during the second or so that 250,000 rounds take on an old PC.
      return pbkdf2Async(sha256, new TextEncoder().encode(passphrase), salt, { c: iterations, dkLen: 32 });
    },
    async encrypt(key, iv, plain) {
      return gcm(key, iv).encrypt(plain);
    },
    async decrypt(key, iv, sealed) {
      return gcm(key, iv).decrypt(sealed);
    },
  };
}

let chosen: Promise<PackageCrypto> | null = null;

/** WebCrypto where the browser offers it, else the pure-JS implementation (loaded once). */
export function packageCrypto(): Promise<PackageCrypto> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle) return Promise.resolve(webCrypto(subtle));
  chosen ??= nobleCrypto();
  return chosen;
}

/** Random bytes; available in insecure contexts too (unlike crypto.subtle). */
export function randomBytes(n: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}
