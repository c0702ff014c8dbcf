// HTML of a published report: a whole page with site chrome and scripts, CMS markup (cells
// wrapped in <p>/<span>, &nbsp; padding), Word-exported markup (mso- styles, <o:p>, conditional
// comments), digits split across spans. htmlparser2 builds the tree (Node and browser alike,
// no DOM needed); tables become real grids with rowspan/colspan expanded, then the shared
// document reader maps everything by label.

import { parseDocument } from 'htmlparser2';
import type { AnyNode, Element } from 'domhandler';
import { collapseSpaces } from '../domain/text.ts';
import { headingIndex, importDocument, type Block } from './document.ts';
import type { GridCell, SourceTable } from './tables.ts';
import { htmlLimitError } from './limits.ts';
import type { ImportKind, ImportResult } from './types.ts';

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'iframe', 'object', 'svg', 'select', 'button', 'xml']);
const BLOCK = new Set([
  'p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'section', 'article', 'header', 'footer', 'nav',
  'aside', 'main', 'blockquote', 'pre', 'dl', 'dt', 'dd', 'tr', 'td', 'th', 'form', 'hr', 'center', 'address',
  'figure', 'figcaption', 'caption', 'thead', 'tbody', 'tfoot', 'body', 'html', 'ucapcontent',
]);
/** Limits that keep a hostile or broken file from building a huge grid. */
const MAX_SPAN = 60;
const MAX_GRID_ROWS = 3000;
const MAX_GRID_COLS = 120;
/** Longest text a real statistics-table cell holds (the longest official label is ~40). */
const MAX_DATA_CELL_CHARS = 300;

const isElement = (n: AnyNode): n is Element => n.type === 'tag' || n.type === 'script' || n.type === 'style';
const isHidden = (el: Element): boolean =>
  'hidden' in el.attribs || /display\s*:\s*none|mso-hide\s*:\s*all/i.test(el.attribs.style ?? '');

const CJK = '[\\u3000-\\u303f\\u4e00-\\u9fff\\uff00-\\uffef“”‘’]';
const CJK_BREAK = new RegExp(`(${CJK})[ \\t]*\\n\\s*(?=${CJK})`, 'g');

/** Text as a browser would show it: source line breaks between Chinese characters vanish. */
function cleanText(s: string): string {
  return collapseSpaces(s.replace(CJK_BREAK, '$1'));
}

/** Plain text of a subtree; <br> and block boundaries become `sep`. */
function textOf(node: AnyNode, sep: string): string {
  if (node.type === 'text') return (node as unknown as { data: string }).data;
  if (!isElement(node) || SKIP.has(node.name) || isHidden(node)) return '';
  if (node.name === 'br') return sep;
  const inner = node.children.map((c) => textOf(c, sep)).join('');
  return BLOCK.has(node.name) ? sep + inner + sep : inner;
}

function childElements(el: Element, names: readonly string[]): Element[] {
  return el.children.filter((c): c is Element => isElement(c) && names.includes(c.name));
}

/** The table's own rows (not those of nested tables). */
function tableRows(table: Element): Element[] {
  const rows: Element[] = [];
  for (const c of childElements(table, ['tr', 'thead', 'tbody', 'tfoot'])) {
    if (c.name === 'tr') rows.push(c);
    else rows.push(...childElements(c, ['tr']));
  }
  return rows;
}

function containsTable(el: Element): boolean {
  return el.children.some((c) => isElement(c) && (c.name === 'table' || containsTable(c)));
}

/** Layout tables (a table around the whole article, one-cell frames) are read as flow. */
function isDataTable(table: Element): boolean {
  const rows = tableRows(table);
  if (rows.length < 2) return false;
  if (!rows.some((r) => childElements(r, ['td', 'th']).length >= 2)) return false;
  const cells = rows.flatMap((r) => childElements(r, ['td', 'th']));
  if (cells.some(containsTable)) return false;
  // A cell holding a whole article (a two-column page layout) is not a statistics cell.
  return !cells.some((c) => textOf(c, ' ').length > MAX_DATA_CELL_CHARS);
}

function span(v: string | undefined): number {
  const n = Number.parseInt(v ?? '1', 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, MAX_SPAN) : 1;
}

let originCounter = 0;

/** A real grid: every merged cell copied to each position it covers (copy=true after the first). */
export function tableGrid(table: Element): SourceTable {
  const grid: GridCell[][] = [];
  const rows = tableRows(table).slice(0, MAX_GRID_ROWS);
  rows.forEach((tr, r) => {
    grid[r] ??= [];
    let c = 0;
    for (const td of childElements(tr, ['td', 'th'])) {
      if (isHidden(td)) continue;
      while (grid[r]![c]) c++;
      if (c >= MAX_GRID_COLS) break;
      const text = cleanText(textOf(td, ' '));
      const origin = originCounter++;
      const rs = Math.min(span(td.attribs.rowspan), rows.length - r);
      const cs = Math.min(span(td.attribs.colspan), MAX_GRID_COLS - c);
      for (let dr = 0; dr < rs; dr++) {
        const row = (grid[r + dr] ??= []);
        for (let dc = 0; dc < cs; dc++) row[c + dc] = { text, origin, copy: dr > 0 || dc > 0 };
      }
      c += cs;
    }
  });
  // Holes (rows shorter than others, spans that ran into each other) become empty copies.
  for (const row of grid) for (let i = 0; i < row.length; i++) row[i] ??= { text: '', origin: originCounter++, copy: true };
  return { rows: grid, aligned: true };
}

