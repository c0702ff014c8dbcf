// Invite links that work on a colleague's PC. The clerk who runs the relay usually opens the app
// as http://localhost:5173; a link naming localhost (as page or as relay) would open nothing on
// anyone else's machine. So the link's page and relay hosts are taken from the addresses the
// server reports (GET /api/addresses) or the non-loopback host this page was opened by.

import { makeInviteLink } from '../sync/invite.ts';

/** The relay address of the page's own server (what 共享 uses unless a technician changes it). */
export { defaultRelayUrl } from '../sync/invite.ts';

/** The invite link as a QR code image (data: URL); the QR encoder is loaded only when one is drawn. */
export async function inviteQrDataUrl(link: string): Promise<string> {
  const qr = await import('../sync/invite-qr.ts');
  return qr.inviteQrDataUrl(link);
}
import { isLoopbackHost, isShareableHost } from '../sync/lan-address.ts';

/**
 * The hosts an invite link may name, best first: the host this page was opened by when a
 * colleague could use it too, then the server's LAN addresses. Empty = nothing reachable.
 */
export function inviteHosts(pageHostname: string, serverAddresses: readonly string[]): string[] {
  // Not only loopback: a page opened by a link-local IPv6 address ([fe80::…]) cannot be reached
  // either. A name is kept as the browser parsed it (a Windows PC name may hold an underscore).
  const unreachable = isLoopbackHost(pageHostname) || (pageHostname.startsWith('[') && !isShareableHost(pageHostname));
  const hosts = unreachable ? [] : [pageHostname];
  for (const a of serverAddresses) if (isShareableHost(a) && !hosts.includes(a)) hosts.push(a);
  return hosts;
}

export interface PageLocation {
  protocol: string;
  hostname: string;
  port: string;
  pathname: string;
}

/**
 * The invite link for `host`: the page at that host (same scheme, port and path as this page)
 * and, when the relay is on this PC's loopback, the relay at that host too (same port).
 */
export function reachableInviteLink(page: PageLocation, share: { relay: string; code: string }, reportId: string, host: string): string {
  const origin = `${page.protocol}//${host}${page.port ? `:${page.port}` : ''}${page.pathname.replace(/\/+$/, '')}`;
  const relay = new URL(share.relay);
  if (isLoopbackHost(relay.hostname)) relay.hostname = host;
  return makeInviteLink(origin, { relay: relay.toString(), reportId, code: share.code });
}

/** The server's LAN addresses; [] when it cannot tell (older relay, app served from elsewhere). */
export async function fetchServerAddresses(fetchImpl: typeof fetch = fetch): Promise<string[]> {
  try {
    const r = await fetchImpl('/api/addresses', { headers: { Accept: 'application/json' } });
    if (!r.ok) return [];
    const body = (await r.json()) as { addresses?: unknown };
    return Array.isArray(body.addresses) ? body.addresses.filter(isShareableHost) : [];
  } catch {
    return [];
  }
}

/**
 * For an https invite link, the relay's trust page a colleague opens first (plain http, same host
 * and port): until her PC trusts this relay's CA the link shows only the browser's warning
 * 您的连接不是私密连接. null for an http link, which needs no certificate.
 */
export function trustPageFor(link: string): string | null {
  const u = new URL(link);
  // The relay answers plain http on its https port (443 too, which the URL leaves out).
  return u.protocol === 'https:' ? `http://${u.hostname}:${u.port || '443'}/trust` : null;
}
