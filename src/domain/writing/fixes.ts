// 修正: for a finding whose right text is certain, the change that repairs it, as data — before,
// after and the edits — so the UI can show before → after and the doc layer applies it as one
// operation (src/doc/text-fix.ts). Pure: a finding and the report in, a Fix or null out.
//
// null means "no certain fix": the UI says 需人工修改 rather than guess. Every fix is checked
// against the rule that raised the finding: applied to a copy of the report, the finding must be
// gone, or no fix is offered. Which findings have fixes and why: docs/writing.md.

import { CELL_DEFS, cellDef, type CellKey, type SectionId, type TableId } from '../format.ts';
import type { Finding } from '../finding.ts';
import { extractNumbers } from '../prose.ts';
import { defaultTitle, type Report } from '../report.ts';
import { restateZero } from './generate.ts';
import { tableValueOf, txtNum } from '../rules/text-numbers.ts';
import { TEXT_RULES, WRONG_CITATIONS, staleYears } from '../rules/text.ts';
import { TYPE_RULES } from '../rules/types.ts';
import type { Rule } from '../rules/rule.ts';
import { num } from '../rules/rule.ts';

/** Replace `expect` (the text now at `index`) by `insert`. */
export interface TextEdit {
  index: number;
  expect: string;
  insert: string;
}

export type FixEdits =
  | { kind: 'text'; section: SectionId; edits: TextEdit[] }
  | { kind: 'title'; title: string }
  | { kind: 'fill-zero'; table: TableId; cells: CellKey[] };

export interface Fix {
  /** The button's name: 修正, or 按表格更新正文 for a number in the prose. */
  action: '修正' | '按表格更新正文';
  /** The operation's name, for the notice and the undo stack: "更新正文数字". */
  name: string;
  before: string;
  after: string;
  /** Asked before applying (filling 未填 cells with 0 says that nothing was there). */
  confirm?: string;
  change: FixEdits;
}

const RULES: readonly Rule[] = [txtNum, ...TEXT_RULES, ...TYPE_RULES];
const TABLE_NAMES: Record<TableId, string> = { t2: '表二', t3: '表三', t4: '表四' };
/** Doubled characters that are always a slip ("不了了之", "目的的" make 了了 and 的的 uncertain). */
const CERTAIN_DOUBLES: ReadonlySet<string> = new Set(['，，', '。。', '、、', '；；', '在在', '和和', '与与', '及及', '将将']);
/** Characters of context shown around a text change. */
const CONTEXT = 12;

/** The certain fix for `finding` in `report`, or null (需人工修改). */
export function fixFor(finding: Finding, report: Report): Fix | null {
  const fix = propose(finding, report);
  return fix && removes(finding, fix, report) ? fix : null;
}

function propose(f: Finding, report: Report): Fix | null {
  const section = f.sections[0];
  switch (f.rule) {
    case 'R-TXT-NUM':
      return section && f.span && f.severity === 'error' ? numberFix(report, section, f.span.start) : null;
    case 'R-CITE':
      return section ? citationFix(report, section, f.message) : null;
    case 'R-TITLE': {
      const title = defaultTitle(report.unit.name, report.year);
      return { action: '修正', name: '修正标题', before: report.title, after: title, change: { kind: 'title', title } };
    }
    case 'R-TXT-YEAR':
      return f.span ? yearFix(report, section ?? null, f.span.start) : null;
    case 'R-TXT-LINT':
      return section && f.span ? doubledFix(report, section, f.span) : null;
    case 'R-TYPE-INT':
      return f.unfinished ? fillZeroFix(f) : null;
    default:
      return null;
  }
}

function textFix(report: Report, section: SectionId, edits: TextEdit[], action: Fix['action'], name: string): Fix {
  const text = report.sections[section] ?? '';
  const first = edits[0]!;
  const last = edits[edits.length - 1]!;
  const from = Math.max(0, first.index - CONTEXT);
  const to = Math.min(text.length, last.index + last.expect.length + CONTEXT);
  const before = text.slice(from, to);
  const after = applyEdits(text, edits).slice(from, to + edits.reduce((d, e) => d + e.insert.length - e.expect.length, 0));
  const dots = (s: string): string => (from > 0 ? '…' : '') + s + (to < text.length ? '…' : '');
  return { action, name, before: dots(before), after: dots(after), change: { kind: 'text', section, edits } };
}

