// Cell conflicts as findings (R-CONFLICT), in the clerk's words: every value and who wrote it
// when (Beijing time). Lives in src/doc because only the doc knows the values in a conflict.

import type * as Y from 'yjs';
import { cellName } from '../domain/format.ts';
import type { Finding } from '../domain/finding.ts';
import { formatWhen } from '../domain/beijing-time.ts';
import { conflictedCells, registerState } from './cell-register.ts';

function showValue(v: number | null): string {
  return v === null ? '未填' : String(v);
}

/** One R-CONFLICT error per conflicted cell, naming every value and who wrote it when. */
export function conflictFindings(doc: Y.Doc): Finding[] {
  return conflictedCells(doc).map((key) => {
    const s = registerState(doc, key);
    const parts = s.conflict!.values.map((c) => `${c.by || '未署名'}填 ${showValue(c.value)}（${formatWhen(c.at)}）`);
    return {
      rule: 'R-CONFLICT',
      severity: 'error',
      cells: [key],
      sections: [],
      message: `${cellName(key)}有不同的填写：${parts.join('，')}。`,
      fix: '请与同事核对后选定一个值。',
    } satisfies Finding;
  });
}
