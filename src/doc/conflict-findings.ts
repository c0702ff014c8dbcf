// Cell conflicts as findings (R-CONFLICT), in the clerk's words: every value and who wrote it
// when (Beijing time). Lives in src/doc because only the doc knows the values in a conflict.

import type * as Y from 'yjs';
import { cellName } from '../domain/format.ts';
import type { Finding } from '../domain/finding.ts';
import { formatWhen } from '../domain/beijing-time.ts';
import { conflictedCells, registerState } from './cell-register.ts';
import { conflictedMetaFields, metaFieldState, type RegisterMetaField } from './meta-register.ts';

/** The clerk's names of the meta fields (as the editor labels them). */
export const META_FIELD_NAMES: Record<RegisterMetaField, string> = { title: '标题', name: '单位名称', type: '单位类型', year: '报告年度', deadline: '截止日期' };

function showValue(v: number | null): string {
  return v === null ? '未填' : String(v);
}

/** One R-CONFLICT error per conflicted cell, naming every value and who wrote it when. */
export function conflictFindings(doc: Y.Doc): Finding[] {
  return [...metaConflictFindings(doc), ...cellConflictFindings(doc)];
}

/** One R-CONFLICT error per meta field written differently while apart (打印/送审 see it like a cell's). */
export function metaConflictFindings(doc: Y.Doc): Finding[] {
  return conflictedMetaFields(doc).map((field) => {
    const s = metaFieldState(doc, field);
    const parts = s.conflict!.values.map((c) => `${c.by || '未署名'}改为“${String(c.value)}”（${formatWhen(c.at)}）`);
    return {
      rule: 'R-CONFLICT',
      severity: 'error',
      cells: [],
      sections: [],
      message: `${META_FIELD_NAMES[field]}有不同的修改：${parts.join('，')}。`,
      fix: '请与同事核对后选定一个。',
    } satisfies Finding;
  });
}

function cellConflictFindings(doc: Y.Doc): Finding[] {
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
