// Cross-year rules (spec §6): need the same organisation's report for the year before. Cells of
// last year's report are named in the message; `cells` lists this year's cells only (those are
// the ones the editor can mark).

import { T3_COLS, t3, type CellKey, type SectionId } from '../format.ts';
import type { Finding } from '../finding.ts';
import type { Report } from '../report.ts';
import { comparableLength, similarityPercent } from '../similarity.ts';
import { finding, num, type Rule, type RuleContext } from './rule.ts';

/** Previous report, when it is usable for a cross-year comparison. */
function previousOf(ctx: RuleContext): Report | null {
  const p = ctx.previous;
  return p && p.year === ctx.report.year - 1 ? p : null;
}

export const xCarry: Rule = {
  id: 'R-X-CARRY',
  severity: 'error',
  reads: { cells: 'all', meta: true },
  title: '表三“二、上年结转”各列等于上年报告“四、结转下年度继续办理”',
  check(ctx) {
    const { report, previous } = ctx;
    if (previous && previous.year !== report.year - 1) {
      return [
        finding('R-X-CARRY', 'info', `提供的上年报告是${previous.year}年度的，不是${report.year - 1}年度，未做跨年核对`),
      ];
    }
    const prev = previousOf(ctx);
    if (!prev) return [];
    const out: Finding[] = [];
    for (const col of T3_COLS) {
      const here = t3('r2_carryIn', col.key);
      const a = report.cells[here];
      const b = prev.cells[t3('r4_carryOut', col.key)];
      if (a == null || b == null || a === b) continue;
      out.push(
        finding(
          'R-X-CARRY',
          'error',
          `表三「${col.label}」列：本年“二、上年结转”是${num(a)}，${prev.year}年报告“四、结转下年度继续办理”是${num(b)}，相差${num(Math.abs(a - b))}`,
          { cells: [here], fix: `上年结转应等于${prev.year}年报告的结转下年度数` },
        ),
      );
    }
    return out;
  },
};

const VALID_ROWS = [
  { key: 'regulations', label: '规章' },
  { key: 'normativeDocs', label: '行政规范性文件' },
] as const;

/**
 * Without last year's report, the spec's soft plausibility note (§6 "Within T2"): documents
 * made this year and not repealed should still be valid, so 现行有效 < 本年制发 with nothing
 * repealed is worth a look (they may also have lapsed, hence only info).
 */
function withinYear(report: Report): Finding[] {
  const out: Finding[] = [];
  for (const row of VALID_ROWS) {
    const keys = (['valid', 'issued', 'repealed'] as const).map((x) => `t2.${row.key}.${x}`);
    const [valid, issued, repealed] = keys.map((k) => report.cells[k]);
    if (valid == null || issued == null || repealed !== 0 || issued <= valid) continue;
    out.push(
      finding('R-X-VALID', 'info', `表二「${row.label}」：本年制发${num(issued)}件、未废止，现行有效却只有${num(valid)}件，请核对`, {
        cells: keys,
      }),
    );
  }
  return out;
}

export const xValid: Rule = {
  id: 'R-X-VALID',
  severity: 'warning',
  reads: { cells: 'all', meta: true },
  title: '表二现行有效件数 = 上年现行有效 + 本年制发 − 本年废止（到期失效也会打破它，故只警告）',
  check(ctx) {
    const prev = previousOf(ctx);
    if (!prev) return withinYear(ctx.report);
    const c = ctx.report.cells;
    const out: Finding[] = [];
    for (const row of VALID_ROWS) {
      const [validK, issuedK, repealedK] = (['valid', 'issued', 'repealed'] as const).map((x) => `t2.${row.key}.${x}`);
      const valid = c[validK!];
      const issued = c[issuedK!];
      const repealed = c[repealedK!];
      const before = prev.cells[validK!];
      if (valid == null || issued == null || repealed == null || before == null) continue;
      const expected = before + issued - repealed;
      if (valid === expected) continue;
      out.push(
        finding(
          'R-X-VALID',
          'warning',
          `表二「${row.label}」：现行有效${num(valid)}件，但${prev.year}年现行有效${num(before)}+本年制发${num(issued)}−本年废止${num(repealed)}=${num(expected)}件，相差${num(Math.abs(valid - expected))}（如有到期失效或集中清理，可说明原因）`,
          { cells: [validK!, issuedK!, repealedK!] },
        ),
      );
    }
    return out;
  },
};

