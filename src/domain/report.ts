// The plain Report value (DESIGN.md §5) and the one `restore` step that turns outside data
// (a JSON file, a stored row, a message) into a Report or a Chinese error — never a crash,
// never a half-filled value. `null` in a cell means 未填, never 0.

import { ISO_DATE_RE } from './beijing-time.ts';
import {
  CELL_DEFS,
  CELL_KEYS,
  FORMAT_ID,
  REPORT_TITLE_SUFFIX,
  SECTION_IDS,
  UNIT_TYPES,
  isCellKey,
  type CellKey,
  type SectionId,
  type UnitType,
} from './format.ts';

export type Cells = Record<CellKey, number | null>;
export type Sections = Record<SectionId, string>;

export interface Report {
  format: typeof FORMAT_ID;
  unit: { name: string; type: UnitType };
  year: number;
  title: string;
  sections: Sections;
  cells: Cells;
  /** Publication deadline, YYYY-MM-DD (default: 1月31日 of the following year). */
  deadline?: string;
  /** Date the report was published, YYYY-MM-DD, once it is. */
  publishedOn?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

export function defaultTitle(unitName: string, year: number): string {
  return `${unitName}${year}年${REPORT_TITLE_SUFFIX}`;
}
export function defaultDeadline(year: number): string {
  return `${year + 1}-01-31`;
}

// Copied by spread: building 200 entries with Object.fromEntries on every call cost ~2× as much
// (the CLI makes one per file it reads).
const EMPTY_CELLS = Object.freeze(Object.fromEntries(CELL_KEYS.map((k) => [k, null]))) as Readonly<Cells>;
export function emptyCells(): Cells {
  return { ...EMPTY_CELLS };
}
export function emptySections(): Sections {
  return Object.fromEntries(SECTION_IDS.map((id) => [id, ''])) as Sections;
}

export function emptyReport(init: { name: string; type: UnitType; year: number; title?: string }): Report {
  return {
    format: FORMAT_ID,
    unit: { name: init.name, type: init.type },
    year: init.year,
    title: init.title ?? defaultTitle(init.name, init.year),
    sections: emptySections(),
    cells: emptyCells(),
    deadline: defaultDeadline(init.year),
  };
}

/**
 * The value a derived cell should have: the sum of its filled parts, or null when no part is
 * filled. (Unfilled parts are reported by R-TYPE-INT; the sum still helps while typing.)
 */
export function derivedValue(cells: Cells, parts: readonly CellKey[]): number | null {
  let sum = 0;
  let any = false;
  for (const p of parts) {
    const v = cells[p];
    if (v != null) {
      sum += v;
      any = true;
    }
  }
  return any ? sum : null;
}

/** A copy of `cells` with every derived sum recomputed from its parts. */
export function withDerived(cells: Cells): Cells {
  const out = { ...cells };
  // Row totals of 表三 depend on (七) for the (七) row, so compute (七) parts first.
  for (const def of CELL_DEFS) {
    if (def.derived && def.row === 'r3_7_total' && def.col !== 'total') out[def.key] = derivedValue(out, def.parts!);
  }
  for (const def of CELL_DEFS) {
    if (def.derived && !(def.row === 'r3_7_total' && def.col !== 'total')) out[def.key] = derivedValue(out, def.parts!);
  }
  return out;
}


function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return '数组';
  if (typeof v === 'string') return `文字“${v.length > 20 ? v.slice(0, 20) + '…' : v}”`;
  return typeof v === 'object' ? '对象' : String(v);
}

/**
 * Restore a Report from untrusted data. Accepts only the contract's shape; anything else is
 * an error naming the first problem found. Missing cells and sections are 未填/empty; derived
 * cells are kept as given (the validator compares them with their parts).
 */
export function restoreReport(data: unknown): Result<Report> {
  return restore(data, false);
}

