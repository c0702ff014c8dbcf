// Numbers stated in the prose ("收到政府信息公开申请15件，其中予以公开10件"), each tied to the
// table quantity it talks about, for R-TXT-NUM. Pure string work, no dictionary.
//
// How it works: the text is cut into clauses at 。；！？ and line breaks. In a clause every
// "number + counting unit" (件/个/条/宗/起/份; digits or Chinese numerals) is a candidate. The
// words between the previous candidate (or the clause start) and this number form its window;
// the first quantity pattern (most specific first) that matches the window names the quantity.
// A number is dropped when it is approximate (约/近/超过…, 余/多 before the unit) or a change
// (增加/减少/同比…). Scope words in the window (备案, 涉及, 累计, 历年, 上年…) do not drop the
// number but mark it, so the rule reports a mismatch as a warning rather than an error.
// Statements without a number ("未收到政府信息公开申请", "未发生行政复议…") are read as 0.

export type Quantity =
  | 'received'
  | 'newReceived'
  | 'carriedIn'
  | 'concluded'
  | 'carriedOut'
  | 'granted'
  | 'partial'
  | 'refused'
  | 'unableToProvide'
  | 'notProcessed'
  | 'otherHandling'
  | 'naturalPersons'
  | 'organisations'
  | 'review'
  | 'litigation'
  | 'normativeValid'
  | 'normativeIssued'
  | 'normativeRepealed'
  | 'license'
  | 'penalty'
  | 'coercion';

export interface ProseNumber {
  quantity: Quantity;
  value: number;
  /** A word that widens or shifts the scope (备案, 涉及, 累计…), if any. */
  scopeWord?: string;
  /** The words the number was read from, for the message: "收到依申请公开 2 件". */
  snippet: string;
  /** Offset of the snippet in the text. */
  start: number;
  /** Where the number itself is ("15", "十五"), for 按表格更新正文; absent for "未收到…" (read as 0). */
  number?: { start: number; end: number };
}

/** Most specific first: the first pattern that matches the window wins. */
const QUANTITY_PATTERNS: readonly [Quantity, RegExp][] = [
  ['carriedIn', /上一?年度?结转|结转上一?年度?|上一?年度?遗留/],
  ['carriedOut', /结转|转入下一?年度?|(?:正在|尚在|仍在)办理/],
  ['newReceived', /新收|新增[^，,]{0,8}申请/],
  ['review', /行政复议/],
  ['litigation', /行政诉讼/],
  // Both parties named together ("收到自然人、法人或其他组织的申请15件") is the whole, not a split.
  ['naturalPersons', /^(?!.*法人).*自然人/],
  ['organisations', /^(?!.*自然人).*法人/],
  ['refused', /不予以?公开/],
  ['partial', /部分公开/],
  ['granted', /予以公开|全部公开/],
  ['unableToProvide', /无法提供/],
  ['notProcessed', /不予处理/],
  ['otherHandling', /其他处理/],
  ['concluded', /办结|答复完毕|办理完毕|已答复/],
  ['normativeValid', /现行有效[^，,]{0,10}规范性文件|规范性文件[^，,]{0,10}现行有效/],
  ['normativeRepealed', /废止[^，,]{0,10}规范性文件|规范性文件[^，,]{0,10}废止/],
  ['normativeIssued', /(?:制发|印发|出台|制定|发布)[^，,]{0,10}规范性文件|规范性文件[^，,]{0,10}(?:制发|印发|出台|制定)/],
  ['license', /行政许可/],
  ['penalty', /行政处罚/],
  ['coercion', /行政强制/],
  ['received', /(?:收到|受理|接收|接到|共收|收悉)[^，,]{0,20}申请|申请[^，,]{0,8}(?:收到|受理|接收|接到)/],
];

const SCOPE_WORDS = /备案|涉及|累计|历年|全区|全县|全市|全省|各乡镇|各部门|上一?年度?|去年/;
/** Right before the number: it is a change or an estimate, not a count. */
/** 表二 counts 处理决定; "受理行政许可申请120件" or "公示行政处罚信息30条" may count something else. */
const DECISIONS: ReadonlySet<Quantity> = new Set(['license', 'penalty', 'coercion']);
const NOT_DECISIONS = /受理|申请|事项|办件|公示|信息/;
const DELTA_OR_APPROX_BEFORE = /(?:增加|减少|增长|下降|上升|提高|降低|增|减|多|少|约|近|超过|逾|不足|将近|大约|第)\s*$/;
const DELTA_ANYWHERE = /同比|环比|较上一?年|比上一?年|比去年/;

const NUMBER_WITH_UNIT =
  /(\d+|[零〇一二两三四五六七八九十百千]{1,6})\s*(余|多)?\s*(件|个|条|宗|起|份)/g;

const NUMBER_WITH_UNIT_ONE = new RegExp(NUMBER_WITH_UNIT.source);

const CN_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** "15" → 15, "十五" → 15, "二十" → 20, "一百零三" → 103; NaN when it is not a number. */
export function parseNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  let total = 0;
  let digit = -1;
  for (const ch of s) {
    if (ch in CN_DIGITS) digit = CN_DIGITS[ch]!;
    else if (ch in CN_UNITS) {
      total += (digit < 0 ? 1 : digit) * CN_UNITS[ch]!;
      digit = -1;
    } else return NaN;
  }
  return total + (digit < 0 ? 0 : digit);
}

