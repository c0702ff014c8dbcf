// The derived-sum graph of the 2021 format, computed once from the cell definitions: which
// 合计 cells change when a typed cell changes (directly, or through another 合计 — 表三's
// (七) row feeds the row totals). Used by the doc's change observation (a cell edit re-renders
// the sums it feeds) and by incremental validation (a cell edit re-runs the rules that read
// any of them).

import { CELL_BY_KEY, TYPED_CELL_KEYS, type CellKey } from './format.ts';

const DEPENDENT_SUMS: ReadonlyMap<CellKey, readonly CellKey[]> = (() => {
  const direct = new Map<CellKey, CellKey[]>();
  for (const [key, def] of CELL_BY_KEY) for (const p of def.parts ?? []) direct.set(p, [...(direct.get(p) ?? []), key]);
  const out = new Map<CellKey, CellKey[]>();
  for (const k of TYPED_CELL_KEYS) {
    const seen = new Set<CellKey>();
    const stack = [...(direct.get(k) ?? [])];
    while (stack.length) {
      const d = stack.pop()!;
      if (seen.has(d)) continue;
      seen.add(d);
      stack.push(...(direct.get(d) ?? []));
    }
    out.set(k, [...seen]);
  }
  return out;
})();

/** The derived sums that depend on typed cell `key` (none for a derived or unknown key). */
export function dependentSums(key: CellKey): readonly CellKey[] {
  return DEPENDENT_SUMS.get(key) ?? [];
}