/** The text with `edits` (sorted by index, not overlapping) applied. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (let i = edits.length - 1; i >= 0; i--) {
    const e = edits[i]!;
    out = out.slice(0, e.index) + e.insert + out.slice(e.index + e.expect.length);
  }
  return out;
}

function numberFix(report: Report, section: SectionId, start: number): Fix | null {
  const text = report.sections[section] ?? '';
  const said = extractNumbers(text).find((p) => (p.number ? p.number.start : p.start) === start);
  if (!said) return null;
  if (!said.number) {
    // A zero in words that is a count now: "未收到…申请" → "收到…申请5件".
    const r = restateZero(text, start, report);
    return r ? textFix(report, section, [{ index: start, ...r }], '按表格更新正文', '按表格更新正文') : null;
  }
  const value = tableValueOf(report, said.quantity);
  if (value === null || value === said.value) return null;
  const edit = { index: start, expect: text.slice(start, said.number.end), insert: num(value) };
  return textFix(report, section, [edit], '按表格更新正文', '按表格更新正文');
}

function citationFix(report: Report, section: SectionId, message: string): Fix | null {
  const text = report.sections[section] ?? '';
  // The finding names the document it is about by quoting the words it found.
  const of = WRONG_CITATIONS.find(({ re }) => {
    const m = text.match(re);
    return m && message.includes(`“${m[0]}”`);
  })?.of;
  if (!of) return null;
  const edits: TextEdit[] = [];
  for (const c of WRONG_CITATIONS.filter((w) => w.of === of)) {
    for (const m of text.matchAll(new RegExp(c.re.source, 'g'))) edits.push({ index: m.index ?? 0, expect: m[0], insert: c.replaceWith });
  }
  edits.sort((a, b) => a.index - b.index);
  return edits.length ? textFix(report, section, edits, '修正', '修正引用') : null;
}

function yearFix(report: Report, section: SectionId | null, start: number): Fix | null {
  const spots = staleYears(report).filter((s) => s.section === section);
  const found = spots.find((s) => s.start === start)?.found;
  if (found === undefined) return null;
  // Every place this year is flagged in this part (the finding stands for all of them).
  const edits = spots.filter((s) => s.found === found).map((s) => ({ index: s.start, expect: String(found), insert: String(report.year) }));
  if (section === null) {
    const title = applyEdits(report.title, edits);
    return { action: '修正', name: '修正年份', before: report.title, after: title, change: { kind: 'title', title } };
  }
  return textFix(report, section, edits, '修正', '修正年份');
}

function doubledFix(report: Report, section: SectionId, span: { start: number; end: number }): Fix | null {
  const text = report.sections[section] ?? '';
  const d = text.slice(span.start, span.end);
  if (!CERTAIN_DOUBLES.has(d)) return null;
  const edits: TextEdit[] = [];
  for (let i = text.indexOf(d); i >= 0; i = text.indexOf(d, i + d.length)) edits.push({ index: i, expect: d, insert: d[0]! });
  return textFix(report, section, edits, '修正', '删除重复字');
}

function fillZeroFix(f: Finding): Fix | null {
  const table = f.cells.length ? cellDef(f.cells[0]!).table : null;
  if (!table || f.cells.some((k) => cellDef(k).table !== table)) return null;
  const name = TABLE_NAMES[table];
  return {
    action: '修正',
    name: `${name}未填的单元格填0`,
    before: `${name}有${f.cells.length}个单元格未填`,
    after: '这些单元格都填为 0',
    confirm: `确认${name}这${f.cells.length}个未填的单元格都是 0（本年没有发生）？`,
    change: { kind: 'fill-zero', table, cells: [...f.cells] },
  };
}

/** The report after `fix` (what the doc will hold once it is applied, if nothing else changes). */
export function reportAfter(report: Report, fix: Fix): Report {
  const c = fix.change;
  if (c.kind === 'title') return { ...report, title: c.title };
  if (c.kind === 'text') return { ...report, sections: { ...report.sections, [c.section]: applyEdits(report.sections[c.section] ?? '', c.edits) } };
  const cells = { ...report.cells };
  for (const k of c.cells) if (cells[k] == null) cells[k] = 0;
  // Sums of a table whose parts are all filled now: recompute from the parts.
  for (const def of CELL_DEFS) if (def.derived && def.table === c.table) cells[def.key] = def.parts!.reduce((s, p) => s + (cells[p] ?? 0), 0);
  return { ...report, cells };
}

/** The fix is certain only if the rule, run on the repaired report, no longer says this. */
function removes(f: Finding, fix: Fix, report: Report): boolean {
  const rule = RULES.find((r) => r.id === f.rule);
  if (!rule) return false;
  const after = rule.check({ report: reportAfter(report, fix) });
  return !after.some((g) => g.message === f.message && g.sections.join() === f.sections.join());
}

