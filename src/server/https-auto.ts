// NIANBAO_HTTPS=auto: the certificates of cert.ts made or renewed at start, and checked again
// every few hours while the relay runs (a PC that stays on for a year still gets its renewal,
// and one that moved to another network gets its new address added) — swapped into the
// running server without a restart.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CA_FILE, ensureCertificates, extraNamesFromEnv, localNames, type CertificateSet, type CertNames } from './cert.ts';
import type { RunningServer } from './server.ts';

export const RECHECK_EVERY_MS = 6 * 60 * 60 * 1000;

/** NIANBAO_HTTPS: 'auto' or unset; anything else is a mistake worth stopping for. */
export function httpsModeFromEnv(env: NodeJS.ProcessEnv): 'auto' | 'off' {
  const v = (env.NIANBAO_HTTPS ?? '').trim().toLowerCase();
  if (v === '' || v === 'off' || v === '0') return 'off';
  if (v === 'auto' || v === '1' || v === 'on') return 'auto';
  throw new Error(`NIANBAO_HTTPS=${env.NIANBAO_HTTPS} 无法识别：应为 auto（自动生成证书并启用 HTTPS）或不设置`);
}

/**
 * Names for the server certificate: this PC's own (localNames) plus NIANBAO_CERT_NAMES. Extra
 * names are remembered in tls/extra-names.json, so that `nianbao cert` with the variable and a
 * later `npm start` without it do not drop the office's DNS name from the certificate.
 */
export function namesFromEnv(env: NodeJS.ProcessEnv, dataDir: string): CertNames {
  const file = join(dataDir, 'tls', 'extra-names.json');
  let remembered: string[] = [];
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (Array.isArray(parsed)) remembered = extraNamesFromEnv(parsed.filter((n) => typeof n === 'string').join(','));
  } catch {
    /* none yet, or unreadable: start from the variable alone */
  }
  const fresh = extraNamesFromEnv(env.NIANBAO_CERT_NAMES);
  const extra = [...new Set([...remembered, ...fresh])];
  if (fresh.some((n) => !remembered.includes(n))) {
    mkdirSync(join(dataDir, 'tls'), { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify(extra, null, 1) + '\n');
  }
  return localNames(extra);
}

/** Console lines about what ensureCertificates did, in Chinese. */
export function describeCertificates(set: CertificateSet): string[] {
  const lines: string[] = [];
  if (set.caMade) lines.push(`已生成本地根证书：${join(set.dir, CA_FILE)}（每台电脑需安装一次，见 /trust 页面）`);
  const why = {
    kept: '沿用服务器证书',
    new: '已生成服务器证书',
    expiring: '服务器证书即将到期，已续期',
    'names-changed': '本机地址有变化，已重新生成服务器证书',
    'ca-changed': '服务器证书与根证书不匹配，已重新生成',
  }[set.server];
  lines.push(`${why}，有效期至 ${set.notAfter.toISOString().slice(0, 10)}`);
  lines.push(`  包含的名称：${[...set.names.dns, ...set.names.ips].join('、')}`);
  lines.push(`  根证书指纹（SHA-256）：${set.caFingerprint}`);
  if (set.uncovered.length) {
    lines.push(`  注意：根证书生成时没有包含这些名称，服务器证书中未写入：${set.uncovered.join('、')}。`);
    lines.push(`  用这些名称访问会提示证书错误；可改用上面列出的名称或 IP 地址，或删除 ${CA_FILE} 和 nianbao-ca.key 后带上这些名称重新运行 nianbao cert（之后每台电脑需重新安装根证书）。`);
  }
  return lines;
}

/**
 * Re-runs ensureCertificates every `everyMs` and swaps a renewed certificate into `server`.
 * Returns a stop function. A failed check is logged and retried next time; the running
 * certificate stays in use.
 */
export function keepRenewed(
  server: Pick<RunningServer, 'setTls'>,
  options: { dataDir: string; names: () => CertNames; log: (line: string) => void; everyMs?: number; now?: () => Date },
): () => void {
  const check = async () => {
    try {
      const set = await ensureCertificates({ dataDir: options.dataDir, names: options.names(), now: options.now?.() });
      if (set.server !== 'kept') {
        server.setTls({ cert: set.cert, key: set.key });
        for (const line of describeCertificates(set)) options.log(line);
      }
    } catch (error) {
      options.log(`检查证书时出错（继续使用现有证书）：${(error as Error).message}`);
    }
  };
  const timer = setInterval(() => void check(), options.everyMs ?? RECHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

export interface AutoHttps {
  tls: { cert: string; key: string };
  trust: { caCertPem: string; caFingerprint: string };
  /** The certificate's DNS names (this PC's and NIANBAO_CERT_NAMES): the server answers to them (host-allow.ts). */
  hosts: string[];
  /** Start renewing once the server runs; returns the stop function. */
  keepRenewed(server: Pick<RunningServer, 'setTls'>): () => void;
}

/** What `npm start` does for NIANBAO_HTTPS=auto before it starts the server (undefined when off). */
export async function prepareAutoHttps(env: NodeJS.ProcessEnv, dataDir: string, log: (line: string) => void): Promise<AutoHttps | undefined> {
  if (httpsModeFromEnv(env) === 'off') return undefined;
  if (env.HTTPS_CERT || env.HTTPS_KEY) throw new Error('HTTPS_CERT/HTTPS_KEY 与 NIANBAO_HTTPS=auto 只能二选一：已有本单位签发的证书时不要设置 NIANBAO_HTTPS');
  const names = () => namesFromEnv(env, dataDir);
  const set = await ensureCertificates({ dataDir, names: names() });
  for (const line of describeCertificates(set)) log(line);
  return {
    tls: { cert: set.cert, key: set.key },
    trust: { caCertPem: set.caCertPem, caFingerprint: set.caFingerprint },
    hosts: set.names.dns,
    keepRenewed: (server) => keepRenewed(server, { dataDir, names, log }),
  };
}
