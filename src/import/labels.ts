// Matching printed labels to the official ones (from src/domain/format.ts, never retyped).
// Printed labels differ in brackets, spaces, numbering style ("1、" for "1."), and sometimes in
// wording ("规范性文件" for "行政规范性文件"); an inexact match is still used but reported (R-LBL).

import {
  FORMAT_2019_MARKERS,
  T2_CONTENT_HEADER,
  T2_GROUPS,
  T2_ROWS,
  T3_APPLICANT_HEADER,
  T3_COLS,
  T3_GROUPS,
  T3_NOTE,
  T3_ORG_HEADER,
  T3_RESULT_LABEL,
  T3_ROWS,
  T4_COLS,
  T4_GROUPS,
  T4_LITIGATION_HEADER,
} from '../domain/format.ts';
import { normalizeLabel } from '../domain/text.ts';

/** Leading enumeration: （一） 一、 1. 1、 (1) ①. */
const NUMBERING_RE = /^(?:（[一二三四五六七八九十\d]+）|[一二三四五六七八九十]+[、.]|\d+[.、]|[①-⑳])/;

/** A label without its leading number and trailing colon, in normal form. */
export function labelCore(s: string): string {
  return normalizeLabel(s).replace(NUMBERING_RE, '').replace(/[：:]+$/, '');
}

export interface LabelEntry<K extends string> {
  key: K;
  label: string;
  aliases?: readonly string[];
}
export interface LabelMatch<K extends string> {
  key: K;
  /** The official label. */
  label: string;
  /** True when the printed label equals the official one after normalising brackets/spaces. */
  exact: boolean;
}

const MIN_PARTIAL = 4;

interface Prepared<K extends string> {
  entry: LabelEntry<K>;
  normal: string;
  cores: string[];
}
/** Entry lists are module constants: normalise their labels once, not on every cell. */
const prepared = new WeakMap<readonly LabelEntry<string>[], Prepared<string>[]>();
function prepare<K extends string>(entries: readonly LabelEntry<K>[]): Prepared<K>[] {
  let p = prepared.get(entries);
  if (!p) {
    p = entries.map((entry) => ({
      entry,
      normal: normalizeLabel(entry.label),
      cores: [labelCore(entry.label), ...(entry.aliases ?? []).map(labelCore)],
    }));
    prepared.set(entries, p);
  }
  return p as Prepared<K>[];
}

/** Find which entry a printed label stands for; null when none or more than one fits. */
export function matchLabel<K extends string>(text: string, entries: readonly LabelEntry<K>[]): LabelMatch<K> | null {
  const n = normalizeLabel(text);
  if (!n) return null;
  const list = prepare(entries);
  for (const p of list) if (p.normal === n) return { key: p.entry.key, label: p.entry.label, exact: true };
  const c = labelCore(text);
  if (!c) return null;
  for (const p of list) if (p.cores.includes(c)) return { key: p.entry.key, label: p.entry.label, exact: false };
  if (c.length < MIN_PARTIAL) return null;
  const partial = list.filter((p) => {
    const ec = p.cores[0]!;
    return ec.length >= MIN_PARTIAL && (ec.startsWith(c) || c.startsWith(ec));
  });
  if (partial.length === 1) return { key: partial[0]!.entry.key, label: partial[0]!.entry.label, exact: false };
  if (partial.length === 0 && c.length >= MIN_FUZZY) return fuzzyMatch(c, list);
  return null;
}

const MIN_FUZZY = 6;
/**
 * A printed label with a few characters dropped or mistyped ("2.其他法律行政止公开", as a real
 * WPS-made report prints it): the one entry that shares most of its characters in order (≥ 75%
 * of the longer label, clearly ahead of the next). Only labels that start alike and differ in
 * length by a few characters are compared, so an unknown row costs next to nothing.
 */
function fuzzyMatch<K extends string>(c: string, list: readonly Prepared<K>[]): LabelMatch<K> | null {
  let best: { p: Prepared<K>; score: number } | null = null;
  let second = 0;
  for (const p of list) {
    for (const ec of p.cores) {
      if (ec.length < MIN_FUZZY || ec.slice(0, 2) !== c.slice(0, 2) || Math.abs(ec.length - c.length) > 4) continue;
      const score = lcsLength(c, ec) / Math.max(c.length, ec.length);
      if (!best || score > best.score) {
        if (best && best.p !== p) second = Math.max(second, best.score);
        best = { p, score };
      } else if (best.p !== p) second = Math.max(second, score);
    }
  }
  if (!best || best.score < 0.75 || best.score - second < 0.1) return null;
  return { key: best.p.entry.key, label: best.p.entry.label, exact: false };
}

