// 按表格生成: the routine sentences of 一（一）主动公开 (from 表二) and 一（二）依申请公开 (from 表三
// and 表四 — the format gives 四 no prose part of its own, so its sentence goes with 依申请公开,
// where real reports put it). Pure: numbers in, several phrasings out, no language model.
//
// Every number is written so that src/domain/prose.ts reads it back as the quantity it came
// from (digits, a counting word right before it, one quantity per comma part): a generated
// paragraph never raises R-TXT-NUM, and once a cell changes, the number it stated is found again
// (按表格更新正文). The sentence patterns and where real reports use them: docs/writing.md.

import { SECTION_BY_ID, T3_LEAF_ROWS, TYPED_CELL_KEYS, cellDef, t3, type CellKey, type SectionId, type TableId } from '../format.ts';
import { withDerived, type Report } from '../report.ts';
import { num } from '../rules/rule.ts';

export interface Phrasing {
  /** Stable id, for tests and keys: "request-full". */
  id: string;
  /** What distinguishes it, in Chinese: "完整（列出各项，包括0）". */
  label: string;
  text: string;
}

export type Generated = { ok: true; phrasings: Phrasing[] } | { ok: false; error: string };

/** The parts whose text reports table numbers, and the tables each is written from. */
export const GENERATED_PARTS: Readonly<Partial<Record<SectionId, readonly TableId[]>>> = {
  's1.proactive': ['t2'],
  's1.request': ['t3', 't4'],
};

export function canGenerate(id: SectionId): boolean {
  return GENERATED_PARTS[id] !== undefined;
}

const TABLE_NAMES: Record<TableId, string> = { t2: '表二', t3: '表三', t4: '表四' };

/** How a unit refers to itself in its own report: 下冶镇人民政府 → 我镇, …发展和改革局 → 我局. */
export function selfReference(unitName: string): string {
  const name = unitName.trim();
  const gov = name.match(/([镇乡县市区省])人民政府$/);
  if (gov) return `我${gov[1]}`;
  if (/街道办事处$|街道$/.test(name)) return '我街道';
  const last = name.match(/(局|委|办|院|厅|部|署|中心|委员会|管理局|办公室)$/);
  if (last) return last[1] === '委员会' ? '我委' : last[1] === '办公室' ? '我办' : last[1] === '管理局' ? '我局' : `我${last[1]}`;
  return '我单位';
}

/** Phrasings for one part, or why there are none yet (a needed cell is 未填, or the part reports no table). */
export function generateParagraphs(report: Report, id: SectionId): Generated {
  const tables = GENERATED_PARTS[id];
  if (!tables) return { ok: false, error: `${SECTION_BY_ID[id].name}不对应统计表，没有可按表格生成的内容。` };
  const missing = tables.flatMap((t) => TYPED_CELL_KEYS.filter((k) => cellDef(k).table === t && report.cells[k] == null));
  // Sums from their parts, whatever the caller passed (an imported file may carry stale ones).
  const cells = withDerived(report.cells);
  if (missing.length) {
    const names = [...new Set(missing.map((k) => TABLE_NAMES[cellDef(k).table]))].join('、');
    return { ok: false, error: `${names}还有${missing.length}个未填的单元格，填写（没有的填0）后才能按表格生成。` };
  }
  const c = (k: CellKey): number => cells[k] ?? 0;
  const ctx: Ctx = { year: report.year, we: selfReference(report.unit.name), c };
  return { ok: true, phrasings: id === 's1.proactive' ? proactive(ctx) : request(ctx) };
}

interface Ctx {
  year: number;
  we: string;
  c: (k: CellKey) => number;
}

/** Counts as prose.ts reads them: plain digits, no thousands separator. */
const n = (v: number): string => num(v);

// ---------------------------------------------------------------------------------------------
// 一（一）主动公开 from 表二

