import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CELL_KEYS, T3_ORG_COLS, T3_ROWS } from '../../src/domain/format.ts';
import { validate } from '../../src/domain/validate.ts';
import { importHtml } from '../../src/import/html.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

function importOk(html: string) {
  const r = importHtml(html);
  if (!r.ok) throw new Error(r.error);
  return r;
}

describe('importHtml: 沭阳县发展和改革局 2023 (whole page, 法人 columns blank)', () => {
  const r = importOk(fixture('shuyang-fgj-2023.html'));
  const c = r.report.cells;

  it('finds the title, year and unit among the site chrome', () => {
    expect(r.report.title).toBe('沭阳县发展和改革局2023年政府信息公开年度报告');
    expect(r.report.year).toBe(2023);
    expect(r.report.unit).toEqual({ name: '沭阳县发展和改革局', type: 'department' });
    expect(r.report.publishedOn).toBe('2024-01-17');
  });

  it('reads the printed numbers', () => {
    expect(c['t2.normativeDocs.issued']).toBe(8);
    expect(c['t2.normativeDocs.valid']).toBe(18);
    expect(c['t3.r1_new.np']).toBe(26);
    expect(c['t3.r1_new.total']).toBe(26);
    expect(c['t3.r3_1_grant.np']).toBe(26);
    expect(c['t3.r3_7_total.total']).toBe(26);
    expect(c['t4.review.pending']).toBe(1);
    expect(c['t4.review.total']).toBe(1);
  });

  it('keeps the blank 法人或其他组织 columns null with an R-TYPE-INT note, never 0', () => {
    const blank = T3_ROWS.flatMap((row) => T3_ORG_COLS.map((col) => `t3.${row.key}.${col}`));
    expect(blank).toHaveLength(125);
    for (const k of blank) expect(c[k]).toBeNull();
    const n = r.notes.find((x) => x.rule === 'R-TYPE-INT');
    expect(n?.severity).toBe('error');
    expect([...n!.cells].sort()).toEqual([...blank].sort());
    // Every other cell was printed.
    expect(CELL_KEYS.filter((k) => c[k] === null && !blank.includes(k))).toEqual([]);
    // And the validator agrees.
    expect(validate(r.report).some((f) => f.rule === 'R-TYPE-INT')).toBe(true);
  });

  it('notes the deviating labels (规范性文件, 五、…整改措施)', () => {
    const lbl = r.notes.filter((n) => n.rule === 'R-LBL').map((n) => n.message);
    expect(lbl.some((m) => m.includes('“规范性文件”'))).toBe(true);
    expect(lbl.some((m) => m.includes('整改措施'))).toBe(true);
  });

  it('splits sections without site chrome or the signature', () => {
    const s = r.report.sections;
    expect(s.preamble).toMatch(/^根据《中华人民共和国政府信息公开条例》/);
    expect(s['s1.request']).toMatch(/共收到依申请信息公开26件/);
    expect(s['s1.management']).toMatch(/^完善公开制度规范，加强政府信息管理\n/);
    expect(s['s1.oversight']).toMatch(/自觉接受监督/);
    expect(s.s5).toMatch(/^（一）存在的主要问题/);
    expect(s.s6).toBe('2023年度，县发展和改革局政府信息公开未发生收费情况。');
    for (const text of Object.values(s)) expect(text).not.toMatch(/繁體版|无障碍|jquery|2024年1月17日/);
  });
});

describe('importHtml: 平潭金井 2021 (CMS markup)', () => {
  const r = importOk(fixture('pingtan-jinjing-2021.html'));
  it('reads every cell and the text', () => {
    expect(r.report.title).toBe('平潭综合实验区金井片区管理局2021年政府信息公开工作年度报告');
    expect(r.report.year).toBe(2021);
    expect(CELL_KEYS.filter((k) => r.report.cells[k] === null)).toEqual([]);
    expect(r.report.cells['t2.normativeDocs.issued']).toBe(1);
    expect(r.report.cells['t2.normativeDocs.valid']).toBe(6);
    expect(r.report.sections['s1.request']).toMatch(/^本年度收到依申请公开事项0项/);
    expect(r.report.sections.s6).toMatch(/没有产生信息公开处理费。$/);
    expect(r.notes.filter((n) => n.severity === 'error')).toEqual([]);
  });
  it('has no arithmetic error findings (tables consistent)', () => {
    const f = validate(r.report).filter((x) => x.rule.startsWith('R-T3') || x.rule === 'R-T4-SUM');
    expect(f).toEqual([]);
  });
});

