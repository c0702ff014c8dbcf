// The reading order of a printed report, shared by every exporter (print view, CMS HTML, DOCX)
// so that the three outputs can never disagree about what comes where. Pure data, no DOM.

import { HEADINGS, REPORT_TITLE_SUFFIX, S1_PARTS, SECTION_BY_ID, TABLE_LAYOUTS, type TableLayout } from '../domain/format.ts';
import type { Report } from '../domain/report.ts';

export interface Signature {
  /** 署名：单位全称. */
  unit: string;
  /** 成文日期 as it should print, e.g. "2024年1月20日". */
  date: string;
}

export type Block =
  | { kind: 'title'; lines: string[]; text: string }
  /** Level-1 heading 一、…六、 (黑体). */
  | { kind: 'h1'; text: string }
  /** Level-2 heading （一）… under 一、总体情况 (楷体). */
  | { kind: 'h2'; text: string }
  | { kind: 'p'; text: string }
  | { kind: 'table'; layout: TableLayout }
  | { kind: 'signature'; signature: Signature };

/**
 * Text pasted from Word or a web page can carry characters that XML 1.0 forbids (C0 controls,
 * U+FFFE/U+FFFF, lone surrogate halves): a .docx with one of them is "corrupt" to Word. They
 * carry no meaning in a report, so every exporter drops them.
 */
export function cleanText(s: string): string {
  return s.replace(/[\u0000-\u0008\u000c\u000e-\u001f\u007f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}

/**
 * A paragraph per non-empty line; whitespace at the ends of a line carries no meaning in print.
 * Word's manual line break (U+000B on the clipboard) and the Unicode line/paragraph separators
 * end a paragraph like a newline.
 */
export function paragraphs(text: string | undefined): string[] {
  if (!text) return [];
  return cleanText(text.replace(/\r\n?|[\u000b\u2028\u2029]/g, '\n'))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/**
 * The title on one or two lines. GB/T 9704 wants a title that breaks keep words whole and look
 * symmetrical; a 22pt line holds about 20 characters, so a long "<单位><年度>政府信息公开工作年度报告"
 * breaks before the fixed suffix, which is the natural break between the two phrases.
 */
export function titleLines(title: string): string[] {
  const t = cleanText(title).trim();
  const MAX_ON_ONE_LINE = 20;
  if ([...t].length <= MAX_ON_ONE_LINE) return [t];
  const i = t.lastIndexOf(REPORT_TITLE_SUFFIX);
  if (i > 0 && i + REPORT_TITLE_SUFFIX.length === t.length) return [t.slice(0, i), t.slice(i)];
  // Variants (“…政府信息公开年度报告”) break at the same phrase; anything else wraps by itself.
  const j = t.lastIndexOf('政府信息公开');
  if (j > 0) return [t.slice(0, j), t.slice(j)];
  return [t];
}

/** The whole report as blocks, in print order. Empty sections keep their heading. */
export function reportOutline(report: Report, signature?: Signature): Block[] {
  const out: Block[] = [{ kind: 'title', lines: titleLines(report.title), text: cleanText(report.title).trim() }];
  const paras = (id: keyof Report['sections']) => {
    for (const text of paragraphs(report.sections[id])) out.push({ kind: 'p', text });
  };
  paras('preamble');
  out.push({ kind: 'h1', text: HEADINGS[0] });
  paras('s1.intro');
  for (const id of S1_PARTS) {
    out.push({ kind: 'h2', text: SECTION_BY_ID[id].heading! });
    paras(id);
  }
  out.push({ kind: 'h1', text: HEADINGS[1] }, { kind: 'table', layout: TABLE_LAYOUTS.t2 });
  out.push({ kind: 'h1', text: HEADINGS[2] }, { kind: 'table', layout: TABLE_LAYOUTS.t3 });
  out.push({ kind: 'h1', text: HEADINGS[3] }, { kind: 'table', layout: TABLE_LAYOUTS.t4 });
  out.push({ kind: 'h1', text: HEADINGS[4] });
  paras('s5');
  out.push({ kind: 'h1', text: HEADINGS[5] });
  paras('s6');
  if (signature && (signature.unit.trim() || signature.date.trim())) {
    out.push({ kind: 'signature', signature: { unit: cleanText(signature.unit).trim(), date: cleanText(signature.date).trim() } });
  }
  return out;
}

/** How a cell value prints: one source with the editor (domain/number-format.ts). */
export { formatCellValue } from '../domain/number-format.ts';

/** Break a long job into steps; the async exporters yield to the event loop between them. */
export interface Step<T> {
  /** Chinese name of the step, for the progress bar. */
  label: string;
  run: () => T;
}

export async function runSteps<T>(
  steps: readonly Step<T>[],
  onProgress?: (fraction: number, step: string) => void,
): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < steps.length; i++) {
    onProgress?.(i / steps.length, steps[i]!.label);
    out.push(steps[i]!.run());
    // Let the editor handle input between tables: a long export must never freeze typing.
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
  return out;
}

/** Groups the outline into steps: everything up to and including each table is one step. */
export function outlineSteps(blocks: readonly Block[]): { label: string; blocks: Block[] }[] {
  const steps: { label: string; blocks: Block[] }[] = [];
  let current: Block[] = [];
  let label = '正文';
  for (const b of blocks) {
    current.push(b);
    if (b.kind === 'h1') label = b.text;
    if (b.kind === 'table') {
      steps.push({ label: `${label}（表格）`, blocks: current });
      current = [];
      label = '正文';
    }
  }
  if (current.length) steps.push({ label, blocks: current });
  return steps;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Render the outline's blocks to markup, one step per table with a yield between steps and
 * progress reported; shared by the print document and the CMS HTML.
 */
export async function renderBlocksInSteps(
  report: Report,
  signature: Signature | undefined,
  render: (block: Block) => string,
  onProgress?: (fraction: number, step: string) => void,
): Promise<string> {
  const steps = outlineSteps(reportOutline(report, signature)).map((s) => ({
    label: s.label,
    run: () => s.blocks.map(render).join('\n'),
  }));
  const parts = await runSteps(steps, onProgress);
  onProgress?.(1, '完成');
  return parts.join('\n');
}
