// Following an invite link for a report this PC already has. A link only names a relay, a
// report id and a code, and anyone can write one: followed blindly, it would connect the report
// to whatever relay it names — the whole report sent there, and edits from there accepted. So
// such a link is followed only after the clerk has seen the report's name and the relay's host
// and said yes; until then nothing is written. (A report this PC does not have is joined by
// join.ts, which writes nothing until the first copy has arrived.)

import type { Invite } from '../sync/invite.ts';
import type { LibraryDB, ReportRow } from '../storage/library-db.ts';

export type JoinPlan =
  /** Not on this PC: join.ts joins it. */
  | { kind: 'new' }
  /** Already joined through this very relay and code: just open it. */
  | { kind: 'same' }
  /** On this PC, not shared, or shared elsewhere or with another code: ask first. */
  | { kind: 'ask'; reportName: string; relayHost: string; currentRelayHost: string | null };

/** host[:port] of a relay URL, as shown to the clerk. */
export function relayHost(relay: string): string {
  try {
    return new URL(relay).host;
  } catch {
    return relay;
  }
}

export function planJoin(existing: ReportRow | undefined, invite: Invite): JoinPlan {
  if (!existing) return { kind: 'new' };
  if (existing.share && existing.share.relay === invite.relay && existing.share.code === invite.code) return { kind: 'same' };
  return {
    kind: 'ask',
    reportName: `${existing.unitName} ${existing.year} 年度报告`,
    relayHost: relayHost(invite.relay),
    currentRelayHost: existing.share ? relayHost(existing.share.relay) : null,
  };
}

/** Look the report up and decide; nothing is written. */
export async function prepareJoin(db: LibraryDB, invite: Invite): Promise<JoinPlan> {
  return planJoin(await db.reports.get(invite.reportId), invite);
}

/**
 * The clerk said yes: the report's share becomes the link's relay and code. The sharer's
 * `owner` secret is kept only while the relay stays the same (it means nothing elsewhere).
 */
export async function confirmJoinExisting(db: LibraryDB, invite: Invite): Promise<void> {
  const { relay, reportId, code } = invite;
  await db.transaction('rw', db.reports, async () => {
    const row = await db.reports.get(reportId);
    const owner = row?.share?.relay === relay ? row.share.owner : undefined;
    await db.reports.update(reportId, { share: owner ? { relay, code, owner } : { relay, code } });
  });
}
