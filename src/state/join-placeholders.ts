// Rows that versions before the probing join (state/join.ts) wrote the moment an invite link
// was opened: unit name （正在从同步服务器获取）, a guessed year, the share — and, when the relay
// was never reached, an empty stored doc. Such a row sits in the clerk's list for ever and opens
// an empty editor. On the list's first load each one is settled once: a row whose doc did receive
// the report is rewritten from the doc (share kept); a row whose doc is empty is removed with its
// doc and peers. A row of any other name is never touched.

import { isReportDoc } from '../doc/report-doc.ts';
import { deleteReportDoc, openReportDoc } from '../storage/doc-store.ts';
import type { LibraryDB } from '../storage/library-db.ts';
import { rowFindings } from './findings.ts';
import { isJoinPlaceholder } from './join-placeholder-row.ts';
import { rowFromDoc } from './report-row.ts';

export { OLD_JOIN_PLACEHOLDER, isJoinPlaceholder } from './join-placeholder-row.ts';

export interface PlaceholdersSettled {
  removed: string[];
  repaired: string[];
}

/** Settle every old join placeholder in the library (see the header). Safe to run again. */
export async function settleJoinPlaceholders(db: LibraryDB): Promise<PlaceholdersSettled> {
  const settled: PlaceholdersSettled = { removed: [], repaired: [] };
  const rows = (await db.reports.toArray()).filter(isJoinPlaceholder);
  for (const row of rows) {
    const opened = await openReportDoc(row.id);
    // A doc this PC cannot open now is left as it is: the next start tries again.
    if (!opened.ok) continue;
    const { doc } = opened.value;
    let hasReport: boolean;
    try {
      hasReport = isReportDoc(doc);
      if (hasReport) {
        const fresh = rowFromDoc(row.id, doc, rowFindings(doc), row.updatedAt);
        await db.reports.put(row.share ? { ...fresh, share: row.share } : fresh);
        settled.repaired.push(row.id);
      }
    } finally {
      await opened.value.close();
    }
    if (hasReport) continue;
    const gone = await db.transaction('rw', db.reports, db.peers, async () => {
      // Only if it is still the placeholder: a join in another tab may have just filled it.
      const now = await db.reports.get(row.id);
      if (!now || !isJoinPlaceholder(now)) return false;
      await db.reports.delete(row.id);
      await db.peers.where('reportId').equals(row.id).delete();
      return true;
    });
    if (!gone) continue;
    await deleteReportDoc(row.id);
    settled.removed.push(row.id);
  }
  return settled;
}
