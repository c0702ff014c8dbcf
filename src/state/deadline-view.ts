// Days to a report's deadline as the library shows them (pure; no doc, so the report list's
// first load stays free of Yjs).

/** Days from today to the deadline (both YYYY-MM-DD, Beijing dates): negative when past. */
export function daysLeft(deadline: string, today: string): number | null {
  const d = (s: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000 : null;
  };
  const a = d(deadline);
  const b = d(today);
  return a === null || b === null ? null : Math.round(a - b);
}

export function describeDaysLeft(n: number | null, published: boolean): string {
  if (published) return '已发布';
  if (n === null) return '—';
  if (n < 0) return `已过 ${-n} 天`;
  if (n === 0) return '今天截止';
  return `还有 ${n} 天`;
}
