// Choices around printing that are not layout: the optional signature block (落款) and the
// list of error findings shown before printing. Printing is never blocked — a clerk may need a
// draft on paper — but errors are listed so nobody signs and seals a report with a wrong sum.

import type { Finding } from '../domain/finding.ts';

/** "2024-01-20" → "2024年1月20日" (one source: domain/beijing-time.ts). */
export { chineseDate } from '../domain/beijing-time.ts';

/** The error findings a clerk should see before printing (conflicts included). */
export function errorsBeforePrint(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'error');
}
