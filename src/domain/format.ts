// The 2021 national format (国办公开办函〔2021〕30号) as data: headings, narrative sections,
// the 200 cell keys with their exact labels, and the merged-cell geometry of 表二/表三/表四.
// This is the single source of truth: the editor, the printer, the importers, the exporters
// and the validator all read labels and geometry from here. Never retype a label elsewhere.
// Source: ../shared/spec/format-2021.md §3–4.

export const FORMAT_ID = 'gov-info-disclosure-annual-report/2021' as const;

// ---------------------------------------------------------------------------------------------
// Headings and narrative sections

export const HEADINGS = [
  '一、总体情况',
  '二、主动公开政府信息情况',
  '三、收到和处理政府信息公开申请情况',
  '四、政府信息公开行政复议、行政诉讼情况',
  '五、存在的主要问题及改进情况',
  '六、其他需要报告的事项',
] as const;
export type Heading = (typeof HEADINGS)[number];

export const SECTION_IDS = [
  'preamble',
  's1.intro',
  's1.proactive',
  's1.request',
  's1.management',
  's1.platform',
  's1.oversight',
  's5',
  's6',
] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export interface SectionDef {
  id: SectionId;
  /** Name shown to the user (editor label, findings). */
  name: string;
  /** Sub-heading printed above the text, if the section has one of its own. */
  heading?: string;
  /** Index into HEADINGS of the level-1 heading this section sits under (null: before 一). */
  under: number | null;
  optional: boolean;
}

export const SECTIONS: readonly SectionDef[] = [
  { id: 'preamble', name: '前言', under: null, optional: true },
  { id: 's1.intro', name: '一、总体情况（综述）', under: 0, optional: true },
  { id: 's1.proactive', name: '（一）主动公开', heading: '（一）主动公开', under: 0, optional: false },
  { id: 's1.request', name: '（二）依申请公开', heading: '（二）依申请公开', under: 0, optional: false },
  { id: 's1.management', name: '（三）政府信息管理', heading: '（三）政府信息管理', under: 0, optional: false },
  { id: 's1.platform', name: '（四）政府信息公开平台建设', heading: '（四）政府信息公开平台建设', under: 0, optional: false },
  { id: 's1.oversight', name: '（五）监督保障', heading: '（五）监督保障', under: 0, optional: false },
  { id: 's5', name: '五、存在的主要问题及改进情况', under: 4, optional: false },
  { id: 's6', name: '六、其他需要报告的事项', under: 5, optional: false },
];
export const SECTION_BY_ID: Readonly<Record<SectionId, SectionDef>> = Object.fromEntries(
  SECTIONS.map((s) => [s.id, s]),
) as Record<SectionId, SectionDef>;

/** The five aspects that 一、总体情况 must cover, in order (format [C]). */
export const S1_PARTS = ['s1.proactive', 's1.request', 's1.management', 's1.platform', 's1.oversight'] as const;

export const REPORT_TITLE_SUFFIX = '政府信息公开工作年度报告';

// ---------------------------------------------------------------------------------------------
// Unit types

export const UNIT_TYPES = ['township', 'county', 'city', 'province', 'department'] as const;
export type UnitType = (typeof UNIT_TYPES)[number];
export const UNIT_TYPE_LABELS: Readonly<Record<UnitType, string>> = {
  township: '乡镇人民政府、街道办事处',
  county: '县级人民政府',
  city: '设区的市级人民政府',
  province: '省级人民政府',
  department: '政府部门',
};
/** 各级人民政府 (条例第五十条第四项: 工作考核、社会评议和责任追究 must be reported). */
export function isPeoplesGovernment(type: UnitType): boolean {
  return type !== 'department';
}

// ---------------------------------------------------------------------------------------------
// Table 表二

export const T2_ROWS = [
  { key: 'regulations', label: '规章' },
  { key: 'normativeDocs', label: '行政规范性文件' },
  { key: 'license', label: '行政许可' },
  { key: 'penalty', label: '行政处罚' },
  { key: 'coercion', label: '行政强制' },
  { key: 'fees', label: '行政事业性收费' },
] as const;

