// The office server: one http(s) server that serves the built app and (see relay.ts) the
// Hocuspocus relay on /relay. Tests start it in-process with port 0 and a temp data folder.
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createAddressesHandler, lanAddresses, reachableAddresses, shareable } from './addresses.ts';
import { createApiHandler } from './api.ts';
import { createRelay, RELAY_PATH } from './relay.ts';
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
}

export interface RunningServer {
  /** http(s)://localhost:<port> */
  url: string;
  /** ws(s)://localhost:<port>/relay */
  relayUrl: string;
  port: number;
  close(): Promise<void>;
}

export type ApiHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const serveStatic = createStaticHandler(options.staticDir);
  const store = new RelayStore(options.dataDir);
  const relay = createRelay({
    store,
    log,
    maxMessageBytes: options.maxMessageBytes,
    storeDebounceMs: options.storeDebounceMs,
  });
  const addresses = () => (options.lanAddresses ? shareable(options.lanAddresses) : reachableAddresses(options.host, lanAddresses()));
  const apiHandlers: ApiHandler[] = [createAddressesHandler(addresses), createApiHandler(store, log)];

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      try {
        for (const handle of apiHandlers) if (await handle(req, res)) return;
        if (await serveStatic(req, res)) return;
        res.writeHead(405, { 'Content-Type': 'text/plain; charset=utf-8', Allow: 'GET, HEAD' });
        res.end('不支持该请求方法');
      } catch (error) {
        log(`请求处理出错 ${req.method} ${req.url}: ${String(error)}`);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('服务器内部错误');
      }
    })();
  };

  const server: Server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, onRequest)
    : createHttpServer(onRequest);

  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== RELAY_PATH && !path.startsWith(RELAY_PATH + '/')) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    relay.handleUpgrade(req, socket, head);
  });

  await new Promise<void>((done, fail) => {
    const onError = (error: Error) => {
      store.close();
      fail(error);
    };
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      done();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const scheme = options.tls ? 'https' : 'http';

  let closing: Promise<void> | null = null;
  return {
    url: `${scheme}://localhost:${port}`,
    relayUrl: `${scheme === 'https' ? 'wss' : 'ws'}://localhost:${port}${RELAY_PATH}`,
    port,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((done) => server.close(() => done()));
        await relay.close();
        server.closeAllConnections();
        await stopped;
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
