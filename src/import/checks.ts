// The two checks the importers share with the validator (R-LBL, R-FMT-VERSION). The validator
// engineer is writing `labelFindings` / `formatVersionFindings` in src/domain/validate.ts; until
// they land, these minimal versions stand in. Swap them here and nowhere else.

import type { Finding } from '../domain/finding.ts';
import { note, quote } from './types.ts';

/** A printed label that differs from the official one (after normalising brackets/spaces). */
export function labelNote(found: string, expected: string, where: string): Finding {
  return note(
    'R-LBL',
    'warning',
    `${where}印作${quote(found, 40)}，标准写法是“${expected}”；已按标准项目读取。`,
    [],
    [],
    `改为“${expected}”。`,
  );
}

/** 2019 (试行) format artefacts found in the document. */
export function formatVersionNote(markers: readonly string[], what: string): Finding {
  const list = [...new Set(markers)].map((m) => `“${m}”`).join('、');
  return note(
    'R-FMT-VERSION',
    'error',
    `这份报告使用的是 2019 年（试行）格式：出现了 ${list}。${what}`,
    [],
    [],
    '按 2021 年格式（国办公开办函〔2021〕30号）重新填写表二和表三（六）其他处理的三行。',
  );
}
