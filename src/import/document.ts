// From a document read as a sequence of blocks (paragraph lines and tables, in reading order)
// to a Report: title, year, unit, the narrative sections split by the six headings and the
// （一）…（五） sub-heads of 一, and the three tables read by label. Shared by the text, HTML
// and DOCX importers so they behave the same.

import type { Finding } from '../domain/finding.ts';
import {
  CELL_DEFS,
  CELL_KEYS,
  HEADINGS,
  SECTION_BY_ID,
  UNIT_TYPE_LABELS,
  cellName,
  type CellKey,
  type SectionId,
  type UnitType,
} from '../domain/format.ts';
import { defaultDeadline, emptyReport, type Report } from '../domain/report.ts';
import { collapseSpaces, normalizeLabel, toHalfWidthDigitsAndLetters } from '../domain/text.ts';
import { labelNote } from './checks.ts';
import { readTables, type SourceTable } from './tables.ts';
import { note, quote, type ImportKind, type ImportResult } from './types.ts';

export type Block = { kind: 'text'; text: string } | { kind: 'table'; table: SourceTable };

export interface DocumentInput {
  blocks: Block[];
  kind: ImportKind;
  /** Lines outside the article (page chrome), in order, that may hold the title (HTML). */
  titleCandidates?: string[];
  /** The page's <title>, a last resort for the report title. */
  pageTitle?: string;
}

const NUMERALS = '一二三四五六';
/** Words that identify each level-1 heading even when its wording deviates. */
const HEADING_KEYWORDS: readonly (readonly string[])[] = [
  ['总体情况'],
  ['主动公开'],
  ['申请'],
  ['复议', '诉讼'],
  ['问题'],
  ['其他', '其它'],
];
const MAX_HEADING_LEN = 40;

/** Index (0–5) of the level-1 heading a line is, given the last heading seen; null if none. */
export function headingIndex(line: string, after: number): number | null {
  const n = normalizeLabel(line);
  if (!n || n.length > MAX_HEADING_LEN) return null;
  const k = NUMERALS.indexOf(n[0]!);
  if (k < 0 || k <= after) return null;
  const sep = /^[、.，,：:]/.test(n.slice(1));
  const rest = n.slice(sep ? 2 : 1);
  if (!sep) {
    // "一总体情况": no separator, so the official wording must follow directly.
    const official = normalizeLabel(HEADINGS[k]!).slice(2);
    if (!rest.startsWith(official.slice(0, 2))) return null;
  }
  if (/^[是要则]/.test(rest)) return null; // 一是…, 二要…: enumerations, not headings
  return HEADING_KEYWORDS[k]!.some((w) => rest.includes(w)) ? k : null;
}

const S1_KEYWORDS: readonly [SectionId, RegExp][] = [
  ['s1.request', /依申请/],
  ['s1.proactive', /主动公开/],
  ['s1.platform', /平台/],
  ['s1.oversight', /监督|保障|考核|问责|追究|社会评议/],
  ['s1.management', /管理/],
];
/** Sub-head words that add nothing to the section's own heading, so they are dropped. */
const STANDARD_SUBHEAD = /^(?:主动公开|依申请公开|政府信息管理|(?:政府信息公开)?平台建设|(?:政府信息公开)?监督保障)(?:政府信息)?(?:工作)?(?:方面|情况)?(?:情况)?$/;

interface SubHead {
  ordinal: number;
  heading: string;
  body: string;
}
/** "（一）主动公开方面" or "（一）主动公开情况。2023年…" → its parts; null when not a sub-head. */
export function subHead(line: string): SubHead | null {
  const t = collapseSpaces(line);
  const m = /^[（(]\s*([一二三四五六七八九十])\s*[）)]\s*/.exec(t);
  if (!m) return null;
  const after = t.slice(m[0].length);
  if (after.length <= 30 && !/[。；;]./.test(after)) return { ordinal: '一二三四五六七八九十'.indexOf(m[1]!) + 1, heading: after.replace(/[。：:]$/, ''), body: '' };
  const cut = /[。：:]/.exec(after);
  if (cut && cut.index <= 30) {
    return { ordinal: '一二三四五六七八九十'.indexOf(m[1]!) + 1, heading: after.slice(0, cut.index), body: after.slice(cut.index + 1).trim() };
  }
  return null;
}

