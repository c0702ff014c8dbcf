import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { nextYearReport } from '../../src/domain/next-year.ts';
import { parseReportJSON } from '../../src/domain/report.ts';
import { validate } from '../../src/domain/validate.ts';
import { TYPED_CELL_KEYS } from '../../src/domain/format.ts';

const seed = parseReportJSON(readFileSync(new URL('../fixtures/xiaye-town-2023.expected.json', import.meta.url), 'utf8'));
if (!seed.ok) throw new Error(seed.error);
const prev = { ...seed.value, sections: { ...seed.value.sections, s5: '我镇政府信息公开工作还存在一些问题：一是公开不够及时，二是解读形式单一，三是工作人员业务不熟练。下一步，我镇将加强培训，完善制度，丰富解读形式，提高公开的及时性和准确性。' } };
prev.cells = { ...prev.cells, 't3.r4_carryOut.np': 3, 't3.r4_carryOut.legal': 1, 't3.r4_carryOut.total': 4 };

describe('nextYearReport', () => {
  const next = nextYearReport(prev);

  it('moves to the next year with its own title and deadline', () => {
    expect(next.year).toBe(2024);
    expect(next.title).toBe('下冶镇人民政府2024年政府信息公开工作年度报告');
    expect(next.deadline).toBe('2025-01-31');
    expect(next.unit).toEqual(prev.unit);
  });

  it('carries 结转下年度 into 上年结转 and leaves every other typed number 未填', () => {
    expect(next.cells['t3.r2_carryIn.np']).toBe(3);
    expect(next.cells['t3.r2_carryIn.legal']).toBe(1);
    expect(next.cells['t3.r2_carryIn.total']).toBe(4);
    const filled = TYPED_CELL_KEYS.filter((k) => next.cells[k] !== null && !k.startsWith('t3.r2_carryIn.'));
    expect(filled).toEqual([]);
    const findings = validate(next, { previous: prev });
    expect(findings.filter((f) => f.rule === 'R-X-CARRY')).toEqual([]);
  });

  it('carries the prose over, and the copied-text rule says so until it is rewritten', () => {
    expect(next.sections.s5).toBe(prev.sections.s5);
    const dup = validate(next, { previous: prev }).filter((f) => f.rule === 'R-X-DUP');
    expect(dup.length).toBeGreaterThan(0);
  });
});
