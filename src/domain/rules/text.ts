// Rules on the narrative text (spec §5 R-CITE/R-TITLE, §6 text rules): citations, title, stale
// years, other units' names, completeness of 一/五/六, and small typing slips. Keyword tests
// are deliberately plain: a clerk must be able to see why a rule fired.

import { HEADINGS, REPORT_TITLE_SUFFIX, S1_PARTS, SECTION_BY_ID, SECTION_IDS, isPeoplesGovernment, type SectionId } from '../format.ts';
import type { Finding } from '../finding.ts';
import type { Report } from '../report.ts';
import { normalizeLabel } from '../text.ts';
import { finding, num, type Rule } from './rule.ts';

function textSections(report: Report): [SectionId, string][] {
  return (SECTION_IDS as readonly SectionId[]).map((id) => [id, report.sections[id] ?? ''] as [SectionId, string]).filter(([, t]) => t.trim());
}
const S1_IDS: readonly SectionId[] = SECTION_IDS.filter((id) => id.startsWith('s1.'));
const noSpace = (s: string): string => s.replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, '');

// ---------------------------------------------------------------------------------------------

/**
 * Outdated citations; `of` groups the ways of citing one document (one finding per document).
 * `replaceWith` is what the matched words become for 修正 (src/domain/writing/fixes.ts): the
 * smallest change that makes the citation current.
 */
export const WRONG_CITATIONS: readonly { of: 'regulation' | 'format'; re: RegExp; right: string; replaceWith: string }[] = [
  { of: 'regulation', re: /国务院令第\s*492\s*号/, right: '《中华人民共和国政府信息公开条例》（国务院令第711号）', replaceWith: '国务院令第711号' },
  { of: 'format', re: /国办公开办函\s*[〔\[（(【]\s*2019\s*[〕\]）)】]\s*60\s*号/, right: '国办公开办函〔2021〕30号', replaceWith: '国办公开办函〔2021〕30号' },
  // The 2019 format by its name (平潭 2021 cites it): 《…年度报告格式（试行）》.
  {
    of: 'format',
    re: /年度报告格式\s*[（(]\s*试行\s*[）)]/,
    right: '《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）',
    replaceWith: '年度报告格式',
  },
];

export const cite: Rule = {
  id: 'R-CITE',
  severity: 'error',
  reads: { sections: true, meta: true },
  title: '引用现行条例（国务院令第711号）和2021年版格式（国办公开办函〔2021〕30号）',
  check({ report }) {
    const out: Finding[] = [];
    for (const [id, text] of textSections(report)) {
      const done = new Set<string>();
      for (const { of, re, right } of WRONG_CITATIONS) {
        const m = done.has(of) ? null : text.match(re);
        if (m) {
          done.add(of);
          out.push(
            finding('R-CITE', 'error', `${SECTION_BY_ID[id].name}引用了已失效的“${m[0]}”，应为${right}`, {
              sections: [id],
              fix: `改为${right}`,
            }),
          );
        }
      }
    }
    return out;
  },
};

// ---------------------------------------------------------------------------------------------

export const title: Rule = {
  id: 'R-TITLE',
  severity: 'warning',
  reads: { sections: true, meta: true },
  title: '标题含单位全称、4位报告年度和“政府信息公开工作年度报告”',
  check({ report }) {
    const t = noSpace(report.title);
    const missing: string[] = [];
    if (!t.includes(noSpace(report.unit.name))) missing.push(`单位全称“${report.unit.name}”`);
    if (!new RegExp(`${report.year}年`).test(t)) missing.push(`报告年度“${report.year}年”`);
    if (!t.includes(REPORT_TITLE_SUFFIX)) missing.push(`“${REPORT_TITLE_SUFFIX}”`);
    if (!missing.length) return [];
    return [
      finding('R-TITLE', 'warning', `标题“${report.title}”缺少${missing.join('、')}`, {
        fix: `标题格式：${report.unit.name}${report.year}年${REPORT_TITLE_SUFFIX}`,
      }),
    ];
  },
};

// ---------------------------------------------------------------------------------------------

