// A report joined through an invite link has no content on this machine until the relay sends
// it. Wait for that first copy, but give up as soon as the relay says why it never will
// (wrong code, or the relay has nothing for this report) instead of making the clerk wait out
// a long timeout; only an unreachable relay waits the full time.

import type * as Y from 'yjs';
import { isReportDoc } from '../doc/report-doc.ts';
import type { Author } from '../doc/types.ts';
import type { ConnectRelayOptions, RelayStatus } from '../sync/relay.ts';

export type FirstCopyResult = { ok: true } | { ok: false; error: string };

export const NOT_REACHED = '还没能从同步服务器取到这份报告。请确认网络和同步服务器可用后重试。';
export const NOTHING_ON_RELAY = '同步服务器上还没有这份报告的内容。请让共享报告的同事打开这份报告并保持联网，然后重试。';

export async function fetchFirstCopy(
  doc: Y.Doc,
  share: { relay: string; code: string },
  reportId: string,
  author: Author,
  { timeoutMs = 30_000, ...transport }: { timeoutMs?: number } & Pick<ConnectRelayOptions, 'WebSocketPolyfill' | 'reconnectDelay'> = {},
): Promise<FirstCopyResult> {
  const { connectRelay } = await import('../sync/relay.ts');
  let settle: (r: FirstCopyResult) => void = () => {};
  const result = new Promise<FirstCopyResult>((resolve) => (settle = resolve));
  const onStatus = (s: RelayStatus) => {
    if (isReportDoc(doc)) settle({ ok: true });
    else if (s.problem === 'denied') settle({ ok: false, error: s.message ?? '同步服务器拒绝了这个邀请链接。' });
    // Synced with nothing that makes a report: the relay holds no copy of it yet.
    else if (s.state === 'synced' && s.unsynced === 0) settle({ ok: false, error: NOTHING_ON_RELAY });
  };
  const onUpdate = () => isReportDoc(doc) && settle({ ok: true });
  doc.on('update', onUpdate);
  const timer = setTimeout(() => settle({ ok: false, error: NOT_REACHED }), timeoutMs);
  const conn = connectRelay({ url: share.relay, reportId, code: share.code, doc, author, onStatus, ...transport });
  onUpdate();
  try {
    return await result;
  } finally {
    clearTimeout(timer);
    doc.off('update', onUpdate);
    conn.destroy();
  }
}