/** Key totals compared year over year (KIROGOVCOMPARE QR-007). */
const JUMP_TOTALS: readonly { name: string; cells: CellKey[] }[] = [
  { name: '表三新收申请总计', cells: ['t3.r1_new.total'] },
  { name: '表二行政许可处理决定数', cells: ['t2.license.decisions'] },
  { name: '表二行政处罚处理决定数', cells: ['t2.penalty.decisions'] },
  { name: '表二行政强制处理决定数', cells: ['t2.coercion.decisions'] },
  { name: '表二行政事业性收费金额', cells: ['t2.fees.amountWanYuan'] },
  { name: '表四行政复议总计', cells: ['t4.review.total'] },
  { name: '表四行政诉讼总计', cells: ['t4.litDirect.total', 't4.litAfterReview.total'] },
];
const JUMP_RATIO = 5;
/** Below this on both sides, a jump (1 → 6) is ordinary noise for a small office. */
const JUMP_MIN = 10;

function total(report: Report, cells: readonly CellKey[]): number | null {
  let s = 0;
  for (const k of cells) {
    const v = report.cells[k];
    if (v == null) return null;
    s += v;
  }
  return s;
}

export const xJump: Rule = {
  id: 'R-X-JUMP',
  severity: 'info',
  reads: { cells: 'all', meta: true },
  title: '主要数字与上年相比变化超过5倍（或不到1/5），请核对',
  check(ctx) {
    const prev = previousOf(ctx);
    if (!prev) return [];
    const out: Finding[] = [];
    for (const t of JUMP_TOTALS) {
      const now = total(ctx.report, t.cells);
      const before = total(prev, t.cells);
      if (now == null || before == null || Math.max(now, before) < JUMP_MIN) continue;
      const up = now > before * JUMP_RATIO;
      const down = now * JUMP_RATIO < before;
      if (!up && !down) continue;
      const ratio = before === 0 ? '' : `，是上年的${num(Math.round((now / before) * 100) / 100)}倍`;
      out.push(
        finding('R-X-JUMP', 'info', `${t.name}：本年${num(now)}，${prev.year}年${num(before)}${ratio}，变化较大，请核对`, {
          cells: [...t.cells],
        }),
      );
    }
    return out;
  },
};

/** 雷同 threshold (spec: e.g. ≥ 80%). */
export const DUP_THRESHOLD = 80;
/** Texts shorter than this (after dropping spaces and punctuation) are one-line statements such
 *  as "本年度未收取信息处理费" that are rightly the same every year. */
export const DUP_MIN_CHARS = 60;

export const DUP_PARTS: readonly { name: string; ids: SectionId[] }[] = [
  { name: '一、总体情况', ids: ['s1.intro', 's1.proactive', 's1.request', 's1.management', 's1.platform', 's1.oversight'] },
  { name: '五、存在的主要问题及改进情况', ids: ['s5'] },
  { name: '六、其他需要报告的事项', ids: ['s6'] },
];

export const xDup: Rule = {
  id: 'R-X-DUP',
  severity: 'warning',
  reads: { sections: true, meta: true },
  title: '一、五、六与上年报告文字相似度达到80%（内容雷同）',
  check(ctx) {
    const prev = previousOf(ctx);
    if (!prev) return [];
    const out: Finding[] = [];
    for (const part of DUP_PARTS) {
      const now = part.ids.map((id) => ctx.report.sections[id] ?? '').join('\n');
      const before = part.ids.map((id) => prev.sections[id] ?? '').join('\n');
      if (now.length < DUP_MIN_CHARS || comparableLength(now) < DUP_MIN_CHARS) continue;
      const pct = similarityPercent(now, before);
      if (pct < DUP_THRESHOLD) continue;
      out.push(
        finding('R-X-DUP', 'warning', `${part.name}与${prev.year}年报告的相似度为${pct}%，内容雷同`, {
          sections: part.ids.filter((id) => (ctx.report.sections[id] ?? '').trim()),
          fix: '按本年度实际工作重写，不要照搬上年报告',
        }),
      );
    }
    return out;
  },
};

export const CROSS_YEAR_RULES: readonly Rule[] = [xCarry, xValid, xJump, xDup];
