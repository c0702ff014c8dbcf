// HTTP API of the relay. POST /api/share {reportId} → 201 {code}: creates the report's invite
// code once. A second request for the same report gets 409 without the code: the code is the
// only thing that admits a client, so it is never handed out to whoever merely knows the id;
// whoever shared or joined the report already has it in their invite link.
// CORS is open (no cookies are involved) so an app served elsewhere can use this relay.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isValidReportId, type RelayStore } from './store.ts';

const MAX_BODY_BYTES = 4096;

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Access-Control-Allow-Origin': '*',
  });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function createApiHandler(store: RelayStore, log: (line: string) => void) {
  return async function handleApi(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (!path.startsWith('/api/')) return false;
    if (path !== '/api/share') {
      sendJson(res, 404, { error: '没有这个接口' });
      return true;
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Content-Type',
        'Access-Control-Max-Age': '86400',
      });
      res.end();
      return true;
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST, OPTIONS');
      sendJson(res, 405, { error: '请使用 POST 请求' });
      return true;
    }
    const body = await readBody(req);
    if (body === null) {
      sendJson(res, 413, { error: '请求内容过大' });
      return true;
    }
    let reportId: unknown;
    try {
      reportId = (JSON.parse(body) as { reportId?: unknown } | null)?.reportId;
    } catch {
      sendJson(res, 400, { error: '请求内容不是有效的 JSON' });
      return true;
    }
    if (!isValidReportId(reportId)) {
      sendJson(res, 400, { error: '报告编号无效' });
      return true;
    }
    const code = store.createInvite(reportId);
    if (code === null) {
      sendJson(res, 409, { error: '该报告已在中继上共享，请向共享人索取邀请链接' });
      return true;
    }
    log(`报告 ${reportId} 已共享到中继`);
    sendJson(res, 201, { code });
    return true;
  };
}
