import { describe, expect, it } from 'vitest';
import { describePresence, othersByPlace } from '../../src/state/presence.ts';
import type { PresenceEntry } from '../../src/sync/relay.ts';

const entry = (p: Partial<PresenceEntry> & { name: string }): PresenceEntry => ({ clientId: 1, authorId: 'a', self: false, ...p });

describe('presence', () => {
  it('names the cell or section a colleague is on, in Chinese', () => {
    expect(describePresence(entry({ name: '张三', cell: 't3.r1_new.np' }))).toBe('张三（表三「一、本年新收政府信息公开申请数量」自然人）');
    expect(describePresence(entry({ name: '李四', section: 's5' }))).toBe('李四（五、存在的主要问题及改进情况）');
    expect(describePresence(entry({ name: '', section: 'nonsense' }))).toBe('未署名');
  });

  it('groups colleagues by place, leaving out this tab and those on no place', () => {
    const m = othersByPlace([
      entry({ name: '我', self: true, cell: 't3.r1_new.np' }),
      entry({ name: '张三', cell: 't3.r1_new.np' }),
      entry({ name: '李四', cell: 't3.r1_new.np' }),
      entry({ name: '王五', section: 's6' }),
      entry({ name: '赵六' }),
    ]);
    expect(m.get('t3.r1_new.np')).toEqual(['张三', '李四']);
    expect(m.get('s6')).toEqual(['王五']);
    expect(m.size).toBe(2);
  });
});
