// The office server: one http(s) server that serves the built app and (see relay.ts) the
// Hocuspocus relay on /relay. Tests start it in-process with port 0 and a temp data folder.
// It listens on the office network, so every request is read defensively (request-target.ts),
// carries the security headers (security-headers.ts), counts against its address's connection
// cap (address-cap.ts), and upgrades and /api/ are checked against the app's origins (origin.ts).
// See docs/security.md.
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createAddressCap, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS } from './address-cap.ts';
import { createAddressesHandler, lanAddresses, reachableAddresses, shareable } from './addresses.ts';
import { createApiHandler } from './api.ts';
import { createDualListener, createPlainFront, createTrustHandler, keepHandoverOpener, type DualListener } from './https-front.ts';
import { printable, throttledLog } from './log-throttle.ts';
import { createHostPolicy, judgeHost, refusedHostMessage, type HostRefusal } from './host-allow.ts';
import { clientAddress, createOriginPolicy, judgeOrigin, normaliseAddress } from './origin.ts';
import { createRateLimiter } from './rate-limit.ts';
import { createRelay, RELAY_PATH, type Relay } from './relay.ts';
import { isUnder, requestPath } from './request-target.ts';
import { applySecurityHeaders, rawSecurityHeaderLines } from './security-headers.ts';
import type { TrustInfo } from './trust-page.ts';
import { createStaticHandler } from './static.ts';
import { RelayStore } from './store.ts';

export interface StartServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** Folder of relay.sqlite; created if missing. */
  dataDir: string;
  /** Folder with the built app (normally dist/). */
  staticDir: string;
  /** Interface to listen on; default all interfaces so other office PCs can connect. */
  host?: string;
  /** PEM certificate and key: when both are given the server speaks https/wss. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** The local CA (NIANBAO_HTTPS=auto): enables /trust and /nianbao-ca.crt on http and https. */
  trust?: TrustInfo;
  /** Log lines go here (default console.log); tests pass a collector. */
  log?: (line: string) => void;
  /** Largest relay WebSocket message in bytes (default 8 MB). */
  maxMessageBytes?: number;
  /** Debounce of the relay's compacted document writes in ms (default 500). */
  storeDebounceMs?: number;
  /**
   * Host names or addresses colleagues reach this server by (GET /api/addresses). Default: this
   * PC's LAN addresses, read at each request. Tests pass e.g. ['office-pc.test'] so that no
   * traffic ever goes to the test machine's real private-range addresses.
   */
  lanAddresses?: string[];
  /** Extra origins allowed to use the relay and /api/ (NIANBAO_ORIGINS), e.g. `https://www.xx.gov.cn`. */
  origins?: Iterable<string>;
  /**
   * Extra host names this server answers to (NIANBAO_HOSTS, NIANBAO_CERT_NAMES): the DNS-rebinding
   * allow-list of host-allow.ts. lanAddresses and the hosts of `origins` are added.
   */
  hosts?: Iterable<string>;
  /** Reverse proxies whose X-Forwarded-For is believed (NIANBAO_TRUST_PROXY); none by default. */
  trustedProxies?: ReadonlySet<string>;
  /** Open connections per client address (default 32). */
  maxConnectionsPerAddress?: number;
  /** A relay socket that has not authenticated after this long is closed (default 10 s). */
  authTimeoutMs?: number;
  /** Bytes a relay socket may send before it authenticates (default 64 KB). */
  maxPreAuthBytes?: number;
  /** POST /api/share per address: `burst` at once, then one per `perMs` (default 10, then 1 per 6 s). */
  shareRate?: { burst: number; perMs: number };
  /** A request's headers must arrive within this long (default 10 s; the whole request 30 s). */
  headersTimeoutMs?: number;
  /** With tls: how long a new connection may stay silent before it is dropped (default 10 s). */
  firstByteTimeoutMs?: number;
}

export interface RunningServer {
  /** http(s)://localhost:<port> */
  url: string;
  /** ws(s)://localhost:<port>/relay */
  relayUrl: string;
  port: number;
  /** The relay and its store inside (tests look at loaded documents and simulate a full disk). */
  relay: Relay;
  store: RelayStore;
  /** Swap in a renewed certificate; new connections use it, open ones keep theirs. */
  setTls(tls: { cert: string | Buffer; key: string | Buffer }): void;
  close(): Promise<void>;
}

