// Reading one printed table cell: a number, a blank/placeholder (kept as null = 未填 with an
// R-TYPE-INT note), or text we cannot read (null with an IMPORT note).

import { toHalfWidthDigitsAndLetters } from '../domain/text.ts';

export type CellValue =
  | { kind: 'number'; value: number }
  | { kind: 'blank'; shown: string }
  | { kind: 'text'; shown: string };

/** Marks that published reports print instead of a number when there is "nothing". */
const PLACEHOLDERS = new Set(['/', '-', '—', '－', '——', '–', '\\', '无', '空', '×', '／']);

const NUMBER_RE = /^[+-]?\d+(?:\.\d+)?$/;

export function parseCellValue(raw: string): CellValue {
  const shown = raw.replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, ' ').trim();
  if (shown === '') return { kind: 'blank', shown };
  let t = toHalfWidthDigitsAndLetters(shown).replace(/[\s,，]/g, '').replace(/．/g, '.');
  if (PLACEHOLDERS.has(t)) return { kind: 'blank', shown };
  // A unit printed in the cell does not change the number.
  t = t.replace(/(件|项|个|条|万元)$/, '');
  if (NUMBER_RE.test(t)) return { kind: 'number', value: Number(t) };
  return { kind: 'text', shown };
}
