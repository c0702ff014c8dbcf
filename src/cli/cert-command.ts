// `nianbao cert`: makes (once) the office's local CA and this PC's server certificate in
// NIANBAO_DATA/tls, or renews the server certificate — the same step NIANBAO_HTTPS=auto npm
// start takes — and says in Chinese what to do next. Kept apart from main.ts so the report
// commands never load the X.509 library.
import { join, resolve } from 'node:path';
import { describeCertificates, namesFromEnv } from '../server/https-auto.ts';
import { ensureCertificates } from '../server/cert.ts';

export async function certCommand(args: string[], io: { out: (s: string) => void; err: (s: string) => void }, env = process.env): Promise<number> {
  if (args.length > 0) {
    io.err(`nianbao cert 不接受参数：${args.join(' ')}。数据目录用环境变量 NIANBAO_DATA 指定，额外主机名用 NIANBAO_CERT_NAMES。`);
    return 2;
  }
  const dataDir = resolve(env.NIANBAO_DATA ?? './data');
  try {
    const set = await ensureCertificates({ dataDir, names: namesFromEnv(env, dataDir) });
    for (const line of describeCertificates(set)) io.out(line);
    io.out('');
    io.out('下一步：');
    io.out('  1. 用 NIANBAO_HTTPS=auto npm start 启动中继（Windows 命令提示符：set NIANBAO_HTTPS=auto 然后 npm start）。');
    io.out('  2. 在每台同事的电脑和手机上打开 http://本机地址:端口/trust，按页面说明安装根证书，并核对上面的指纹。');
    io.out(`  根证书的私钥在 ${join(set.dir, 'nianbao-ca.key')}，只有本机当前用户可读；请勿复制给他人。`);
    return 0;
  } catch (error) {
    io.err(`无法生成证书：${(error as Error).message}`);
    return 2;
  }
}
