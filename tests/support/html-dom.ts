// Small helpers over htmlparser2's DOM for tests that read exported HTML back as a reader (or a
// scraper) would: headings in order, paragraphs, and each table as rows of cells with spans.

import { DomUtils, parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler'; // htmlparser2's own DOM types

export interface ParsedCell {
  tag: string;
  text: string;
  colspan: number;
  rowspan: number;
  attrs: Record<string, string>;
}

export function parseHtml(html: string) {
  const doc = parseDocument(html);
  const all = (name: string): Element[] => DomUtils.getElementsByTagName(name, doc.children, true) as Element[];
  const text = (el: Element): string => DomUtils.textContent(el).replace(/\s+/g, ' ').trim();
  return {
    doc,
    all,
    text,
    /** Text of every element with one of these tags, in document order. */
    texts: (...names: string[]): { tag: string; text: string }[] =>
      (DomUtils.findAll((el) => names.includes(el.name), doc.children) as Element[]).map((el) => ({
        tag: el.name,
        text: text(el),
      })),
    tables: (): ParsedCell[][][] =>
      all('table').map((table) =>
        (DomUtils.getElementsByTagName('tr', table, true) as Element[]).map((tr) =>
          (tr.children.filter((c) => c instanceof Object && 'name' in c && (c.name === 'td' || c.name === 'th')) as Element[]).map((td) => ({
            tag: td.name,
            text: text(td),
            colspan: Number(td.attribs.colspan ?? 1),
            rowspan: Number(td.attribs.rowspan ?? 1),
            attrs: td.attribs,
          })),
        ),
      ),
  };
}
