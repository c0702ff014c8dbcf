// Dates and times as the clerks read them: Beijing time (UTC+8, no daylight saving), whatever
// time zone the PC is set to. Deadlines, "today", the default report year and the "who wrote
// what when" of a conflict are all Beijing dates; one module so that none of them slips back to
// the machine's local time (a PC left on UTC shows 8 hours off, and dates flip at 16:00).

const BEIJING_OFFSET_MS = 8 * 3600_000;

/** The Beijing wall-clock fields of an instant (epoch ms). */
export function beijingParts(at: number): { year: number; month: number; day: number; hour: number; minute: number } {
  const d = new Date(at + BEIJING_OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Today in Beijing time, YYYY-MM-DD (deadlines are Beijing dates). */
export function todayInBeijing(now = Date.now()): string {
  const p = beijingParts(now);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** The year now in Beijing. */
export function beijingYear(now = Date.now()): number {
  return beijingParts(now).year;
}

/** "11月3日 10:20", Beijing time. */
export function formatWhen(at: number): string {
  const p = beijingParts(at);
  return `${p.month}月${p.day}日 ${pad(p.hour)}:${pad(p.minute)}`;
}

/** "2024-11-03 10:20", Beijing time (lists where the year matters). */
export function formatDateTime(at: number): string {
  const p = beijingParts(at);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** "2024-01-20" → "2024年1月20日" (成文日期 in Arabic numerals, GB/T 9704); anything else as given. */
export function chineseDate(iso: string): string {
  const m = ISO_DATE_RE.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

/** YYYY-MM-DD, the one date pattern of the report format (deadline, publishedOn). */
export const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
