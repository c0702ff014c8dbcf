import { describe, expect, it } from 'vitest';
import { chineseDate, errorsBeforePrint } from '../../src/state/print-options.ts';
import type { Finding } from '../../src/domain/finding.ts';

describe('print options', () => {
  it('writes the 成文日期 in the official form', () => {
    expect(chineseDate('2024-01-20')).toBe('2024年1月20日');
    expect(chineseDate('2024-12-05')).toBe('2024年12月5日');
    expect(chineseDate('昨天')).toBe('昨天');
  });

  it('lists only errors before printing', () => {
    const f = (severity: Finding['severity']): Finding => ({ rule: 'R-S5', severity, cells: [], sections: [], message: severity });
    expect(errorsBeforePrint([f('warning'), f('error'), f('info')]).map((x) => x.message)).toEqual(['error']);
  });
});