interface FlowLine {
  text: string;
  /** The block element the line came from (for finding the article's container). */
  el: Element | null;
}
type FlowItem = { kind: 'line'; line: FlowLine } | { kind: 'table'; table: SourceTable; el: Element };

/** The page in reading order: lines of text and data tables. */
function flow(root: AnyNode): FlowItem[] {
  const items: FlowItem[] = [];
  let buf = '';
  let bufEl: Element | null = null;
  const flush = () => {
    for (const part of buf.split('\n')) {
      const t = cleanText(part);
      if (t) items.push({ kind: 'line', line: { text: t, el: bufEl } });
    }
    buf = '';
    bufEl = null;
  };
  const walk = (node: AnyNode, blockEl: Element | null) => {
    if (node.type === 'text') {
      if (!bufEl) bufEl = blockEl;
      buf += (node as unknown as { data: string }).data;
      return;
    }
    if (!isElement(node) || SKIP.has(node.name) || isHidden(node)) return;
    if (node.name === 'br') {
      buf += '\n';
      return;
    }
    if (node.name === 'table' && isDataTable(node)) {
      flush();
      items.push({ kind: 'table', table: tableGrid(node), el: node });
      return;
    }
    const block = BLOCK.has(node.name);
    if (block) flush();
    for (const c of node.children) walk(c, block ? node : blockEl);
    if (block) flush();
  };
  if (isElement(root)) walk(root, null);
  else if ('children' in root) for (const c of (root as { children: AnyNode[] }).children) walk(c, null);
  flush();
  return items;
}

function ancestors(el: Element | null): Element[] {
  const out: Element[] = [];
  for (let n: Element | null = el; n; n = n.parent && isElement(n.parent) ? n.parent : null) out.push(n);
  return out;
}

function contains(container: Element, el: Element | null): boolean {
  return ancestors(el).includes(container);
}

/** Convert a whole HTML page into the shared document blocks. */
export function htmlBlocks(html: string): { blocks: Block[]; titleCandidates: string[]; pageTitle?: string } {
  const doc = parseDocument(html, { decodeEntities: true });
  let pageTitle: string | undefined;
  const findTitle = (n: AnyNode): void => {
    if (pageTitle !== undefined || !isElement(n)) return;
    if (n.name === 'title') pageTitle = cleanText(textOf(n, ' '));
    else n.children.forEach(findTitle);
  };
  doc.children.forEach(findTitle);

  const items = flow(doc);
  // The article is the smallest element holding the first and last level-1 heading (and the
  // tables): everything around it is site chrome.
  const headingEls: Element[] = [];
  let last = -1;
  for (const it of items) {
    if (it.kind !== 'line') continue;
    const k = headingIndex(it.line.text, last);
    if (k !== null) {
      last = k;
      if (it.line.el) headingEls.push(it.line.el);
    }
  }
  const tableEls = items.filter((i): i is Extract<FlowItem, { kind: 'table' }> => i.kind === 'table').map((i) => i.el);
  const anchors = [...headingEls.slice(0, 1), ...headingEls.slice(-1), ...tableEls];
  let container: Element | null = null;
  if (anchors.length) {
    const first = ancestors(anchors[0]!);
    container = first.find((a) => anchors.every((x) => contains(a, x))) ?? null;
    // A heading's own paragraph is not a container: go up to the element that holds the text.
    if (container && headingEls.length <= 1 && container === anchors[0]) container = ancestors(container)[1] ?? container;
  }

  const blocks: Block[] = [];
  const titleCandidates: string[] = [];
  let seenContainer = false;
  for (const it of items) {
    const el = it.kind === 'line' ? it.line.el : it.el;
    const inside = container === null || contains(container, el);
    if (inside) seenContainer = true;
    if (!inside) {
      if (!seenContainer && it.kind === 'line') titleCandidates.push(it.line.text);
      continue;
    }
    if (it.kind === 'table') blocks.push({ kind: 'table', table: it.table });
    else blocks.push({ kind: 'text', text: it.line.text });
  }
  return { blocks, titleCandidates, pageTitle };
}

export function importHtml(html: string, kind: ImportKind = 'html'): ImportResult {
  const tooDeep = htmlLimitError(html);
  if (tooDeep) return { ok: false, kind, error: tooDeep };
  try {
    const { blocks, titleCandidates, pageTitle } = htmlBlocks(html);
    return importDocument({ blocks, kind, titleCandidates, pageTitle });
  } catch {
    // The engine's own message is English and says nothing a clerk can act on.
    return { ok: false, kind, error: '读取网页（HTML）时出错：网页结构异常，无法读取。请从浏览器中复制网页文字后再导入。' };
  }
}
