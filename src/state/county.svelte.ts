// The county supervisor's workspace (汇总检查, issue 17): the files brought in (this year's set
// and last year's), read and checked in a pool of workers, the overview rows with sort, filter
// and search, and the outputs. The page (src/ui/county/*) renders this and calls its methods;
// it never touches storage or the workers itself.

import { todayInBeijing } from '../domain/beijing-time.ts';
import { overviewRows, filterRows, sortRows, unitKey, previousFor, type CountySet, type ReadEntry, type RowFilter, type SortKey, type UnitRow } from '../domain/county-overview.ts';
import { planAdd, type HeldFile } from '../domain/county-files.ts';
import { aggregateReports, parseUnitList, type Aggregate } from '../domain/aggregate.ts';
import type { Finding } from '../domain/finding.ts';
import type { Report, Result } from '../domain/report.ts';
import { clearCountyFiles, listCountyFiles, openCountyDB, putCountyFiles, removeCountyFiles, type CountyDB, type CountyFileRow } from '../storage/county-db.ts';
import { newId } from '../storage/library-db.ts';
import { CheckPool } from '../workers/check-pool.ts';

export interface CountyProgress {
  done: number;
  total: number;
  label: string;
}

/** A file the page hands over: what <input type=file> gives (File), or bytes in tests. */
export interface IncomingFile {
  name: string;
  lastModified: number;
  bytes(): Promise<Uint8Array>;
}

export function fromFile(f: File): IncomingFile {
  // A folder's files carry their path inside it: two units' "年报.docx" stay apart.
  const rel = (f as File & { webkitRelativePath?: string }).webkitRelativePath;
  // lastModified is read when the file's turn comes, not here: for a picked file Chromium answers
  // it with a synchronous stat of the file, and 1,000 of those up front were a 0.5-1 s freeze of
  // the page right after the pick (tests/e2e/county-batch.test.ts).
  return {
    name: rel || f.name,
    get lastModified() {
      return f.lastModified;
    },
    bytes: async () => new Uint8Array(await f.arrayBuffer()),
  };
}

/** `fn` over `items`, at most `limit` at a time; answers in input order. */
async function inTurn<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return out;
}