const TITLE_RE = /\d{4}\s*年.*?(?:信息公开|政务公开).*?报告/;
/** A title is short and not a sentence ("现将2023年…年度报告公布如下，…" is not one). */
const isTitleLike = (line: string) => TITLE_RE.test(line) && line.length <= 80 && !/[，。；]/.test(line);
/** Page chrome copied along with the article: short lines that are not sentences. */
const isChromeLine = (line: string) => line.length <= 30 && !/[，。；]/.test(line);
const DATE_LINE_RE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/;

function cleanTitle(s: string): string {
  let t = collapseSpaces(s).replace(/^(?:标题|名称|题目)\s*[：:]\s*/, '');
  // Site names appended to <title>: "…年度报告-沭阳县发改局", "…年度报告_政府信息公开年报_…".
  const m = /^(.*?报告)\s*[-_|—–]+.*$/.exec(t);
  if (m) t = m[1]!;
  return t;
}

/** Guess the unit type from its name; always said in a note, since the user should confirm. */
export function guessUnitType(name: string): { type: UnitType; why: string } {
  const n = normalizeLabel(name);
  if (/(?:局|委员会|委|办公室|办|厅|署|中心|处|站|所|院|队|部|会|馆|社)$/.test(n) && !/人民政府$/.test(n)) {
    if (/(?:街道办事处|街道办)$/.test(n)) return { type: 'township', why: '名称以“街道办事处”结尾' };
    return { type: 'department', why: '名称以政府部门的字样（局、委、办等）结尾' };
  }
  if (/(?:镇|乡|街道|苏木)(?:人民政府|政府)?$/.test(n)) return { type: 'township', why: '名称含“镇/乡/街道”' };
  if (/(?:省|自治区)人民政府$/.test(n) || /^(?:北京|天津|上海|重庆)市人民政府$/.test(n)) {
    return { type: 'province', why: '名称是省级人民政府' };
  }
  if (/(?:县|区|旗)人民政府$/.test(n)) return { type: 'county', why: '名称是县（区、旗）人民政府' };
  if (/(?:市|州|盟)人民政府$/.test(n)) return { type: 'city', why: '名称是市（州、盟）人民政府；若是县级市，请改为“县级人民政府”' };
  return { type: 'department', why: '名称不能判断级别，暂按政府部门' };
}

interface Line {
  text: string;
  /** Index of the block it came from (tables sit between lines). */
  block: number;
}