function lcsLength(a: string, b: string): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    prev = cur;
  }
  return prev[b.length]!;
}

// --- 表二 -------------------------------------------------------------------------------------

export const T2_ROW_ENTRIES: readonly LabelEntry<string>[] = T2_ROWS.map((r) => ({
  key: r.key,
  label: r.label,
  aliases: r.key === 'normativeDocs' ? ['规范性文件'] : undefined,
}));
/** Column labels of 表二 (keys are the column keys: issued, repealed, valid, decisions, amountWanYuan). */
export const T2_COL_ENTRIES: readonly LabelEntry<string>[] = (() => {
  const byKey = new Map<string, LabelEntry<string>>();
  for (const g of T2_GROUPS) {
    for (const c of g.cols as readonly { key: string; label: string }[]) {
      byKey.set(c.key, {
        key: c.key,
        label: c.label,
        aliases: c.key === 'amountWanYuan' ? ['本年收费金额', '本年收费金额（万元）'] : undefined,
      });
    }
  }
  return [...byKey.values()];
})();
export const T2_CONTENT_ENTRY: readonly LabelEntry<'content'>[] = [{ key: 'content', label: T2_CONTENT_HEADER }];

/** "第二十条第（五）项" → "（五）"; null when the text is not a 第二十条 article row. */
export function t2ArticleOf(text: string): string | null {
  const m = /第二十条第?(（[一二三四五六七八九十]+）)项?/.exec(normalizeLabel(text));
  return m ? m[1]! : null;
}
export function t2GroupByArticle(article: string) {
  return T2_GROUPS.find((g) => normalizeLabel(g.article).includes(article)) ?? null;
}

// --- 表三 -------------------------------------------------------------------------------------

export const T3_ROW_ENTRIES: readonly LabelEntry<string>[] = T3_ROWS.map((r) => ({
  key: r.key,
  label: r.label,
  aliases: r.key === 'r3_2_partial' ? ['部分公开'] : undefined,
}));
/** Labels that only give context to the rows they span (三、本年度办理结果, （三）不予公开…). */
export const T3_CONTEXT_ENTRIES: readonly LabelEntry<string>[] = [
  { key: 'r3', label: T3_RESULT_LABEL },
  ...T3_GROUPS.map((g) => ({ key: g.key, label: g.label })),
];
export const T3_COL_ENTRIES: readonly LabelEntry<string>[] = T3_COLS.map((c) => ({
  key: c.key,
  label: c.label,
  aliases: c.key === 'total' ? ['合计'] : undefined,
}));
export const T3_HEADER_ENTRIES: readonly LabelEntry<string>[] = [
  { key: 'note', label: T3_NOTE },
  { key: 'applicant', label: T3_APPLICANT_HEADER },
  { key: 'org', label: T3_ORG_HEADER },
];

// --- 表四 -------------------------------------------------------------------------------------

export const T4_GROUP_ENTRIES: readonly LabelEntry<string>[] = T4_GROUPS.map((g) => ({ key: g.key, label: g.label }));
export const T4_COL_ENTRIES: readonly LabelEntry<string>[] = T4_COLS.map((c) => ({
  key: c.key,
  label: c.label,
  aliases:
    c.key === 'upheld'
      ? ['维持']
      : c.key === 'corrected'
        ? ['纠正']
        : c.key === 'other'
          ? ['其他']
          : c.key === 'pending'
            ? ['未审结']
            : ['合计'],
}));

// --- 2019 format ------------------------------------------------------------------------------

const MARKERS_NORMAL = FORMAT_2019_MARKERS.map((m) => [m, normalizeLabel(m)] as const);
/** The 2019-format markers (R-FMT-VERSION) a printed label contains. */
export function format2019MarkersIn(text: string): string[] {
  const n = normalizeLabel(text);
  return MARKERS_NORMAL.filter(([, m]) => n.includes(m)).map(([m]) => m);
}