export const T2_GROUPS = [
  {
    article: '第二十条第（一）项',
    rows: ['regulations', 'normativeDocs'],
    cols: [
      { key: 'issued', label: '本年制发件数' },
      { key: 'repealed', label: '本年废止件数' },
      { key: 'valid', label: '现行有效件数' },
    ],
  },
  { article: '第二十条第（五）项', rows: ['license'], cols: [{ key: 'decisions', label: '本年处理决定数量' }] },
  { article: '第二十条第（六）项', rows: ['penalty', 'coercion'], cols: [{ key: 'decisions', label: '本年处理决定数量' }] },
  { article: '第二十条第（八）项', rows: ['fees'], cols: [{ key: 'amountWanYuan', label: '本年收费金额（单位：万元）' }] },
] as const;
export const T2_CONTENT_HEADER = '信息内容';
export const FEE_CELL = 't2.fees.amountWanYuan' as const;

// ---------------------------------------------------------------------------------------------
// Table 表三

export const T3_NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
export const T3_APPLICANT_HEADER = '申请人情况';
export const T3_ORG_HEADER = '法人或其他组织';
export const T3_RESULT_LABEL = '三、本年度办理结果';

export const T3_COLS = [
  { key: 'np', label: '自然人' },
  { key: 'biz', label: '商业企业' },
  { key: 'research', label: '科研机构' },
  { key: 'npo', label: '社会公益组织' },
  { key: 'legal', label: '法律服务机构' },
  { key: 'otherOrg', label: '其他' },
  { key: 'total', label: '总计' },
] as const;
export type T3ColKey = (typeof T3_COLS)[number]['key'];
/** The six applicant columns whose sum is 总计. */
export const T3_PART_COLS = ['np', 'biz', 'research', 'npo', 'legal', 'otherOrg'] as const;
export const T3_ORG_COLS = ['biz', 'research', 'npo', 'legal', 'otherOrg'] as const;

export const T3_GROUPS = [
  { key: 'r3_3', label: '（三）不予公开' },
  { key: 'r3_4', label: '（四）无法提供' },
  { key: 'r3_5', label: '（五）不予处理' },
  { key: 'r3_6', label: '（六）其他处理' },
] as const;
export type T3GroupKey = (typeof T3_GROUPS)[number]['key'];

export interface T3RowDef {
  key: string;
  label: string;
  /** level1: 一/二/四; result: （一）（二）（七）under 三; leaf: a numbered row inside a group. */
  level: 'level1' | 'result' | 'leaf';
  group?: T3GroupKey;
}