export function importDocument(input: DocumentInput): ImportResult {
  const notes: Finding[] = [];
  const lines: Line[] = [];
  const tables: SourceTable[] = [];
  input.blocks.forEach((b, i) => {
    if (b.kind === 'table') tables.push(b.table);
    else {
      for (const raw of b.text.split(/\r?\n/)) {
        const t = collapseSpaces(raw);
        if (t) lines.push({ text: t, block: i });
      }
    }
  });

  // Level-1 headings, strictly in order.
  const headingAt = new Map<number, number>(); // line index → heading index
  let last = -1;
  lines.forEach((l, i) => {
    const k = headingIndex(l.text, last);
    if (k !== null) {
      headingAt.set(i, k);
      last = k;
      if (normalizeLabel(l.text) !== normalizeLabel(HEADINGS[k]!)) notes.push(...labelNote(l.text, HEADINGS[k]!, '一级标题'));
    }
  });
  const firstHeading = headingAt.size ? Math.min(...headingAt.keys()) : lines.length;

  const tableResult = readTables(tables);
  const anyTable = tableResult.found.t2 || tableResult.found.t3 || tableResult.found.t4;
  if (headingAt.size < 2 && !anyTable) {
    return {
      ok: false,
      kind: input.kind,
      error: '没有找到年报的六个部分标题（一、总体情况……六、其他需要报告的事项）或统计表，这个文件看起来不是政府信息公开工作年度报告。',
    };
  }

  // Title: a title-like line before 一, else the first line (text), else page chrome.
  // Printed titles are often broken over two lines ("下冶镇人民政府 2023 年" / "政府信息公开…").
  let titleLine = -1;
  let title = '';
  // The last title-like line before 一 wins: a copied page starts with its site's chrome,
  // which often repeats the title ("标题：…-沭阳县发改局") above the article's own.
  for (let i = 0; i < firstHeading; i++) {
    const one = lines[i]!.text;
    const next = i + 1 < firstHeading ? lines[i + 1]!.text : '';
    // The first half of a broken title is short and is not a sentence; the second half either
    // is not a title by itself or starts with the year (the unit being on the line before).
    const pairs = next && one.length <= 30 && !/[。，；：:]/.test(one) && (!TITLE_RE.test(next) || /^\d{4}\s*年/.test(next));
    const two = pairs ? one + next : '';
    // A long unit name breaks a printed title into three lines: "unit" / "2023年" / "政府信息公开…".
    const third = i + 2 < firstHeading ? lines[i + 2]!.text : '';
    const threes = pairs && third && next.length <= 30 && !/[。，；：:]/.test(next) && /^(?:政府信息公开|政务公开)/.test(third);
    const three = threes ? one + next + third : '';
    if (isTitleLike(one)) {
      titleLine = i;
      title = cleanTitle(one);
    } else if (two && isTitleLike(two)) {
      titleLine = i + 1;
      title = cleanTitle(two);
      i++;
    } else if (three && isTitleLike(three)) {
      titleLine = i + 2;
      title = cleanTitle(three);
      i += 2;
    }
  }
  if (titleLine < 0) {
    const outside = [...(input.titleCandidates ?? [])].reverse().find((t) => TITLE_RE.test(t) && t.length <= 120);
    if (outside) title = cleanTitle(outside);
    else if (input.pageTitle && TITLE_RE.test(input.pageTitle)) title = cleanTitle(input.pageTitle);
    else if (input.kind === 'text' && firstHeading > 0) {
      titleLine = 0;
      title = lines[0]!.text;
    }
  }
  if (!title) notes.push(note('IMPORT', 'warning', '没有找到报告标题，已按单位名称和年度生成标题，请核对。'));

  // Year and unit from the title.
  const titleN = toHalfWidthDigitsAndLetters(title);
  const ym = /(\d{4})\s*年/.exec(titleN);
  let year = ym ? Number(ym[1]) : NaN;
  const preambleLines = lines.slice(titleLine + 1, firstHeading).map((l) => l.text);
  // Leading chrome between the title and the preamble (来源/时间/分享/字号…) is dropped, and said so.
  let chrome = 0;
  while (chrome < preambleLines.length && isChromeLine(preambleLines[chrome]!)) chrome++;
  if (chrome > 0) {
    notes.push(
      note('IMPORT', 'info', `标题下方有 ${chrome} 行短文字（如网站栏目、来源、时间），不是前言，未导入：${quote(preambleLines.slice(0, chrome).join(' '), 40)}`),
    );
    preambleLines.splice(0, chrome);
  }
  if (!(year >= 2000 && year <= 2100)) {
    const body = toHalfWidthDigitsAndLetters(preambleLines.join('\n') + '\n' + lines.map((l) => l.text).join('\n'));
    const period = /统计(?:期限|时限|时间|期间)?[^。]*?(\d{4})\s*年\s*1\s*月\s*1\s*日/.exec(body) ?? /(20\d{2})\s*年/.exec(body);
    year = period ? Number(period[1]) : NaN;
    if (!(year >= 2000 && year <= 2100)) {
      return { ok: false, kind: input.kind, error: '没有找到报告年度：标题和正文里都没有“YYYY年”。请在标题中写明年度后再导入。' };
    }
    notes.push(note('IMPORT', 'warning', `标题中没有年度，从正文推定报告年度为 ${year} 年，请核对。`));
  }
  let unitName = '';
  if (ym) {
    unitName = collapseSpaces(titleN.slice(0, ym.index)).replace(/关于$/, '').trim();
    if (!unitName) {
      const after = /^\s*\d{4}\s*年度?\s*(.*?)(?:政府信息公开|政务公开)/.exec(titleN);
      unitName = after?.[1]?.trim() ?? '';
    }
  }
  if (!unitName) {
    unitName = '（未识别单位名称）';
    notes.push(note('IMPORT', 'warning', '没有从标题中识别出单位名称，请在“单位名称”中填写。'));
  }
  const guess = guessUnitType(unitName);
  notes.push(
    note('IMPORT', 'info', `根据单位名称“${unitName}”推定单位类型为“${UNIT_TYPE_LABELS[guess.type]}”（${guess.why}），如不对请修改。`),
  );

  const report: Report = emptyReport({ name: unitName, type: guess.type, year, title: title || undefined });
  report.deadline = defaultDeadline(year);

  // Sections.
  const sectionLines = new Map<SectionId, string[]>();
  const push = (id: SectionId, text: string) => {
    if (!text) return;
    if (!sectionLines.has(id)) sectionLines.set(id, []);
    sectionLines.get(id)!.push(text);
  };
  for (const t of preambleLines) push('preamble', t);
  let heading = -1;
  let current: SectionId | null = null;
  const stray = new Map<number, string[]>();
  for (let i = firstHeading; i < lines.length; i++) {
    const text = lines[i]!.text;
    const h = headingAt.get(i);
    if (h !== undefined) {
      heading = h;
      current = h === 0 ? 's1.intro' : h === 4 ? 's5' : h === 5 ? 's6' : null;
      continue;
    }
    if (heading === 0) {
      const sh = subHead(text);
      if (sh) {
        const target = S1_KEYWORDS.find(([, re]) => re.test(sh.heading))?.[0];
        if (target) {
          current = target;
          if (!STANDARD_SUBHEAD.test(normalizeLabel(sh.heading))) push(current, sh.heading);
          push(current, sh.body);
          continue;
        }
        notes.push(
          note(
            'IMPORT',
            'warning',
            `“一、总体情况”下的小标题${quote(text, 24)}不是格式规定的五个方面（主动公开、依申请公开、政府信息管理、平台建设、监督保障）之一，已并入“${SECTION_BY_ID[current!].name}”。`,
            [],
            [current!],
          ),
        );
      }
    }
    if (current) push(current, text);
    else {
      if (!stray.has(heading)) stray.set(heading, []);
      stray.get(heading)!.push(text);
    }
  }
  for (const [h, texts] of stray) {
    notes.push(
      note('IMPORT', 'info', `“${HEADINGS[h]}”下有 ${texts.length} 段表格以外的文字，没有对应的正文栏目，未导入：${quote(texts.join(' '), 40)}`),
    );
  }

  // The signature under 六 (unit name, date) is not part of the text; the date is when it was issued.
  const s6 = sectionLines.get('s6');
  if (s6 && s6.length) {
    // The signature date is the last line; on a copied whole page it is followed by the site's
    // footer: then it is the last date line that has the unit's name just above it, or that
    // only short chrome lines follow.
    const isDate = (l: string) => DATE_LINE_RE.test(toHalfWidthDigitsAndLetters(l).replace(/\s/g, ''));
    const signedBy = (i: number) => i > 0 && (s6[i - 1]!.includes(unitName) || unitName.includes(s6[i - 1]!.trim()));
    let at = s6.length - 1;
    for (let i = s6.length - 1; i >= 0; i--) {
      if (isDate(s6[i]!) && (signedBy(i) || s6.slice(i + 1).every(isChromeLine))) {
        at = i;
        break;
      }
    }
    const dm = DATE_LINE_RE.exec(toHalfWidthDigitsAndLetters(s6[at]!).replace(/\s/g, ''));
    if (dm) {
      const dropped = s6.splice(at + 1);
      if (dropped.length) {
        notes.push(note('IMPORT', 'info', `落款后面有 ${dropped.length} 行网页文字，未导入：${quote(dropped.join(' '), 40)}`));
      }
      s6.pop();
      const prev = s6.at(-1);
      if (prev && prev.length <= 40 && !/[。；]/.test(prev) && (prev.includes(unitName) || unitName.includes(prev) || /(?:政府|局|办|委|处|中心)$/.test(prev))) {
        s6.pop();
      }
      const iso = `${dm[1]}-${dm[2]!.padStart(2, '0')}-${dm[3]!.padStart(2, '0')}`;
      report.publishedOn = iso;
      notes.push(note('IMPORT', 'info', `报告末尾的落款日期 ${dm[1]}年${Number(dm[2])}月${Number(dm[3])}日 已记为发布日期。`));
    }
  }
  for (const [id, texts] of sectionLines) report.sections[id] = texts.join('\n');

  const missingHeadings = HEADINGS.filter((_, k) => ![...headingAt.values()].includes(k));
  if (missingHeadings.length) {
    notes.push(note('IMPORT', 'warning', `没有找到这些一级标题：${missingHeadings.join('、')}；对应的正文为空。`));
  }

  // Cells.
  for (const [k, v] of tableResult.cells) report.cells[k] = v;
  notes.push(...tableResult.notes);
  notes.push(...cellNotes(report, tableResult.cells, tableResult.found, notes));
  return { ok: true, kind: input.kind, report, notes };
}

