import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CELL_KEYS, SECTION_IDS } from '../../src/domain/format.ts';
import { importText, textBlocks } from '../../src/import/text.ts';
import { guessUnitType, headingIndex, subHead } from '../../src/import/document.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const seedText = fixture('xiaye-town-2023.txt');
const expected = JSON.parse(fixture('xiaye-town-2023.expected.json')) as {
  title: string;
  year: number;
  unit: { name: string; type: string };
  cells: Record<string, number>;
};

function importOk(text: string) {
  const r = importText(text);
  if (!r.ok) throw new Error(r.error);
  return r;
}

describe('importText: the seed report (下冶镇 2023)', () => {
  const r = importOk(seedText);

  it('reads all 200 cells exactly as published', () => {
    expect(Object.keys(expected.cells).sort()).toEqual([...CELL_KEYS].sort());
    const diffs = CELL_KEYS.filter((k) => r.report.cells[k] !== expected.cells[k]).map(
      (k) => `${k}: got ${r.report.cells[k]}, published ${expected.cells[k]}`,
    );
    expect(diffs).toEqual([]);
  });

  it('reads title, year and unit from the first line', () => {
    expect(r.report.title).toBe(expected.title);
    expect(r.report.year).toBe(2023);
    expect(r.report.unit).toEqual(expected.unit);
    expect(r.notes.some((n) => n.message.includes('乡镇人民政府、街道办事处'))).toBe(true);
  });

  it('reads a title that a long unit name broke over three printed lines (unit / year / rest)', () => {
    // pdf-roundtrip seed 399390: a 19-character unit name pushed 「2028年」 onto a line of its own.
    const lines = seedText.split('\n');
    const first = lines.findIndex((l) => l.includes('政府信息公开工作年度报告'));
    lines.splice(first, 1, '深了在子且一因的一一候一往和人民政府', '2023年', '政府信息公开工作年度报告');
    const three = importOk(lines.join('\n'));
    expect(three.report.unit.name).toBe('深了在子且一因的一一候一往和人民政府');
    expect(three.report.year).toBe(2023);
    expect(three.report.title).toBe('深了在子且一因的一一候一往和人民政府2023年政府信息公开工作年度报告');
  });

  it('splits the prose into the official sections', () => {
    const s = r.report.sections;
    expect(s.preamble).toBe('');
    expect(s['s1.intro']).toMatch(/^2023 年，我镇按照河南省政务公开工作要点/);
    expect(s['s1.proactive']).toMatch(/^2023 年，下冶镇人民政府通过政务信息公开平台发布政务信息 1800 余条/);
    expect(s['s1.request']).toBe('2023 年我镇收到依申请公开 2 件，已处理。');
    expect(s['s1.management'].split('\n')).toHaveLength(3);
    expect(s['s1.management']).toMatch(/^1\.强化组织领导。/);
    expect(s['s1.platform']).toMatch(/^依托镇政府网站/);
    expect(s['s1.oversight']).toMatch(/^一是落实内部管理/);
    expect(s.s5).toMatch(/^我镇开展政府信息公开工作虽取得初步成效/);
    expect(s.s6).toBe('2023 年未收取信息处理费。');
    // No heading or sub-head text leaks into a section.
    for (const id of SECTION_IDS) expect(s[id]).not.toMatch(/^（[一二三四五]）|方面$/m);
  });

  it('has no error or warning notes for a clean published report', () => {
    expect(r.notes.filter((n) => n.severity !== 'info')).toEqual([]);
  });
});

