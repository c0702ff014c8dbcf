// The Word file for signing and sealing (and for 附件 downloads): GB/T 9704 body conventions —
// A4, margins 37/26/35/28 mm mirrored for double-sided printing, 3号仿宋 on an exact 28.95pt line,
// 黑体/楷体 headings, the three tables with the official merges (gridSpan/vMerge), header rows
// repeated on every page, rows never split, and "— n —" page numbers (odd right, even left).
// The fonts are named, not embedded: the file relies on the recipient's fonts (see
// docs/print-and-export.md). `docx` is imported lazily so the app loads it only on export.

import type { Report } from '../domain/report.ts';
import type { TableLayout } from '../domain/format.ts';
import { cleanText, outlineSteps, reportOutline, runSteps, type Block, type Signature } from './outline.ts';
import { COLUMN_WIDTHS_MM, fittedNumberPt, tableGrid } from './table-grid.ts';
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
  /**
   * 28 characters per line (GB/T 9704): 16pt characters need 448pt, the 156 mm line has 442.25pt,
   * so every body character is condensed by 0.25pt (w:spacing −5 twips: 28 × 15.75 = 441pt).
   * Not a character grid (docGrid linesAndChars with a negative charSpace): LibreOffice puts a
   * character wider than the grid pitch into two grid cells — 14 characters per line. Condensed
   * runs give 28 in Word, WPS and LibreOffice alike; the print view does the same (−0.22pt).
   */
  condense: -5,
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

/**
 * Hints for a suite that lacks a named font (word/fontTable.xml; CT_Font's order: altName,
 * panose1, charset, family, pitch). `family` is what LibreOffice and WPS fall back on —
 * roman → a serif (宋/仿宋/楷 look), swiss → a sans (黑体 look); `altName` is the everyday name
 * Windows has (仿宋 for 仿宋_GB2312); panose1 is the generic serif / sans classification (the
 * values Noto Serif/Sans CJK carry); charset 86 = GB2312. Without these every face fell back
 * to one sans in LibreOffice.
 */
export const DOCX_FONT_HINTS: Record<string, { altName: string; family: 'roman' | 'swiss'; panose1: string }> = {
  [DOCX_FONTS.title]: { altName: '宋体', family: 'roman', panose1: '02020400000000000000' },
  [DOCX_FONTS.body]: { altName: '仿宋', family: 'roman', panose1: '02020400000000000000' },
  [DOCX_FONTS.heading1]: { altName: 'SimHei', family: 'swiss', panose1: '020B0500000000000000' },
  [DOCX_FONTS.heading2]: { altName: '楷体', family: 'roman', panose1: '02020400000000000000' },
  [DOCX_FONTS.pageNumber]: { altName: 'SimSun', family: 'roman', panose1: '02020400000000000000' },
};

function fontTableXml(): string {
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const fonts = Object.entries(DOCX_FONT_HINTS).map(
    ([name, h]) =>
      `<w:font w:name="${esc(name)}"><w:altName w:val="${esc(h.altName)}"/><w:panose1 w:val="${h.panose1}"/>` +
      `<w:charset w:val="86"/><w:family w:val="${h.family}"/><w:pitch w:val="variable"/></w:font>`,
  );
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    fonts.join('') +
    '</w:fonts>'
  );
}

const SIZE = { title: 44, body: 32, pageNumber: 28, t2: 24, t3: 21, t4: 21 } as const; // half-points

type Docx = typeof import('docx');
type Child = InstanceType<Docx['Paragraph']> | InstanceType<Docx['Table']>;
type Para = InstanceType<Docx['Paragraph']>;

/**
 * Takes a paragraph off the document grid (<w:snapToGrid w:val="false"/> in its pPr, before
 * w:spacing as CT_PPr orders it). Without it LibreOffice (and Word, for "auto" lines) puts every
 * table line, the title's two lines and the footer on the 28.95pt body grid: tables twice as
 * tall, the title's lines two grid lines apart. `docx` only offers the run-level element.
 */
