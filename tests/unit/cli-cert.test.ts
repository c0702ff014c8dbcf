// `nianbao cert` through the CLI's main(): makes the CA once, prints its fingerprint and the next
// steps in Chinese, remembers extra names, and refuses arguments and bad names with exit 2.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { certCommand } from '../../src/cli/cert-command.ts';
import { tempDir } from './relay-helpers.ts';

const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) } };
}

it('makes the CA once and keeps it, remembering NIANBAO_CERT_NAMES', async () => {
  const d = tempDir('nianbao-cli-cert-');
  dirs.push(d);
  const first = io();
  expect(await certCommand([], first.io, { NIANBAO_DATA: d.path, NIANBAO_CERT_NAMES: 'nianbao.example.gov.cn' })).toBe(0);
  const text = first.out.join('\n');
  expect(text).toContain('已生成本地根证书');
  expect(text).toContain('nianbao.example.gov.cn');
  expect(text).toMatch(/根证书指纹（SHA-256）：([0-9A-F]{2}:){31}[0-9A-F]{2}/);
  expect(text).toContain('NIANBAO_HTTPS=auto npm start');
  const ca = readFileSync(join(d.path, 'tls', 'nianbao-ca.crt'), 'utf8');

  const second = io();
  expect(await certCommand([], second.io, { NIANBAO_DATA: d.path })).toBe(0);
  expect(second.out.join('\n')).toContain('沿用服务器证书');
  expect(second.out.join('\n')).toContain('nianbao.example.gov.cn');
  expect(readFileSync(join(d.path, 'tls', 'nianbao-ca.crt'), 'utf8')).toBe(ca);
});

it('refuses arguments and bad names with exit 2 and a Chinese message', async () => {
  const d = tempDir('nianbao-cli-cert-');
  dirs.push(d);
  const a = io();
  expect(await main(['cert', '--force'], a.io)).toBe(2);
  expect(a.err.join('')).toContain('不接受参数');
  const b = io();
  expect(await certCommand([], b.io, { NIANBAO_DATA: d.path, NIANBAO_CERT_NAMES: 'a b;rm -rf' })).toBe(2);
  expect(b.err.join('')).toContain('无效的主机名');
});