export type ApiHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const logLimited = throttledLog(log);
  const trustedProxies = options.trustedProxies ?? new Set<string>();
  const addressOf = (req: IncomingMessage) => clientAddress(req, trustedProxies);
  let listeningPort = options.port;
  const extraOrigins = [...(options.origins ?? [])];
  const origins = createOriginPolicy({ extra: extraOrigins, port: () => listeningPort });
  const hostPolicy = createHostPolicy({
    listed: [...(options.hosts ?? []), ...(options.lanAddresses ?? []), ...extraOrigins.map((o) => URL.canParse(o) ? new URL(o).host : '')],
    localNames: origins.localNames,
  });
  // DNS rebinding defence (host-allow.ts): 421 for a name that is not this server's, 400 for a Host that is no host.
  const refuseHost = (req: IncomingMessage): HostRefusal | null => {
    const verdict = judgeHost(req.headers.host, hostPolicy);
    if (verdict === 'allowed' || verdict === 'none') return null;
    if (verdict === 'invalid') return { status: 400, text: '请求的主机名无效' };
    logLimited(`${addressOf(req)} host`, `拒绝请求：${addressOf(req)} 使用的主机名不是本服务器的（${printable(String(req.headers.host))}）`);
    return { status: 421, text: refusedHostMessage(req.headers.host) };
  };
  const serveStatic = createStaticHandler(options.staticDir);
  const store = new RelayStore(options.dataDir);
  const relay = createRelay({
    store,
    log,
    maxMessageBytes: options.maxMessageBytes,
    storeDebounceMs: options.storeDebounceMs,
    authTimeoutMs: options.authTimeoutMs,
    maxPreAuthBytes: options.maxPreAuthBytes,
    addressOf,
  });
  const addresses = () => (options.lanAddresses ? shareable(options.lanAddresses) : reachableAddresses(options.host, lanAddresses()));
  const shareRate = options.shareRate ?? { burst: 10, perMs: 6000 };
  const apiHandlers: ApiHandler[] = [
    createAddressesHandler(addresses),
    createApiHandler({
      store,
      log,
      origins,
      shareLimiter: createRateLimiter(shareRate),
      addressOf,
      disconnectReport: (id) => relay.disconnectReport(id),
    }),
  ];
  const cap = createAddressCap(options.maxConnectionsPerAddress ?? DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, trustedProxies);
  const trust = options.trust ? createTrustHandler(options.trust, addresses) : undefined;
  if (trust) apiHandlers.push(trust);

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    applySecurityHeaders(res);
    const hostRefusal = refuseHost(req);
    if (hostRefusal) {
      res.writeHead(hostRefusal.status, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
      res.end(hostRefusal.text);
      return;
    }
    keepHandoverOpener(req, res);
    void (async () => {
      try {
        for (const handle of apiHandlers) if (await handle(req, res)) return;
        if (await serveStatic(req, res)) return;
        res.writeHead(405, { 'Content-Type': 'text/plain; charset=utf-8', Allow: 'GET, HEAD' });
        res.end('不支持该请求方法');
      } catch (error) {
        // A backstop: handlers are written not to throw on any input.
        logLimited(`${addressOf(req)} 500`, `请求处理出错 ${printable(String(req.method))} ${printable(String(req.url))}: ${printable(String(error), 200)}`);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('服务器内部错误');
      }
    })();
  };

  // Partial requests (slowloris) are cut off: headers within 10 s, a whole request within 30 s,
  // checked every second (Node's default check runs only every 30 s).
  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  const timeouts = {
    headersTimeout,
    requestTimeout: Math.max(30_000, headersTimeout),
    keepAliveTimeout: 5_000,
    connectionsCheckingInterval: Math.min(1000, headersTimeout),
  };
  const server: Server | HttpsServer = options.tls
    ? // A TLS handshake left half done is cut off as soon as unfinished headers (Node's default is 120 s).
      createHttpsServer({ cert: options.tls.cert, key: options.tls.key, handshakeTimeout: headersTimeout, ...timeouts }, onRequest)
    : createHttpServer(timeouts, onRequest);
  // With TLS, plain http on the same port only redirects (see https-front.ts).
  const plain = options.tls ? createPlainFront({ trust, serveStatic, log, refuseHost, timeouts }) : undefined;
  const admit = (socket: Socket): boolean => {
    if (cap.admit(socket)) return true;
    logLimited(`${socket.remoteAddress} cap`, `拒绝连接：${socket.remoteAddress} 的连接数已达上限`);
    return false;
  };
  // With the shared https/http port the listener counts each connection once, when accepted
  // (silent and plain-http ones included); otherwise the server does.
  const listener: Server | NetServer = plain ? createDualListener(server as HttpsServer, plain, options.firstByteTimeoutMs, admit) : server;
  if (!plain) {
    server.on('connection', (socket: Socket) => {
      if (!admit(socket)) socket.destroy();
    });
  }
  // Malformed HTTP (bad request line, header flood, garbage): answer 400/431/408 and close. Not
  // logged: garbage from the network is not worth a line, and it never reaches a handler.
  server.on('clientError', (error: Error & { code?: string; library?: string }, socket: Duplex) => {
    // The https server reports failed and timed-out TLS handshakes here too; writing an http
    // answer into a handshake that never finished queues it forever and keeps the socket open.
    const tlsFailure = /^ERR_(TLS|SSL)_/.test(error.code ?? '') || error.library === 'SSL routines';
    if (!tlsFailure && socket.writable && !(socket as Socket).destroyed) {
      const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n${rawSecurityHeaderLines()}\r\n`);
    } else socket.destroy();
  });

  const refuseUpgrade = (socket: Duplex, status: string) => {
    socket.on('error', () => {});
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n${rawSecurityHeaderLines()}\r\n`);
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    try {
      const path = requestPath(req.url);
      if (path === null || !isUnder(path, RELAY_PATH)) return refuseUpgrade(socket, '404 Not Found');
      const hostRefusal = refuseHost(req);
      if (hostRefusal) return refuseUpgrade(socket, hostRefusal.status === 421 ? '421 Misdirected Request' : '400 Bad Request');
      // Behind a trusted proxy every client shares the proxy's address: cap each forwarded client.
      if (trustedProxies.has(normaliseAddress(req.socket.remoteAddress ?? '')) && !cap.admitAs(addressOf(req), socket)) {
        logLimited(`${addressOf(req)} cap`, `拒绝连接：${addressOf(req)} 的连接数已达上限`);
        return refuseUpgrade(socket, '429 Too Many Requests');
      }
      if (judgeOrigin(req, origins) === 'foreign') {
        logLimited(`${addressOf(req)} origin`, `拒绝连接：${addressOf(req)} 来自其他网页（${printable(String(req.headers.origin))}）的中继连接`);
        return refuseUpgrade(socket, '403 Forbidden');
      }
      relay.handleUpgrade(req, socket, head);
    } catch (error) {
      // Backstop only: nothing above is expected to throw, but an upgrade must never stop the process.
      logLimited(`${addressOf(req)} upgrade`, `升级请求出错：${printable(String(error), 200)}`);
      socket.destroy();
    }
  });

  await new Promise<void>((done, fail) => {
    const onError = (error: Error) => {
      store.close();
      fail(error);
    };
    listener.once('error', onError);
    listener.listen(options.port, options.host, () => {
      listener.off('error', onError);
      // Behind the shared https/http port neither http server listens itself, and Node starts
      // enforcing headersTimeout/requestTimeout only on 'listening': without this a slow
      // client on the https port was never cut off.
      if (listener !== server) for (const s of [server, plain!]) s.emit('listening');
      done();
    });
  });
  const port = (listener.address() as AddressInfo).port;
  listeningPort = port;
  const scheme = options.tls ? 'https' : 'http';

  let closing: Promise<void> | null = null;
  return {
    url: `${scheme}://localhost:${port}`,
    relayUrl: `${scheme === 'https' ? 'wss' : 'ws'}://localhost:${port}${RELAY_PATH}`,
    port,
    relay,
    store,
    setTls(tls) {
      if (!options.tls) throw new Error('服务器以 http 启动，不能更换证书');
      (server as HttpsServer).setSecureContext({ cert: tls.cert, key: tls.key });
    },
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((done) => server.close(() => done()));
        const listenerStopped = listener !== server ? new Promise<void>((done) => listener.close(() => done())) : stopped;
        await relay.close();
        server.closeAllConnections();
        plain?.close();
        plain?.closeAllConnections();
        if (listener !== server) (listener as DualListener).destroyAll();
        await stopped;
        await listenerStopped;
        store.close();
      })();
      return closing;
    },
  };
}

/** Reads HTTPS_CERT / HTTPS_KEY (paths to PEM files); both or neither. */
export function tlsFromEnv(env: NodeJS.ProcessEnv): StartServerOptions['tls'] {
  const certPath = env.HTTPS_CERT;
  const keyPath = env.HTTPS_KEY;
  if (!certPath && !keyPath) return undefined;
  if (!certPath || !keyPath) throw new Error('HTTPS_CERT 和 HTTPS_KEY 必须同时设置（证书和私钥的 PEM 文件路径）');
  return { cert: readFileSync(certPath), key: readFileSync(keyPath) };
}
