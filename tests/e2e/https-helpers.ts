// A Chromium that trusts the relay's generated CA the way a colleague's Linux PC does after
// following /trust: the CA imported into the NSS database at $HOME/.pki/nssdb of a temporary
// HOME (Debian's libnss3-tools certutil). No --ignore-certificate-errors anywhere: a page
// that loads proves the certificate chain, the names and the trust are real.
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as x509 from '@peculiar/x509';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { prepareAutoHttps } from '../../src/server/https-auto.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { CHROMIUM_ARGS, answerNamePrompts, removeDir } from './helpers.ts';

/** The LAN-like name the tests open the app by; Chromium maps it to loopback. */
export const OFFICE_HOST = 'office-pc.test';

export interface HttpsApp {
  server: RunningServer;
  /** https://office-pc.test:<port> */
  url: string;
  /** http://office-pc.test:<port> (the old address) */
  httpUrl: string;
  caPem: string;
  fingerprint: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** The real NIANBAO_HTTPS=auto preparation of `npm start`, then the real server, on loopback. */
export async function startHttpsApp(port = 0, dataDir = mkdtempSync(join(tmpdir(), 'nianbao-https-'))): Promise<HttpsApp> {
  const auto = await prepareAutoHttps({ NIANBAO_HTTPS: 'auto', NIANBAO_CERT_NAMES: OFFICE_HOST }, dataDir, () => {});
  if (!auto) throw new Error('auto https did not start');
  const server = await startServer({ port, dataDir, staticDir: 'dist', host: '127.0.0.1', tls: auto.tls, trust: auto.trust, hosts: auto.hosts, log: () => {} });
  return {
    server,
    url: `https://${OFFICE_HOST}:${server.port}`,
    httpUrl: `http://${OFFICE_HOST}:${server.port}`,
    caPem: auto.trust.caCertPem,
    fingerprint: auto.trust.caFingerprint,
    dataDir,
    stop: () => server.close(),
  };
}

/** A temp HOME whose NSS database trusts `caPem` as a CA for web sites (certutil -t "C,,"). */
export function homeTrusting(caPem: string | null): string {
  const home = mkdtempSync(join(tmpdir(), 'nianbao-home-'));
  const nss = join(home, '.pki', 'nssdb');
  mkdirSync(nss, { recursive: true });
  const run = (args: string[]) => {
    const r = spawnSync('certutil', args, { encoding: 'utf8' });
    if (r.error || r.status !== 0) throw new Error(`certutil ${args.join(' ')} failed (apt-get install libnss3-tools): ${r.error ?? r.stderr}`);
    return r.stdout;
  };
  run(['-N', '-d', `sql:${nss}`, '--empty-password']);
  if (caPem) {
    writeFileSync(join(home, 'ca.crt'), caPem);
    run(['-A', '-d', `sql:${nss}`, '-n', 'nianbao', '-t', 'C,,', '-i', join(home, 'ca.crt')]);
  }
  return home;
}

export interface TrustingBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A persistent profile (installability is only judged there) launched with HOME = `home`. */
export async function launchWithHome(home: string, extraArgs: string[] = []): Promise<TrustingBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'nianbao-https-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${OFFICE_HOST} 127.0.0.1`, ...extraArgs],
    env: { ...process.env, HOME: home },
  });
  await answerNamePrompts(context);
  return {
    context,
    async close() {
      await context.close();
      removeDir(profile);
    },
  };
}

/**
 * What a thief of the CA's private key could make: a certificate for `name`, signed by the CA.
 * Used to check that browsers hold the CA to its name constraints.
 */
export async function forgeWithCaKey(dataDir: string, name: string): Promise<{ cert: string; key: string }> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const der = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const caKey = await webcrypto.subtle.importKey('pkcs8', der(readFileSync(join(dataDir, 'tls', 'nianbao-ca.key'), 'utf8')), alg, false, ['sign']);
  const ca = new x509.X509Certificate(readFileSync(join(dataDir, 'tls', 'nianbao-ca.crt'), 'utf8'));
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: '0badc0de', subject: `CN=${name}`, issuer: ca.subjectName,
    notBefore: new Date(Date.now() - 86400000), notAfter: new Date(Date.now() + 30 * 86400000),
    signingKey: caKey, publicKey: keys.publicKey, signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(false),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: name }]),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  return { cert: leaf.toString('pem') + '\n' + ca.toString('pem') + '\n', key: `-----BEGIN PRIVATE KEY-----\n${pkcs8}\n-----END PRIVATE KEY-----\n` };
}
