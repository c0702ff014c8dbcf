// How to recognise a row that a version before the probing join wrote on opening an invite link
// (see join-placeholders.ts). Kept apart and pure so the report list can check its rows without
// loading Yjs on its first load (tests/e2e/size.test.ts).
import type { ReportRow } from '../storage/library-db.ts';

/** The unit name the old join wrote before anything had arrived. */
export const OLD_JOIN_PLACEHOLDER = '（正在从同步服务器获取）';

export function isJoinPlaceholder(row: Pick<ReportRow, 'unitName'>): boolean {
  return row.unitName === OLD_JOIN_PLACEHOLDER;
}
