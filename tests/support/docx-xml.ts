// Reads a .docx back at the XML level (fflate + htmlparser2 in XML mode) the way Word lays it
// out: paragraphs with their style, and tables rebuilt from gridSpan and vMerge so that a test
// can compare them with the official merged-cell layout.

import { strFromU8, unzipSync } from 'fflate';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';

export interface DocxCell {
  text: string;
  colspan: number;
  rowspan: number;
  textDirection?: string;
}
export interface DocxRow {
  header: boolean;
  /** Every paragraph in the row keeps with the next (Word then keeps the row with the next row). */
  keepNext: boolean;
  cantSplit: boolean;
  cells: DocxCell[];
}
export interface DocxParagraph {
  style: string | null;
  text: string;
}

const kids = (el: Element, name: string): Element[] =>
  el.children.filter((c): c is Element => (c as Element).name === name);
const kid = (el: Element | undefined, name: string): Element | undefined => (el ? kids(el, name)[0] : undefined);
const val = (el: Element | undefined): string | undefined => el?.attribs['w:val'];
const textOf = (el: Element): string =>
  (DomUtils.getElementsByTagName('w:t', el, true) as Element[]).map((t) => DomUtils.textContent(t)).join('');

export function openDocx(bytes: Uint8Array) {
  const files = unzipSync(bytes);
  const xml = (path: string) => {
    const f = files[path];
    if (!f) throw new Error(`missing ${path}`);
    return parseDocument(strFromU8(f), { xmlMode: true });
  };
  const document = xml('word/document.xml');
  const body = DomUtils.getElementsByTagName('w:body', document.children, true)[0] as Element;

  const paragraphs: DocxParagraph[] = kids(body, 'w:p').map((p) => ({
    style: val(kid(kid(p, 'w:pPr'), 'w:pStyle')) ?? null,
    text: textOf(p),
  }));

  const tables = kids(body, 'w:tbl').map((tbl) => {
    const grid = kids(kid(tbl, 'w:tblGrid')!, 'w:gridCol').map((g) => Number(g.attribs['w:w']));
    type Raw = { cell: DocxCell; col: number; merge?: string };
    const rawRows = kids(tbl, 'w:tr').map((tr) => {
      const trPr = kid(tr, 'w:trPr');
      const header = !!kid(trPr, 'w:tblHeader') && val(kid(trPr, 'w:tblHeader')) !== 'off';
      let col = 0;
      const cells: Raw[] = kids(tr, 'w:tc').map((tc) => {
        const pr = kid(tc, 'w:tcPr');
        const colspan = Number(val(kid(pr, 'w:gridSpan')) ?? 1);
        const vm = kid(pr, 'w:vMerge');
        const merge = vm ? (val(vm) ?? 'continue') : undefined;
        const raw: Raw = {
          cell: { text: textOf(tc), colspan, rowspan: 1, textDirection: val(kid(pr, 'w:textDirection')) },
          col,
          merge,
        };
        col += colspan;
        return raw;
      });
      const paras = DomUtils.getElementsByTagName('w:p', tr, true) as Element[];
      const keepNext = paras.length > 0 && paras.every((p) => !!kid(kid(p, 'w:pPr'), 'w:keepNext'));
      return { header, keepNext, cantSplit: !!kid(trPr, 'w:cantSplit'), cells, width: col };
    });
    // A vMerge="continue" cell extends the cell that started the merge in the same grid column.
    rawRows.forEach((row, r) => {
      for (const c of row.cells) {
        if (c.merge !== 'restart') continue;
        for (let k = r + 1; k < rawRows.length; k++) {
          const below = rawRows[k]!.cells.find((x) => x.col === c.col);
          if (below?.merge !== 'continue') break;
          c.cell.rowspan++;
        }
      }
    });
    const rows: DocxRow[] = rawRows.map((row) => ({
      header: row.header,
      keepNext: row.keepNext,
      cantSplit: row.cantSplit,
      cells: row.cells.filter((c) => c.merge !== 'continue').map((c) => c.cell),
    }));
    return { grid, rows, widths: rawRows.map((r) => r.width) };
  });

  return {
    files,
    xml,
    text: (path: string) => strFromU8(files[path]!),
    paragraphs,
    tables,
    sectPr: kid(body, 'w:sectPr')!,
    kid,
    val,
  };
}
