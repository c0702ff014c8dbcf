// What an imported 同步包 changed, said in Chinese for the notice after the import: which cells,
// which sections, by whom, and which cells are now in conflict. Long lists are cut after a few
// names so the notice stays readable; the counts are always complete.

import { SECTION_BY_ID, cellName } from '../domain/format.ts';
import type { AppliedPackage } from '../sync/exchange.ts';

const SHOWN = 5;

function list(names: readonly string[]): string {
  const shown = names.slice(0, SHOWN).join('、');
  return names.length > SHOWN ? `${shown}等` : shown;
}

export function describeAppliedPackage(applied: AppliedPackage): string {
  if (!applied.changed) return '这个同步包里的修改本机都已经有了，没有变化。';
  const who = applied.authors.length ? `（来自 ${applied.authors.join('、')}）` : '';
  const parts: string[] = [];
  if (applied.cells.length) parts.push(`${applied.cells.length} 个单元格：${list(applied.cells.map(cellName))}`);
  if (applied.sections.length) parts.push(`${applied.sections.length} 段正文：${list(applied.sections.map((s) => SECTION_BY_ID[s].name))}`);
  if (applied.meta) parts.push('报告信息');
  const what = parts.length ? `更新了 ${parts.join('；')}` : '没有可见的变化';
  const conflicts = applied.newConflicts.length
    ? `。其中 ${applied.newConflicts.length} 个单元格出现冲突（${list(applied.newConflicts.map(cellName))}），请逐个选定`
    : '';
  const metaConflicts = applied.newMetaConflicts?.length ? `。${applied.newMetaConflicts.join('、')}有同事的不同修改，两个都保留了，请在报告中选定一个` : '';
  return `已导入同步包${who}：${what}${conflicts}${metaConflicts}。`;
}