describe('importText: label-based mapping', () => {
  const lines = seedText.split('\n');
  const t3Start = lines.findIndex((l) => l.startsWith('一、本年新收'));
  const t3End = lines.findIndex((l) => l.startsWith('四、结转下年度'));

  it('reads the same cells when the rows of 表三 and 表二 are shuffled', () => {
    const body = lines.slice(t3Start, t3End + 1);
    // Reverse the data rows; give every row its own label cells so nothing depends on order.
    const shuffled = [...lines.slice(0, t3Start), ...body.reverse(), ...lines.slice(t3End + 1)];
    const r = importOk(shuffled.join('\n'));
    const diffs = CELL_KEYS.filter((k) => r.report.cells[k] !== expected.cells[k]);
    expect(diffs).toEqual([]);
  });

  it('maps a row with a changed value to its own cell, not by position', () => {
    const changed = seedText.replace('→→2.重复申请→0→0'.replaceAll('→', '\t'), '→→2.重复申请→5→0'.replaceAll('→', '\t'));
    expect(changed).not.toBe(seedText);
    const r = importOk(changed);
    expect(r.report.cells['t3.r3_5_2_repeat.np']).toBe(5);
    expect(r.report.cells['t3.r3_5_1_petition.np']).toBe(0);
  });

  it('accepts mangled brackets, numbering and spacing, noting R-LBL for real deviations', () => {
    const mangled = seedText
      .replace('(三) 不予公开', '（三）不予公开')
      .replace('1.属于国家秘密', '1、属于国家秘密')
      .replace('(七) 总计', '（ 七 ）总计')
      .replace('行政规范性文件', '规范性文件');
    const r = importOk(mangled);
    const diffs = CELL_KEYS.filter((k) => r.report.cells[k] !== expected.cells[k]);
    expect(diffs).toEqual([]);
    const lbl = r.notes.filter((n) => n.rule === 'R-LBL').map((n) => n.message);
    expect(lbl.some((m) => m.includes('1、属于国家秘密'))).toBe(true);
    expect(lbl.some((m) => m.includes('规范性文件') && m.includes('行政规范性文件'))).toBe(true);
    // Bracket width and spaces are not deviations.
    expect(lbl.some((m) => m.includes('总计'))).toBe(false);
  });

  it('keeps a blank or "/" cell as null with an R-TYPE-INT note', () => {
    const t = seedText.replace('行政处罚\t22', '行政处罚\t/').replace('二、上年结转政府信息公开申请数量\t\t0', '二、上年结转政府信息公开申请数量\t\t');
    const r = importOk(t);
    expect(r.report.cells['t2.penalty.decisions']).toBeNull();
    const n = r.notes.find((x) => x.rule === 'R-TYPE-INT' && x.cells.includes('t2.penalty.decisions'));
    expect(n?.severity).toBe('error');
    expect(r.report.cells['t3.r2_carryIn.np']).toBeNull();
    expect(r.report.cells['t3.r2_carryIn.biz']).toBe(0);
    expect(r.notes.some((x) => x.rule === 'R-TYPE-INT' && x.cells.includes('t3.r2_carryIn.np'))).toBe(true);
  });

  it('names both numbers when a printed sum disagrees with its parts', () => {
    const t = seedText.replace('(七) 总计\t\t2\t0\t0\t0\t0\t0\t2', '(七) 总计\t\t2\t0\t0\t0\t0\t0\t3');
    const r = importOk(t);
    expect(r.report.cells['t3.r3_7_total.total']).toBe(3);
    const n = r.notes.find((x) => x.rule === 'IMPORT' && x.cells[0] === 't3.r3_7_total.total');
    expect(n?.message).toMatch(/印的是 3.*之和是 2/);
  });

  it('notes an unknown row instead of dropping it silently', () => {
    const t = seedText.replace('行政强制\t0\t\t', '行政强制\t0\t\t\n行政裁决\t4\t\t');
    const r = importOk(t);
    expect(r.notes.some((n) => n.rule === 'IMPORT' && n.message.includes('行政裁决'))).toBe(true);
  });

  it('notes a missing table and leaves its cells null', () => {
    const start = seedText.indexOf('行政复议\t');
    const end = seedText.indexOf('五、存在的主要问题');
    const r = importOk(seedText.slice(0, start) + seedText.slice(end));
    expect(r.report.cells['t4.review.total']).toBeNull();
    expect(r.notes.some((n) => n.rule === 'IMPORT' && n.message.includes('没有找到表四'))).toBe(true);
  });

  it('never maps 2019 表二 columns onto 2021 cells, even without the 第二十条 rows', () => {
    const start = seedText.indexOf('第二十条第（一）项');
    const end = seedText.indexOf('三、收到和处理政府信息公开申请情况');
    const old = ['信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量', '规章\t0\t0\t0', '规范性文件\t5\t5\t5', ''].join('\n');
    const r = importOk(seedText.slice(0, start) + old + '\n' + seedText.slice(end));
    expect(r.report.cells['t2.normativeDocs.issued']).toBeNull();
    expect(r.report.cells['t2.regulations.valid']).toBeNull();
    const f = r.notes.find((n) => n.rule === 'R-FMT-VERSION');
    expect(f?.severity).toBe('error');
    expect(f?.cells).toContain('t2.normativeDocs.issued');
  });

  it('refuses text that is not a report', () => {
    const r = importText('会议纪要\n今天开会讨论了工作安排。');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/不是政府信息公开工作年度报告/);
  });
});

describe('importText helpers', () => {
  it('recognises level-1 headings with varying wording, in order only', () => {
    expect(headingIndex('一、总体情况', -1)).toBe(0);
    expect(headingIndex('一总体情况', -1)).toBe(0);
    expect(headingIndex('五、存在的主要问题及整改措施', 3)).toBe(4);
    expect(headingIndex('二、主动公开政府信息情况（有关情况附表）', 0)).toBe(1);
    expect(headingIndex('一是落实内部管理', -1)).toBeNull();
    expect(headingIndex('一、总体情况', 2)).toBeNull();
  });
  it('splits sub-heads of 一 whatever their wording', () => {
    expect(subHead('（一）主动公开方面')?.heading).toBe('主动公开方面');
    expect(subHead('(二) 依申请公开情况')?.ordinal).toBe(2);
    expect(subHead('（一）主动公开情况。2023年，我局公开信息 12 条。')).toEqual({
      ordinal: 1,
      heading: '主动公开情况',
      body: '2023年，我局公开信息 12 条。',
    });
  });
  it('guesses the unit type from the name', () => {
    expect(guessUnitType('下冶镇人民政府').type).toBe('township');
    expect(guessUnitType('城关街道办事处').type).toBe('township');
    expect(guessUnitType('沭阳县人民政府').type).toBe('county');
    expect(guessUnitType('宿迁市人民政府').type).toBe('city');
    expect(guessUnitType('江苏省人民政府').type).toBe('province');
    expect(guessUnitType('沭阳县发展和改革局').type).toBe('department');
    expect(guessUnitType('沭阳县人民政府办公室').type).toBe('department');
  });
  it('splits text into paragraphs and tab tables', () => {
    const b = textBlocks('标题\n\n甲\t1\n乙\t2\n\n丙\t3\n正文');
    expect(b.map((x) => x.kind)).toEqual(['text', 'table', 'text']);
    const t = b[1]!;
    expect(t.kind === 'table' && t.table.rows.length).toBe(3);
  });
});
