// The server's LAN addresses: printed at start and served to the app as GET /api/addresses, so
// that the share dialog of a clerk who opened http://localhost builds invite links with an
// address her colleagues can reach. Own origin only: the list describes the office network, so
// no CORS header is sent and a request that says it comes from another site is refused.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { isShareableHost } from '../sync/lan-address.ts';
import { requestPath } from './request-target.ts';

export const ADDRESSES_PATH = '/api/addresses';

/**
 * The addresses of this PC colleagues can reach, in interface order: its non-internal IPv4
 * addresses (APIPA 169.254.x.x left out: no DHCP, nobody reaches it). Only on a PC without any
 * (an IPv6-only office) its IPv6 addresses, bracketed as a URL names them, unique-local (fc00::/7,
 * stable) before global ones — never link-local fe80:: (see lan-address.ts). A dual-stack office
 * gets IPv4 only: global IPv6 addresses include temporary privacy addresses that change daily, so
 * a link kept in a share would stop working.
 */
export function lanAddresses(interfaces: ReturnType<typeof networkInterfaces> = networkInterfaces()): string[] {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const list of Object.values(interfaces)) {
    for (const addr of list ?? []) {
      if (addr.internal) continue;
      if (addr.family === 'IPv4' && !addr.address.startsWith('169.254.')) v4.push(addr.address);
      // Node <18.4 gave the family as a number.
      if ((addr.family as string | number) === 'IPv6' || (addr.family as string | number) === 6) {
        const bracketed = `[${addr.address.toLowerCase().replace(/%.*$/, '')}]`;
        if (isShareableHost(bracketed)) v6.push(bracketed);
      }
    }
  }
  const uniqueLocal = (a: string) => /^\[f[cd]/.test(a);
  const found = v4.length ? v4 : [...v6.filter(uniqueLocal), ...v6.filter((a) => !uniqueLocal(a))];
  return [...new Set(found)];
}

/**
 * What colleagues can use to reach a server listening on `listenHost`: nothing when it listens on
 * loopback only, that one address when it listens on one, else every LAN address. Anything that
 * is not a plain host name or IPv4 address (or is loopback) is dropped.
 */
export function reachableAddresses(listenHost: string | undefined, candidates: readonly string[]): string[] {
  const everyInterface = !listenHost || listenHost === '0.0.0.0' || listenHost === '::' || listenHost === '[::]';
  if (!everyInterface) {
    // HOST=2001:db8::5 names an IPv6 address without the brackets a URL needs.
    const host = isIP(listenHost) === 6 ? `[${listenHost}]` : listenHost;
    return isShareableHost(host) ? [host] : [];
  }
  return shareable(candidates);
}

/** The shareable entries of a list, each once. */
export function shareable(candidates: readonly string[]): string[] {
  return [...new Set(candidates.filter(isShareableHost))];
}

function send(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...extra,
  });
  res.end(JSON.stringify(body));
}

/** True when the request says it comes from a page of another origin. */
function fromOtherSite(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

export function createAddressesHandler(addresses: () => string[]) {
  return async function handleAddresses(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    // requestPath never throws (new URL threw on targets like `//`).
    if (requestPath(req.url) !== ADDRESSES_PATH) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, { error: '请使用 GET 请求' }, { Allow: 'GET, HEAD' });
      return true;
    }
    if (fromOtherSite(req)) {
      send(res, 403, { error: '只接受本站页面的请求' });
      return true;
    }
    send(res, 200, { addresses: addresses() });
    return true;
  };
}
