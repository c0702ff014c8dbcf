// Text normalisation shared by the importers and the label rule (R-LBL): published reports mix
// full- and half-width brackets, quotes and stray spaces, so labels are compared on a normal form.

const FULLWIDTH_MAP: Record<string, string> = {
  '(': '（',
  ')': '）',
  ':': '：',
  ',': '，',
  ';': '；',
  '"': '”',
  '“': '”',
  '〝': '”',
  '〞': '”',
  '．': '.',
  '、': '、',
};

/** Full-width ASCII (！–～) to half-width, and the ideographic space to a plain space. */
export function toHalfWidthDigitsAndLetters(s: string): string {
  return s.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/**
 * Normal form of a label for comparison: no whitespace at all (including &nbsp; and U+3000),
 * brackets/colons/quotes in one width, full-width digits and letters half-width, '．' as '.'.
 */
export function normalizeLabel(s: string): string {
  let out = toHalfWidthDigitsAndLetters(s).replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, '');
  out = out.replace(/[():,;"“〝〞．]/g, (c) => FULLWIDTH_MAP[c] ?? c);
  out = out.replace(/[‘’']/g, '’');
  return out;
}

/** Collapse runs of whitespace (incl. &nbsp;, U+3000) to one space and trim. */
export function collapseSpaces(s: string): string {
  return s.replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, ' ').trim();
}