/** Longest window looked at before a number: keywords further away belong to something else. */
const WINDOW = 28;
/** Characters before the number quoted back to the user. */
const SNIPPET_BEFORE = 18;

function clauses(text: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  const re = /[^。；;！!？?\n]+/g;
  for (const m of text.matchAll(re)) out.push({ text: m[0], start: m.index ?? 0 });
  return out;
}

function classify(window: string): Quantity | null {
  for (const [q, re] of QUANTITY_PATTERNS) if (re.test(window)) return q;
  return null;
}

/** Every table quantity the text states, in order of appearance. */
export function extractNumbers(text: string): ProseNumber[] {
  const out: ProseNumber[] = [];
  for (const clause of clauses(text)) {
    let windowStart = 0;
    let sawNumber = false;
    for (const m of clause.text.matchAll(NUMBER_WITH_UNIT)) {
      const at = m.index ?? 0;
      const full = clause.text.slice(windowStart, at);
      windowStart = at + m[0].length;
      sawNumber = true;
      const value = parseNumber(m[1]!);
      // A lone "一" before 件/个 is usually an article ("一个平台"), not a count.
      if (Number.isNaN(value) || m[2] || (m[1] === '一' && m[3] !== '件')) continue;
      const window = full.length > WINDOW ? full.slice(-WINDOW) : full;
      if (DELTA_OR_APPROX_BEFORE.test(window) || DELTA_ANYWHERE.test(window)) continue;
      // 个/条 also count days, departments, channels…: only read them when nothing follows.
      if ((m[3] === '个' || m[3] === '条') && /^[\u4e00-\u9fff]/.test(clause.text.slice(windowStart)) &&
        !clause.text.startsWith('申请', windowStart)) continue;
      if (/^(?:工作日|日|天|月|小时|年|季度|次)/.test(clause.text.slice(windowStart))) continue;
      // "废止3件规范性文件": the noun may follow the number.
      const nounAfter = clause.text.slice(windowStart).match(/^\s*(?:行政)?规范性文件/)?.[0] ?? '';
      const quantity = classify(window + nounAfter);
      if (!quantity) continue;
      // "行政复议、行政诉讼各0件": one number for both; only a zero can be read for each.
      const both = window.includes('行政复议') && window.includes('行政诉讼');
      if (both && value !== 0) continue;
      let scope = window.match(SCOPE_WORDS)?.[0] ?? (DECISIONS.has(quantity) ? window.match(NOT_DECISIONS)?.[0] : undefined);
      if (quantity === 'carriedIn' && scope && /^上|去年/.test(scope)) scope = undefined;
      const raw = clause.text.slice(Math.max(0, at - Math.min(window.length, SNIPPET_BEFORE)), windowStart);
      const lead = raw.match(/^[\s，,、：:]*/)![0].length;
      const item: ProseNumber = {
        quantity,
        value,
        snippet: raw.slice(lead).trimEnd(),
        start: clause.start + Math.max(0, at - Math.min(window.length, SNIPPET_BEFORE)) + lead,
        number: { start: clause.start + at, end: clause.start + at + m[1]!.length },
      };
      if (scope) item.scopeWord = scope;
      out.push(item);
      if (both) out.push({ ...item, quantity: quantity === 'review' ? 'litigation' : 'review' });
    }
    if (!sawNumber) out.push(...zeroStatements(clause.text, clause.start));
    else {
      // "作出行政处罚决定22件，未发生…行政复议…": the comma part without a number can still say 0.
      for (const part of clause.text.matchAll(/[^，,]+/g)) {
        if (!NUMBER_WITH_UNIT_ONE.test(part[0])) out.push(...zeroStatements(part[0], clause.start + (part.index ?? 0)));
      }
    }
  }
  return out;
}

/** "未收到政府信息公开申请" → received 0; "未发生…行政复议、行政诉讼" → both 0. */
function zeroStatements(text: string, start: number): ProseNumber[] {
  const out: ProseNumber[] = [];
  const neg = /(?:未|没有|无)(?:发生|出现|收到|受理|接到|被)?/;
  const received = text.match(/(?:未|没有)(?:收到|受理|接到)[^，,]{0,20}申请/);
  if (received && !/复议|诉讼/.test(received[0])) {
    out.push({ quantity: 'received', value: 0, snippet: received[0], start: start + (received.index ?? 0) });
  }
  for (const [quantity, word] of [
    ['review', '行政复议'],
    ['litigation', '行政诉讼'],
  ] as const) {
    const i = text.indexOf(word);
    if (i < 0) continue;
    const before = text.slice(Math.max(0, i - 24), i);
    const m = before.match(neg);
    if (!m || /[，,]/.test(before.slice(before.lastIndexOf(m[0])))) continue;
    const from = Math.max(0, i - 24) + before.lastIndexOf(m[0]);
    out.push({ quantity, value: 0, snippet: text.slice(from, i + word.length), start: start + from });
  }
  return out;
}
