// With HTTPS on, one port serves both: a net.Server peeks at the first byte of each connection
// (0x16 opens every TLS handshake) and hands the socket to the https server or to a small plain
// http server. Plain http then only: shows the trust page and the CA (a PC must fetch them
// before it trusts https), serves the handover page (its reports still live under the http
// origin — src/handover/), tells an old service worker to step aside, and redirects the rest.
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerOptions, type ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { createServer as createNetServer, isIP, type Server as NetServer, type Socket } from 'node:net';
import { requestPath } from './request-target.ts';
import { applySecurityHeaders } from './security-headers.ts';
import { CA_DOWNLOAD_PATH, renderTrustPage, TRUST_CSS, TRUST_CSS_PATH, TRUST_PATH, type TrustInfo } from './trust-page.ts';
import type { HostRefusal } from './host-allow.ts';

const TLS_HANDSHAKE = 0x16;
/** A connection that sends nothing is dropped after this long, before either server sees it. */
const FIRST_BYTE_TIMEOUT_MS = 10_000;

/** The handover page's file in dist/ (a second vite entry); the http origin shows it for app routes. */
export const HANDOVER_PAGE = '/handover.html';

/**
 * The handover page on either scheme must keep its window.opener: the https copy is opened by
 * the http one and they talk by postMessage. Cross-Origin-Opener-Policy: same-origin (set on
 * every response, security-headers.ts) would cut that link, so this one page gets unsafe-none.
 * Its other protections (CSP, frame-ancestors) stay.
 */
export function keepHandoverOpener(req: IncomingMessage, res: ServerResponse): void {
  if (requestPath(req.url) === HANDOVER_PAGE) res.setHeader('Cross-Origin-Opener-Policy', 'unsafe-none');
}

/** host[:port] as a browser sends it; anything else (spaces, paths, markup) is refused. */
export function validHost(host: string | undefined): string | null {
  if (!host || host.length > 260) return null;
  if (/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/i.test(host)) return host.toLowerCase();
  if (/^\[[0-9a-f:.]+\](:\d{1,5})?$/i.test(host)) return host.toLowerCase();
  return null;
}

function hostOnly(host: string): string {
  return host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '');
}

function isLoopback(host: string): boolean {
  const h = hostOnly(host);
  return h === 'localhost' || h === '::1' || h.startsWith('127.');
}

/**
 * Serves the trust page and the CA certificate (on https too). `reachable` (the addresses of
 * GET /api/addresses) lets the QR code name one a phone can reach when the page was opened as
 * localhost.
 */
