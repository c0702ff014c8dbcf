// The Word file for signing and sealing (and for 附件 downloads): GB/T 9704 body conventions —
// A4, margins 37/26/35/28 mm mirrored for double-sided printing, 3号仿宋 on an exact 28.95pt line,
// 黑体/楷体 headings, the three tables with the official merges (gridSpan/vMerge), header rows
// repeated on every page, rows never split, and "— n —" page numbers (odd right, even left).
// The fonts are named, not embedded: the file relies on the recipient's fonts (see
// docs/print-and-export.md). `docx` is imported lazily so the app loads it only on export.

import type { Report } from '../domain/report.ts';
import type { TableLayout } from '../domain/format.ts';
import { cleanText, outlineSteps, reportOutline, runSteps, type Block, type Signature } from './outline.ts';
import { COLUMN_WIDTHS_MM, tableGrid } from './table-grid.ts';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

export interface DocxOptions {
  signature?: Signature;
  onProgress?: (fraction: number, step: string) => void;
}

/** Word's unit: 1/20 pt; 1 mm = 1440/25.4 twips. */
export const mm = (v: number): number => Math.round((v * 1440) / 25.4);
const pt = (v: number): number => Math.round(v * 20);

export const DOCX_PAGE = {
  width: 11906, // A4 210 mm
  height: 16838, // A4 297 mm
  top: mm(37), // 天头
  bottom: mm(35),
  inside: mm(28), // 订口 (w:left with mirror margins)
  outside: mm(26), // (w:right with mirror margins)
  /** 28.95pt exact: 22 lines fill the 225 mm 版心. */
  line: pt(28.95),
  /** Footer distance so that the page number's top sits 7 mm under the 版心 (4号 line ≈ 16pt). */
  footer: mm(35 - 7) - pt(16),
  header: mm(15),
} as const;

export const DOCX_FONTS = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  pageNumber: '宋体',
} as const;

const SIZE = { title: 44, body: 32, pageNumber: 28, t2: 24, t3: 21, t4: 21 } as const; // half-points

type Docx = typeof import('docx');
type Child = InstanceType<Docx['Paragraph']> | InstanceType<Docx['Table']>;

function fonts(name: string) {
  return { ascii: name, hAnsi: name, eastAsia: name, cs: name };
}

function tableDocx(d: Docx, layout: TableLayout, report: Report): InstanceType<Docx['Table']> {
  // Round the running total, not each column, so the columns add up to the 版心 exactly.
  let acc = 0;
  const widths = COLUMN_WIDTHS_MM[layout.id].map((w) => {
    const before = mm(acc);
    acc += w;
    return mm(acc) - before;
  });
  const size = SIZE[layout.id];
  const grid = tableGrid(layout, report);
  // 表二's 第二十条 blocks stay on one page: every row but a block's last keeps with the next.
  const blockEnd = (i: number) => {
    const next = grid[i + 1];
    return !next || (next.cells.length === 1 && next.cells[0]!.role === 'header');
  };
  const rows = grid.map(
    (row, i) =>
      new d.TableRow({
        tableHeader: row.head || undefined,
        cantSplit: true,
        children: row.cells.map(
          (c) =>
            new d.TableCell({
              columnSpan: c.colspan > 1 ? c.colspan : undefined,
              rowSpan: c.rowspan > 1 ? c.rowspan : undefined,
              verticalAlign: d.VerticalAlignTable.CENTER,
              // Word stacks CJK characters upright in a tbRl cell: the official vertical 三、本年度办理结果.
              textDirection: c.vertical ? d.TextDirection.TOP_TO_BOTTOM_RIGHT_TO_LEFT : undefined,
              children: [
                new d.Paragraph({
                  style: 'TableText',
                  // Exact spacing: an "auto" line would snap to the 28.95pt document grid in Word.
                  spacing: { line: Math.round(size * 10 * 1.3), lineRule: d.LineRuleType.EXACT, before: 0, after: 0 },
                  alignment: c.align === 'left' ? d.AlignmentType.LEFT : d.AlignmentType.CENTER,
                  keepNext: layout.id === 't2' && !blockEnd(i) ? true : undefined,
                  children: [new d.TextRun({ text: c.text, size })],
                }),
              ],
            }),
        ),
      }),
  );
  const border = { style: d.BorderStyle.SINGLE, size: 4, color: '000000' };
  return new d.Table({
    rows,
    columnWidths: widths,
    width: { size: widths.reduce((a, b) => a + b, 0), type: d.WidthType.DXA },
    layout: d.TableLayoutType.FIXED,
    // Narrow cell margins: 表四's 10.4 mm columns then hold 2 characters per line ("结果/维持").
    margins: { left: 40, right: 40, top: 20, bottom: 20 },
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
  });
}

