// Text similarity for R-X-DUP (内容雷同: this year's text copied from last year's).
//
// Choice: Sørensen–Dice coefficient over the multiset of character bigrams. Chinese has no
// spaces, so words are not available without a dictionary; bigrams of characters are the
// usual cheap stand-in and catch copy-with-small-edits well. Dice (rather than Jaccard) gives
// the share of bigrams the two texts have in common, which reads naturally as "N% 相同".
// Before comparing, whitespace and punctuation are dropped and every run of digits becomes
// "#": copying last year's paragraph and only updating the year and the counts is still 雷同.
// Cost: O(length of both texts), one Map.

const NOISE = /[\s\u00a0\u3000\u200b\ufeff\p{P}\p{S}]+/gu;

export function normalizeForSimilarity(text: string): string {
  return text.replace(/[0-9０-９]+/g, '#').replace(NOISE, '');
}

function bigramCounts(s: string): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + 1 < s.length; i++) {
    const g = s.slice(i, i + 2);
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/** Similarity of two texts in whole percent (0–100); 0 when either is shorter than 2 characters. */
export function similarityPercent(a: string, b: string): number {
  const x = normalizeForSimilarity(a);
  const y = normalizeForSimilarity(b);
  if (x.length < 2 || y.length < 2) return 0;
  const ca = bigramCounts(x);
  const cb = bigramCounts(y);
  let common = 0;
  for (const [g, n] of ca) {
    const k = cb.get(g);
    if (k) common += Math.min(n, k);
  }
  const total = x.length - 1 + (y.length - 1);
  return Math.round((200 * common) / total);
}
