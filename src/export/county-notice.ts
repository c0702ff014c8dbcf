// 通报 (issue 17): the county's notice of the yearly check — the summary count at the top, then
// each unit's problems grouped by unit, from the findings' own messages and remedies, in the
// wording such notices use. One outline, rendered as HTML (to read or paste into a CMS) and as
// DOCX (to sign and seal; `docx` is imported lazily, as for the reports themselves).

import { chineseDate } from '../domain/beijing-time.ts';
import { SEVERITY_LABELS } from '../domain/finding.ts';
import { overviewTotals, type UnitRow } from '../domain/county-overview.ts';
import { DOCX_FONTS, DOCX_PAGE } from './docx.ts';
import { escapeHtml } from './outline.ts';

export interface NoticeOptions {
  /** Who issues it, e.g. "某某县政务公开办公室"; shown in the opening and the signature. */
  issuer?: string;
  /** Date of issue (YYYY-MM-DD, Beijing). */
  date: string;
}

type NoticeBlock =
  | { kind: 'title'; text: string }
  | { kind: 'p'; text: string }
  | { kind: 'h1'; text: string }
  | { kind: 'h2'; text: string }
  | { kind: 'item'; text: string }
  | { kind: 'sign'; text: string };

const CN_NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
function cnOrdinal(n: number): string {
  if (n <= 10) return CN_NUM[n - 1]!;
  if (n < 20) return `十${CN_NUM[n - 11]!}`;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${CN_NUM[tens - 1]!}十${ones ? CN_NUM[ones - 1]! : ''}`;
}

/** The 通报 as blocks; exported for tests (each error finding appears as one item). */
export function noticeOutline(rows: readonly UnitRow[], opts: NoticeOptions): NoticeBlock[] {
  const read = rows.filter((r) => !r.error);
  const years = [...new Set(read.map((r) => r.year))].filter((y): y is number => y != null).sort();
  const yearText = years.length ? `${years.join('、')}年度` : '';
  const t = overviewTotals(rows);
  const issuer = opts.issuer?.trim() || '我办';
  const clean = read.filter((r) => r.errors === 0 && r.warnings === 0).length;
  const out: NoticeBlock[] = [{ kind: 'title', text: `关于${yearText}政府信息公开工作年度报告检查情况的通报` }];
  out.push({
    kind: 'p',
    text:
      `根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）要求，` +
      `${issuer}对${t.units}个单位的${yearText}政府信息公开工作年度报告进行了检查。现将有关情况通报如下。`,
  });
  out.push({ kind: 'h1', text: '一、总体情况' });
  let summary =
    `本次共检查年度报告${t.units}份。其中，${t.withErrors}个单位的报告存在错误，共${t.errors}处；` +
    `${t.withWarnings}个单位的报告存在需要核实的问题，共${t.warnings}处；${clean}个单位的报告未发现问题。`;
  if (t.unreadable) summary += `另有${t.unreadable}个文件无法读取，请相关单位重新报送。`;
  out.push({ kind: 'p', text: summary });
  out.push({ kind: 'h1', text: '二、存在的问题' });
  const withProblems = rows.filter((r) => r.error || r.errors > 0 || r.warnings > 0);
  if (!withProblems.length) out.push({ kind: 'p', text: '本次检查未发现问题。' });
  withProblems.forEach((r, i) => {
    out.push({ kind: 'h2', text: `（${cnOrdinal(i + 1)}）${r.unitName}` });
    if (r.error) {
      out.push({ kind: 'item', text: `1. 报送的文件“${r.fileName}”无法读取：${r.error}` });
      return;
    }
    let n = 0;
    for (const f of r.findings) {
      if (f.severity === 'info') continue;
      n++;
      out.push({ kind: 'item', text: `${n}. 【${SEVERITY_LABELS[f.severity]}】${f.message}${f.fix ? `（整改建议：${f.fix}）` : ''}` });
    }
  });
  out.push({ kind: 'h1', text: '三、有关要求' });
  out.push({
    kind: 'p',
    text: '请存在问题的单位对照本通报逐项核实，属于错误的，及时更正已公开的年度报告并重新发布；属于需要核实的，核实后如实说明。整改情况请于通报印发之日起10个工作日内报送。',
  });
  out.push({ kind: 'sign', text: issuer === '我办' ? '' : issuer });
  out.push({ kind: 'sign', text: chineseDate(opts.date) });
  return out.filter((b) => b.text !== '');
}

export function noticeHtml(rows: readonly UnitRow[], opts: NoticeOptions): string {
  const blocks = noticeOutline(rows, opts);
  const body = blocks
    .map((b) => {
      const t = escapeHtml(b.text);
      switch (b.kind) {
        case 'title':
          return `<h1>${t}</h1>`;
        case 'h1':
          return `<h2>${t}</h2>`;
        case 'h2':
          return `<h3>${t}</h3>`;
        case 'sign':
          return `<p class="sign">${t}</p>`;
        default:
          return `<p>${t}</p>`;
      }
    })
    .join('\n');
  return (
    '<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">' +
    `<title>${escapeHtml(blocks[0]!.text)}</title>` +
    '<style>body{font-family:"仿宋_GB2312","FangSong",serif;font-size:16pt;line-height:1.8;max-width:156mm;margin:2em auto}' +
    'h1{font-family:"方正小标宋简体","SimSun",serif;font-weight:normal;font-size:22pt;text-align:center}' +
    'h2{font-family:"黑体","SimHei",sans-serif;font-weight:normal;font-size:16pt;margin:0;text-indent:2em}' +
    'h3{font-family:"楷体_GB2312","KaiTi",serif;font-weight:normal;font-size:16pt;margin:0;text-indent:2em}' +
    'p{margin:0;text-indent:2em}p.sign{text-align:right;text-indent:0}</style></head><body>\n' +
    body +
    '\n</body></html>\n'
  );
}

export async function noticeDocx(rows: readonly UnitRow[], opts: NoticeOptions): Promise<Uint8Array> {
  const d = await import('docx');
  const blocks = noticeOutline(rows, opts);
  const size = 32; // 3号 = 16pt
  const run = (text: string, font: string, sz = size) => new d.TextRun({ text, font: { eastAsia: font, ascii: font, hAnsi: font }, size: sz });
  const line = { line: DOCX_PAGE.line, lineRule: d.LineRuleType.EXACT, before: 0, after: 0 };
  const children = blocks.map((b) => {
    switch (b.kind) {
      case 'title':
        return new d.Paragraph({ alignment: d.AlignmentType.CENTER, spacing: { ...line, line: 720, after: DOCX_PAGE.line }, children: [run(b.text, DOCX_FONTS.title, 44)] });
      case 'h1':
        return new d.Paragraph({ spacing: line, indent: { firstLine: 640 }, keepNext: true, children: [run(b.text, DOCX_FONTS.heading1)] });
      case 'h2':
        return new d.Paragraph({ spacing: line, indent: { firstLine: 640 }, keepNext: true, children: [run(b.text, DOCX_FONTS.heading2)] });
      case 'sign':
        return new d.Paragraph({ spacing: line, alignment: d.AlignmentType.RIGHT, children: [run(b.text, DOCX_FONTS.body)] });
      default:
        return new d.Paragraph({ spacing: line, indent: { firstLine: 640 }, alignment: d.AlignmentType.JUSTIFIED, children: [run(b.text, DOCX_FONTS.body)] });
    }
  });
  const doc = new d.Document({
    title: blocks[0]!.text,
    sections: [
      {
        properties: {
          page: {
            size: { width: DOCX_PAGE.width, height: DOCX_PAGE.height },
            margin: { top: DOCX_PAGE.top, bottom: DOCX_PAGE.bottom, left: DOCX_PAGE.inside, right: DOCX_PAGE.outside },
          },
        },
        children,
      },
    ],
  });
  return d.Packer.pack(doc, 'uint8array');
}