const TABLE_INFO = [
  ['t2', '表二（主动公开政府信息情况）'],
  ['t3', '表三（收到和处理政府信息公开申请情况）'],
  ['t4', '表四（政府信息公开行政复议、行政诉讼情况）'],
] as const;

/** Cells nobody could read, and printed sums that disagree with their printed parts. */
function cellNotes(
  report: Report,
  read: ReadonlyMap<CellKey, number | null>,
  found: { t2: boolean; t3: boolean; t4: boolean },
  earlier: readonly Finding[],
): Finding[] {
  const out: Finding[] = [];
  const covered = new Set(earlier.flatMap((f) => f.cells));
  for (const [t, name] of TABLE_INFO) {
    const keys = CELL_KEYS.filter((k) => k.startsWith(t + '.'));
    if (!found[t]) {
      out.push(note('IMPORT', 'warning', `没有找到${name}，其 ${keys.length} 个单元格为未填。`, keys.filter((k) => !covered.has(k))));
      keys.forEach((k) => covered.add(k));
      continue;
    }
    const missing = keys.filter((k) => !read.has(k) && !covered.has(k));
    if (missing.length) {
      out.push(
        note(
          'IMPORT',
          'warning',
          `${name}有 ${missing.length} 个单元格没有读到（如${missing.slice(0, 3).map(cellName).join('、')}${missing.length > 3 ? '等' : ''}），已按未填处理。`,
          missing,
        ),
      );
    }
  }
  out.push(...derivedSumNotes(report));
  return out;
}