/**
 * R-TXT-YEAR. Strict where a year can only be the report year: the title and the statistics
 * period ("统计期限自2023年1月1日起至2023年12月31日止"). In the preamble the year after is also
 * fine (date of publication). Elsewhere only a sentence that *opens* with another year
 * ("2022年，我镇…") is flagged — that is what text copied from last year looks like; a year in
 * mid-sentence ("较2022年", "自2019年起") is left alone. 五 may open with year+1 (改进计划).
 */
/** A year R-TXT-YEAR objects to: in the title (section null) or a section, at [start, end). */
export interface StaleYear {
  section: SectionId | null;
  start: number;
  end: number;
  found: number;
  where: string;
}

/** Every place R-TXT-YEAR objects to, in order (the rule reports each section's year once). */
export function staleYears(report: Report): StaleYear[] {
  const out: StaleYear[] = [];
  const y = report.year;
  // The patterns carry the d flag: m.indices gives each year's own place in the text.
  const at = (section: SectionId | null, m: RegExpMatchArray, group: number, where: string): void => {
    const [start, end] = m.indices![group]!;
    out.push({ section, start, end, found: Number(m[group]), where });
  };
  for (const m of report.title.matchAll(/(\d{4})\s*年/dg)) if (Number(m[1]) !== y) at(null, m, 1, '标题');
  for (const [id, text] of textSections(report)) {
    const name = SECTION_BY_ID[id].name;
    for (const m of text.matchAll(/统计(?:期限|时限|期间|时间|区间)[^。；\n]{0,6}?(\d{4})\s*年[^。；\n]*?至\s*(\d{4})\s*年/dg)) {
      for (const g of [1, 2]) if (Number(m[g]) !== y) at(id, m, g, `${name}的统计期限`);
    }
    if (id === 'preamble') {
      for (const m of text.matchAll(/(\d{4})\s*年/dg)) {
        const v = Number(m[1]);
        if (v !== y && v !== y + 1) at(id, m, 1, name);
      }
      continue;
    }
    const allowed = id === 's5' ? [y, y + 1] : [y];
    for (const m of text.matchAll(/(?:^|[。；！？\n]\s*)(?:[一二三四五六七八九十]+是|\d+[.．、]|[（(][一二三四五六七八九十]+[）)])?\s*(\d{4})\s*年(?!\d|以来|起|至|度以来|[—-])/dg)) {
      if (!allowed.includes(Number(m[1]))) at(id, m, 1, `${name}的句首`);
    }
  }
  return out;
}

/**
 * R-TXT-YEAR. Strict where a year can only be the report year: the title and the statistics
 * period ("统计期限自2023年1月1日起至2023年12月31日止"). In the preamble the year after is also
 * fine (date of publication). Elsewhere only a sentence that *opens* with another year
 * ("2022年，我镇…") is flagged — that is what text copied from last year looks like; a year in
 * mid-sentence ("较2022年", "自2019年起") is left alone. 五 may open with year+1 (改进计划).
 */
export const txtYear: Rule = {
  id: 'R-TXT-YEAR',
  severity: 'warning',
  reads: { sections: true, meta: true },
  title: '标题、前言、统计期限和各段开头的年份应为报告年度（五可写下一年）',
  check({ report }) {
    const out: Finding[] = [];
    const y = report.year;
    const seen = new Set<string>();
    for (const s of staleYears(report)) {
      // The title reports every wrong year; a section each wrong year once.
      const key = `${s.section}|${s.found}`;
      if (s.section !== null && seen.has(key)) continue;
      seen.add(key);
      const f = finding('R-TXT-YEAR', 'warning', `${s.where}写的是${s.found}年，报告年度是${y}年，是否沿用了其他年度的文字？`, {
        sections: s.section ? [s.section] : [],
        fix: `核对年份，应为${y}年`,
      });
      f.span = { start: s.start, end: s.end };
      out.push(f);
    }
    return out;
  },
};

// ---------------------------------------------------------------------------------------------