/** ownsCells: `data` was made for this call alone (fresh from JSON.parse), so its cells may be kept. */
function restore(data: unknown, ownsCells: boolean): Result<Report> {
  const fail = (error: string): Result<Report> => ({ ok: false, error });
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail('不是一份报告：顶层应为对象。');
  const o = data as Record<string, unknown>;
  if (o.format !== FORMAT_ID) {
    return fail(
      o.format === undefined
        ? `缺少格式标识 format（应为“${FORMAT_ID}”）。`
        : `不支持的格式“${String(o.format)}”，只支持 2021 年版格式（${FORMAT_ID}）。`,
    );
  }
  const unit = o.unit as Record<string, unknown> | undefined;
  if (typeof unit !== 'object' || unit === null) return fail('缺少单位信息 unit。');
  if (typeof unit.name !== 'string' || !unit.name.trim()) return fail('单位名称 unit.name 不能为空。');
  if (!UNIT_TYPES.includes(unit.type as UnitType)) {
    return fail(`单位类型 unit.type 应为 ${UNIT_TYPES.join('、')} 之一，实际是 ${describe(unit.type)}。`);
  }
  if (typeof o.year !== 'number' || !Number.isInteger(o.year) || o.year < 2000 || o.year > 2100) {
    return fail(`报告年度 year 应为 2000–2100 之间的整数，实际是 ${describe(o.year)}。`);
  }
  if (o.title !== undefined && typeof o.title !== 'string') return fail('标题 title 应为文字。');

  const sections = emptySections();
  if (o.sections !== undefined) {
    if (typeof o.sections !== 'object' || o.sections === null || Array.isArray(o.sections)) {
      return fail('正文 sections 应为对象。');
    }
    for (const [id, text] of Object.entries(o.sections)) {
      if (!SECTION_IDS.includes(id as SectionId)) return fail(`未知的正文部分“${id}”。`);
      if (typeof text !== 'string') return fail(`正文“${id}”应为文字，实际是 ${describe(text)}。`);
      sections[id as SectionId] = text;
    }
  }

  let cells: Cells;
  if (o.cells === undefined) cells = emptyCells();
  else {
    if (typeof o.cells !== 'object' || o.cells === null || Array.isArray(o.cells)) {
      return fail('表格数据 cells 应为对象。');
    }
    const checked = restoreCells(o.cells as Record<string, unknown>, ownsCells);
    if (typeof checked === 'string') return fail(checked);
    cells = checked;
  }

  for (const field of ['deadline', 'publishedOn'] as const) {
    const v = o[field];
    if (v !== undefined && (typeof v !== 'string' || !ISO_DATE_RE.test(v))) {
      return fail(`${field === 'deadline' ? '截止日期 deadline' : '发布日期 publishedOn'} 应为 YYYY-MM-DD，实际是 ${describe(v)}。`);
    }
  }

  const name = unit.name.trim();
  const report: Report = {
    format: FORMAT_ID,
    unit: { name, type: unit.type as UnitType },
    year: o.year,
    title: typeof o.title === 'string' && o.title.trim() ? o.title : defaultTitle(name, o.year),
    sections,
    cells,
  };
  if (typeof o.deadline === 'string') report.deadline = o.deadline;
  if (typeof o.publishedOn === 'string') report.publishedOn = o.publishedOn;
  return { ok: true, value: report };
}

/**
 * The cells of a report, checked: a message for the first bad key or value, else a complete
 * Cells. A file this tool wrote holds all 200 keys in official order; then the freshly parsed
 * object (mayKeep: nobody else holds it) is itself the answer — no second object of 200 keys
 * per report (with 1,000 files the copy was a tenth of the CLI's check). Anything else (missing keys, other order) is copied
 * onto the empty template, so every Cells has the same keys in the same order.
 */
function restoreCells(raw: Record<string, unknown>, mayKeep: boolean): Cells | string {
  let i = 0;
  let canonical = true;
  for (const key in raw) {
    const v = raw[key];
    if (!isCellKey(key)) return `未知的单元格“${key}”。`;
    if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) {
      return `单元格“${key}”应为数字或 null（未填），实际是 ${describe(v)}。`;
    }
    if (canonical && CELL_KEYS[i] !== key) canonical = false;
    i++;
  }
  if (mayKeep && canonical && i === CELL_KEYS.length) return raw as Cells;
  const cells = emptyCells();
  for (const key in raw) cells[key as CellKey] = raw[key] as number | null;
  return cells;
}

/** Parse JSON text into a Report, with a Chinese error for broken JSON. */
export function parseReportJSON(text: string): Result<Report> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // The engine's message (“Unexpected token…”) is English and means nothing to a clerk.
    return { ok: false, error: '不是有效的 JSON 文件（内容不完整或有语法错误），无法读取。' };
  }
  return restore(data, true);
}

/** The contract's JSON, cells in official order, derived sums written out as stored. */
export function reportToJSON(report: Report): string {
  const cells: Record<string, number | null> = {};
  for (const k of CELL_KEYS) cells[k] = report.cells[k] ?? null;
  const sections: Record<string, string> = {};
  for (const id of SECTION_IDS) sections[id] = report.sections[id] ?? '';
  const out: Record<string, unknown> = {
    format: FORMAT_ID,
    unit: { name: report.unit.name, type: report.unit.type },
    year: report.year,
    title: report.title,
    sections,
    cells,
  };
  if (report.deadline) out.deadline = report.deadline;
  if (report.publishedOn) out.publishedOn = report.publishedOn;
  return JSON.stringify(out, null, 2) + '\n';
}