function blockDocx(d: Docx, b: Block, report: Report): Child[] {
  switch (b.kind) {
    case 'title':
      return [
        new d.Paragraph({
          heading: d.HeadingLevel.TITLE,
          children: b.lines.flatMap((line, i) => [new d.TextRun({ text: line, break: i > 0 ? 1 : undefined })]),
        }),
      ];
    case 'h1':
      return [new d.Paragraph({ heading: d.HeadingLevel.HEADING_1, text: b.text })];
    case 'h2':
      return [new d.Paragraph({ heading: d.HeadingLevel.HEADING_2, text: b.text })];
    case 'p':
      return [new d.Paragraph({ text: b.text })];
    case 'table':
      // An empty paragraph after a table keeps two tables from fusing and gives 6pt of air.
      return [tableDocx(d, b.layout, report), new d.Paragraph({ style: 'TableText', children: [] })];
    case 'signature': {
      // 成文日期右空四字, 署名 centred over the date: Word has no box to centre in, so the name's
      // right indent is worked out from the two widths (a CJK character is 1em, a digit ½em).
      const em = (t: string) => [...t].reduce((w, c) => w + (c.charCodeAt(0) < 0x2e80 ? 0.5 : 1), 0);
      const { unit, date } = b.signature;
      const unitRight = Math.max(0, 4 + (em(date) - em(unit)) / 2);
      return [
        new d.Paragraph({ children: [] }),
        ...[
          [unit, unitRight],
          [date, 4],
        ].map(
          ([text, right]) =>
            new d.Paragraph({
              text: text as string,
              alignment: d.AlignmentType.RIGHT,
              indent: { firstLine: 0, right: Math.round(pt(16) * (right as number)) },
            }),
        ),
      ];
    }
  }
}

function pageNumberFooter(d: Docx, side: 'left' | 'right') {
  return new d.Footer({
    children: [
      new d.Paragraph({
        alignment: side === 'right' ? d.AlignmentType.RIGHT : d.AlignmentType.LEFT,
        // 单页码居右空一字，双页码居左空一字 (one 4号 character = 14pt).
        indent: side === 'right' ? { right: pt(14), firstLine: 0 } : { left: pt(14), firstLine: 0 },
        spacing: { line: pt(16), lineRule: d.LineRuleType.EXACT },
        children: [
          new d.TextRun({
            children: ['— ', d.PageNumber.CURRENT, ' —'],
            font: fonts(DOCX_FONTS.pageNumber),
            size: SIZE.pageNumber,
          }),
        ],
      }),
    ],
  });
}

