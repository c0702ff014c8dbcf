// Invite links to a report shared on an office relay, and the identifiers they carry. Pure: no
// DOM, no network; the server uses the same patterns to validate what it receives.
//
// Link format: `${origin}/#/join?relay=<ws url>&report=<report id>&code=<invite code>`.
// The data sits in the hash so it never reaches a web server's logs when the link is opened.

/** Report ids the relay accepts as document names (the app makes 32 hex characters). */
export const REPORT_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
/** Invite codes: ≥ 128 random bits in base64url (the relay issues 160 bits = 27 characters). */
export const INVITE_CODE_PATTERN = /^[A-Za-z0-9_-]{22,128}$/;

export function isValidReportId(id: unknown): id is string {
  return typeof id === 'string' && REPORT_ID_PATTERN.test(id);
}

export function isValidInviteCode(code: unknown): code is string {
  return typeof code === 'string' && INVITE_CODE_PATTERN.test(code);
}

export interface Invite {
  /** ws:// or wss:// URL of the relay, path /relay. */
  relay: string;
  reportId: string;
  code: string;
}

export type ParsedInvite = { ok: true; invite: Invite } | { ok: false; error: string };

/** The relay URL served by the same origin as the app: ws(s)://host/relay. */
export function defaultRelayUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/relay`;
}

/** http(s) URL of the relay's HTTP API endpoint `path` (e.g. '/api/share'), from its ws URL. */
export function relayHttpUrl(relay: string, path: string): string {
  const u = new URL(relay);
  u.protocol = u.protocol === 'wss:' ? 'https:' : 'http:';
  u.pathname = path;
  u.search = '';
  u.hash = '';
  return u.toString();
}

export function makeInviteLink(origin: string, invite: Invite): string {
  const params = new URLSearchParams({ relay: invite.relay, report: invite.reportId, code: invite.code });
  return `${origin.replace(/\/+$/, '')}/#/join?${params.toString()}`;
}

/** Reads an invite link (or just its `#/join?...` part). Errors are Chinese sentences for the user. */
export function parseInviteLink(link: string): ParsedInvite {
  const text = link.trim();
  const hashAt = text.indexOf('#');
  const hash = hashAt >= 0 ? text.slice(hashAt + 1) : text;
  const match = /^\/?join\?(.*)$/s.exec(hash);
  if (!match) return { ok: false, error: '这不是公开年报的邀请链接' };
  const params = new URLSearchParams(match[1]);
  const relay = params.get('relay');
  const reportId = params.get('report');
  const code = params.get('code');
  if (!relay || !reportId || !code) return { ok: false, error: '邀请链接不完整，请让共享人重新复制' };
  let relayUrl: URL;
  try {
    relayUrl = new URL(relay);
  } catch {
    return { ok: false, error: '邀请链接中的中继地址无效' };
  }
  if (relayUrl.protocol !== 'ws:' && relayUrl.protocol !== 'wss:') {
    return { ok: false, error: '邀请链接中的中继地址无效（应以 ws:// 或 wss:// 开头）' };
  }
  if (!isValidReportId(reportId)) return { ok: false, error: '邀请链接中的报告编号无效' };
  if (!isValidInviteCode(code)) return { ok: false, error: '邀请链接中的邀请码无效，请让共享人重新复制' };
  return { ok: true, invite: { relay: relayUrl.toString(), reportId, code } };
}

export type ShareResult =
  | { ok: true; code: string; ownerSecret: string }
  | { ok: false; alreadyShared: boolean; error: string };

type Answer = { ok: true; status: number; body: Record<string, unknown> } | { ok: false; status: number; error: string };

/** POSTs JSON to the relay's API; a failure is a Chinese sentence. */
async function postToRelay(relay: string, path: string, payload: unknown, fetchImpl: typeof fetch): Promise<Answer> {
  let response: Response;
  try {
    response = await fetchImpl(relayHttpUrl(relay, path), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
    });
  } catch {
    return { ok: false, status: 0, error: '无法连接中继服务器，请检查网络或中继地址' };
  }
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = await response.json();
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    /* keep the status-based message below */
  }
  if (response.ok) return { ok: true, status: response.status, body };
  const error = typeof body.error === 'string' ? body.error : `中继服务器返回错误（${response.status}）`;
  return { ok: false, status: response.status, error };
}

/**
 * Asks the relay for the report's invite code (POST /api/share). The relay issues it once, with
 * the sharer's secret (keep it with the share: it alone can manage the share later);
 * `alreadyShared` means someone shared this report before and holds the link.
 */
export async function requestInviteCode(relay: string, reportId: string, fetchImpl: typeof fetch = fetch): Promise<ShareResult> {
  const r = await postToRelay(relay, '/api/share', { reportId }, fetchImpl);
  if (!r.ok) return { ok: false, alreadyShared: r.status === 409, error: r.error };
  const { code, ownerSecret } = r.body;
  if (r.status === 201 && isValidInviteCode(code) && isValidInviteCode(ownerSecret)) return { ok: true, code, ownerSecret };
  return { ok: false, alreadyShared: false, error: `中继服务器返回错误（${r.status}）` };
}

/** The sharer's view of a shared report, through the secret from the first share. */
export interface ShareOwner {
  relay: string;
  reportId: string;
  ownerSecret: string;
}

export interface Member {
  name: string;
  /** epoch ms */
  lastSeen: number;
}

export async function listMembers(owner: ShareOwner, fetchImpl: typeof fetch = fetch): Promise<{ ok: true; members: Member[] } | { ok: false; error: string }> {
  const r = await postToRelay(owner.relay, '/api/share/members', { reportId: owner.reportId, ownerSecret: owner.ownerSecret }, fetchImpl);
  if (!r.ok) return r;
  const list = Array.isArray(r.body.members) ? r.body.members : [];
  const members = list
    .filter((m): m is Member => !!m && typeof m.name === 'string' && typeof m.lastSeen === 'number')
    .map((m) => ({ name: m.name.slice(0, 64), lastSeen: m.lastSeen }));
  return { ok: true, members };
}

/** A new invite code: the old links stop working and the relay closes connections made with them. */
export async function renewInviteCode(owner: ShareOwner, fetchImpl: typeof fetch = fetch): Promise<{ ok: true; code: string } | { ok: false; error: string }> {
  const r = await postToRelay(owner.relay, '/api/share/renew', { reportId: owner.reportId, ownerSecret: owner.ownerSecret }, fetchImpl);
  if (!r.ok) return r;
  return isValidInviteCode(r.body.code) ? { ok: true, code: r.body.code } : { ok: false, error: `中继服务器返回错误（${r.status}）` };
}

/** Stops sharing: the relay forgets the report (every copy on the colleagues' PCs stays). */
export async function stopSharing(owner: ShareOwner, fetchImpl: typeof fetch = fetch): Promise<{ ok: true } | { ok: false; error: string }> {
  const r = await postToRelay(owner.relay, '/api/share/stop', { reportId: owner.reportId, ownerSecret: owner.ownerSecret }, fetchImpl);
  return r.ok ? { ok: true } : r;
}
