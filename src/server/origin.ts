// Which web pages may talk to the relay (websocket upgrades and /api/), and who a request
// comes from.
//
// A browser puts an Origin header on every websocket handshake, every cross-origin request and
// every POST. "Own" origins are:
//  - an Origin whose host:port equals the request's Host header: the page was loaded from this
//    very server under whatever name the clerk typed (LAN name, IP, https or not);
//  - an Origin naming this machine (localhost, 127.x, ::1, its host name or one of its network
//    addresses) on the server's own port: the sharer who opened http://localhost:5173 and
//    shares through ws://192.168.1.23:5173/relay talks to the same server;
//  - the origins listed in NIANBAO_ORIGINS (comma-separated, e.g. an app served by the unit's
//    web server that uses this relay).
// Anything else, including the literal `null` of sandboxed frames and file:// pages, is
// refused: that is a web page the clerk happened to visit, which must not reach the relay.
// A request without Origin is not one a web page made, so no visiting page can forge it; a
// program on the network that sends none could as well send any Origin it likes, so refusing
// it protects nothing and would only lock out the CLI and scripts. It still needs an invite
// code for the relay and is rate-limited on /api/.
import type { IncomingMessage } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';

export interface OriginPolicy {
  /** Extra allowed origins, normalised (`scheme://host[:port]`). */
  extra: ReadonlySet<string>;
  /** The port this server listens on (to recognise this machine's own origins). */
  port(): number;
  /** Names and addresses of this machine, lower case (IPv6 without brackets). */
  localNames: ReadonlySet<string>;
}

/** Parses NIANBAO_ORIGINS; returns the normalised origins and the entries that are not origins. */
export function parseOriginList(value: string | undefined): { origins: Set<string>; invalid: string[] } {
  const origins = new Set<string>();
  const invalid: string[] = [];
  for (const raw of (value ?? '').split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const origin = normaliseOrigin(entry);
    if (origin) origins.add(origin);
    else invalid.push(entry);
  }
  return { origins, invalid };
}

function normaliseOrigin(value: string): string | null {
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    if (u.pathname !== '/' || u.search || u.hash || u.username || u.password) return null;
    return u.origin;
  } catch {
    return null;
  }
}

export function thisMachinesNames(): Set<string> {
  const names = new Set<string>(['localhost', '::1']);
  try {
    names.add(hostname().toLowerCase());
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) names.add(a.address.toLowerCase());
  } catch {
    /* no interfaces to list: the Host comparison still works */
  }
  return names;
}

export function createOriginPolicy(options: { extra?: Iterable<string>; port: () => number }): OriginPolicy {
  return { extra: new Set(options.extra ?? []), port: options.port, localNames: thisMachinesNames() };
}

export type OriginVerdict = 'none' | 'own' | 'listed' | 'foreign';

/** How the request's Origin relates to this server (see the file header). */
export function judgeOrigin(req: IncomingMessage, policy: OriginPolicy): OriginVerdict {
  const header = req.headers.origin;
  if (header === undefined) return 'none';
  if (typeof header !== 'string') return 'foreign';
  const origin = normaliseOrigin(header);
  if (!origin) return 'foreign';
  const url = new URL(origin);
  const host = req.headers.host;
  if (typeof host === 'string' && host.length < 300) {
    try {
      // Parse Host with the Origin's scheme so default ports compare equal (":80" vs none).
      if (new URL(`${url.protocol}//${host}`).host === url.host) return 'own';
    } catch {
      /* a Host header that is not a host: fall through */
    }
  }
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  const name = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (port === policy.port() && (policy.localNames.has(name) || /^127\./.test(name))) return 'own';
  if (policy.extra.has(origin)) return 'listed';
  return 'foreign';
}

export function originAllowed(req: IncomingMessage, policy: OriginPolicy): boolean {
  return judgeOrigin(req, policy) !== 'foreign';
}

/**
 * The client's address: the socket's peer, or — only when the peer is a proxy listed in
 * NIANBAO_TRUST_PROXY — the last address that proxy appended to X-Forwarded-For. Anyone can
 * write X-Forwarded-For; believing it unconditionally would let one client pose as many and
 * slip past the per-address limits.
 */
export function clientAddress(req: IncomingMessage, trustedProxies: ReadonlySet<string>): string {
  const peer = normaliseAddress(req.socket.remoteAddress ?? '?');
  if (!trustedProxies.has(peer)) return peer;
  const forwarded = req.headers['x-forwarded-for'];
  const list = (typeof forwarded === 'string' ? forwarded : '').split(',').map((s) => s.trim()).filter(Boolean);
  const last = list.at(-1);
  return last && last.length <= 64 && /^[0-9a-fA-F:.]+$/.test(last) ? normaliseAddress(last) : peer;
}

/** `::ffff:127.0.0.1` and `127.0.0.1` are the same client. */
export function normaliseAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address.toLowerCase();
}

/** NIANBAO_TRUST_PROXY: comma-separated proxy addresses whose X-Forwarded-For is believed. */
export function parseTrustedProxies(value: string | undefined): Set<string> {
  return new Set((value ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(normaliseAddress));
}
