// A Chromium that trusts the relay's generated CA the way a colleague's Linux PC does after
// following /trust: the CA imported into the NSS database at $HOME/.pki/nssdb of a temporary
// HOME (Debian's libnss3-tools certutil). No --ignore-certificate-errors anywhere: a page
// that loads proves the certificate chain, the names and the trust are real.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { prepareAutoHttps } from '../../src/server/https-auto.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { CHROMIUM_ARGS, removeDir } from './helpers.ts';

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
  const server = await startServer({ port, dataDir, staticDir: 'dist', host: '127.0.0.1', tls: auto.tls, trust: auto.trust, log: () => {} });
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
  return {
    context,
    async close() {
      await context.close();
      removeDir(profile);
    },
  };
}
