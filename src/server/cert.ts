// The office's own certificate authority, so colleagues reach the relay over https without an
// IT department: `nianbao cert` and `NIANBAO_HTTPS=auto npm start` call ensureCertificates().
// Files, in <NIANBAO_DATA>/tls/ (folder 0700, private keys 0600 — readable by the owner only):
//   nianbao-ca.crt / nianbao-ca.key   the CA, made once, valid 10 years; colleagues install the
//                                     .crt once (the /trust page); it is never remade silently,
//                                     because every PC would have to install it again
//   server.crt / server.key           this PC's certificate signed by the CA, for its host name,
//                                     localhost and every LAN address; remade when it is within
//                                     RENEW_BEFORE_DAYS of expiry or the name list has changed
// X.509 is built with @peculiar/x509 (see docs/relay.md for why); keys are WebCrypto ECDSA P-256.
import 'reflect-metadata';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { hostname as osHostname, networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { GeneralName, GeneralSubtree, GeneralSubtrees, id_ce_nameConstraints, NameConstraints } from '@peculiar/asn1-x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 24 * 60 * 60 * 1000;
export const CA_VALID_DAYS = 3650;
/** Apple rejects TLS server certificates valid longer than 825 days; 397 keeps every client happy. */
export const SERVER_VALID_DAYS = 397;
export const RENEW_BEFORE_DAYS = 30;
export const CA_FILE = 'nianbao-ca.crt';

/**
 * The DNS names the CA may ever vouch for (X.509 name constraints), besides this PC's own names
 * at the time it is made: suffixes used only inside networks. Whoever steals the CA's key can
 * then impersonate no public web site (a bank, a government portal) to the PCs that trust it.
 * IP addresses are left unconstrained: offices on 政务外网 use addresses outside the private
 * ranges, and an address changes with the network while the CA must stay for years.
 */
export const LAN_SUFFIXES = ['local', 'lan', 'internal', 'intranet', 'home.arpa', 'test'];

export interface CertNames {
  dns: string[];
  ips: string[];
}

export interface CertificateSet {
  /** Folder holding the four files. */
  dir: string;
  caCertPem: string;
  /** SHA-256 of the CA certificate (DER), as colon-separated upper-case hex — what the trust page shows. */
  caFingerprint: string;
  cert: string;
  key: string;
  notAfter: Date;
  names: CertNames;
  /** What this call did, for the console: 'kept' or why the server certificate was (re)made. */
  caMade: boolean;
  server: 'kept' | 'new' | 'expiring' | 'names-changed' | 'ca-changed';
  /** Wanted names the CA may not vouch for (made for other names): left out of the certificate. */
  uncovered: string[];
}

/** A DNS name a certificate may carry: letters, digits, hyphens, dots (what os.hostname() gives on Windows and Linux). */
function validDnsName(name: string): boolean {
  return name.length > 0 && name.length <= 253 && /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(name);
}

/**
 * The names colleagues may use to reach this PC: its host name, localhost, loopback and every
 * LAN address, plus `extra` (NIANBAO_CERT_NAMES: an office DNS name, or a test's office-pc.test).
 * Sorted and de-duplicated, so that two lists compare equal exactly when they mean the same.
 */
export function localNames(
  extra: readonly string[] = [],
  host: string = osHostname(),
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
): CertNames {
  const dns = new Set<string>(['localhost']);
  const ips = new Set<string>(['127.0.0.1', '::1']);
  const add = (raw: string) => {
    const name = raw.trim().toLowerCase().replace(/\.$/, '');
    if (!name) return;
    if (isIP(name)) ips.add(name);
    else if (validDnsName(name)) dns.add(name);
  };
  add(host);
  for (const e of extra) add(e);
  for (const list of Object.values(interfaces)) {
    for (const a of list ?? []) {
      // Link-local IPv6 (fe80::) needs a zone id in URLs, which no browser accepts: useless here.
      if (a.internal || (a.family === 'IPv6' && a.address.toLowerCase().startsWith('fe80'))) continue;
      add(a.address);
    }
  }
  return { dns: [...dns].sort(), ips: [...ips].sort() };
}

/** NIANBAO_CERT_NAMES="nianbao.example.gov.cn, office-pc.test" → the list; rejects what no certificate may carry. */
export function extraNamesFromEnv(value: string | undefined): string[] {
  if (!value) return [];
  const names = value.split(/[,\s]+/).map((s) => s.trim().toLowerCase()).filter(Boolean);
  const bad = names.filter((n) => !isIP(n) && !validDnsName(n.replace(/\.$/, '')));
  if (bad.length) throw new Error(`NIANBAO_CERT_NAMES 中有无效的主机名：${bad.join('、')}（只能包含字母、数字、连字符和点）`);
  return names;
}

function sameNames(a: CertNames, b: CertNames): boolean {
  return a.dns.join(',') === b.dns.join(',') && a.ips.join(',') === b.ips.join(',');
}

function namesOf(cert: x509.X509Certificate): CertNames {
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const dns: string[] = [];
  const ips: string[] = [];
  for (const n of san?.names.items ?? []) {
    if (n.type === 'dns') dns.push(n.value.toLowerCase());
    if (n.type === 'ip') ips.push(n.value.toLowerCase());
  }
  // @peculiar/x509 prints ::1 in its long form; normalise through a URL host so the lists compare.
  const normIp = (ip: string) => (isIP(ip) === 6 ? new URL(`http://[${ip}]/`).hostname.slice(1, -1) : ip);
  return { dns: [...new Set(dns)].sort(), ips: [...new Set(ips.map(normIp))].sort() };
}

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

function derOf(text: string): Buffer {
  return Buffer.from(text.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

/** Write via a temp file and rename, so a crash never leaves half a key; private files get 0600. */
function writeAtomic(path: string, text: string, secret: boolean): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: secret ? 0o600 : 0o644 });
  if (secret) chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

function serial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0]! &= 0x7f; // positive INTEGER
  return Buffer.from(bytes).toString('hex');
}

