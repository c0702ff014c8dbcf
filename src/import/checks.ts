// The two checks the importers share with the validator (R-LBL, R-FMT-VERSION) come from
// src/domain/validate.ts; this file adapts them to what the importers need, in one place.

import type { Finding } from '../domain/finding.ts';
import { formatVersionFindings, labelFindings } from '../domain/validate.ts';
import { note } from './types.ts';

/** A printed label that differs from the official one (after normalising brackets/spaces). */
export function labelNote(found: string, expected: string, where: string): Finding[] {
  return labelFindings(found, expected, where).map((f) => ({ ...f, message: `${f.message}；已按标准项目读取。` }));
}

/**
 * 2019 (试行) format: the validator's finding from all label texts read, or, if it does not
 * recognise what the importer saw, one naming the importer's markers. `what` says what was
 * left out of the 2021 cells.
 */
export function formatVersionNote(labelTexts: readonly string[], markers: readonly string[], what: string): Finding {
  const f = formatVersionFindings(labelTexts)[0];
  if (f) return { ...f, message: `${f.message}。${what}` };
  const list = [...new Set(markers)].map((m) => `“${m}”`).join('、');
  return note('R-FMT-VERSION', 'error', `这是2019年版（试行）格式的表格：出现了${list}。${what}`, [], [], '按2021年版格式重新填写表二、表三');
}
