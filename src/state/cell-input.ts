// What a clerk may type into a table cell, and why a value is refused. Pure: the editor, the
// paste planner and the tests share it. Numbers copied from Word/WPS often come in full width
// (１２) or with thousands separators (1,234); those are accepted, anything else is refused.

import { cellDef, type CellKey } from '../domain/format.ts';
import { toHalfWidthDigitsAndLetters } from '../domain/text.ts';

export type CellInput = { ok: true; value: number | null } | { ok: false; error: string };

const COUNT_RE = /^\d+$/;
const FEE_RE = /^\d+(\.\d+)?$/;

export function normalizeNumberText(raw: string): string {
  return toHalfWidthDigitsAndLetters(raw)
    .replace(/[\s\u00a0\u3000]+/g, '')
    .replace(/．/g, '.')
    .replace(/(\d)[,，](?=\d{3}(\D|$))/g, '$1');
}

/** Parse one cell's text. Empty means 未填 (null), never 0. */
export function parseCellInput(key: CellKey, raw: string): CellInput {
  const def = cellDef(key);
  if (def.derived) return { ok: false, error: '合计由分项自动计算，不能直接填写。' };
  const text = normalizeNumberText(raw);
  if (text === '') return { ok: true, value: null };
  if (def.kind === 'fee') {
    if (!FEE_RE.test(text)) {
      return { ok: false, error: `“${raw.trim()}”不是有效金额：只能填写大于或等于0的数，单位万元，可带小数（如 0 或 1.5）。` };
    }
    return { ok: true, value: Number(text) };
  }
  if (text.startsWith('-')) return { ok: false, error: `“${raw.trim()}”是负数：件数只能是大于或等于0的整数。` };
  if (!COUNT_RE.test(text)) {
    const why = /^\d+\.\d+$/.test(text) ? '件数不能有小数' : '件数只能是大于或等于0的整数';
    return { ok: false, error: `“${raw.trim()}”无效：${why}。` };
  }
  const n = Number(text);
  if (!Number.isSafeInteger(n)) return { ok: false, error: `“${raw.trim()}”太大了。` };
  return { ok: true, value: n };
}

/** How a stored value is shown in its input: '' for 未填 (the one formatter, as printed). */
export { formatCellValue } from '../domain/number-format.ts';
