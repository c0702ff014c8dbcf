// The local CA and server certificate (src/server/cert.ts), checked by outside verifiers:
// openssl's chain and host-name checks, and a real Node TLS handshake that trusts only the CA.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { connect } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { ensureCertificates, extraNamesFromEnv, localNames, SERVER_VALID_DAYS } from '../../src/server/cert.ts';
import { tempDir } from './relay-helpers.ts';

const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));
function data() {
  const d = tempDir('nianbao-cert-');
  dirs.push(d);
  return d.path;
}

const LAN = { eth0: [{ address: '192.168.1.23', family: 'IPv4', internal: false } as never, { address: 'fe80::1', family: 'IPv6', internal: false } as never], lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true } as never] };
const names = localNames(['office-pc.test'], 'OFFICE-PC', LAN);

function openssl(args: string[]) {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  return { ok: r.status === 0, out: r.stdout + r.stderr };
}

describe('localNames', () => {
  it('lists host name, localhost, loopback and LAN addresses, not link-local ones', () => {
    expect(names).toEqual({ dns: ['localhost', 'office-pc', 'office-pc.test'], ips: ['127.0.0.1', '192.168.1.23', '::1'] });
  });
  it('rejects names no certificate may carry, in Chinese', () => {
    expect(extraNamesFromEnv('nianbao.example.gov.cn, 10.0.0.5')).toEqual(['nianbao.example.gov.cn', '10.0.0.5']);
    expect(() => extraNamesFromEnv('ok.test,bad_name,<script>')).toThrow(/无效的主机名：bad_name、<script>/);
    // A host name with odd characters is left out rather than breaking the certificate.
    expect(localNames([], 'pc with space', {}).dns).toEqual(['localhost']);
  });
});

