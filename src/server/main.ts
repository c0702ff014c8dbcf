// `npm start`: serves dist/ and the relay on PORT (default 5173), data in NIANBAO_DATA
// (default ./data). Prints where to open the app, in Chinese, for the office clerk.
import { resolve } from 'node:path';
import { lanAddresses, reachableAddresses } from './addresses.ts';
import { parseOriginList, parseTrustedProxies } from './origin.ts';
import { prepareAutoHttps, type AutoHttps } from './https-auto.ts';
import { extraNamesFromEnv } from './cert.ts';
import { parseHostList } from './host-allow.ts';
import { startServer, tlsFromEnv } from './server.ts';

/** A positive integer setting, or undefined for the default; exits with a Chinese reason when malformed. */
function positiveInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) {
    console.error(`${name}=${raw} 无效（应为正整数）`);
    process.exit(2);
  }
  return n;
}

async function main() {
  const rawPort = process.env.PORT ?? '5173';
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`端口号无效：PORT=${rawPort}（应为 0–65535 的整数）`);
    process.exit(2);
  }
  const dataDir = resolve(process.env.NIANBAO_DATA ?? './data');
  const staticDir = resolve(process.env.NIANBAO_STATIC ?? './dist');
  let auto: AutoHttps | undefined;
  try {
    auto = await prepareAutoHttps(process.env, dataDir, (line) => console.log(line));
  } catch (error) {
    console.error(`无法启用 HTTPS：${(error as Error).message}`);
    process.exit(2);
  }
  let tls: { cert: string | Buffer; key: string | Buffer } | undefined = auto?.tls;
  try {
    tls ??= tlsFromEnv(process.env);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(code === 'ENOENT' ? `找不到证书或私钥文件：${(error as NodeJS.ErrnoException).path}` : String((error as Error).message));
    process.exit(2);
  }
  // Tuning knob, mostly for tests: how long edits wait before the compacted state is rewritten
  // (every edit is appended to the log at once regardless).
  const rawDebounce = Number(process.env.NIANBAO_STORE_DEBOUNCE_MS);
  const storeDebounceMs = Number.isFinite(rawDebounce) && rawDebounce >= 0 ? rawDebounce : undefined;
  const { origins, invalid } = parseOriginList(process.env.NIANBAO_ORIGINS);
  if (invalid.length) {
    console.error(`NIANBAO_ORIGINS 中有无效的网址：${invalid.join('、')}（应形如 https://www.example.gov.cn，多个用逗号分隔）`);
    process.exit(2);
  }
  // The DNS-rebinding allow-list (host-allow.ts): NIANBAO_HOSTS plus the names the certificate carries.
  const { hosts, invalid: invalidHosts } = parseHostList(process.env.NIANBAO_HOSTS);
  if (invalidHosts.length) {
    console.error(`NIANBAO_HOSTS 中有无效的主机名：${invalidHosts.join('、')}（应形如 nianbao.example.gov.cn，多个用逗号分隔）`);
    process.exit(2);
  }
  try {
    hosts.push(...(auto ? auto.hosts : extraNamesFromEnv(process.env.NIANBAO_CERT_NAMES)));
  } catch (error) {
    console.error(String((error as Error).message));
    process.exit(2);
  }
  const trustedProxies = parseTrustedProxies(process.env.NIANBAO_TRUST_PROXY);
  const maxConnectionsPerAddress = positiveInt('NIANBAO_MAX_CONNECTIONS_PER_ADDRESS');
  const authTimeoutMs = positiveInt('NIANBAO_AUTH_TIMEOUT_MS');
  let running;
  try {
    running = await startServer({
      port,
      dataDir,
      staticDir,
      tls,
      trust: auto?.trust,
      host: process.env.HOST,
      storeDebounceMs,
      origins,
      hosts,
      trustedProxies,
      maxConnectionsPerAddress,
      authTimeoutMs,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') console.error(`端口 ${port} 已被占用。请关闭占用它的程序，或用 PORT=其他端口 重新启动。`);
    else console.error(`服务器启动失败：${String(error)}`);
    process.exit(1);
  }
  const stopRenewing = auto?.keepRenewed(running);
  const scheme = tls ? 'https' : 'http';
  console.log(`公开年报已启动：${running.url}`);
  const reachable = reachableAddresses(process.env.HOST, lanAddresses());
  for (const ip of reachable) console.log(`  同一网络的其他电脑可访问：${scheme}://${ip}:${running.port}`);
  if (!reachable.length) console.log('  其他电脑暂时无法访问：没有找到局域网地址（请检查网线或无线网络，或 HOST 设置）。');
  console.log(`  数据目录：${dataDir}`);
  if (!tls) console.log('  提示：其他电脑需通过 HTTPS 访问才能离线安装使用：用 NIANBAO_HTTPS=auto npm start 启动，见 docs/relay.md');
  if (auto) for (const ip of reachable.slice(0, 1)) console.log(`  其他电脑第一次使用前，请打开 http://${ip}:${running.port}/trust 安装根证书`);
  console.log('按 Ctrl+C 停止。');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    stopRenewing?.();
    console.log(`收到 ${signal}，正在保存并关闭……`);
    await running.close();
    console.log('已安全关闭。');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

await main();