const ours = new WeakSet<object>();
function offGrid(d: Docx, p: Para): Para {
  ours.add(p);
  const props = (p as unknown as { properties?: { root?: unknown[] } }).properties;
  const root = props?.root;
  if (!Array.isArray(root)) return p;
  const order = ['w:pStyle', 'w:keepNext', 'w:keepLines', 'w:pageBreakBefore', 'w:framePr', 'w:widowControl', 'w:numPr', 'w:suppressLineNumbers', 'w:pBdr', 'w:shd', 'w:tabs', 'w:suppressAutoHyphens', 'w:kinsoku', 'w:wordWrap', 'w:overflowPunct', 'w:topLinePunct', 'w:autoSpaceDE', 'w:autoSpaceDN', 'w:bidi', 'w:adjustRightInd'];
  let at = 0;
  root.forEach((c, i) => {
    if (order.includes((c as { rootKey?: string } | null)?.rootKey ?? '')) at = i + 1;
  });
  root.splice(at, 0, new d.OnOffElement('w:snapToGrid', false));
  return p;
}

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
  // 表二's rows do not keep with the next: LibreOffice 7.4 silently drops the rest of 表二 when a
  // 第二十条 block held together by keep-with-next meets a page break (pdf-roundtrip seed 321658:
  // 第二十条第（五）–（八）项 vanished from the pages). A block split over two pages is a lesser evil.
  // 表三: the rows beside the first lines of the stacked 三、本年度办理结果 keep with the next, so
  // Word and WPS never cut the label's nine characters (9 × 1.3 × 10.5pt ≈ 123pt, ≥ 8 rows) into
  // "三、本" / "年度办理结果" at a page break. LibreOffice 7.4 ignores keep-with-next inside
  // tables and can cut it when 表三 starts low on a page (see docs/print-and-export.md).
  const labelRow = grid.findIndex((r) => r.cells.some((c) => c.vertical));
  const keepsLabel = (i: number) => labelRow >= 0 && i >= labelRow && i < labelRow + 8;
  const keep = keepsLabel;
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
              // The stacked label starts at the top of its 22 rows: centred, it sat across the
              // page break whenever 表三 continued on the next page ("三、本" / "年度办理结果").
              verticalAlign: c.vertical ? d.VerticalAlignTable.TOP : d.VerticalAlignTable.CENTER,
              children: [
                offGrid(d, new d.Paragraph({
                  style: 'TableText',
                  // Exact spacing: an "auto" line would snap to the 28.95pt document grid in Word.
                  spacing: { line: Math.round(size * 10 * 1.3), lineRule: d.LineRuleType.EXACT, before: 0, after: 0 },
                  alignment: c.align === 'left' ? d.AlignmentType.LEFT : d.AlignmentType.CENTER,
                  keepNext: keep(i) ? true : undefined,
                  children: c.vertical
                    ? stackedRuns(d, c.text, size)
                    : [new d.TextRun({ text: c.text, size: c.widthMm ? 2 * fittedNumberPt(c.text, (mm(c.widthMm) - 2 * CELL_MARGIN) / 20, size / 2) : size })],
                })),
              ],
            }),
        ),
      }),
  );
  const border = { style: d.BorderStyle.SINGLE, size: 4, color: '000000' };
  const table = new d.Table({
    rows,
    columnWidths: widths,
    width: { size: widths.reduce((a, b) => a + b, 0), type: d.WidthType.DXA },
    layout: d.TableLayoutType.FIXED,
    // Narrow cell margins: 表四's 10.4 mm columns then hold 2 characters per line ("结果/维持").
    margins: { left: CELL_MARGIN, right: CELL_MARGIN, top: 20, bottom: 20 },
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
  });
  // `docx` fills each vMerge="continue" cell with a bare paragraph of its own (Normal style, on
  // the 28.95pt grid): replace those with empty table-text paragraphs so merged rows stay short.
  const empty = () => offGrid(d, new d.Paragraph({ style: 'TableText', spacing: { line: Math.round(size * 10 * 1.3), lineRule: d.LineRuleType.EXACT, before: 0, after: 0 }, children: [] }));
  const kids = (x: unknown): unknown[] => ((x as { root?: unknown }).root as unknown[] | undefined) ?? [];
  for (const row of kids(table)) {
    for (const cell of kids(row)) {
      if (!(cell instanceof d.TableCell)) continue;
      const root = kids(cell);
      root.forEach((c, i) => {
        if (c instanceof d.Paragraph && !ours.has(c)) root[i] = empty();
      });
    }
  }
  return table;
}

/** Cell margins left and right, in twips (the table's `margins` below). */
const CELL_MARGIN = 40;

/**
 * 表三's 三、本年度办理结果 printed top to bottom: one character per line, by line breaks in
 * ordinary horizontal text. A rotated cell (w:textDirection tbRl/btLr) spanning 22 rows that
 * cross a page break is where LibreOffice failed: the label was invisible, everything after 表三
 * was never laid out (tbRl) or the layout never finished (btLr). Stacked characters look the same
 * in Word, WPS and LibreOffice, and a reader's text is still the whole label.
 */
function stackedRuns(d: Docx, text: string, size: number) {
  return [...text].map((ch, i) => new d.TextRun({ text: ch, size, break: i > 0 ? 1 : undefined }));
}

function blockDocx(d: Docx, b: Block, report: Report): Child[] {
  switch (b.kind) {
    case 'title':
      return [
        offGrid(d, new d.Paragraph({
          heading: d.HeadingLevel.TITLE,
          children: b.lines.flatMap((line, i) => [new d.TextRun({ text: line, break: i > 0 ? 1 : undefined })]),
        })),
      ];
    case 'h1':
      return [new d.Paragraph({ heading: d.HeadingLevel.HEADING_1, text: b.text })];
    case 'h2':
      return [new d.Paragraph({ heading: d.HeadingLevel.HEADING_2, text: b.text })];
    case 'p':
      return [new d.Paragraph({ text: b.text })];
    case 'table':
      // An empty paragraph after a table keeps two tables from fusing and gives 6pt of air.
      return [tableDocx(d, b.layout, report), offGrid(d, new d.Paragraph({ style: 'TableText', children: [] }))];
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
      offGrid(d, new d.Paragraph({
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
      })),
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
          // zh-CN: a suite then shapes with Chinese glyph forms (LibreOffice otherwise chose a JP face).
          run: { font: fonts(DOCX_FONTS.body), size: SIZE.body, language: { value: 'zh-CN', eastAsia: 'zh-CN' } },
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
          // Body text: 16pt condensed to 28 characters per line. The styles based on Normal
          // (headings, title, table text) inherit the 0.25pt; `docx` cannot write a 0 to undo it,
          // and at 10.5–22pt it changes nothing a reader sees.
          id: 'Normal',
          name: 'Normal',
          quickFormat: true,
          run: { size: SIZE.body, characterSpacing: DOCX_PAGE.condense },
        },
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
          // 22 lines per page; the 28 characters per line come from DOCX_PAGE.condense.
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
  const packed = await d.Packer.pack(doc, 'uint8array', false, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
  const out = patched ? packed : withMirrorMarginsInZip(packed);
  opts.onProgress?.(1, '完成');
  return out;
}
