// Rules that only make sense on imported content (a Report built by this app has its labels
// from format.ts by construction): the importers call these helpers on the labels and texts
// they read from a file.

import { FORMAT_2019_MARKERS, T3_ROW_BY_KEY } from '../format.ts';
import type { Finding } from '../finding.ts';
import { normalizeLabel } from '../text.ts';
import { finding } from './rule.ts';

/**
 * R-LBL: a label or heading read from a file differs from the official one. Brackets, widths
 * and spaces are normalised first (normalizeLabel), so "(一) 予以公开" equals "（一）予以公开".
 * `where` says where it was read, e.g. "表二第4行".
 */
export function labelFindings(found: string, expected: string, where: string): Finding[] {
  if (normalizeLabel(found) === normalizeLabel(expected)) return [];
  return [
    finding('R-LBL', 'warning', `${where}：写的是“${found.trim()}”，2021年版格式为“${expected}”`, {
      fix: `改为“${expected}”`,
    }),
  ];
}

const MARKERS = FORMAT_2019_MARKERS.map((m) => ({ marker: m, norm: normalizeLabel(m) }));
const OTHER_HANDLING = normalizeLabel('其他处理');
/** The 2021 sub-rows of （六）其他处理 that the 2019 format did not have. */
const OTHER_HANDLING_SUBROWS = ['r3_6_1_noCorrection', 'r3_6_2_noFee'].map((k) =>
  normalizeLabel(T3_ROW_BY_KEY[k]!.label.replace(/^\d+\./, '')).slice(0, 8),
);

/**
 * R-FMT-VERSION: the texts (table labels, headings, or whole lines of a file) show the 2019
 * (试行) format: its column/row names, the 第（九）项 政府集中采购 block, or a （六）其他处理
 * that has no 2021 sub-rows. One error listing everything found, so an importer can refuse
 * to map the tables onto 2021 cells and say why.
 */
export function formatVersionFindings(texts: readonly string[]): Finding[] {
  // Joined without a separator: files break labels across lines or tags ("本年新<br>制作数量").
  const all = texts.map(normalizeLabel).join('');
  const found: string[] = MARKERS.filter((m) => all.includes(m.norm)).map((m) => `“${m.marker}”`);
  if (all.includes(OTHER_HANDLING) && !OTHER_HANDLING_SUBROWS.some((s) => all.includes(s))) {
    found.push('只有一行的“（六）其他处理”');
  }
  if (!found.length) return [];
  return [
    finding(
      'R-FMT-VERSION',
      'error',
      `这是2019年版（试行）格式的表格：出现了${found.join('、')}。2021年版格式（国办公开办函〔2021〕30号）已改用新的栏目，不能直接对应`,
      { fix: '按2021年版格式重新填写表二、表三' },
    ),
  ];
}
