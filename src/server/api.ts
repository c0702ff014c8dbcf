// HTTP API of the relay, all POST with a small JSON body:
//  - /api/share {reportId} → 201 {code, ownerSecret}: shares the report once. A second request
//    gets 409 with neither: the code admits clients and the secret manages the share, so neither
//    goes to whoever merely knows the report id. The sharer's app keeps the secret.
//  - /api/share/members {reportId, ownerSecret} → {members: [{name, lastSeen}]}
//  - /api/share/renew {reportId, ownerSecret} → {code}: a new invite code; the old links stop
//    working and connections made with the old code are closed.
//  - /api/share/stop {reportId, ownerSecret} → {}: the relay forgets the report (invite,
//    members, its copy of the content) and closes its connections.
// Only pages from the app's own origin (or NIANBAO_ORIGINS) get CORS access: see origin.ts.
// Sharing is rate-limited per client address (429 with a Chinese reason).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { judgeOrigin, type OriginPolicy } from './origin.ts';
import type { RateLimiter } from './rate-limit.ts';
import { decodePath, requestPath } from './request-target.ts';
import { isValidReportId, type RelayStore } from './store.ts';
import { isValidInviteCode } from '../sync/invite.ts';

const MAX_BODY_BYTES = 4096;

export interface ApiContext {
  store: RelayStore;
  log: (line: string) => void;
  origins: OriginPolicy;
  shareLimiter: RateLimiter;
  addressOf(req: IncomingMessage): string;
  /** Closes the report's relay connections (after a new code or when sharing stops). */
  disconnectReport(reportId: string): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(JSON.stringify(body));
}

/** Reads at most MAX_BODY_BYTES; null when the body is bigger (the rest is not read). */
async function readBody(req: IncomingMessage): Promise<string | null> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return null;
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

type Route = 'share' | 'members' | 'renew' | 'stop';
const ROUTES: Record<string, Route> = {
  '/api/share': 'share',
  '/api/share/members': 'members',
  '/api/share/renew': 'renew',
  '/api/share/stop': 'stop',
};

export function createApiHandler(ctx: ApiContext) {
  const { store, log } = ctx;
  return async function handleApi(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const rawPath = requestPath(req.url);
    const path = rawPath === null ? null : decodePath(rawPath);
    if (path === null || !path.startsWith('/api/')) return false;

    const origin = judgeOrigin(req, ctx.origins);
    if (origin === 'foreign') {
      sendJson(res, 403, { error: '中继只接受本应用网页发出的请求（其他网址需由管理员加入 NIANBAO_ORIGINS）' });
      return true;
    }
    // Echo an allowed Origin (never `*`): a page from another site gets no readable answer.
    const cors: Record<string, string> =
      origin === 'none' ? {} : { 'Access-Control-Allow-Origin': String(req.headers.origin), Vary: 'Origin' };

    const route = ROUTES[path];
    if (!route) {
      sendJson(res, 404, { error: '没有这个接口' }, cors);
      return true;
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...cors,
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Content-Type',
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return true;
    }
    if (req.method !== 'POST') {
      sendJson(res, 405, { error: '请使用 POST 请求' }, { ...cors, Allow: 'POST, OPTIONS' });
      return true;
    }
    if (route === 'share') {
      const verdict = ctx.shareLimiter.take(ctx.addressOf(req));
      if (!verdict.ok) {
        sendJson(res, 429, { error: `共享请求过于频繁，请 ${verdict.retryAfterS} 秒后再试` }, { ...cors, 'Retry-After': String(verdict.retryAfterS) });
        return true;
      }
    }
    const body = await readBody(req);
    if (body === null) {
      sendJson(res, 413, { error: '请求内容过大' }, { ...cors, Connection: 'close' });
      return true;
    }
    let fields: { reportId?: unknown; ownerSecret?: unknown } | null;
    try {
      fields = JSON.parse(body) as typeof fields;
    } catch {
      sendJson(res, 400, { error: '请求内容不是有效的 JSON' }, cors);
      return true;
    }
    const reportId = fields && typeof fields === 'object' ? fields.reportId : undefined;
    if (!isValidReportId(reportId)) {
      sendJson(res, 400, { error: '报告编号无效' }, cors);
      return true;
    }

    if (route === 'share') {
      const created = store.createInvite(reportId);
      if (created === null) {
        sendJson(res, 409, { error: '该报告已在中继上共享，请向共享人索取邀请链接' }, cors);
        return true;
      }
      log(`报告 ${reportId} 已共享到中继（${ctx.addressOf(req)}）`);
      sendJson(res, 201, created, cors);
      return true;
    }

    // Managing a share: only with the sharer's secret. The same answer for "no such share" and
    // "wrong secret", so the API does not tell a stranger which report ids are shared.
    const secret = fields!.ownerSecret;
    if (!isValidInviteCode(secret) || !store.checkOwner(reportId, secret)) {
      sendJson(res, 403, { error: '只有共享这份报告的电脑才能管理共享' }, cors);
      return true;
    }
    if (route === 'members') {
      sendJson(res, 200, { members: store.members(reportId).map(({ name, lastSeen }) => ({ name, lastSeen })) }, cors);
    } else if (route === 'renew') {
      const code = store.renewInvite(reportId);
      await ctx.disconnectReport(reportId);
      log(`报告 ${reportId} 已更换邀请码，旧链接失效`);
      sendJson(res, 200, { code }, cors);
    } else {
      store.forgetReport(reportId);
      await ctx.disconnectReport(reportId);
      log(`报告 ${reportId} 已停止共享，中继上的副本已删除`);
      sendJson(res, 200, {}, cors);
    }
    return true;
  };
}
