// Limits on what a file may expand to, checked BEFORE the expensive step (inflating, building
// a tree, parsing), so that a hostile or broken file is refused quickly and in bounded memory
// with a Chinese reason. The app (in its import worker) and the CLI apply the same checks.
// Every limit is far above what a real annual report needs; the figures are in docs/security.md.

import { Parser } from 'htmlparser2';

/** All entries of a .docx as its central directory declares them (media included). */
export const MAX_DOCX_DECLARED_BYTES = 256 * 1024 * 1024;
/** The XML parts mammoth reads (document, styles, numbering, notes…): declared AND inflated. */
export const MAX_DOCX_XML_BYTES = 16 * 1024 * 1024;
export const MAX_DOCX_ENTRIES = 5000;
/**
 * Markup tags in those XML parts. mammoth builds a DOM of them and needs ~1 KB per tag (an
 * 11 KB file of 800,000 tags took 27 s and 915 MB here): this bounds its memory. The app's own
 * export of a full report has ~8,000; verbose WPS files ~10× that.
 */
export const MAX_DOCX_XML_TAGS = 150_000;
/** A 同步包's body after inflating (a report with a long edit history is about 1 MB). */
export const MAX_PACKAGE_BODY_BYTES = 16 * 1024 * 1024;
/** Element nesting of an HTML page (real CMS pages stay under ~60). */
export const MAX_HTML_DEPTH = 400;
/**
 * Elements of an HTML page: htmlparser2's tree costs a few hundred bytes each, so a flat page
 * of millions of tiny elements is a bomb too. A long published report page has ~10,000; one saved from Word, ~50,000.
 */
export const MAX_HTML_ELEMENTS = 150_000;
/** Array/object nesting of a JSON report (the contract needs 3). */
export const MAX_JSON_DEPTH = 64;
/** A JSON report is ~20 KB; a long one with every section filled stays well under 1 MB. */
export const MAX_JSON_CHARS = 8 * 1024 * 1024;

export const mb = (n: number): string => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

/** Deepest array/object nesting, stopping as soon as it passes `max` (strings are skipped). */
export function jsonDepthExceeds(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: jump to its closing quote with indexOf (the engine's fast search) instead of
      // looking at every character — a report is mostly prose inside strings, and this scan
      // ran over every byte of every file before JSON.parse did the same again.
      let end = text.indexOf('"', i + 1);
      while (end !== -1 && isEscaped(text, end)) end = text.indexOf('"', end + 1);
      if (end === -1) return false; // unterminated: JSON.parse refuses it
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** A quote is escaped when an odd number of backslashes stands right before it. */
function isEscaped(text: string, quote: number): boolean {
  let n = 0;
  for (let j = quote - 1; j >= 0 && text.charCodeAt(j) === 0x5c; j--) n++;
  return n % 2 === 1;
}

/** Why a JSON text is refused before parsing, or null. */
export function jsonLimitError(text: string): string | null {
  if (text.length > MAX_JSON_CHARS) return `JSON 文件过大（超过 ${mb(MAX_JSON_CHARS)}），不是本工具导出的年度报告。`;
  if (jsonDepthExceeds(text)) return `JSON 文件的嵌套层数超过 ${MAX_JSON_DEPTH} 层，不是本工具导出的年度报告，未导入。`;
  return null;
}

/**
 * Deepest element nesting of an HTML text as a browser would build it (htmlparser2 closes
 * implied tags the same way the tree builder does), without building the tree. Stops early.
 */
export function htmlDepthExceeds(html: string, max = MAX_HTML_DEPTH): boolean {
  return htmlShapeExceeds(html, max, Infinity) !== null;
}

/** Which HTML limit a text passes, if any: 'depth' or 'elements'. Stops at the first. */
export function htmlShapeExceeds(html: string, maxDepth = MAX_HTML_DEPTH, maxElements = MAX_HTML_ELEMENTS): 'depth' | 'elements' | null {
  let depth = 0;
  let elements = 0;
  let exceeded: 'depth' | 'elements' | null = null;
  const parser = new Parser(
    {
      onopentag() {
        if (exceeded) return;
        if (++depth > maxDepth) exceeded = 'depth';
        else if (++elements > maxElements) exceeded = 'elements';
        if (exceeded) parser.pause();
      },
      onclosetag() {
        depth--;
      },
    },
    { decodeEntities: false },
  );
  // Fed in slices so that a deep page is refused after the first slice that crosses the limit.
  const SLICE = 64 * 1024;
  for (let i = 0; i < html.length && !exceeded; i += SLICE) parser.write(html.slice(i, i + SLICE));
  if (!exceeded) parser.end();
  return exceeded;
}

export function htmlLimitError(html: string): string | null {
  const exceeded = htmlShapeExceeds(html);
  if (exceeded === 'depth') return `网页的标签嵌套超过 ${MAX_HTML_DEPTH} 层，不像正常的年度报告网页，未导入。`;
  if (exceeded === 'elements') return `网页的标签超过 ${MAX_HTML_ELEMENTS / 10000} 万个，远超正常的年度报告网页，未导入。`;
  return null;
}