function proactive({ year, we, c }: Ctx): Phrasing[] {
  const issued = c('t2.normativeDocs.issued');
  const repealed = c('t2.normativeDocs.repealed');
  const valid = c('t2.normativeDocs.valid');
  const lic = c('t2.license.decisions');
  const pen = c('t2.penalty.decisions');
  const coe = c('t2.coercion.decisions');
  const fee = c('t2.fees.amountWanYuan');
  const reg = [c('t2.regulations.issued'), c('t2.regulations.repealed'), c('t2.regulations.valid')] as const;
  const regClause = reg.some((v) => v > 0) ? `制定规章${n(reg[0])}件，废止规章${n(reg[1])}件，现行有效规章${n(reg[2])}件；` : '';

  const full =
    `${year}年，${we}严格落实《中华人民共和国政府信息公开条例》要求，认真做好政府信息主动公开工作。` +
    regClause +
    `全年制发行政规范性文件${n(issued)}件，废止行政规范性文件${n(repealed)}件，截至年底现行有效行政规范性文件${n(valid)}件；` +
    `作出行政许可处理决定${n(lic)}件，作出行政处罚处理决定${n(pen)}件，作出行政强制处理决定${n(coe)}件；` +
    `行政事业性收费金额${n(fee)}万元。`;

  // Zero rows left out; what did not happen at all is said once, in words.
  const docs: string[] = [];
  if (issued) docs.push(`制发行政规范性文件${n(issued)}件`);
  if (repealed) docs.push(`废止行政规范性文件${n(repealed)}件`);
  if (valid) docs.push(`现行有效行政规范性文件${n(valid)}件`);
  const decisions: string[] = [];
  if (lic) decisions.push(`作出行政许可处理决定${n(lic)}件`);
  if (pen) decisions.push(`作出行政处罚处理决定${n(pen)}件`);
  if (coe) decisions.push(`作出行政强制处理决定${n(coe)}件`);
  const brief =
    `${year}年，${we}依托政府网站等平台主动公开政府信息。` +
    regClause +
    (docs.length ? `本年${docs.join('，')}` : '本年未制发、废止行政规范性文件') +
    '；' +
    (decisions.length ? decisions.join('，') : '未作出行政许可、行政处罚、行政强制处理决定') +
    '；' +
    (fee ? `行政事业性收费金额${n(fee)}万元。` : '未收取行政事业性收费。');

  const listed =
    `${we}坚持“以公开为常态、不公开为例外”，按照政府信息公开指南和目录做好主动公开。${year}年主动公开情况如下：` +
    regClause +
    `一是行政规范性文件，本年制发行政规范性文件${n(issued)}件，废止行政规范性文件${n(repealed)}件，现行有效行政规范性文件${n(valid)}件；` +
    `二是行政许可，作出行政许可处理决定${n(lic)}件；` +
    `三是行政处罚和行政强制，作出行政处罚处理决定${n(pen)}件，作出行政强制处理决定${n(coe)}件；` +
    `四是行政事业性收费，收费金额${n(fee)}万元。`;

  return [
    { id: 'proactive-full', label: '完整（逐项列出，包括0）', text: full },
    { id: 'proactive-brief', label: '简要（为0的项不逐一列出）', text: brief },
    { id: 'proactive-listed', label: '分项（一是、二是…）', text: listed },
  ];
}

// ---------------------------------------------------------------------------------------------
// 一（二）依申请公开 from 表三, with 四 (表四) in words

const group = (prefix: string) => T3_LEAF_ROWS.filter((r) => r.startsWith(prefix));

