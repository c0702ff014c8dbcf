// R-TXT-NUM: numbers stated in the prose must equal the tables (spec §6 "Text ↔ table").
// Extraction lives in ../prose.ts; this file says which cells each quantity means.

import { T3_LEAF_ROWS, T3_ORG_COLS, SECTION_IDS, t3, type CellKey, type SectionId } from '../format.ts';
import type { Finding } from '../finding.ts';
import { extractNumbers, type Quantity } from '../prose.ts';
import type { Report } from '../report.ts';
import { finding, num, type Rule } from './rule.ts';

interface Reading {
  /** What the table says, in words: "表三「一、本年新收…」总计". */
  name: string;
  cells: CellKey[];
}
/** A quantity may be read in more than one accepted way (收到 = 新收, or 新收+上年结转). */
type Meaning = Reading[];

const total = (row: string): CellKey => t3(row, 'total');
const groupTotals = (prefix: string): CellKey[] => T3_LEAF_ROWS.filter((r) => r.startsWith(prefix)).map(total);
const orgs = (row: string): CellKey[] => T3_ORG_COLS.map((c) => t3(row, c));

const MEANINGS: Record<Quantity, Meaning> = {
  received: [
    { name: '表三新收申请数', cells: [total('r1_new')] },
    { name: '表三新收加上年结转', cells: [total('r1_new'), total('r2_carryIn')] },
  ],
  newReceived: [{ name: '表三新收申请数', cells: [total('r1_new')] }],
  carriedIn: [{ name: '表三上年结转数', cells: [total('r2_carryIn')] }],
  concluded: [{ name: '表三（七）总计', cells: [total('r3_7_total')] }],
  carriedOut: [{ name: '表三结转下年度数', cells: [total('r4_carryOut')] }],
  granted: [{ name: '表三予以公开', cells: [total('r3_1_grant')] }],
  partial: [{ name: '表三部分公开', cells: [total('r3_2_partial')] }],
  refused: [{ name: '表三不予公开各项合计', cells: groupTotals('r3_3_') }],
  unableToProvide: [{ name: '表三无法提供各项合计', cells: groupTotals('r3_4_') }],
  notProcessed: [{ name: '表三不予处理各项合计', cells: groupTotals('r3_5_') }],
  otherHandling: [{ name: '表三其他处理各项合计', cells: groupTotals('r3_6_') }],
  naturalPersons: [
    { name: '表三新收自然人', cells: [t3('r1_new', 'np')] },
    { name: '表三新收加上年结转自然人', cells: [t3('r1_new', 'np'), t3('r2_carryIn', 'np')] },
  ],
  organisations: [
    { name: '表三新收法人或其他组织', cells: orgs('r1_new') },
    { name: '表三新收加上年结转法人或其他组织', cells: [...orgs('r1_new'), ...orgs('r2_carryIn')] },
  ],
  review: [{ name: '表四行政复议总计', cells: ['t4.review.total'] }],
  litigation: [{ name: '表四行政诉讼（直接起诉+复议后起诉）总计', cells: ['t4.litDirect.total', 't4.litAfterReview.total'] }],
  normativeValid: [{ name: '表二行政规范性文件现行有效件数', cells: ['t2.normativeDocs.valid'] }],
  normativeIssued: [{ name: '表二行政规范性文件本年制发件数', cells: ['t2.normativeDocs.issued'] }],
  normativeRepealed: [{ name: '表二行政规范性文件本年废止件数', cells: ['t2.normativeDocs.repealed'] }],
  license: [{ name: '表二行政许可处理决定数', cells: ['t2.license.decisions'] }],
  penalty: [{ name: '表二行政处罚处理决定数', cells: ['t2.penalty.decisions'] }],
  coercion: [{ name: '表二行政强制处理决定数', cells: ['t2.coercion.decisions'] }],
};

function readingValue(report: Report, r: Reading): number | null {
  let s = 0;
  for (const k of r.cells) {
    const v = report.cells[k];
    if (v == null) return null;
    s += v;
  }
  return s;
}

/**
 * extractNumbers of each section's last text: a cell edit re-runs this rule (the tables changed)
 * while the prose did not, and extraction is most of its cost. Keyed by section, so the cache
 * holds at most one text per section.
 */
const lastExtraction = new Map<SectionId, { text: string; said: ReturnType<typeof extractNumbers> }>();
function numbersIn(id: SectionId, text: string): ReturnType<typeof extractNumbers> {
  const hit = lastExtraction.get(id);
  if (hit && hit.text === text) return hit.said;
  const said = extractNumbers(text);
  lastExtraction.set(id, { text, said });
  return said;
}

/**
 * What the tables say for a quantity, read the first (main) way — the number 按表格更新正文
 * writes into the text; null while a cell it needs is 未填.
 */
export function tableValueOf(report: Report, quantity: Quantity): number | null {
  return readingValue(report, MEANINGS[quantity][0]!);
}

export const txtNum: Rule = {
  id: 'R-TXT-NUM',
  severity: 'error',
  reads: { cells: 'all', sections: true },
  title: '正文中的数字与表格一致（收到、办结、结转、各类办理结果、复议诉讼、规范性文件、许可处罚强制）',
  check({ report }) {
    const out: Finding[] = [];
    for (const id of SECTION_IDS as readonly SectionId[]) {
      const text = report.sections[id];
      if (!text) continue;
      for (const said of numbersIn(id, text)) {
        const meaning = MEANINGS[said.quantity];
        const values = meaning.map((r) => readingValue(report, r));
        if (values.some((v) => v == null)) continue; // 未填: R-TYPE-INT reports it
        if (values.some((v) => v === said.value)) continue;
        const tables = meaning.map((r, i) => `${r.name}是${num(values[i]!)}`).join('，');
        const cells = [...new Set(meaning.flatMap((r) => r.cells))];
        const scoped = said.scopeWord !== undefined;
        const f = finding(
          'R-TXT-NUM',
          scoped ? 'warning' : 'error',
          `正文写“${said.snippet}”（${num(said.value)}），${tables}，不一致` +
            (scoped ? `；正文用了“${said.scopeWord}”，统计口径可能不同，请核对` : ''),
          { cells, sections: [id], fix: '正文数字应与表格一致：改正文或改表格' },
        );
        // The number's characters; for a zero said in words ("未收到…申请"), those words.
        f.span = said.number ? { ...said.number } : { start: said.start, end: said.start + said.snippet.length };
        out.push(f);
      }
    }
    return out;
  },
};