function buildDocument(d: Docx, report: Report, children: Child[]) {
  const exact = { line: DOCX_PAGE.line, lineRule: d.LineRuleType.EXACT, before: 0, after: 0 };
  return new d.Document({
    title: cleanText(report.title),
    creator: cleanText(report.unit.name),
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: fonts(DOCX_FONTS.body), size: SIZE.body },
          paragraph: { spacing: exact, indent: { firstLine: pt(32) }, alignment: d.AlignmentType.JUSTIFIED },
        },
        title: {
          run: { font: fonts(DOCX_FONTS.title), size: SIZE.title, bold: false, color: '000000' },
          paragraph: {
            alignment: d.AlignmentType.CENTER,
            indent: { firstLine: 0 },
            spacing: { line: pt(36), lineRule: d.LineRuleType.EXACT, before: 0, after: DOCX_PAGE.line },
          },
        },
        heading1: {
          run: { font: fonts(DOCX_FONTS.heading1), size: SIZE.body, bold: false, color: '000000' },
          paragraph: { spacing: exact, indent: { firstLine: pt(32) }, keepNext: true, outlineLevel: 0 },
        },
        heading2: {
          run: { font: fonts(DOCX_FONTS.heading2), size: SIZE.body, bold: false, italics: false, color: '000000' },
          paragraph: { spacing: exact, indent: { firstLine: pt(32) }, keepNext: true, outlineLevel: 1 },
        },
      },
      paragraphStyles: [
        {
          id: 'TableText',
          name: '表格文字',
          basedOn: 'Normal',
          run: { font: fonts(DOCX_FONTS.body) },
          paragraph: {
            // Exact, never "auto": auto lines snap to the 28.95pt document grid in Word.
            spacing: { line: pt(15.6), lineRule: d.LineRuleType.EXACT, before: 0, after: 0 },
            indent: { firstLine: 0 },
            alignment: d.AlignmentType.CENTER,
          },
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: DOCX_PAGE.width, height: DOCX_PAGE.height, orientation: d.PageOrientation.PORTRAIT },
            margin: {
              top: DOCX_PAGE.top,
              bottom: DOCX_PAGE.bottom,
              left: DOCX_PAGE.inside,
              right: DOCX_PAGE.outside,
              header: DOCX_PAGE.header,
              footer: DOCX_PAGE.footer,
              gutter: 0,
            },
          },
          grid: { type: d.DocumentGridType.LINES, linePitch: DOCX_PAGE.line },
        },
        footers: { default: pageNumberFooter(d, 'right'), even: pageNumberFooter(d, 'left') },
        children,
      },
    ],
  });
}

/**
 * `docx` has no option for 对称页边距: add <w:mirrorMargins/> to the settings part, where the
 * schema's sequence wants it (before defaultTabStop), so w:left is the inside (订口) margin.
 * Done on the component tree before packing — re-zipping afterwards cost a second full
 * compression. Returns false if the settings part does not look as expected.
 */
function addMirrorMargins(d: Docx, doc: InstanceType<Docx['Document']>): boolean {
  class MirrorMargins extends d.XmlComponent {
    constructor() {
      super('w:mirrorMargins');
    }
  }
  const root = (doc.Settings as unknown as { root?: unknown[] }).root;
  if (!Array.isArray(root)) return false;
  const at = root.findIndex((c) => (c as { rootKey?: string } | null)?.rootKey === 'w:defaultTabStop');
  if (at < 0) return false;
  root.splice(at, 0, new MirrorMargins());
  return true;
}

/** Fallback for a `docx` whose internals moved: patch settings.xml inside the finished zip. */
function withMirrorMarginsInZip(bytes: Uint8Array): Uint8Array {
  const files = unzipSync(bytes);
  const settings = strFromU8(files['word/settings.xml']!);
  if (!settings.includes('<w:mirrorMargins')) {
    const at = settings.indexOf('<w:defaultTabStop');
    if (at < 0) throw new Error('生成 Word 文件失败：settings.xml 结构不符合预期。');
    files['word/settings.xml'] = strToU8(settings.slice(0, at) + '<w:mirrorMargins/>' + settings.slice(at));
  }
  return zipSync(files, { level: 6 });
}

export async function renderDocx(report: Report, opts: DocxOptions = {}): Promise<Uint8Array> {
  const d = await import('docx');
  const steps = outlineSteps(reportOutline(report, opts.signature)).map((s) => ({
    label: s.label,
    run: () => s.blocks.flatMap((b) => blockDocx(d, b, report)),
  }));
  const parts = await runSteps(steps, (f, step) => opts.onProgress?.(f * 0.8, step));
  opts.onProgress?.(0.8, '正在打包 Word 文件');
  const doc = buildDocument(d, report, parts.flat());
  const patched = addMirrorMargins(d, doc);
  const packed = await d.Packer.pack(doc, 'uint8array');
  const out = patched ? packed : withMirrorMarginsInZip(packed);
  opts.onProgress?.(1, '完成');
  return out;
}