export function fingerprintOf(certPem: string): Promise<string> {
  return webcrypto.subtle.digest('SHA-256', derOf(certPem)).then((d) =>
    Buffer.from(d).toString('hex').toUpperCase().replace(/(..)(?=.)/g, '$1:'),
  );
}

function nameConstraintsExtension(dnsNames: readonly string[]): x509.Extension {
  const permitted = [...new Set([...dnsNames, ...LAN_SUFFIXES])].sort();
  const value = new NameConstraints({
    permittedSubtrees: new GeneralSubtrees(permitted.map((dNSName) => new GeneralSubtree({ base: new GeneralName({ dNSName }) }))),
  });
  // Non-critical, as the CA/Browser Forum allows for compatibility: every client that knows the
  // extension (Chrome, Edge, Firefox, Windows, Android, iOS) enforces it either way.
  return new x509.Extension(id_ce_nameConstraints, false, AsnConvert.serialize(value));
}

/** The CA's permitted DNS subtrees, or null when it has none (a CA made before they were added). */
function permittedDns(ca: x509.X509Certificate): string[] | null {
  const ext = ca.extensions.find((e) => e.type === id_ce_nameConstraints);
  if (!ext) return null;
  const nc = AsnConvert.parse(ext.value, NameConstraints);
  const dns = (nc.permittedSubtrees ?? []).map((t) => t.base.dNSName).filter((n): n is string => typeof n === 'string');
  return dns.length ? dns.map((n) => n.toLowerCase()) : null;
}

function permits(permitted: string[] | null, name: string): boolean {
  return permitted === null || permitted.some((base) => name === base || name.endsWith('.' + base));
}

async function makeCa(dir: string, now: Date, label: string, dnsNames: readonly string[]): Promise<{ cert: x509.X509Certificate; keys: CryptoKeyPair }> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    // The name people see in the certificate store, so they know what they installed.
    name: [{ CN: [`公开年报 本地证书颁发机构（${label}）`] }, { O: ['公开年报'] }],
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + CA_VALID_DAYS * DAY),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      nameConstraintsExtension(dnsNames),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  writeAtomic(join(dir, 'nianbao-ca.key'), pem('PRIVATE KEY', pkcs8), true);
  writeAtomic(join(dir, CA_FILE), cert.toString('pem') + '\n', false);
  return { cert, keys };
}