export type Download = { data: string | Uint8Array; fileName: string; type: string };

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export class CountyState {
  // Raw, not deep $state: hundreds of reports of 200 cells each must not become proxies (that
  // cost seconds of main-thread time and hundreds of MB at 300 files); they are replaced whole.
  files: CountyFileRow[] = $state.raw([]);
  rows: UnitRow[] = $state.raw([]);
  progress: CountyProgress | null = $state(null);
  /** What the last add did (replacements, duplicates, unreadable files), for a status line. */
  messages: string[] = $state([]);
  error: string | null = $state(null);
  filter: RowFilter = $state('all');
  query = $state('');
  sortKey: SortKey = $state('errors');
  descending = $state(true);
  loaded = $state(false);

  private db: CountyDB;
  private pool: CheckPool | null = null;
  private findingsCache = new Map<string, Finding[]>();
  private now: () => number;

  constructor(db: CountyDB = openCountyDB(), opts: { now?: () => number } = {}) {
    this.db = db;
    this.now = opts.now ?? Date.now;
  }

  get visibleRows(): UnitRow[] {
    return sortRows(filterRows(this.rows, this.filter, this.query), this.sortKey, this.descending);
  }

  get today(): string {
    return todayInBeijing(this.now());
  }

  counts(set: CountySet): number {
    return this.files.filter((f) => f.set === set).length;
  }

  sortBy(key: SortKey): void {
    if (this.sortKey === key) this.descending = !this.descending;
    else {
      this.sortKey = key;
      this.descending = key === 'errors' || key === 'warnings' || key === 'similarity';
    }
  }

  async load(): Promise<void> {
    try {
      this.files = await listCountyFiles(this.db);
    } catch {
      this.error = '无法打开本机保存的汇总检查数据（浏览器存储不可用）。';
      this.files = [];
    }
    await this.recheck();
    this.loaded = true;
  }

  stop(): void {
    this.pool?.close();
    this.pool = null;
  }

  private getPool(): CheckPool {
    return (this.pool ??= new CheckPool());
  }

  private heldOf(f: CountyFileRow): HeldFile {
    const h: HeldFile = { id: f.id, set: f.set, fileName: f.fileName, lastModified: f.lastModified, batch: f.batch };
    if (f.report) h.unitKey = unitKey(f.report);
    return h;
  }

  /** Read, store and check the files; replacements and duplicates are said in `messages`. */
  async add(incoming: readonly IncomingFile[], set: CountySet): Promise<void> {
    if (!incoming.length) return;
    this.error = null;
    const pool = this.getPool();
    const batch = Math.max(0, ...this.files.map((f) => f.batch)) + 1;
    const total = incoming.length;
    let done = 0;
    this.progress = { done, total, label: `正在读取 ${total} 个文件` };
    // A few files ahead of the workers, not all at once: reading and posting 1,000 files in one
    // go was a 2-second stall of the page (and every file's bytes in memory together).
    const read = await inTurn(
      incoming,
      pool.size * 2,
      async (file) => {
        let row: CountyFileRow;
        const base = { id: newId(), set, fileName: file.name, lastModified: file.lastModified, batch, addedAt: this.now() };
        try {
          const r = await pool.read(await file.bytes(), file.name);
          row = r.ok ? { ...base, kind: r.kind, report: r.report, notes: r.notes } : { ...base, error: r.error };
        } catch {
          row = { ...base, error: '无法读取这个文件（浏览器拒绝读取，文件可能已被移动或删除）。' };
        }
        this.progress = { done: ++done, total, label: `已读取 ${done} / ${total} 个文件` };
        return row;
      },
    );
    const held = this.files.map((f) => this.heldOf(f));
    const removed = new Set<string>();
    const messages: string[] = [];
    for (const row of read) {
      const plan = planAdd(held.filter((h) => !removed.has(h.id)), this.heldOf(row), (f) => (row.report ? `${row.report.unit.name}${row.report.year}年` : f.fileName));
      if (plan.replaces) removed.add(plan.replaces);
      if (plan.message) messages.push(plan.message);
      if (row.error) messages.push(`“${row.fileName}”无法读取：${row.error}`);
      held.push(this.heldOf(row));
    }
    try {
      await putCountyFiles(this.db, read, [...removed]);
    } catch {
      this.error = '无法保存到本机（浏览器存储已满或不可用），这次添加的文件只在本页有效。';
    }
    this.files = [...this.files.filter((f) => !removed.has(f.id)), ...read];
    const ok = read.filter((r) => r.report).length;
    this.messages = [`已添加 ${ok} 个${set === 'previous' ? '上年度' : '本年度'}报告${read.length > ok ? `，${read.length - ok} 个文件无法读取` : ''}。`, ...messages];
    await this.recheck();
  }

  async remove(id: string): Promise<void> {
    await removeCountyFiles(this.db, [id]).catch(() => {});
    this.files = this.files.filter((f) => f.id !== id);
    await this.recheck();
  }

  /** Resolve a duplicate: keep this file, remove the others for the same unit and year. */
  async keepOnly(id: string): Promise<void> {
    const keep = this.files.find((f) => f.id === id);
    if (!keep?.report) return;
    const key = unitKey(keep.report);
    const others = this.files.filter((f) => f.id !== id && f.set === keep.set && f.report && unitKey(f.report) === key).map((f) => f.id);
    await removeCountyFiles(this.db, others).catch(() => {});
    this.files = this.files.filter((f) => !others.includes(f.id));
    this.messages = [`已保留“${keep.fileName}”，移除了同一单位的其他 ${others.length} 个文件。`];
    await this.recheck();
  }

  async clear(set?: CountySet): Promise<void> {
    await clearCountyFiles(this.db, set).catch(() => {});
    this.files = set ? this.files.filter((f) => f.set !== set) : [];
    this.messages = [];
    await this.recheck();
  }

  /** Check every report of this year's set against its unit's last year, in the pool. */
  private async recheck(): Promise<void> {
    const entries: ReadEntry[] = this.files.map((f) => ({ id: f.id, set: f.set, fileName: f.fileName, report: f.report, notes: f.notes, error: f.error }));
    const previous = entries.filter((e) => e.set === 'previous');
    const todo = entries.filter((e) => e.set === 'current' && e.report);
    const keyOf = (e: ReadEntry, p?: Report) => `${e.id}|${p ? previous.find((x) => x.report === p)?.id : ''}`;
    const missing = todo.filter((e) => !this.findingsCache.has(keyOf(e, previousFor(e.report!, previous))));
    if (missing.length) {
      const pool = this.getPool();
      let done = 0;
      this.progress = { done, total: missing.length, label: `正在检查 ${missing.length} 份报告` };
      await Promise.all(
        missing.map(async (e) => {
          const p = previousFor(e.report!, previous);
          const findings = await pool.check({ op: 'check', report: e.report!, notes: e.notes ?? [], previous: p });
          this.findingsCache.set(keyOf(e, p), findings);
          this.progress = { done: ++done, total: missing.length, label: `已检查 ${done} / ${missing.length} 份报告` };
        }),
      );
    }
    this.rows = overviewRows(entries, this.today, (e, p) => this.findingsCache.get(keyOf(e, p)) ?? []);
    this.progress = null;
  }

  row(id: string): UnitRow | undefined {
    return this.rows.find((r) => r.id === id);
  }

  /** The unit's report as a read-only page (the CMS-ready HTML renderer; loaded on demand). */
  async reportHtml(id: string): Promise<string | null> {
    const f = this.files.find((x) => x.id === id);
    if (!f?.report) return null;
    const { renderCmsHtml } = await import('../export/cms-html.ts');
    return renderCmsHtml(f.report);
  }

  // ------------------------------------------------------------------------------------------
  // Outputs

  private rowsNow(): UnitRow[] {
    return this.rows;
  }

  async notice(format: 'docx' | 'html', issuer: string): Promise<Download> {
    const m = await import('../export/county-notice.ts');
    const opts = { issuer, date: this.today };
    const fileName = `年度报告检查情况通报（${this.today}）.${format}`;
    return format === 'docx'
      ? { data: await m.noticeDocx(this.rowsNow(), opts), fileName, type: DOCX }
      : { data: m.noticeHtml(this.rowsNow(), opts), fileName, type: 'text/html;charset=utf-8' };
  }

  async overview(format: 'xlsx' | 'csv'): Promise<Download> {
    const m = await import('../export/county-sheets.ts');
    const fileName = `汇总检查总表（${this.today}）.${format}`;
    return format === 'xlsx' ? { data: m.overviewXlsx(this.rowsNow()), fileName, type: XLSX } : { data: m.overviewCsv(this.rowsNow()), fileName, type: 'text/csv;charset=utf-8' };
  }

  /** 表二/三/四 summed over this year's readable, non-duplicate reports. */
  aggregate(name: string, expectText: string): Result<Aggregate> {
    const dup = this.rows.filter((r) => r.duplicate);
    if (dup.length) return { ok: false, error: `有 ${dup.length} 个文件属于同一单位同一年度，请先在总表中处理重复（保留其中一份）再汇总。` };
    const reports = this.files.filter((f) => f.set === 'current' && f.report).map((f) => f.report!);
    const expect = expectText.trim() ? parseUnitList(expectText) : undefined;
    return aggregateReports(reports, { name, expect });
  }

  async aggregateFile(agg: Aggregate, format: 'xlsx' | 'docx'): Promise<Download> {
    const fileName = `${agg.report.unit.name}${agg.report.year}年汇总表.${format}`;
    if (format === 'xlsx') return { data: (await import('../export/county-sheets.ts')).aggregateXlsx(agg), fileName, type: XLSX };
    return { data: await (await import('../export/county-aggregate.ts')).aggregateDocx(agg), fileName, type: DOCX };
  }
}
