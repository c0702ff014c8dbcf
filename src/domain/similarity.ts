// Text similarity for R-X-DUP (内容雷同: this year's text copied from last year's).
//
// Choice: Sørensen–Dice coefficient over the multiset of character bigrams. Chinese has no
// spaces, so words are not available without a dictionary; bigrams of characters are the
// usual cheap stand-in and catch copy-with-small-edits well. Dice (rather than Jaccard) gives
// the share of bigrams the two texts have in common, which reads naturally as "N% 相同".
// Before comparing, whitespace and punctuation are dropped and every run of digits becomes
// "#": copying last year's paragraph and only updating the year and the counts is still 雷同.
// Cost: O(n log n) in the length of the texts (a sort of integer bigram codes), cached per text.

const NOISE = /[\s\u00a0\u3000\u200b\ufeff\p{P}\p{S}]+/gu;

export function normalizeForSimilarity(text: string): string {
  return text.replace(/[0-9０-９]+/g, '#').replace(NOISE, '');
}

/**
 * The text's bigrams as sorted numbers (two UTF-16 units → one uint32), so that counting the
 * common ones is a merge of two sorted arrays — no string per bigram, no Map. The last few
 * results are kept: in the editor last year's text is the same on every keystroke.
 */
const cache = new Map<string, Uint32Array>();
const CACHE_SIZE = 8;

/** Sorted bigram codes of the *normalised* text `raw`; the cache is keyed by the raw text. */
function sortedBigrams(raw: string): Uint32Array {
  const hit = cache.get(raw);
  if (hit) return hit;
  const s = normalizeForSimilarity(raw);
  const out = new Uint32Array(Math.max(0, s.length - 1));
  for (let i = 0; i + 1 < s.length; i++) out[i] = ((s.charCodeAt(i) << 16) | s.charCodeAt(i + 1)) >>> 0;
  out.sort();
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(raw, out);
  return out;
}

/** Length of the text as compared (no spaces, no punctuation), from the same cache. */
export function comparableLength(text: string): number {
  const n = sortedBigrams(text).length;
  return n === 0 ? normalizeForSimilarity(text).length : n + 1;
}

/** Similarity of two texts in whole percent (0–100); 0 when either is shorter than 2 characters. */
export function similarityPercent(a: string, b: string): number {
  const ga = sortedBigrams(a);
  const gb = sortedBigrams(b);
  if (ga.length === 0 || gb.length === 0) return 0;
  // Multiset intersection size by merging the sorted arrays.
  let common = 0;
  for (let i = 0, j = 0; i < ga.length && j < gb.length; ) {
    if (ga[i] === gb[j]) {
      common++;
      i++;
      j++;
    } else if (ga[i]! < gb[j]!) i++;
    else j++;
  }
  return Math.round((200 * common) / (ga.length + gb.length));
}
