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

export type ShareResult = { ok: true; code: string } | { ok: false; alreadyShared: boolean; error: string };

/**
 * Asks the relay for the report's invite code (POST /api/share). The relay issues it once;
 * `alreadyShared` means someone shared this report before and holds the link.
 */
export async function requestInviteCode(
  relay: string,
  reportId: string,
  fetchImpl: typeof fetch = fetch,
): Promise<ShareResult> {
  let response: Response;
  try {
    response = await fetchImpl(relayHttpUrl(relay, '/api/share'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ reportId }),
    });
  } catch {
    return { ok: false, alreadyShared: false, error: '无法连接中继服务器，请检查网络或中继地址' };
  }
  let body: { code?: unknown; error?: unknown } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    /* keep the status-based message below */
  }
  if (response.status === 201 && isValidInviteCode(body.code)) return { ok: true, code: body.code };
  const error = typeof body.error === 'string' ? body.error : `中继服务器返回错误（${response.status}）`;
  return { ok: false, alreadyShared: response.status === 409, error };
}