export const T3_ROWS: readonly T3RowDef[] = [
  { key: 'r1_new', label: '一、本年新收政府信息公开申请数量', level: 'level1' },
  { key: 'r2_carryIn', label: '二、上年结转政府信息公开申请数量', level: 'level1' },
  { key: 'r3_1_grant', label: '（一）予以公开', level: 'result' },
  { key: 'r3_2_partial', label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', level: 'result' },
  { key: 'r3_3_1_stateSecret', label: '1.属于国家秘密', level: 'leaf', group: 'r3_3' },
  { key: 'r3_3_2_lawForbidden', label: '2.其他法律行政法规禁止公开', level: 'leaf', group: 'r3_3' },
  { key: 'r3_3_3_threeSafety', label: '3.危及“三安全一稳定”', level: 'leaf', group: 'r3_3' },
  { key: 'r3_3_4_thirdParty', label: '4.保护第三方合法权益', level: 'leaf', group: 'r3_3' },
  { key: 'r3_3_5_internal', label: '5.属于三类内部事务信息', level: 'leaf', group: 'r3_3' },
  { key: 'r3_3_6_process', label: '6.属于四类过程性信息', level: 'leaf', group: 'r3_3' },
  { key: 'r3_3_7_enforcement', label: '7.属于行政执法案卷', level: 'leaf', group: 'r3_3' },
  { key: 'r3_3_8_query', label: '8.属于行政查询事项', level: 'leaf', group: 'r3_3' },
  { key: 'r3_4_1_notHeld', label: '1.本机关不掌握相关政府信息', level: 'leaf', group: 'r3_4' },
  { key: 'r3_4_2_needCreate', label: '2.没有现成信息需要另行制作', level: 'leaf', group: 'r3_4' },
  { key: 'r3_4_3_unclear', label: '3.补正后申请内容仍不明确', level: 'leaf', group: 'r3_4' },
  { key: 'r3_5_1_petition', label: '1.信访举报投诉类申请', level: 'leaf', group: 'r3_5' },
  { key: 'r3_5_2_repeat', label: '2.重复申请', level: 'leaf', group: 'r3_5' },
  { key: 'r3_5_3_publication', label: '3.要求提供公开出版物', level: 'leaf', group: 'r3_5' },
  { key: 'r3_5_4_massive', label: '4.无正当理由大量反复申请', level: 'leaf', group: 'r3_5' },
  { key: 'r3_5_5_confirm', label: '5.要求行政机关确认或重新出具已获取信息', level: 'leaf', group: 'r3_5' },
  {
    key: 'r3_6_1_noCorrection',
    label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    level: 'leaf',
    group: 'r3_6',
  },
  {
    key: 'r3_6_2_noFee',
    label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    level: 'leaf',
    group: 'r3_6',
  },
  { key: 'r3_6_3_other', label: '3.其他', level: 'leaf', group: 'r3_6' },
  { key: 'r3_7_total', label: '（七）总计', level: 'result' },
  { key: 'r4_carryOut', label: '四、结转下年度继续办理', level: 'level1' },
];
export const T3_ROW_BY_KEY: Readonly<Record<string, T3RowDef>> = Object.fromEntries(T3_ROWS.map((r) => [r.key, r]));
/** The 21 rows whose sum is （七）总计: each application is counted exactly once. */
export const T3_LEAF_ROWS: readonly string[] = T3_ROWS.slice(2, 23).map((r) => r.key);

// ---------------------------------------------------------------------------------------------
// Table 表四

export const T4_GROUPS = [
  { key: 'review', label: '行政复议' },
  { key: 'litDirect', label: '未经复议直接起诉' },
  { key: 'litAfterReview', label: '复议后起诉' },
] as const;
export type T4GroupKey = (typeof T4_GROUPS)[number]['key'];
export const T4_LITIGATION_HEADER = '行政诉讼';
export const T4_COLS = [
  { key: 'upheld', label: '结果维持' },
  { key: 'corrected', label: '结果纠正' },
  { key: 'other', label: '其他结果' },
  { key: 'pending', label: '尚未审结' },
  { key: 'total', label: '总计' },
] as const;
export const T4_PART_COLS = ['upheld', 'corrected', 'other', 'pending'] as const;

// ---------------------------------------------------------------------------------------------
// Cells

export type TableId = 't2' | 't3' | 't4';
export type CellKey = string & { readonly __cellKey?: never };

export interface CellDef {
  key: CellKey;
  table: TableId;
  /** Row key within the table (t2: regulations…, t3: r1_new…, t4: review…). */
  row: string;
  /** Column key within the table. */
  col: string;
  rowLabel: string;
  colLabel: string;
  /** 'fee' is a decimal in 万元; 'count' an integer number of 件. */
  kind: 'count' | 'fee';
  unit: '件' | '万元';
  /** Derived sums are computed from `parts`, shown read-only, and never typed. */
  derived: boolean;
  parts?: readonly CellKey[];
}

function buildCells(): CellDef[] {
  const out: CellDef[] = [];
  for (const group of T2_GROUPS) {
    for (const rowKey of group.rows) {
      const row = T2_ROWS.find((r) => r.key === rowKey)!;
      for (const col of group.cols) {
        const fee = col.key === 'amountWanYuan';
        out.push({
          key: `t2.${rowKey}.${col.key}`,
          table: 't2',
          row: rowKey,
          col: col.key,
          rowLabel: row.label,
          colLabel: col.label,
          kind: fee ? 'fee' : 'count',
          unit: fee ? '万元' : '件',
          derived: false,
        });
      }
    }
  }
  for (const row of T3_ROWS) {
    for (const col of T3_COLS) {
      let parts: CellKey[] | undefined;
      if (col.key === 'total') parts = T3_PART_COLS.map((c) => `t3.${row.key}.${c}`);
      else if (row.key === 'r3_7_total') parts = T3_LEAF_ROWS.map((r) => `t3.${r}.${col.key}`);
      out.push({
        key: `t3.${row.key}.${col.key}`,
        table: 't3',
        row: row.key,
        col: col.key,
        rowLabel: row.label,
        colLabel: col.label,
        kind: 'count',
        unit: '件',
        derived: parts !== undefined,
        parts,
      });
    }
  }
  for (const group of T4_GROUPS) {
    for (const col of T4_COLS) {
      const parts = col.key === 'total' ? T4_PART_COLS.map((c) => `t4.${group.key}.${c}`) : undefined;
      out.push({
        key: `t4.${group.key}.${col.key}`,
        table: 't4',
        row: group.key,
        col: col.key,
        rowLabel: group.label,
        colLabel: col.label,
        kind: 'count',
        unit: '件',
        derived: parts !== undefined,
        parts,
      });
    }
  }
  return out;
}

export const CELL_DEFS: readonly CellDef[] = buildCells();
/** All 200 cell keys in official reading order (表二, 表三 row by row, 表四). */
export const CELL_KEYS: readonly CellKey[] = CELL_DEFS.map((c) => c.key);
export const CELL_BY_KEY: ReadonlyMap<CellKey, CellDef> = new Map(CELL_DEFS.map((c) => [c.key, c]));
export const TYPED_CELL_KEYS: readonly CellKey[] = CELL_DEFS.filter((c) => !c.derived).map((c) => c.key);
export const DERIVED_CELL_KEYS: readonly CellKey[] = CELL_DEFS.filter((c) => c.derived).map((c) => c.key);

export function isCellKey(key: string): key is CellKey {
  return CELL_BY_KEY.has(key);
}
export function cellDef(key: CellKey): CellDef {
  const def = CELL_BY_KEY.get(key);
  if (!def) throw new Error(`未知的单元格：${key}`);
  return def;
}
export function t3(row: string, col: T3ColKey): CellKey {
  return `t3.${row}.${col}`;
}

/** The tables' names as the 2021 format prints them: the one source for messages, captions, sheets. */
export const TABLE_NAMES: Readonly<Record<TableId, string>> = { t2: '表二', t3: '表三', t4: '表四' };
/** Human name of a cell for messages, e.g. "表三「一、本年新收政府信息公开申请数量」自然人". */
export function cellName(key: CellKey): string {
  const d = cellDef(key);
  if (d.table === 't3') {
    const row = T3_ROW_BY_KEY[d.row]!;
    const group = row.group ? T3_GROUPS.find((g) => g.key === row.group)!.label : '';
    return `${TABLE_NAMES.t3}「${group}${row.label}」${d.colLabel}`;
  }
  if (d.table === 't4') {
    const prefix = d.row === 'review' ? '' : `${T4_LITIGATION_HEADER}·`;
    return `${TABLE_NAMES.t4}「${prefix}${d.rowLabel}」${d.colLabel}`;
  }
  return `${TABLE_NAMES.t2}「${d.rowLabel}」${d.colLabel}`;
}

// ---------------------------------------------------------------------------------------------
// Merged-cell geometry, as the official tables print it. Renderers (editor, print, CMS HTML,
// DOCX) walk these grids; importers compare against the labels.

export interface LayoutLabel {
  label: string;
  colspan?: number;
  rowspan?: number;
  /** Header cells (column headings, the 第二十条 article rows) as opposed to row labels. */
  header?: boolean;
}
export interface LayoutValue {
  cell: CellKey;
  colspan?: number;
}
export type LayoutCell = LayoutLabel | LayoutValue;
export interface TableLayout {
  id: TableId;
  heading: Heading;
  /** Number of grid columns. */
  columns: number;
  /** Leading rows that form the header (repeat them across printed pages). */
  headerRows: number;
  rows: LayoutCell[][];
}

export function isValueCell(c: LayoutCell): c is LayoutValue {
  return 'cell' in c;
}

function t2Layout(): TableLayout {
  const rows: LayoutCell[][] = [];
  for (const group of T2_GROUPS) {
    rows.push([{ label: group.article, colspan: 4, header: true }]);
    const span = group.cols.length === 1 ? 3 : 1;
    rows.push([
      { label: T2_CONTENT_HEADER, header: true },
      ...group.cols.map((c) => ({ label: c.label, colspan: span, header: true })),
    ]);
    for (const rowKey of group.rows) {
      const label = T2_ROWS.find((r) => r.key === rowKey)!.label;
      rows.push([{ label }, ...group.cols.map((c) => ({ cell: `t2.${rowKey}.${c.key}`, colspan: span }))]);
    }
  }
  return { id: 't2', heading: HEADINGS[1], columns: 4, headerRows: 0, rows };
}

function t3Layout(): TableLayout {
  const values = (row: string): LayoutValue[] => T3_COLS.map((c) => ({ cell: t3(row, c.key) }));
  const rows: LayoutCell[][] = [
    [
      { label: T3_NOTE, colspan: 3, rowspan: 3, header: true },
      { label: T3_APPLICANT_HEADER, colspan: 7, header: true },
    ],
    [
      { label: T3_COLS[0].label, rowspan: 2, header: true },
      { label: T3_ORG_HEADER, colspan: 5, header: true },
      { label: T3_COLS[6].label, rowspan: 2, header: true },
    ],
    T3_ORG_COLS.map((k) => ({ label: T3_COLS.find((c) => c.key === k)!.label, header: true })),
  ];
  const resultRows = T3_ROWS.filter((r) => r.key.startsWith('r3_'));
  for (const row of T3_ROWS) {
    const line: LayoutCell[] = [];
    if (row.level === 'level1') {
      line.push({ label: row.label, colspan: 3 });
    } else {
      if (row === resultRows[0]) line.push({ label: T3_RESULT_LABEL, rowspan: resultRows.length });
      if (row.level === 'result') {
        line.push({ label: row.label, colspan: 2 });
      } else {
        const members = T3_ROWS.filter((r) => r.group === row.group);
        if (row === members[0]) {
          line.push({ label: T3_GROUPS.find((g) => g.key === row.group)!.label, rowspan: members.length });
        }
        line.push({ label: row.label });
      }
    }
    rows.push([...line, ...values(row.key)]);
  }
  return { id: 't3', heading: HEADINGS[2], columns: 10, headerRows: 3, rows };
}

function t4Layout(): TableLayout {
  const sub = (rowspan?: number): LayoutLabel[] =>
    T4_COLS.map((c) => ({ label: c.label, header: true, ...(rowspan ? { rowspan } : {}) }));
  const rows: LayoutCell[][] = [
    [
      { label: T4_GROUPS[0].label, colspan: 5, header: true },
      { label: T4_LITIGATION_HEADER, colspan: 10, header: true },
    ],
    [
      ...sub(2),
      { label: T4_GROUPS[1].label, colspan: 5, header: true },
      { label: T4_GROUPS[2].label, colspan: 5, header: true },
    ],
    [...sub(), ...sub()],
    T4_GROUPS.flatMap((g) => T4_COLS.map((c) => ({ cell: `t4.${g.key}.${c.key}` }))),
  ];
  return { id: 't4', heading: HEADINGS[3], columns: 15, headerRows: 3, rows };
}

export const TABLE_LAYOUTS: Readonly<Record<TableId, TableLayout>> = {
  t2: t2Layout(),
  t3: t3Layout(),
  t4: t4Layout(),
};

// ---------------------------------------------------------------------------------------------
// 2019 (试行) format artefacts that must not appear in a 2021 report (R-FMT-VERSION).

export const FORMAT_2019_MARKERS = [
  '本年新制作数量',
  '本年新公开数量',
  '对外公开总数量',
  '上一年项目数量',
  '本年增/减',
  '其他对外管理服务事项',
  '第二十条第（九）项',
  '政府集中采购',
  '采购项目数量',
  '采购总金额',
] as const;