export function createTrustHandler(trust: TrustInfo, reachable: () => string[]) {
  return async function handleTrust(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = requestPath(req.url);
    if (path === null) return false;
    if (path === CA_DOWNLOAD_PATH) {
      res.writeHead(200, {
        // The type iOS and Android install from; Windows opens it in the certificate viewer.
        'Content-Type': 'application/x-x509-ca-cert',
        'Content-Disposition': 'attachment; filename="nianbao-ca.crt"',
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : trust.caCertPem);
      return true;
    }
    if (path === TRUST_CSS_PATH) {
      res.writeHead(200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
      res.end(req.method === 'HEAD' ? undefined : TRUST_CSS);
      return true;
    }
    if (path !== TRUST_PATH && path !== TRUST_PATH + '/') return false;
    const requestHost = validHost(req.headers.host);
    if (!requestHost) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('请求的主机名无效');
      return true;
    }
    const port = requestHost.match(/:(\d+)$/)?.[1];
    const lan = reachable()[0];
    const bracketed = lan && isIP(lan) === 6 ? `[${lan}]` : lan;
    const reachableHost = isLoopback(requestHost) && bracketed ? `${bracketed}${port ? ':' + port : ''}` : requestHost;
    const html = await renderTrustPage({ ...trust, reachableHost, requestHost });
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
    res.end(req.method === 'HEAD' ? undefined : html);
    return true;
  };
}

/**
 * A service worker installed while the app was used as http://localhost keeps serving the old
 * http app from its cache, so the clerk would never see the handover. Its next update check
 * fetches this instead: it removes itself and reloads its pages, which then get the handover
 * page from the network. The data in IndexedDB is untouched.
 */
export const RETIRING_SERVICE_WORKER = `// 公开年报: this address has moved to https; this worker removes the old offline copy.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    await self.registration.unregister();
    const pages = await self.clients.matchAll({ type: 'window' });
    for (const page of pages) page.navigate(page.url);
  })());
});
`;

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface PlainFrontOptions {
  trust?: Handler;
  /** Serves a file of dist/ for the given request (the static handler). */
  serveStatic: Handler;
  log: (line: string) => void;
  /** The Host allow-list (host-allow.ts): status and Chinese reason, or null when the Host is this server's. */
  refuseHost?: (req: IncomingMessage) => HostRefusal | null;
  /** The https server's header/request timeouts, so that a slow plain-http client is cut off as soon (server.ts). */
  timeouts?: ServerOptions;
}

function redirectToHttps(req: IncomingMessage, res: ServerResponse, host: string): void {
  // 308 keeps the method and body (a POST /api/share stays a POST).
  res.writeHead(308, { Location: `https://${host}${req.url ?? '/'}`, 'Cache-Control': 'no-store', 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('本服务已改用 HTTPS');
}

/** Is this a page load of the app (not a script, image, API call)? */
function isAppNavigation(req: IncomingMessage, path: string): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (path.startsWith('/api/') || path.startsWith('/relay') || path.startsWith('/assets/')) return false;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return (path === '/index.html' || !last.includes('.')) && (req.headers.accept ?? '').includes('text/html');
}

export function createPlainFront(options: PlainFrontOptions): HttpServer {
  const server = createHttpServer(options.timeouts ?? {}, (req, res) => {
    applySecurityHeaders(res);
    void (async () => {
      try {
        const refusal = options.refuseHost?.(req);
        if (refusal) {
          res.writeHead(refusal.status, { 'Content-Type': 'text/plain; charset=utf-8' });
          res.end(refusal.text);
          return;
        }
        const host = validHost(req.headers.host);
        if (!host) {
          res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
          res.end('请求的主机名无效');
          return;
        }
        const path = requestPath(req.url);
        if (path === null) {
          res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
          res.end('请求路径无效');
          return;
        }
        if (options.trust && (await options.trust(req, res))) return;
        if (req.method === 'GET' && path === '/sw.js') {
          res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' });
          res.end(RETIRING_SERVICE_WORKER);
          return;
        }
        // The handover page and the script chunks it loads.
        keepHandoverOpener(req, res);
        if ((path === HANDOVER_PAGE || path.startsWith('/assets/')) && (await options.serveStatic(req, res))) return;
        if (isAppNavigation(req, path)) {
          req.url = HANDOVER_PAGE;
          keepHandoverOpener(req, res);
          // The browser's cached copy of this URL is the http app's index.html: a 304 would
          // bring that back instead of the handover page.
          delete req.headers['if-modified-since'];
          delete req.headers['if-none-match'];
          if (await options.serveStatic(req, res)) return;
        }
        redirectToHttps(req, res, host);
      } catch (error) {
        options.log(`http 请求处理出错 ${req.method} ${req.url}: ${String(error)}`);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('服务器内部错误');
      }
    })();
  });
  // The relay is wss only now; a ws:// client gets a clear refusal instead of a hang.
  server.on('upgrade', (_req, socket: Socket) => {
    socket.end('HTTP/1.1 426 Upgrade Required\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n请改用 wss:// 连接中继');
  });
  return server;
}

export interface DualListener extends NetServer {
  /**
   * Ends every connection this listener accepted, whichever server it went to — including one
   * still silent or stuck mid-handshake, which neither server's closeAllConnections() knows
   * about and which would otherwise hold close() open for minutes.
   */
  destroyAll(): void;
}

/** One listening socket, two protocols: see the file header. */
export function createDualListener(
  tlsServer: HttpsServer,
  plain: HttpServer,
  firstByteTimeoutMs = FIRST_BYTE_TIMEOUT_MS,
  /**
   * The per-address connection cap, applied here when the connection is accepted: a socket that
   * never sends a byte, or sends plain http, never reaches the https server's 'connection' event.
   */
  admit: (socket: Socket) => boolean = () => true,
): DualListener {
  const open = new Set<Socket>();
  const listener = createNetServer({ pauseOnConnect: true }, (socket) => {
    if (!admit(socket)) {
      socket.destroy();
      return;
    }
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    socket.setTimeout(firstByteTimeoutMs, () => socket.destroy());
    socket.once('error', () => socket.destroy());
    socket.once('data', (first: Buffer) => {
      socket.setTimeout(0);
      socket.pause();
      socket.unshift(first);
      (first[0] === TLS_HANDSHAKE ? tlsServer : plain).emit('connection', socket);
      // The receiving server attaches its own listeners synchronously; only then may data flow.
      process.nextTick(() => socket.resume());
    });
    socket.resume();
  }) as DualListener;
  listener.destroyAll = () => {
    for (const socket of open) socket.destroy();
  };
  return listener;
}
