// Typing into a report field kept in the doc's meta (title, 单位名称, 报告年度, 截止日期): the
// same rule as cells and prose — write the change she made against what the field showed when
// she began editing it, never her whole field over a colleague's change she was not shown.
// Meta fields are single values (last writer wins when two offices edit offline), so a change a
// colleague made while she typed is kept: hers is merged into it when the two touch different
// parts of the text, and otherwise not written (she is told, and her text stays in the field
// for her to look at and commit again). Pure: the editor state and the tests use it.

import { applyChange, diffAt } from '../doc/text-delta.ts';

export type FieldPlan = { kind: 'none' } | { kind: 'write'; value: string } | { kind: 'theirs'; theirs: string };

/** What to write, given what she was shown, what she typed and what the doc holds now. */
export function planFieldEdit(shown: string, mine: string, now: string, opts: { atomic?: boolean } = {}): FieldPlan {
  if (mine === shown || mine === now) return { kind: 'none' }; // she changed nothing, or agrees
  if (now === shown) return { kind: 'write', value: mine };
  if (opts.atomic) return { kind: 'theirs', theirs: now }; // a year or a date is one value
  // Both changed it: merge when her change and theirs touch different parts of the text.
  const theirs = diffAt(shown, now);
  const hers = diffAt(shown, mine);
  const theirsEnd = theirs.index + theirs.remove;
  const hersEnd = hers.index + hers.remove;
  if (theirsEnd < hers.index) {
    return { kind: 'write', value: applyChange(now, { ...hers, index: hers.index + theirs.insert.length - theirs.remove }) };
  }
  if (hersEnd < theirs.index) return { kind: 'write', value: applyChange(now, hers) };
  return { kind: 'theirs', theirs: now };
}