/**
 * The part of a unit's name that another unit of the same kind shares: "镇人民政府" for
 * 下冶镇人民政府, "街道办事处" for a 街道. Departments share nothing reliable (a 局's report
 * rightly names other 局), so R-TXT-NAME only looks for foreign names of governments.
 */
function sameKindSuffix(name: string): string | null {
  const m = name.match(/(?:[镇乡县市区省]人民政府|街道办事处)$/);
  return m ? m[0] : null;
}
/** Characters before the suffix that mean "our/all/each", not another unit: 我镇, 各乡镇人民政府. */
const NOT_A_NAME = /[我本全各该乡等及和与、，。；：（）\s]$/;

export const txtName: Rule = {
  id: 'R-TXT-NAME',
  severity: 'warning',
  reads: { sections: true, meta: true },
  title: '正文中不应出现其他同级单位的名称（跨单位抄袭）',
  check({ report }) {
    const name = noSpace(report.unit.name);
    const suffix = sameKindSuffix(name);
    if (!suffix) return [];
    const own = name.slice(0, -suffix.length);
    const out: Finding[] = [];
    const reported = new Set<string>();
    for (const [id, raw] of textSections(report)) {
      const text = noSpace(raw);
      let i = text.indexOf(suffix);
      while (i >= 0) {
        // Only the few characters before the suffix matter (and slicing more is slow on long text).
        const before = text.slice(Math.max(0, i - 4), i);
        const stem = before.match(/[\u4e00-\u9fff]{1,4}$/)?.[0] ?? '';
        // Same unit if the characters just before the suffix end like our own name does; the
        // body may drop the county prefix ("下冶镇人民政府" for 济源市下冶镇人民政府).
        const tail = own.slice(-Math.min(2, own.length));
        if (stem && !NOT_A_NAME.test(before) && !stem.endsWith(tail)) {
          const other = stem + suffix;
          if (!reported.has(other)) {
            reported.add(other);
            out.push(
              finding('R-TXT-NAME', 'warning', `${SECTION_BY_ID[id].name}出现“…${other}”，与本单位“${report.unit.name}”不一致，是否从其他单位的报告复制而来？`, {
                sections: [id],
                fix: `改为本单位名称“${report.unit.name}”`,
              }),
            );
          }
        }
        i = text.indexOf(suffix, i + suffix.length);
      }
    }
    return out;
  },
};

// ---------------------------------------------------------------------------------------------

/** The six parts as a preamble names them (without the 一、 numbering). */
const PART_NAMES = HEADINGS.map((h) => h.replace(/^[一二三四五六]、/, ''));
const PART_KEYS = ['总体情况', '主动公开政府信息', '收到和处理政府信息公开申请', '行政复议、行政诉讼', '存在的主要问题', '其他需要报告'];

export const txtParts: Rule = {
  id: 'R-TXT-PARTS',
  severity: 'warning',
  reads: { sections: true, meta: true },
  title: '前言如列举报告组成部分，应列全六部分',
  check({ report }) {
    const text = normalizeLabel(report.sections.preamble ?? '');
    const present = PART_KEYS.map((k) => text.includes(normalizeLabel(k)));
    const n = present.filter(Boolean).length;
    if (n < 3 || n === PART_KEYS.length) return []; // not an enumeration, or complete
    const missing = PART_NAMES.filter((_, i) => !present[i]);
    return [
      finding('R-TXT-PARTS', 'warning', `前言列举了报告的${n}个部分，缺少：${missing.join('、')}`, {
        sections: ['preamble'],
        fix: '年度报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六部分组成',
      }),
    ];
  },
};

// ---------------------------------------------------------------------------------------------

const GOVERNMENT_TOPICS: readonly { word: string; re: RegExp }[] = [
  { word: '工作考核', re: /考核/ },
  { word: '社会评议', re: /评议/ },
  { word: '责任追究', re: /追究|问责/ },
];

