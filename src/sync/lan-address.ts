// Which host names and addresses a colleague's PC can reach. Pure: the server uses it to list
// its LAN addresses (GET /api/addresses) and the share dialog to build invite links that never
// name this PC's own loopback (a link to localhost opens nothing on anyone else's machine).

/** localhost, *.localhost, 127.0.0.0/8, ::1 (with or without brackets), 0.0.0.0 and ::. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1' || h === '::ffff:127.0.0.1') return true;
  // The wildcard addresses mean "every interface" when listening; as a destination they are
  // this machine again.
  return h === '0.0.0.0' || h === '::' || h === '';
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
// RFC 1123 host names: letters, digits, hyphens; labels of 1–63 characters, 253 in all.
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/**
 * A bare IPv4 address, DNS host name or bracketed IPv6 address (no port, no scheme) that a
 * colleague's PC can reach: not loopback, and for IPv6 not link-local, multicast or IPv4-mapped.
 */
export function isShareableHost(host: unknown): host is string {
  if (typeof host !== 'string' || isLoopbackHost(host)) return false;
  if (host.startsWith('[')) return isShareableIpv6(host);
  // A name whose last label is numeric is read by browsers as an IPv4 address (999.1.1.1 fails).
  if (/(^|\.)(\d+|0x[0-9a-f]*)$/i.test(host)) return IPV4.test(host);
  return HOST_NAME.test(host);
}

/**
 * `[v6]` as a URL host names it. fe80::/10 is link-local: it only works with a zone id (%eth0),
 * which no browser accepts in a URL, and it differs from PC to PC, so a link with it opens
 * nothing. ff00::/8 is multicast; ::ffff:a.b.c.d is an IPv4 address better given as such.
 */
function isShareableIpv6(bracketed: string): boolean {
  if (!/^\[[0-9a-f:.]{2,45}\]$/i.test(bracketed)) return false;
  let host: string;
  try {
    host = new URL(`http://${bracketed}/`).hostname.toLowerCase();
  } catch {
    return false;
  }
  // Only the form a URL itself writes (lower case, zeros compressed): the link then names exactly this host.
  if (host !== bracketed.toLowerCase() || isLoopbackHost(host)) return false;
  return !/^\[(fe[89ab][0-9a-f]|ff[0-9a-f]{2}):/.test(host) && !host.startsWith('[::ffff:');
}

/** The host part of a URL's `host` (drops the port; keeps IPv6 brackets). */
export function hostOnly(hostWithPort: string): string {
  const v6 = /^\[[^\]]*\]/.exec(hostWithPort);
  if (v6) return v6[0];
  return hostWithPort.replace(/:\d*$/, '');
}
