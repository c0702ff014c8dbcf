import { describe, expect, it } from 'vitest';
import { describeAppliedPackage } from '../../src/state/package-summary.ts';
import { TYPED_CELL_KEYS } from '../../src/domain/format.ts';
import type { AppliedPackage } from '../../src/sync/exchange.ts';

const base: AppliedPackage = { cells: [], sections: [], meta: false, newConflicts: [], authors: [], changed: true };

describe('describeAppliedPackage', () => {
  it('names the cells, sections, authors and new conflicts', () => {
    const text = describeAppliedPackage({
      ...base,
      cells: ['t3.r1_new.np'],
      sections: ['s5'],
      newConflicts: ['t3.r1_new.np'],
      authors: ['张三', '李四'],
    });
    expect(text).toBe(
      '已导入同步包（来自 张三、李四）：更新了 1 个单元格：表三「一、本年新收政府信息公开申请数量」自然人；1 段正文：五、存在的主要问题及改进情况。其中 1 个单元格出现冲突（表三「一、本年新收政府信息公开申请数量」自然人），请逐个选定。',
    );
  });

  it('keeps long lists short but the counts complete', () => {
    const text = describeAppliedPackage({ ...base, cells: [...TYPED_CELL_KEYS.slice(0, 40)] });
    expect(text).toContain('40 个单元格');
    expect(text).toContain('等');
    expect(text.length).toBeLessThan(300);
  });

  it('says when nothing was new', () => {
    expect(describeAppliedPackage({ ...base, changed: false })).toContain('没有变化');
  });
});
