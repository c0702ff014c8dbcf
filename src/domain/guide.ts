// The 填报说明 page's content as data (issue 15): each part of the 2021 format with its official
// heading and, where the format or the 条例 says it, the official wording (spec/format-2021.md
// §1–4, only the parts marked confirmed), then what to write in plain words. Headings, section
// names and table labels are read from format.ts — never retyped — so the page cannot drift
// from the editor, the printer and the validator.

import {
  HEADINGS,
  SECTIONS,
  T2_GROUPS,
  T2_ROWS,
  T3_COLS,
  T3_NOTE,
  T3_ROWS,
  T4_COLS,
  T4_GROUPS,
  TYPED_CELL_KEYS,
  type TableId,
} from './format.ts';

export interface GuidePart {
  /** Element id on the page (a finding about a section or table can link here). */
  anchor: string;
  heading: string;
  /** Official wording, quoted as published; absent where nothing official was confirmed. */
  official?: { text: string; source: string };
  /** Names of the sub-parts to write (from SECTIONS) or the table's labels (from the layout). */
  items: readonly string[];
  plain: string;
}

const TABLE_OF_HEADING: Readonly<Record<number, TableId>> = { 1: 't2', 2: 't3', 3: 't4' };

function typeableIn(table: TableId): number {
  return TYPED_CELL_KEYS.filter((k) => k.startsWith(`${table}.`)).length;
}

const PLAIN: readonly string[] = [
  '综述本单位一年来贯彻落实政府信息公开条例的情况，分五个方面写，每个方面都要有内容。写本年度实际做了什么、有什么数字，不要照抄去年。乡镇、街道等各级人民政府还要写明工作考核、社会评议和责任追究结果情况（可写在“监督保障”里）。',
  `填本单位本年度主动公开的规章、行政规范性文件和行政许可、处罚、强制、收费的数量。共 ${typeableIn('t2')} 格，没有的填 0；收费金额以万元为单位。`,
  `填本年度收到和办理的政府信息公开申请，按申请人分列（自然人，以及五类法人或其他组织）。共 ${typeableIn('t3')} 格可填；“总计”列和“（七）总计”行由软件自动合计。每件申请只能计入一种办理结果。表头注明的勾稽关系必须成立：`,
  `填因政府信息公开工作被申请行政复议、提起行政诉讼的件数及结果。共 ${typeableIn('t4')} 格可填；各组“总计”由软件自动合计。没有发生的填 0。`,
  '如实写出本年度工作存在的主要问题，以及改进情况和下一步措施。不能只写“无”。',
  '至少写明信息处理费收取情况：未收取就写“本年度未收取信息处理费”，收取了就写件数和金额。其他需要报告的事项（如落实政务公开工作要点、建议提案办理结果公开等）也写在这里。',
];

const OFFICIAL_S1 = {
  text: '这一项报告本机关政府信息公开工作总体情况，对本机关贯彻落实《条例》情况进行综述，主要包括主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障（含《条例》第五十条第四项规定的各级人民政府‘工作考核、社会评议和责任追究结果情况’）',
  source: '《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）',
};

function items(i: number): string[] {
  const table = TABLE_OF_HEADING[i];
  if (table === 't2') return [...T2_ROWS.map((r) => r.label), ...T2_GROUPS.flatMap((g) => g.cols.map((c) => c.label)).filter((l, j, a) => a.indexOf(l) === j)];
  if (table === 't3') return [...T3_ROWS.map((r) => r.label), ...T3_COLS.map((c) => c.label)];
  if (table === 't4') return [...T4_GROUPS.map((g) => g.label), ...T4_COLS.map((c) => c.label)];
  return SECTIONS.filter((s) => s.under === i && !s.optional).map((s) => s.name);
}

export const GUIDE_PARTS: readonly GuidePart[] = HEADINGS.map((heading, i) => ({
  anchor: `part-${i + 1}`,
  heading,
  official: i === 0 ? OFFICIAL_S1 : i === 2 ? { text: T3_NOTE, source: '表三表头' } : undefined,
  items: items(i),
  plain: PLAIN[i]!,
}));

/** What the law says a report contains (条例第五十条), quoted as published. */
export const ARTICLE_50 = {
  text: '年度报告应当包括：（一）行政机关主动公开政府信息的情况；（二）行政机关收到和处理政府信息公开申请的情况；（三）因政府信息公开工作被申请行政复议、提起行政诉讼的情况；（四）政府信息公开工作存在的主要问题及改进情况，各级人民政府的政府信息公开工作年度报告还应当包括工作考核、社会评议和责任追究结果情况；（五）其他需要报告的事项。',
  source: '《中华人民共和国政府信息公开条例》第五十条',
};

/** The two ways colleagues work on one report, one paragraph each. */
export const SYNC_HELP = {
  share:
    '共享：在“共享”里开启后，本单位同一局域网内的同事用邀请链接（或扫二维码）打开同一份报告，大家各自在自己的电脑上填写，修改会自动合在一起，谁在填哪里也看得到。断网时照常填写，联网后自动补上。两人把同一个格子填成不同的数时，软件会把两个数都留着，请你们核对后选一个。',
  package:
    '同步包：电脑之间连不上网时，用“导出同步包”把本机的修改存成一个文件，用U盘或内部通信工具交给同事，同事在同一份报告里“导入同步包”即可合并，谁的修改都不会丢。同步包可以加密码；它只用于合并修改，不是报告的正式文件。',
};
