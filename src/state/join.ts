// Joining a shared report through an invite link, for a report this machine does not have yet.
// Nothing is written to the library until the report's first copy has arrived from the relay:
// a relay that cannot be reached is detected within seconds (probe) and named in the message,
// with what to check; any failure removes the empty stored doc, so the library keeps no
// placeholder row with a guessed year.

import type * as Y from 'yjs';
import { isReportDoc } from '../doc/report-doc.ts';
import type { Author } from '../doc/types.ts';
import { deleteReportDoc, openReportDoc } from '../storage/doc-store.ts';
import type { LibraryDB } from '../storage/library-db.ts';
import type { Invite } from '../sync/invite.ts';
import { probeRelay, type ProbeResult } from '../sync/probe.ts';
import { fetchFirstCopy, type FirstCopyResult } from './first-copy.ts';
import { rowFindings } from './findings.ts';
import { rowFromDoc } from './report-row.ts';

export type JoinResult = { ok: true; id: string } | { ok: false; error: string; checks: string[] };

export interface JoinDeps {
  probe?: (relay: string) => Promise<ProbeResult>;
  fetchCopy?: (doc: Y.Doc, share: { relay: string; code: string }, id: string, author: Author) => Promise<FirstCopyResult>;
  probeTimeoutMs?: number;
}

/**
 * What a clerk can check when the relay does not answer (the relay's host and port named). A
 * browser reports a certificate it does not trust (https link, CA not installed on this PC) the
 * same way as a refused connection, so for wss the first thing to check is the CA, on the relay's
 * own trust page, which plain http serves on the same port.
 */
export function unreachable(relay: string, reason: 'timeout' | 'refused', waitedMs: number): { error: string; checks: string[] } {
  const u = new URL(relay);
  const secure = u.protocol === 'wss:';
  const port = u.port || (secure ? '443' : '80');
  const how = reason === 'timeout' ? `等了 ${Math.round(waitedMs / 1000)} 秒没有回应` : secure ? '连接失败' : '连接被拒绝';
  const trust = secure && reason === 'refused'
    ? [`这台电脑是否已信任那台电脑的根证书：没有信任时浏览器会拒绝连接。请在这台电脑的浏览器里打开 http://${u.hostname}:${port}/trust ，按页面说明安装根证书后重试；`]
    : [];
  return {
    error: `连不上同步服务器 ${u.host}（${how}），没有加入这份报告，本机也没有留下任何内容。`,
    checks: [
      ...trust,
      `这台电脑和共享报告的电脑是否连在同一个网络（在这台电脑的浏览器里能否打开 ${secure ? 'https' : 'http'}://${u.host}）；`,
      `共享报告的那台电脑是否开着，上面的公开年报服务器窗口是否还在运行；`,
      `那台电脑的防火墙是否放行了端口 ${port}（见使用说明“防火墙”一节）；`,
      '邀请链接是否完整（最好直接复制，不要手抄）。',
    ],
  };
}

export async function joinNewReport(db: LibraryDB, invite: Invite, author: Author, deps: JoinDeps = {}): Promise<JoinResult> {
  const { relay, reportId, code } = invite;
  const probeTimeoutMs = deps.probeTimeoutMs ?? 5000;
  const probe = deps.probe ?? ((url: string) => probeRelay(url, { timeoutMs: probeTimeoutMs }));
  const reached = await probe(relay);
  if (!reached.ok) return { ok: false, ...unreachable(relay, reached.reason, probeTimeoutMs) };

  const opened = await openReportDoc(reportId);
  if (!opened.ok) return { ok: false, error: opened.error, checks: [] };
  const { doc } = opened.value;
  const share = { relay, code };
  let kept = false;
  try {
    const got = await (deps.fetchCopy ?? fetchFirstCopy)(doc, share, reportId, author);
    if (!got.ok) return { ok: false, error: got.error, checks: [] };
    if (!isReportDoc(doc)) return { ok: false, error: '从同步服务器收到的内容不是一份报告，没有加入。', checks: [] };
    const saved = await opened.value.flushed();
    if (saved.kind === 'error') return { ok: false, error: saved.message, checks: [] };
    const findings = rowFindings(doc);
    await db.reports.put({ ...rowFromDoc(reportId, doc, findings, Date.now()), share });
    kept = true;
    return { ok: true, id: reportId };
  } finally {
    await opened.value.close();
    if (!kept) await deleteReportDoc(reportId);
  }
}
