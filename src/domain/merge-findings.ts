// One report's findings as every tool shows them: an importer's notes, then the validator's,
// without those that only repeat a note (same rule, same cells: e.g. R-TYPE-INT for cells
// printed blank). The CLI, the county's batch check and its 通报 all use this one function.

import type { Finding } from './finding.ts';

export function mergeFindings(notes: readonly Finding[], found: readonly Finding[]): Finding[] {
  const byRule = new Map<string, Set<string>>();
  for (const n of notes) {
    if (!n.cells.length) continue;
    const set = byRule.get(n.rule) ?? new Set<string>();
    n.cells.forEach((c) => set.add(c));
    byRule.set(n.rule, set);
  }
  const kept = found.filter((f) => !(f.cells.length && f.cells.every((c) => byRule.get(f.rule)?.has(c))));
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return [...notes, ...kept].map((f, i) => [f, i] as const).sort((a, b) => rank[a[0].severity] - rank[b[0].severity] || a[1] - b[1]).map(([f]) => f);
}