async function loadCa(dir: string): Promise<{ cert: x509.X509Certificate; privateKey: CryptoKey } | null> {
  const certPath = join(dir, CA_FILE);
  const keyPath = join(dir, 'nianbao-ca.key');
  if (!existsSync(certPath) && !existsSync(keyPath)) return null;
  if (!existsSync(certPath) || !existsSync(keyPath)) {
    throw new Error(`证书文件夹 ${dir} 中只有根证书或私钥之一。为免各电脑上已安装的根证书失效，不会自动重建；请找回缺失的文件，或删除 ${CA_FILE} 和 nianbao-ca.key 后重新运行 nianbao cert（之后每台电脑需重新安装根证书）。`);
  }
  try {
    const cert = new x509.X509Certificate(readFileSync(certPath, 'utf8'));
    const privateKey = await webcrypto.subtle.importKey('pkcs8', derOf(readFileSync(keyPath, 'utf8')), ALG, false, ['sign']);
    return { cert, privateKey };
  } catch (error) {
    throw new Error(`无法读取根证书或其私钥（${dir}）：${(error as Error).message}`);
  }
}

async function makeServerCert(
  dir: string,
  ca: { cert: x509.X509Certificate; privateKey: CryptoKey },
  names: CertNames,
  now: Date,
): Promise<void> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notAfter = new Date(Math.min(now.getTime() + SERVER_VALID_DAYS * DAY, ca.cert.notAfter.getTime()));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: [{ CN: [names.dns.find((n) => n !== 'localhost') ?? 'localhost'] }, { O: ['公开年报'] }],
    issuer: ca.cert.subjectName,
    notBefore: new Date(now.getTime() - DAY),
    notAfter,
    signingKey: ca.privateKey,
    publicKey: keys.publicKey,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...names.dns.map((value) => ({ type: 'dns' as const, value })),
        ...names.ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  writeAtomic(join(dir, 'server.key'), pem('PRIVATE KEY', pkcs8), true);
  writeAtomic(join(dir, 'server.crt'), cert.toString('pem') + '\n' + ca.cert.toString('pem') + '\n', false);
}

export interface EnsureOptions {
  /** NIANBAO_DATA; the files go to <dataDir>/tls. */
  dataDir: string;
  names?: CertNames;
  now?: Date;
}

/**
 * Makes the CA if there is none, and a server certificate if there is none, it expires within
 * RENEW_BEFORE_DAYS, its names differ from `names`, or it was not signed by the current CA.
 * Idempotent: a second call with the same names and date changes no file.
 */
export async function ensureCertificates(options: EnsureOptions): Promise<CertificateSet> {
  const now = options.now ?? new Date();
  let names = options.names ?? localNames();
  const dir = join(options.dataDir, 'tls');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  for (const secret of ['nianbao-ca.key', 'server.key']) {
    // An older copy restored from a backup may have come back world-readable.
    if (existsSync(join(dir, secret))) chmodSync(join(dir, secret), 0o600);
  }

  let caMade = false;
  let ca = await loadCa(dir);
  if (!ca) {
    const made = await makeCa(dir, now, names.dns.find((n) => n !== 'localhost') ?? 'localhost', names.dns);
    ca = { cert: made.cert, privateKey: made.keys.privateKey };
    caMade = true;
  }

  const permitted = permittedDns(ca.cert);
  const uncovered = names.dns.filter((n) => !permits(permitted, n));
  names = { dns: names.dns.filter((n) => permits(permitted, n)), ips: names.ips };

  let server: CertificateSet['server'] = 'kept';
  const certPath = join(dir, 'server.crt');
  const keyPath = join(dir, 'server.key');
  if (!existsSync(certPath) || !existsSync(keyPath)) server = 'new';
  else {
    try {
      const current = new x509.X509Certificate(readFileSync(certPath, 'utf8'));
      if (!(await current.verify({ publicKey: ca.cert.publicKey, signatureOnly: true }))) server = 'ca-changed';
      else if (current.notAfter.getTime() - now.getTime() < RENEW_BEFORE_DAYS * DAY) server = 'expiring';
      else if (!sameNames(namesOf(current), names)) server = 'names-changed';
    } catch {
      server = 'new';
    }
  }
  if (server !== 'kept') await makeServerCert(dir, ca, names, now);

  const cert = readFileSync(certPath, 'utf8');
  const leaf = new x509.X509Certificate(cert.slice(0, cert.indexOf('-----END CERTIFICATE-----') + 25));
  const caCertPem = readFileSync(join(dir, CA_FILE), 'utf8');
  return {
    dir,
    caCertPem,
    caFingerprint: await fingerprintOf(caCertPem),
    cert,
    key: readFileSync(keyPath, 'utf8'),
    notAfter: leaf.notAfter,
    names: namesOf(leaf),
    caMade,
    server,
    uncovered,
  };
}
