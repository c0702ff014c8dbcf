// 汇总表 as official tables (DOCX, through the report's own Word renderer) and as JSON (the
// contract of DESIGN.md §5.1: the summed report, unit.name naming the set, plus "units" and
// "missing"). The units included and missing are written into the 引言 part of the document,
// so the printed tables say what they sum.

import type { Aggregate } from '../domain/aggregate.ts';
import { reportToJSON } from '../domain/report.ts';

export function aggregateNote(agg: Aggregate): string {
  const lines = [`本汇总表汇总了以下${agg.units.length}个单位的年度报告数据：${agg.units.join('、')}。`];
  if (agg.missing.length) lines.push(`以下${agg.missing.length}个单位的报告未在汇总范围内（未报送）：${agg.missing.join('、')}。`);
  if (agg.findings.length) lines.push(`汇总数字核对发现${agg.findings.length}处问题：${agg.findings.map((f) => f.message).join('；')}`);
  else lines.push('汇总数字的勾稽关系经核对全部正确。');
  return lines.join('\n');
}

export async function aggregateDocx(agg: Aggregate): Promise<Uint8Array> {
  const { renderDocx } = await import('./docx.ts');
  return renderDocx({ ...agg.report, sections: { ...agg.report.sections, preamble: aggregateNote(agg) } });
}

export function aggregateJson(agg: Aggregate): string {
  const report = JSON.parse(reportToJSON(agg.report)) as Record<string, unknown>;
  return JSON.stringify({ ...report, units: agg.units, missing: agg.missing }, null, 2) + '\n';
}
