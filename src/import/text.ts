// Plain text as copied from a published web page (e.g. tests/fixtures/xiaye-town-2023.txt):
// paragraphs one per line, table rows as tab-separated cells whose merged cells have been
// collapsed unpredictably. Rows and columns are mapped by their labels (see tables.ts).

import { importDocument, type Block } from './document.ts';
import type { GridCell } from './tables.ts';
import type { ImportResult } from './types.ts';

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
  for (const line of text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/)) {
    if (line.includes('\t')) {
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
  }
  flushPara();
  return blocks;
}

export function importText(text: string): ImportResult {
  try {
    return importDocument({ blocks: textBlocks(text), kind: 'text' });
  } catch (e) {
    return { ok: false, kind: 'text', error: `读取文本时出错：${(e as Error).message}` };
  }
}