describe('importHtml: 平潭金井 2020 in the 2019 format', () => {
  const r = importOk(fixture('pingtan-jinjing-2020-old-format.html'));
  it('is recognised as the 2019 format with an R-FMT-VERSION error', () => {
    const f = r.notes.find((n) => n.rule === 'R-FMT-VERSION');
    expect(f?.severity).toBe('error');
    expect(f?.message).toMatch(/本年新制作数量/);
    expect(f?.message).toMatch(/政府集中采购/);
  });
  it('never maps the old 表二 or the single （六） row onto 2021 cells', () => {
    for (const k of CELL_KEYS.filter((k) => k.startsWith('t2.') || k.startsWith('t3.r3_6_'))) {
      expect(r.report.cells[k], k).toBeNull();
    }
    // 规范性文件 5 (本年新制作数量) must not become 本年制发件数.
    expect(r.report.cells['t2.normativeDocs.issued']).toBeNull();
    // Rows that mean the same in both formats are kept.
    expect(r.report.cells['t3.r1_new.total']).toBe(0);
    expect(r.report.cells['t4.review.total']).toBe(0);
  });
});

const wordHtml = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset="utf-8">
<style>p.MsoNormal{mso-style-parent:"";}</style><!--[if gte mso 9]><xml><o:DocumentProperties></o:DocumentProperties></xml><![endif]--></head>
<body lang=ZH-CN style='tab-interval:21.0pt'><div class=WordSection1>
<p class=MsoNormal align=center style='text-align:center'><span style='font-size:22.0pt;mso-bidi-font-size:11.0pt'>城关街道办事处</span><span lang=EN-US>2022</span><span>年政府信息公开工作年度报告<o:p></o:p></span></p>
<p class=MsoNormal><span>一、总体情况</span></p>
<p class=MsoNormal><span>（一）主动公开</span></p><p class=MsoNormal><span>全年主动公开信息</span><span lang=EN-US>1</span><span lang=EN-US>2</span><span>条。</span></p>
<p class=MsoNormal><span>（二）依申请公开</span></p><p class=MsoNormal>收到申请<span lang=EN-US>3</span>件。</p>
<p class=MsoNormal>二、主动公开政府信息情况</p>
<table class=MsoTableGrid border=1 style='border-collapse:collapse;mso-yfti-tbllook:1184'>
<tr style='mso-yfti-irow:0'><td colspan=4 style='mso-border-alt:solid windowtext .5pt'><p class=MsoNormal>第二十条第<span>(</span>一<span>)</span>项</p></td></tr>
<tr><td><p>信息内容</p></td><td><p>本年制发件数</p></td><td><p>本年废止件数</p></td><td><p>现行有效件数</p></td></tr>
<tr><td><p>规章</p></td><td><p><span lang=EN-US>0</span></p></td><td><p>0</p></td><td><p>0</p></td></tr>
<tr><td><p>行政规范性文件</p></td><td><p><span lang=EN-US>1</span><span lang=EN-US>2</span></p></td><td><p>&nbsp;3&nbsp;</p></td><td><p>４５</p></td></tr>
<tr><td colspan=4><p>第二十条第（八）项</p></td></tr>
<tr><td><p>信息内容</p></td><td colspan=3><p>本年收费金额（单位：万元）</p></td></tr>
<tr><td><p>行政事业性收费</p></td><td colspan=3><p>1.25</p></td></tr>
</table>
<p class=MsoNormal>三、收到和处理政府信息公开申请情况</p>
<table border=1>
<tr><td rowspan=3 colspan=3>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan=7>申请人情况</td></tr>
<tr><td rowspan=2>自然人</td><td colspan=5>法人或其他组织</td><td rowspan=2>总计</td></tr>
<tr><td>商业<br>企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan=3>一、本年新收政府信息公开申请数量</td><td>3</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>3</td></tr>
<tr><td rowspan=4>三、本年度办理结果</td><td colspan=2>（一）予以公开</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>2</td></tr>
<tr><td rowspan=2>（四）无法提供</td><td>1.本机关不掌握相关政府信息</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td>2.没有现成信息需要另行制作</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td colspan=2>（七）总计</td><td>3</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>3</td></tr>
</table>
<p class=MsoNormal>六、其他需要报告的事项</p><p>未收取信息处理费。</p>
</div></body></html>`;

describe('importHtml: Word-exported markup', () => {
  const r = importOk(wordHtml);
  it('joins digits split across spans and reads full-width digits', () => {
    expect(r.report.title).toBe('城关街道办事处2022年政府信息公开工作年度报告');
    expect(r.report.unit.type).toBe('township');
    expect(r.report.cells['t2.normativeDocs.issued']).toBe(12);
    expect(r.report.cells['t2.normativeDocs.repealed']).toBe(3);
    expect(r.report.cells['t2.normativeDocs.valid']).toBe(45);
    expect(r.report.cells['t2.fees.amountWanYuan']).toBe(1.25);
    expect(r.report.sections['s1.proactive']).toBe('全年主动公开信息12条。');
  });
  it('maps rows of a partial 表三 by label through rowspans', () => {
    const c = r.report.cells;
    expect(c['t3.r1_new.np']).toBe(3);
    expect(c['t3.r3_1_grant.np']).toBe(2);
    expect(c['t3.r3_4_1_notHeld.np']).toBe(1);
    expect(c['t3.r3_4_2_needCreate.total']).toBe(0);
    expect(c['t3.r3_7_total.total']).toBe(3);
    // Rows that are not printed are null and said so.
    expect(c['t3.r2_carryIn.np']).toBeNull();
    const missing = r.notes.find((n) => n.rule === 'IMPORT' && n.cells.includes('t3.r2_carryIn.np'));
    expect(missing?.message).toMatch(/没有读到/);
    expect(r.notes.some((n) => n.message.includes('没有找到表四'))).toBe(true);
  });
});

const variedPage = `<html><body>
<table><tr><td>索引号</td><td>123</td></tr><tr><td>发布机构</td><td>某某县民政局</td></tr></table>
<h1>某某县民政局2023年政府信息公开工作年度报告</h1>
<p>一、总体情况</p><p>（一）主动公开</p><p>公开了。</p>
<p>二、主动公开政府信息情况</p>
<table><tr><td colspan=4>第二十条第（一）项</td></tr><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr><tr><td>行政规范性文件</td><td>2</td><td>1</td><td>9</td></tr></table>
<table><tr><td colspan=4>第二十条第（五）项</td></tr><tr><td>信息内容</td><td colspan=3>本年处理决定数量</td></tr><tr><td>行政许可</td><td colspan=3>1<span>2</span>3</td></tr></table>
<table><tr><td colspan=4>第二十条第（六）项</td></tr><tr><td>信息内容</td><td colspan=3>本年处理决定数量</td></tr><tr><td>行政处罚</td><td colspan=3>4</td></tr><tr><td>行政强制</td><td colspan=3>5</td></tr></table>
<table><tr><td colspan=4>第二十条第（八）项</td></tr><tr><td>信息内容</td><td colspan=3>本年收费金额（单位：万元）</td></tr><tr><td>行政事业性收费</td><td colspan=3>0.5</td></tr></table>
<p>三、收到和处理政府信息公开申请情况</p>
<table>
<tr><td rowspan=3 colspan=3>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan=7>申请人情况</td></tr>
<tr><td rowspan=2>总计</td><td rowspan=2>自然人</td><td colspan=5>法人或其他组织</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan=3>一、本年新收政府信息公开申请数量</td><td>5</td><td>3</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td colspan=3>二、上年结转政府信息公开申请数量</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td rowspan=3>三、本年度办理结果</td><td colspan=2>（一）予以公开</td><td>5</td><td>3</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td colspan=2>（三）不予公开小计</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td colspan=2>（七）总计</td><td>5</td><td>3</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</table>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
<table><tr><td colspan=5>行<br>政<br>复<br>议</td><td colspan=10>行政诉讼</td></tr>
<tr><td rowspan=2>结<br>果<br>维<br>持</td><td rowspan=2>结果<br>纠正</td><td rowspan=2>其他<br>结果</td><td rowspan=2>尚未<br>审结</td><td rowspan=2>总<br>计</td><td colspan=5>未经复议直接起诉</td><td colspan=5>复议后起诉</td></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
<tr><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td><td>0</td><td>2</td><td>0</td><td>0</td><td>2</td><td>0</td><td>0</td><td>0</td><td>3</td><td>3</td></tr></table>
<p>五、存在的主要问题及改进情况</p><p>问题。</p><p>六、其他需要报告的事项</p><p>无。</p>
</body></html>`;

describe('importHtml: layouts that vary from the official one', () => {
  const r = importOk(variedPage);
  const c = r.report.cells;
  it('skips the site\'s metadata table and reads 表二 split into four tables', () => {
    expect(r.report.title).toBe('某某县民政局2023年政府信息公开工作年度报告');
    expect(c['t2.normativeDocs.valid']).toBe(9);
    expect(c['t2.license.decisions']).toBe(123); // digits split across spans
    expect(c['t2.penalty.decisions']).toBe(4);
    expect(c['t2.coercion.decisions']).toBe(5);
    expect(c['t2.fees.amountWanYuan']).toBe(0.5);
  });
  it('follows the header when 总计 is printed before 自然人', () => {
    expect(c['t3.r1_new.total']).toBe(5);
    expect(c['t3.r1_new.np']).toBe(3);
    expect(c['t3.r1_new.biz']).toBe(2);
    expect(c['t3.r3_7_total.total']).toBe(5);
  });
  it('reads vertical headers (one character per line) of 表四', () => {
    expect(c['t4.review.upheld']).toBe(1);
    expect(c['t4.review.total']).toBe(1);
    expect(c['t4.litDirect.corrected']).toBe(2);
    expect(c['t4.litAfterReview.pending']).toBe(3);
    expect(c['t4.litAfterReview.total']).toBe(3);
  });
  it('notes an extra 小计 row and the rows that are not printed', () => {
    expect(r.notes.some((n) => n.rule === 'IMPORT' && n.message.includes('不予公开小计'))).toBe(true);
    const missing = r.notes.find((n) => n.rule === 'IMPORT' && n.message.includes('没有读到'));
    expect(missing?.cells).toContain('t3.r3_2_partial.np');
    expect(missing?.cells).not.toContain('t3.r1_new.np');
  });
});

describe('importHtml: a page laid out with a two-column table', () => {
  it('reads the article inside the layout cell as flow, not as one table cell', () => {
    const article = readFileSync(new URL('../fixtures/pingtan-jinjing-2021.html', import.meta.url), 'utf8');
    const body = article.slice(article.indexOf('<div class=TRS_Editor>'), article.indexOf('</div>', article.indexOf('<div class=TRS_Editor>')) + 6);
    const page = `<html><body><table><tr><td>栏目导航<br>首页</td><td><p>平潭综合实验区金井片区管理局2021年政府信息公开工作年度报告</p>${body
      .replace(/<table[\s\S]*?<\/table>/g, '')}</td></tr><tr><td>版权</td><td>联系我们</td></tr></table></body></html>`;
    const r = importOk(page);
    expect(r.report.title).toBe('平潭综合实验区金井片区管理局2021年政府信息公开工作年度报告');
    expect(r.report.sections['s1.request']).toMatch(/^本年度收到依申请公开事项0项/);
    expect(r.notes.some((n) => n.message.includes('没有找到表三'))).toBe(true);
  });
});
