// Which Host names this server answers to — the defence against DNS rebinding.
//
// origin.ts counts an Origin equal to the Host header as "own". A page on evil.example whose DNS
// name is made to point at this PC after it loaded (DNS rebinding) sends Origin
// http://evil.example:5173 and Host evil.example:5173: equal, so without this check it could use
// /api/ and the relay from the clerk's browser. The browser always sends the name it resolved as
// Host, so refusing Host names that are not this server's closes that door.
//
// Allowed, without any setting: IP literals (a rebinding attacker cannot make the browser send
// an address as Host for his own page); this PC's host name and addresses; localhost and
// *.localhost; single-label intranet names (`office-pc`, resolved by NetBIOS/LLMNR/the office
// DNS search list, never by a public registry); local suffixes .local/.lan/.internal/.home.arpa/
// .localdomain (never delegated on the public internet, so an outside attacker cannot own one).
// Everything else — a real DNS name like nianbao.xx.gov.cn — must be listed in NIANBAO_HOSTS (or
// NIANBAO_CERT_NAMES / NIANBAO_ORIGINS, which name it already).
// A request without Host (HTTP/1.0 from a script) is not from a browser and cannot be rebound.

/** Suffixes that are never delegated on the public internet (RFC 6762, 8375, ICANN .internal). */
const LOCAL_SUFFIXES = ['.local', '.lan', '.internal', '.home.arpa', '.localdomain', '.localhost'];

export interface HostPolicy {
  /** Listed names (NIANBAO_HOSTS, NIANBAO_CERT_NAMES, NIANBAO_ORIGINS' hosts, the LAN names given), lower case, no port. */
  listed: ReadonlySet<string>;
  /** This machine's names and addresses, lower case (IPv6 without brackets). */
  localNames: ReadonlySet<string>;
}

export function createHostPolicy(options: { listed?: Iterable<string>; localNames: ReadonlySet<string> }): HostPolicy {
  const listed = new Set<string>();
  for (const name of options.listed ?? []) {
    const n = hostNameOf(name);
    if (n) listed.add(n);
  }
  return { listed, localNames: options.localNames };
}

/** NIANBAO_HOSTS="nianbao.xx.gov.cn, relay.xx.gov.cn": the names and the entries that are not host names. */
export function parseHostList(value: string | undefined): { hosts: string[]; invalid: string[] } {
  const hosts: string[] = [];
  const invalid: string[] = [];
  for (const raw of (value ?? '').split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i.test(entry) && entry.length <= 253) hosts.push(entry.toLowerCase().replace(/\.$/, ''));
    else invalid.push(entry);
  }
  return { hosts, invalid };
}

/**
 * The host name of a Host header value (`name`, `name:port`, `[v6]:port`), lower case, without
 * trailing dot or brackets; null when it is not a host at all.
 */
export function hostNameOf(host: string): string | null {
  if (host.length === 0 || host.length > 300) return null;
  try {
    const u = new URL(`http://${host}`);
    if (u.username || u.password || u.pathname !== '/' || u.search || u.hash) return null;
    const name = u.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
    return name || null;
  } catch {
    return null;
  }
}

function isIpLiteral(name: string): boolean {
  // WHATWG URL parsing has already turned 0x7f.1, 2130706433 etc. into dotted quads.
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(name) || (name.includes(':') && /^[0-9a-f:.]+$/.test(name));
}

/** What the server answers a refused Host: 421 with the reason, or 400 for a Host that is no host name. */
export interface HostRefusal {
  status: 421 | 400;
  text: string;
}

export type HostVerdict = 'none' | 'allowed' | 'refused' | 'invalid';

export function judgeHost(header: string | string[] | undefined, policy: HostPolicy): HostVerdict {
  if (header === undefined) return 'none';
  if (typeof header !== 'string') return 'invalid';
  const name = hostNameOf(header);
  if (!name) return 'invalid';
  if (isIpLiteral(name)) return 'allowed';
  if (name === 'localhost' || policy.localNames.has(name) || policy.listed.has(name)) return 'allowed';
  if (!name.includes('.')) return 'allowed';
  if (LOCAL_SUFFIXES.some((suffix) => name.endsWith(suffix))) return 'allowed';
  return 'refused';
}

/** The Chinese reason sent with a 421, naming the setting that would let this name in. */
export function refusedHostMessage(header: string | string[] | undefined): string {
  const name = typeof header === 'string' ? hostNameOf(header) : null;
  if (!name) return '请求的主机名无效。';
  return (
    `拒绝请求：“${name}”不是本服务器的名称（为防止 DNS 重绑定攻击，只接受本机名称、IP 地址和局域网名称）。` +
    `如果同事确实用这个名称访问本服务器，请在启动时设置环境变量 NIANBAO_HOSTS=${name}（多个用逗号分隔），见 docs/security.md。`
  );
}