export const s1Parts: Rule = {
  id: 'R-S1-PARTS',
  severity: 'error',
  reads: { sections: true, meta: true },
  title: '一、总体情况写全五个方面；各级人民政府还要写工作考核、社会评议和责任追究结果',
  check({ report }) {
    const out: Finding[] = [];
    const empty = S1_PARTS.filter((id) => !(report.sections[id] ?? '').trim());
    if (empty.length) {
      out.push(
        finding('R-S1-PARTS', 'error', `一、总体情况缺少：${empty.map((id) => SECTION_BY_ID[id].name).join('、')}`, {
          sections: [...empty],
          fix: '总体情况应包括主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障五个方面',
          unfinished: true,
        }),
      );
    }
    if (isPeoplesGovernment(report.unit.type)) {
      const all = S1_IDS.map((id) => report.sections[id] ?? '').join('\n');
      const missing = GOVERNMENT_TOPICS.filter((t) => !t.re.test(all)).map((t) => t.word);
      if (missing.length) {
        out.push(
          finding('R-S1-PARTS', 'warning', `各级人民政府（含乡镇、街道）的年度报告应写明工作考核、社会评议和责任追究结果情况，总体情况中未见：${missing.join('、')}`, {
            sections: ['s1.oversight'],
            fix: '在（五）监督保障中写明工作考核、社会评议和责任追究结果（条例第五十条第四项）',
            // Nothing of 一 written yet: not a gap in what she wrote, just what is left to write.
            unfinished: !all.trim(),
          }),
        );
      }
    }
    return out;
  },
};

// ---------------------------------------------------------------------------------------------

const PROBLEM_WORDS = /问题|不足|短板|薄弱|差距|欠缺|不够|有待/;
const MEASURE_WORDS = /措施|改进|整改|下一步|加强|提升|完善|将/;
/** Shorter than this, 五 cannot name both a problem and a measure in earnest. */
const S5_MIN_CHARS = 40;

export const s5: Rule = {
  id: 'R-S5',
  severity: 'error',
  reads: { sections: true, meta: true },
  title: '五、存在的主要问题及改进情况不能为空或“无”，要写问题和改进措施',
  check({ report }) {
    const text = noSpace(report.sections.s5 ?? '');
    if (!text || /^(无|没有|暂无|无。|无问题)[。.]?$/.test(text)) {
      return [
        finding('R-S5', 'error', `五、存在的主要问题及改进情况${text ? `只写了“${text}”` : '是空的'}`, {
          sections: ['s5'],
          fix: '写明本年度存在的主要问题和改进措施',
          // Empty is still to be written; a bare “无” is a real error at any time.
          unfinished: !text,
        }),
      ];
    }
    const missing: string[] = [];
    if (!PROBLEM_WORDS.test(text)) missing.push('存在的问题');
    if (!MEASURE_WORDS.test(text)) missing.push('改进措施');
    if (text.length < S5_MIN_CHARS) missing.push(`足够的内容（只有${text.length}字）`);
    if (!missing.length) return [];
    return [
      finding('R-S5', 'warning', `五、存在的主要问题及改进情况未见${missing.join('、')}`, {
        sections: ['s5'],
        fix: '既写问题，也写改进措施',
      }),
    ];
  },
};

// ---------------------------------------------------------------------------------------------

// Real reports say it many ways: "未收取信息处理费", "没有产生信息公开处理费" (平潭 2021),
// "政府信息公开未发生收费情况" (沭阳 2023).
const FEE_WORD = /处理费|收费|收取费用/;
const NOT_COLLECTED = /未收取|没有收取|不收取|未收|无收取|免收|未产生|没有产生|未发生|没有发生|未涉及|不涉及/;
const YUAN = /(\d+(?:\.\d+)?)\s*元/g;

