// Plain text as copied from a published web page (e.g. tests/fixtures/xiaye-town-2023.txt):
// paragraphs one per line, table rows as tab-separated cells whose merged cells have been
// collapsed unpredictably. Rows and columns are mapped by their labels (see tables.ts).

import { headingIndex, importDocument, type Block } from './document.ts';
import { t2ArticleOf } from './labels.ts';
import { looksLikePdfText, pdfTextBlocks } from './pdf-text.ts';
import type { GridCell } from './tables.ts';
import type { ImportResult } from './types.ts';

const TAB_ONLY_LINE = /^[ \u00a0]*\t[\t \u00a0]*$/m;
/** Cell separators of a loose copy: lines holding only tabs, with the line breaks around them. */
const LOOSE_SEPARATORS = /\n{1,2}(?:[ \u00a0]*\t[\t \u00a0]*\n{1,2})+/g;

/**
 * Chrome copies a table whose cells hold paragraphs (<td><p>0</p></td>, common in CMS pages)
 * as one cell per line: cells separated by lines holding only tabs (one per cell boundary,
 * empty cells adding more), a cell's own paragraphs by one blank line, rows by two or more.
 * Rebuild tab-separated rows from that; text without tab-only lines is returned unchanged.
 */
export function joinLooseTableCells(text: string): string {
  const t = text.replace(/\r\n?/g, '\n');
  if (!TAB_ONLY_LINE.test(t)) return t;
  const joined = (t + '\n').replace(LOOSE_SEPARATORS, (m) => m.replace(/[^\t]/g, '')).replace(/\n$/, '');
  const out: string[] = [];
  for (const chunk of joined.split(/\n{3,}/)) {
    const parts = chunk.split(/(\n+)/);
    let row = parts[0]!;
    for (let i = 2; i < parts.length; i += 2) {
      const next = parts[i]!;
      const blankBetween = parts[i - 1]!.length >= 2;
      // A break inside a table row is a paragraph or <br> inside a cell ("商业" / "企业"); a
      // heading or a 第二十条 row never continues a row, nor does a long line after a plain
      // line break (the next paragraph after a table whose cells had no paragraphs).
      const tabbed = row.includes('\t') || next.includes('\t');
      const shortPieces = (row.includes('\t') || row.trim().length <= 12) && (next.includes('\t') || blankBetween || next.trim().length <= 12);
      if (tabbed && shortPieces && !startsBlock(next) && !startsBlock(row)) row += ' ' + next;
      else {
        out.push(row);
        row = next;
      }
    }
    out.push(row, '');
  }
  return out.join('\n');
}

function startsBlock(line: string): boolean {
  return headingIndex(line, -1) !== null || t2ArticleOf(line) !== null;
}

/** Split text into paragraph blocks and table blocks (runs of lines containing a tab). */
export function textBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let origin = 0;
  let table: GridCell[][] | null = null;
  let para: string[] = [];
  const flushPara = () => {
    if (para.length) blocks.push({ kind: 'text', text: para.join('\n') });
    para = [];
  };
  const lines = joinLooseTableCells(text.replace(/^\ufeff/, '')).split('\n');
  const nextNonBlank = (i: number) => lines.slice(i + 1).find((l) => l.trim() !== '') ?? '';
  lines.forEach((line, i) => {
    // A row of one merged cell ("第二十条第（一）项" across the table) has no tab of its own.
    const singleCellRow = !line.includes('\t') && line.trim().length <= 40 && t2ArticleOf(line) !== null && nextNonBlank(i).includes('\t');
    if (line.includes('\t') || singleCellRow) {
      flushPara();
      if (!table) {
        table = [];
        blocks.push({ kind: 'table', table: { rows: table, aligned: false } });
      }
      table.push(line.split('\t').map((t) => ({ text: t, origin: origin++, copy: false })));
    } else if (line.trim() === '') {
      // A blank line inside a table (some copies put one between rows) does not end it.
      if (!table) flushPara();
    } else {
      table = null;
      para.push(line);
    }
  });
  flushPara();
  return blocks;
}

export function importText(text: string): ImportResult {
  try {
    if (looksLikePdfText(text)) {
      const { blocks, notes } = pdfTextBlocks(text);
      const r = importDocument({ blocks, kind: 'text' });
      if (r.ok) r.notes.push(...notes);
      return r;
    }
    return importDocument({ blocks: textBlocks(text), kind: 'text' });
  } catch (e) {
    return { ok: false, kind: 'text', error: `读取文本时出错：${(e as Error).message}` };
  }
}