/** Printed sums that disagree with their printed parts, naming both numbers. */
export function derivedSumNotes(report: Report): Finding[] {
  const out: Finding[] = [];
  for (const def of CELL_DEFS) {
    if (!def.derived) continue;
    const printed = report.cells[def.key];
    const parts = def.parts!.map((p) => report.cells[p]);
    if (printed == null || parts.some((p) => p == null)) continue;
    const sum = (parts as number[]).reduce((a, b) => a + b, 0);
    if (Math.abs(sum - printed) > 1e-9) {
      out.push(
        note(
          'IMPORT',
          'warning',
          `${cellName(def.key)}印的是 ${printed}，但它的各项之和是 ${sum}。导入时保留了印出的 ${printed}。`,
          [def.key, ...def.parts!],
        ),
      );
    }
  }
  return out;
}

/** One note listing the cells a (JSON) report leaves 未填, so a half-filled report is never silent. */
export function unfilledNote(report: Report): Finding | null {
  const keys = CELL_KEYS.filter((k) => report.cells[k] == null);
  if (!keys.length) return null;
  return note(
    'IMPORT',
    'info',
    `有 ${keys.length} 个单元格未填（如${keys.slice(0, 3).map(cellName).join('、')}${keys.length > 3 ? '等' : ''}）。`,
    keys,
  );
}