function request({ year, we, c }: Ctx): Phrasing[] {
  const total = (row: string) => c(t3(row, 'total'));
  const sumRows = (rows: string[]) => rows.reduce((s, r) => s + total(r), 0);
  const received = total('r1_new');
  const np = c(t3('r1_new', 'np'));
  const org = received - np;
  const carriedIn = total('r2_carryIn');
  const done = total('r3_7_total');
  const carriedOut = total('r4_carryOut');
  const results: [string, number][] = [
    ['予以公开', total('r3_1_grant')],
    ['部分公开', total('r3_2_partial')],
    ['不予公开', sumRows(group('r3_3_'))],
    ['无法提供', sumRows(group('r3_4_'))],
    ['不予处理', sumRows(group('r3_5_'))],
    ['其他处理', sumRows(group('r3_6_'))],
  ];
  const t4 = reviewSentence(c);

  const full =
    `${year}年，${we}共收到政府信息公开申请${n(received)}件，其中自然人申请${n(np)}件，法人或其他组织申请${n(org)}件；` +
    `上年结转政府信息公开申请${n(carriedIn)}件。` +
    `本年度办结政府信息公开申请${n(done)}件，其中${results.map(([w, v]) => `${w}${n(v)}件`).join('，')}；` +
    `结转下年度继续办理${n(carriedOut)}件。` +
    t4;

  const shown = results.filter(([, v]) => v > 0);
  let brief: string;
  if (received === 0 && carriedIn === 0) brief = `${year}年，${we}未收到政府信息公开申请，无上年结转的申请。`;
  else {
    brief =
      (received ? `${year}年，${we}收到政府信息公开申请${n(received)}件` : `${year}年，${we}未收到新的政府信息公开申请`) +
      (carriedIn ? `；上年结转政府信息公开申请${n(carriedIn)}件` : '') +
      `。本年度办结${n(done)}件` +
      (shown.length ? `，其中${shown.map(([w, v]) => `${w}${n(v)}件`).join('，')}` : '') +
      (carriedOut ? `；结转下年度继续办理${n(carriedOut)}件。` : '。');
  }
  brief += t4;

  const out: Phrasing[] = [
    { id: 'request-full', label: '完整（逐项列出，包括0）', text: full },
    { id: 'request-brief', label: '简要（为0的项不逐一列出）', text: brief },
  ];
  // 下冶镇 2023: "收到依申请公开 2 件，已处理。" — only true when nothing is carried over.
  if (carriedOut === 0 && carriedIn === 0 && received > 0) {
    out.push({
      id: 'request-short',
      label: '一句话（全部按时办结时）',
      text: `${year}年${we}收到政府信息公开申请${n(received)}件，均已在法定期限内答复办结。` + t4,
    });
  }
  out.push({ id: 'review-only', label: '只写行政复议、行政诉讼（表四）', text: t4 });
  return out;
}

/** 表四 in one sentence; a zero is said as 未发生 (prose.ts reads that as 0). */
function reviewSentence(c: (k: CellKey) => number): string {
  return reviewClause(c('t4.review.total'), c('t4.litDirect.total') + c('t4.litAfterReview.total')) + '。';
}

const NO_REVIEW_NOR_LITIGATION = '未发生因政府信息公开被申请行政复议、提起行政诉讼的情况';
const NO_REVIEW = '未发生因政府信息公开被申请行政复议的情况';
const NO_LITIGATION = '未发生因政府信息公开被提起行政诉讼的情况';

function reviewClause(review: number, litigation: number): string {
  if (!review && !litigation) return NO_REVIEW_NOR_LITIGATION;
  // A 行政诉讼 number must not share a comma part with 行政复议 (prose.ts would read it as 复议).
  const r = review ? `因政府信息公开被申请行政复议${n(review)}件` : NO_REVIEW;
  const l = litigation ? `因政府信息公开被提起行政诉讼${n(litigation)}件` : NO_LITIGATION;
  return `${r}；${l}`;
}

/**
 * A zero stated in words at `at` ("未收到政府信息公开申请", "未发生因政府信息公开被申请行政复议…"),
 * restated with the tables' numbers now — for 按表格更新正文 when a 0 became a count. Only the
 * wordings this module writes (and the plain "未收到…申请") are certain; anything else: null.
 */
export function restateZero(text: string, at: number, report: Report): { expect: string; insert: string } | null {
  const cells = withDerived(report.cells);
  const v = (k: CellKey): number | null => cells[k] ?? null;
  const rest = text.slice(at);
  const review = v('t4.review.total');
  const lit = v('t4.litDirect.total') !== null && v('t4.litAfterReview.total') !== null ? v('t4.litDirect.total')! + v('t4.litAfterReview.total')! : null;
  if (rest.startsWith(NO_REVIEW_NOR_LITIGATION)) {
    if (review === null || lit === null) return null;
    return { expect: NO_REVIEW_NOR_LITIGATION, insert: reviewClause(review, lit) };
  }
  if (rest.startsWith(NO_REVIEW)) return review === null ? null : { expect: NO_REVIEW, insert: reviewClause(review, 1).split('；')[0]! };
  if (rest.startsWith(NO_LITIGATION)) return lit === null ? null : { expect: NO_LITIGATION, insert: reviewClause(1, lit).split('；')[1]! };
  const received = rest.match(/^(?:未|没有)((?:收到|受理|接到)[^，,。；;\n]{0,20}?申请)/);
  const now = v(t3('r1_new', 'total'));
  if (received && now !== null && now > 0) return { expect: received[0], insert: `${received[1]}${n(now)}件` };
  return null;
}