export const s6Fee: Rule = {
  id: 'R-S6-FEE',
  severity: 'error',
  reads: { cells: 'all', sections: true, meta: true },
  title: '六、其他需要报告的事项写明信息处理费收取情况（未收取，或件数和金额），分项之和等于合计',
  check({ report }) {
    const text = report.sections.s6 ?? '';
    const out: Finding[] = [];
    const sentences = text.split(/[。；;\n]/).filter((s) => FEE_WORD.test(s));
    if (!sentences.length) {
      out.push(
        finding('R-S6-FEE', 'warning', '六、其他需要报告的事项未说明信息处理费收取情况', {
          sections: ['s6'],
          fix: '写明本年度是否收取信息处理费，如“本年度未收取信息处理费”，或收取的件数和金额（元）',
          unfinished: !text.trim(),
        }),
      );
    } else if (!sentences.some((s) => NOT_COLLECTED.test(s) || /\d\s*元|零元/.test(s))) {
      out.push(
        finding('R-S6-FEE', 'warning', '六、其他需要报告的事项提到信息处理费，但没有写明是否收取或收取金额', {
          sections: ['s6'],
          fix: '写明“未收取”，或收取的件数和金额（元）',
        }),
      );
    }
    // Itemised: "共收取信息处理费150元，其中复制费50元、邮寄费100元".
    for (const s of sentences) {
      const m = s.match(/(?:共|合计|共计|总计)[^，,其]{0,12}?(\d+(?:\.\d+)?)\s*元[^其]*其中(.*)$/);
      if (!m) continue;
      const items = [...m[2]!.matchAll(YUAN)].map((x) => Number(x[1]));
      if (items.length < 2) continue;
      const total = Number(m[1]);
      const itemSum = items.reduce((a, b) => a + b, 0);
      if (Math.abs(itemSum - total) > 1e-9) {
        out.push(
          finding('R-S6-FEE', 'error', `信息处理费合计写的是${num(total)}元，分项${items.map(num).join('+')}=${num(itemSum)}元，相差${num(Math.abs(itemSum - total))}元`, {
            sections: ['s6'],
          }),
        );
      }
    }
    const noFee = report.cells['t3.r3_6_2_noFee.total'];
    if (noFee != null && noFee > 0 && !/收费通知|缴纳|缴费/.test(text)) {
      out.push(
        finding('R-S6-FEE', 'info', `表三有${num(noFee)}件申请因逾期未缴纳信息处理费不再处理，六中可说明发出收费通知的情况`, {
          cells: ['t3.r3_6_2_noFee.total'],
          sections: ['s6'],
        }),
      );
    }
    return out;
  },
};

// ---------------------------------------------------------------------------------------------

const CN_ORDINALS = '一二三四五六七八九十';
const DOUBLED = /(的的|了了|在在|和和|与与|及及|将将|是是|，，|。。|、、|；；)/g;

export const txtLint: Rule = {
  id: 'R-TXT-LINT',
  severity: 'info',
  reads: { sections: true, meta: true },
  title: '“一是、二是…”顺序不跳号不重复；“的的”等重复字',
  check({ report }) {
    const out: Finding[] = [];
    for (const [id, text] of textSections(report)) {
      const name = SECTION_BY_ID[id].name;
      // "一是…二是…" restart at 一是 (a new list); any other step must be +1.
      let prev = 0;
      for (const m of text.matchAll(/(?:^|[，。；：、\s])([一二三四五六七八九十])是/g)) {
        const n = CN_ORDINALS.indexOf(m[1]!) + 1;
        if (n !== 1 && n !== prev + 1) {
          const what = prev === 0 ? `从“${m[1]}是”开始，缺少“一是”` : `“${CN_ORDINALS[prev - 1]}是”之后是“${m[1]}是”，序号${n <= prev ? '重复' : '跳号'}`;
          out.push(finding('R-TXT-LINT', 'info', `${name}${what}`, { sections: [id] }));
        }
        prev = n;
      }
      const doubled = new Map<string, number>();
      for (const m of text.matchAll(DOUBLED)) if (!doubled.has(m[0])) doubled.set(m[0], m.index ?? 0);
      for (const [d, at] of doubled) {
        const f = finding('R-TXT-LINT', 'info', `${name}有重复的“${d}”`, { sections: [id] });
        f.span = { start: at, end: at + d.length };
        out.push(f);
      }
    }
    return out;
  },
};

export const TEXT_RULES: readonly Rule[] = [cite, title, txtYear, txtName, txtParts, s1Parts, s5, s6Fee, txtLint];
