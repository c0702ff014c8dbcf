// What a screen reader reads for a cell's finding marks: the severity word of the finding
// (SEVERITY_LABELS), so an info finding is announced as 提示 — CellInput used to say 警告 for
// anything that was not an error. Renders the real component (Svelte's server renderer); the
// editor is reduced to the fields the component reads.
import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import CellInput from '../../src/ui/CellInput.svelte';
import type { Finding, RuleId } from '../../src/domain/finding.ts';
import type { CellKey } from '../../src/domain/format.ts';

function editorWith(key: CellKey, findings: Finding[]) {
  return {
    views: { [key]: { state: { value: 5, conflict: null }, value: null, findings } },
    refused: {},
    othersAt: new Map(),
    colleagueEdits: {},
    review: { locked: false, threads: [] },
  };
}

const finding = (severity: Finding['severity'], rule: RuleId, message: string): Finding => ({ rule, severity, cells: ['t3.r1_new.np'], sections: [], message });

describe('CellInput finding marks', () => {
  it('announce each finding with its own severity word', () => {
    const key: CellKey = 't3.r1_new.np';
    const findings = [
      finding('info', 'R-X-JUMP', '新收申请比上年增加200%'),
      finding('warning', 'R-TXT-NUM', '数字与正文不一致'),
      finding('error', 'R-T3-ROWSUM', '合计不等于各项之和'),
    ];
    const { body } = render(CellInput, { props: { editor: editorWith(key, findings) as never, key } });
    const hidden = [...body.matchAll(/<span class="visually-hidden[^"]*">([^<]*)<\/span>/g)].map((m) => m[1]);
    // Each mark is a link to its rule in 填报说明, so it ends with 为什么？.
    expect(hidden).toEqual(['提示：新收申请比上年增加200% 为什么？', '警告：数字与正文不一致 为什么？', '错误：合计不等于各项之和 为什么？']);
    expect(body).toContain('href="#/help/rule-R-T3-ROWSUM"');
    // The title (tooltip) lists them with the same words.
    expect(body).toContain('提示：新收申请比上年增加200%');
    expect(body).not.toContain('警告：新收申请');
  });
});
