// 雷同 made visible: the sentences of a part carried over unchanged from last year's report.
// "Unchanged" as R-X-DUP compares (similarity.ts): spaces and punctuation ignored and every run
// of digits the same "#", so a sentence whose only change is the year or a count still counts —
// that is exactly the copy supervisors criticise. A sentence rewritten in any word loses its mark.

import type { Report } from '../report.ts';
import { DUP_PARTS } from '../rules/cross-year.ts';
import { normalizeForSimilarity, similarityPercent } from '../similarity.ts';

/** Shorter sentences ("无。", "详见下表。") repeat in every report and say nothing about copying. */
const MIN_CHARS = 8;

export interface Span {
  start: number;
  end: number;
}

/** Sentences: up to and including 。！？； or a line end (the mark covers the full stop too). */
export function sentences(text: string): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(/[^。！？；!?;\n]+[。！？；!?;]?/g)) {
    const start = m.index ?? 0;
    // Leading spaces are not part of the sentence's mark.
    const lead = m[0].match(/^\s*/)![0].length;
    if (m[0].trim()) out.push({ start: start + lead, end: start + m[0].length });
  }
  return out;
}

const keysCache = new WeakMap<readonly string[], Set<string>>();

function keysOf(previous: readonly string[]): Set<string> {
  let keys = keysCache.get(previous);
  if (!keys) {
    keys = new Set();
    for (const text of previous) {
      for (const s of sentences(text)) {
        const k = normalizeForSimilarity(text.slice(s.start, s.end));
        if (k.length >= MIN_CHARS) keys.add(k);
      }
    }
    keysCache.set(previous, keys);
  }
  return keys;
}

/** The sentences of `text` that appear unchanged in any of last year's texts. */
export function carriedOver(text: string, previous: readonly string[]): Span[] {
  if (!text || previous.length === 0) return [];
  const keys = keysOf(previous);
  return sentences(text).filter((s) => keys.has(normalizeForSimilarity(text.slice(s.start, s.end))));
}

/** Similarity with last year per part of R-X-DUP (一, 五, 六), in whole percent; parts empty this year are left out. */
export function similarityByPart(report: Report, previous: Report): { name: string; percent: number }[] {
  const out: { name: string; percent: number }[] = [];
  for (const part of DUP_PARTS) {
    const now = part.ids.map((id) => report.sections[id] ?? '').join('\n');
    if (!now.trim()) continue;
    out.push({ name: part.name, percent: similarityPercent(now, part.ids.map((id) => previous.sections[id] ?? '').join('\n')) });
  }
  return out;
}
