// Dates and times are Beijing's whatever the PC's time zone: run with TZ far from +8 (Honolulu,
// −10), where the old helpers that used local time (readMeta's default year, the library's and
// the share list's times, the 新建 dialog's year) were 18 hours off.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { beijingYear, chineseDate, formatDateTime, formatWhen, todayInBeijing } from '../../src/domain/beijing-time.ts';
import { readMeta } from '../../src/doc/report-doc.ts';

const savedTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Pacific/Honolulu';
});
afterAll(() => {
  process.env.TZ = savedTz;
  vi.useRealTimers();
});

// 2026-01-01 02:30 in Beijing = 2025-12-31 18:30 UTC = 2025-12-31 08:30 in Honolulu.
const NEW_YEAR_IN_BEIJING = Date.UTC(2025, 11, 31, 18, 30);

describe('Beijing time under TZ=Pacific/Honolulu', () => {
  it('the test really runs far from +8 (local time disagrees with Beijing)', () => {
    const local = new Date(NEW_YEAR_IN_BEIJING);
    expect(local.getTimezoneOffset()).toBe(600);
    expect(local.getFullYear()).toBe(2025);
    expect(local.getHours()).toBe(8);
  });

  it('today, the year, and times are Beijing’s', () => {
    expect(todayInBeijing(NEW_YEAR_IN_BEIJING)).toBe('2026-01-01');
    expect(beijingYear(NEW_YEAR_IN_BEIJING)).toBe(2026);
    expect(formatWhen(NEW_YEAR_IN_BEIJING)).toBe('1月1日 02:30');
    expect(formatDateTime(NEW_YEAR_IN_BEIJING)).toBe('2026-01-01 02:30');
    expect(chineseDate('2026-01-20')).toBe('2026年1月20日');
    expect(chineseDate('不是日期')).toBe('不是日期');
  });

  it('a doc without a year reads as last year in Beijing, not in the PC’s zone', () => {
    vi.useFakeTimers({ now: NEW_YEAR_IN_BEIJING });
    const meta = readMeta(new Y.Doc());
    vi.useRealTimers();
    expect(meta.year).toBe(2025);
    expect(meta.deadline).toBe('2026-01-31');
  });
});