describe('ensureCertificates', () => {
  it('makes a CA and a server certificate that outside verifiers accept for every name', async () => {
    const dir = data();
    const set = await ensureCertificates({ dataDir: dir, names });
    expect(set.caMade).toBe(true);
    expect(set.server).toBe('new');
    const tls = join(dir, 'tls');
    expect(statSync(tls).mode & 0o777).toBe(0o700);
    expect(statSync(join(tls, 'nianbao-ca.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(tls, 'server.key')).mode & 0o777).toBe(0o600);
    expect(set.caFingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const fp = openssl(['x509', '-in', join(tls, 'nianbao-ca.crt'), '-noout', '-fingerprint', '-sha256']).out;
    expect(fp).toContain(set.caFingerprint);

    const ca = join(tls, 'nianbao-ca.crt');
    const leaf = join(dir, 'leaf.pem');
    writeFileSync(leaf, set.cert.slice(0, set.cert.indexOf('-----END CERTIFICATE-----') + 25) + '\n');
    expect(openssl(['verify', '-CAfile', ca, '-purpose', 'sslserver', '-verify_hostname', 'office-pc.test', leaf]).out).toContain('OK');
    expect(openssl(['verify', '-CAfile', ca, '-verify_ip', '192.168.1.23', leaf]).out).toContain('OK');
    expect(openssl(['verify', '-CAfile', ca, '-verify_hostname', 'localhost', leaf]).ok).toBe(true);
    // A name it was not made for fails, so the checks above can fail.
    expect(openssl(['verify', '-CAfile', ca, '-verify_hostname', 'evil.test', leaf]).ok).toBe(false);
    expect(openssl(['verify', '-CAfile', ca, '-verify_ip', '192.168.1.99', leaf]).ok).toBe(false);
    const days = (set.notAfter.getTime() - Date.now()) / 86400000;
    expect(days).toBeGreaterThan(SERVER_VALID_DAYS - 2);
    expect(days).toBeLessThanOrEqual(SERVER_VALID_DAYS);

    // A real TLS handshake trusting only the CA, by a LAN name.
    const server = createServer({ cert: set.cert, key: set.key }, (_q, s) => s.end('ok'));
    await new Promise<void>((d) => server.listen(0, '127.0.0.1', d));
    try {
      const port = (server.address() as AddressInfo).port;
      const authorized = await new Promise<boolean>((done, fail) => {
        const socket = connect({ host: '127.0.0.1', port, servername: 'office-pc.test', ca: set.caCertPem }, () => {
          done(socket.authorized);
          socket.end();
        });
        socket.on('error', fail);
      });
      expect(authorized).toBe(true);
    } finally {
      server.close();
    }
  });

  it('keeps both files on a second run, renews before expiry and when the addresses change, never remakes the CA', async () => {
    const dir = data();
    const first = await ensureCertificates({ dataDir: dir, names });
    const again = await ensureCertificates({ dataDir: dir, names });
    expect(again).toMatchObject({ caMade: false, server: 'kept', cert: first.cert, key: first.key });

    const later = new Date(Date.now() + (SERVER_VALID_DAYS - 20) * 86400000);
    const renewed = await ensureCertificates({ dataDir: dir, names, now: later });
    expect(renewed.server).toBe('expiring');
    expect(renewed.caFingerprint).toBe(first.caFingerprint);
    expect(renewed.notAfter.getTime()).toBeGreaterThan(first.notAfter.getTime());

    const moved = localNames(['office-pc.test'], 'OFFICE-PC', { eth0: [{ address: '10.0.0.7', family: 'IPv4', internal: false } as never] });
    const changed = await ensureCertificates({ dataDir: dir, names: moved, now: later });
    expect(changed.server).toBe('names-changed');
    expect(changed.names.ips).toContain('10.0.0.7');
    expect(changed.names.ips).not.toContain('192.168.1.23');
    expect(changed.caFingerprint).toBe(first.caFingerprint);
  });

  it('remakes a server certificate not signed by the CA, and refuses to guess when half the CA is missing', async () => {
    const dir = data();
    await ensureCertificates({ dataDir: dir, names });
    const other = data();
    await ensureCertificates({ dataDir: other, names });
    writeFileSync(join(dir, 'tls', 'server.crt'), readFileSync(join(other, 'tls', 'server.crt')));
    expect((await ensureCertificates({ dataDir: dir, names })).server).toBe('ca-changed');
    writeFileSync(join(dir, 'tls', 'server.crt'), 'garbage');
    expect((await ensureCertificates({ dataDir: dir, names })).server).toBe('new');

    const caCert = readFileSync(join(dir, 'tls', 'nianbao-ca.crt'));
    unlinkSync(join(dir, 'tls', 'nianbao-ca.key'));
    await expect(ensureCertificates({ dataDir: dir, names })).rejects.toThrow(/只有根证书或私钥之一/);
    expect(readFileSync(join(dir, 'tls', 'nianbao-ca.crt'))).toEqual(caCert);
    writeFileSync(join(dir, 'tls', 'nianbao-ca.key'), 'not a key');
    await expect(ensureCertificates({ dataDir: dir, names })).rejects.toThrow(/无法读取根证书或其私钥/);
  });

  it('limits what the CA may vouch for: a stolen CA key cannot impersonate a public site', async () => {
    const dir = data();
    const set = await ensureCertificates({ dataDir: dir, names });
    const tls = join(dir, 'tls');
    const text = openssl(['x509', '-in', join(tls, 'nianbao-ca.crt'), '-noout', '-text']).out;
    expect(text).toContain('X509v3 Name Constraints');
    expect(text).toContain('DNS:office-pc.test');
    expect(text).toContain('DNS:local');
    expect(text).not.toContain('DNS:cn');

    // Forge, with the CA's own key, a certificate for a public name: verifiers refuse it.
    const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const pem = readFileSync(join(tls, 'nianbao-ca.key'), 'utf8').replace(/-----[^-]+-----|\s/g, '');
    const caKey = await webcrypto.subtle.importKey('pkcs8', Buffer.from(pem, 'base64'), alg, false, ['sign']);
    const ca = new x509.X509Certificate(set.caCertPem);
    const leafKeys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
    const forged = await x509.X509CertificateGenerator.create({
      serialNumber: '0badc0de', subject: 'CN=www.bank.example.com', issuer: ca.subjectName,
      notBefore: new Date(Date.now() - 86400000), notAfter: new Date(Date.now() + 86400000 * 30),
      signingKey: caKey, publicKey: leafKeys.publicKey, signingAlgorithm: alg,
      extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'www.bank.example.com' }]), new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth])],
    });
    writeFileSync(join(dir, 'forged.pem'), forged.toString('pem'));
    const verdict = openssl(['verify', '-CAfile', join(tls, 'nianbao-ca.crt'), join(dir, 'forged.pem')]);
    expect(verdict.ok).toBe(false);
    expect(verdict.out).toMatch(/subtree violation/i);
  });

  it('leaves out, and says so, a name added after the CA was made outside what it may vouch for', async () => {
    const dir = data();
    await ensureCertificates({ dataDir: dir, names });
    const more = localNames(['office-pc.test', 'nianbao.example.gov.cn', 'pc.office.lan'], 'OFFICE-PC', LAN);
    const set = await ensureCertificates({ dataDir: dir, names: more });
    expect(set.uncovered).toEqual(['nianbao.example.gov.cn']);
    expect(set.names.dns).toContain('pc.office.lan');
    expect(set.names.dns).not.toContain('nianbao.example.gov.cn');
    // Stable: the next run does not remake the certificate over the missing name.
    expect((await ensureCertificates({ dataDir: dir, names: more })).server).toBe('kept');
  });
});
