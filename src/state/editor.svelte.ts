// The open report: the one place where the Y.Doc, its storage and the validator meet Svelte's
// runes. Components read the $state fields and call the methods; every edit goes through a
// named operation of src/doc/ (one transaction, origin 'local'), and every transaction —
// local, from another tab, the relay or a file — refreshes the snapshot and the findings
// synchronously, so what the clerk sees is never behind the doc.

import type * as Y from 'yjs';
import {
  cellState,
  createUndoManager,
  initReportDoc,
  isReportDoc,
  conflictedMetaFields,
  metaContext,
  metaFieldState,
  type MetaFieldState,
  fillEmptyWithZero,
  observeReport,
  readMeta,
  replaceSectionText,
  editSectionText,
  resolveConflict,
  sectionText,
  setCells,
  setMeta,
  type Author,
  type CellState,
  type MetaContext,
  type MetaPatch,
  type RegisterMetaField,
  type ReportChange,
  type ReportMeta,
} from '../doc/report-doc.ts';
import { CELL_KEYS, DERIVED_CELL_KEYS, cellDef, type CellKey, type SectionId, type TableId } from '../domain/format.ts';
import { countBySeverity, type Finding } from '../domain/finding.ts';
import { withDerived, type Report } from '../domain/report.ts';
import { openReportDoc, type OpenedDoc, type SaveState } from '../storage/doc-store.ts';
import { applyReceivedPackage, readReceivedPackage } from './package-receive.ts';
import { connectTabs } from '../sync/broadcast.ts';
import type { RelayConnection, PresenceEntry } from '../sync/relay.ts';
import type { Delta, TextChange } from '../doc/text-delta.ts';
import { parseCellInput } from './cell-input.ts';
import { planFieldEdit } from './field-edit.ts';
import { CellEdits, type ColleagueWrite } from './cell-edit.ts';
import { describeAppliedPackage } from './package-summary.ts';
import { othersByPlace, type Whereabouts } from './presence.ts';
import { openSnapshot } from './snapshot.ts';

export { openSnapshot };
/** How the page writes a time (a cell's last writer, a conflict's sides). */
export { formatWhen } from '../doc/report-doc.ts';
import { planPaste } from './paste.ts';
import { isFinishingStatus, placeBySection, shownFindings } from './finding-display.ts';
import { fillProgress } from '../domain/progress.ts';
import { rowFromMeta } from './report-row.ts';
import { countedFindings, reportFindingsAfter, type FindingsState } from './findings.ts';
import { fetchFirstCopy } from './first-copy.ts';
import type { LibraryState } from './library.svelte.ts';
import type { PackageImported } from './library-docs.ts';

export type OpenResult = { ok: true; editor: EditorState } | { ok: false; error: string };
/** The library row follows the typing this long after the last change (list and counts). */
const ROW_SAVE_PAUSE_MS = 400;
import { ReviewState } from './review.svelte.ts';
import { applyFindingFix, carriedOver, fixFor, generateParagraphs, insertGenerated, similarityByPart, type Fix, type Generated, type Span } from './writing.ts';

/** Meta fields typed into (MetaInput.svelte), with their names as the form shows them. */
export type MetaField = 'name' | 'year' | 'deadline' | 'title';
export type MetaConflict = NonNullable<MetaFieldState['conflict']>;
const META_FIELD_LABELS: Readonly<Record<MetaField, string>> = { name: '单位名称', year: '报告年度', deadline: '发布截止日期', title: '标题' };

export type SyncBadge = 'offline' | 'syncing' | 'synced' | 'pending';

export interface Notice {
  kind: 'info' | 'error';
  text: string;
}

const NO_FINDINGS: readonly Finding[] = Object.freeze([]);
/** Prose findings are refreshed this long after the last keystroke in a section. */
export const PROSE_CHECK_PAUSE_MS = 150;

/**
 * What one table cell shows. One object per cell, updated in place and only when something
 * about THAT cell changed: a keystroke then re-renders the few cells it touched, not all 200
 * (this is what keeps the keystroke path within a frame on old PCs).
 */
export class CellView {
  state: CellState = $state.raw({ value: null, conflict: null });
  /** The value shown: the settled value, or the computed sum of a derived cell. */
  value: number | null = $state(null);
  findings: readonly Finding[] = $state.raw(NO_FINDINGS);
  /** Signature of `findings`, to skip updates that change nothing visible. */
  sig = '';
}

export class EditorState {
  readonly id: string;
  readonly doc: Y.Doc;
  private readonly undoManager: Y.UndoManager;
  /** Status and sign-off, versions, comments, authorship (issue 13). */
  readonly review: ReviewState;

  report: Report = $state.raw(undefined as unknown as Report);
  meta: ReportMeta = $state.raw(undefined as unknown as ReportMeta);
  /** Meta fields two colleagues wrote differently while apart: every value with who wrote it (meta-register.ts). */
  metaConflicts: Partial<Record<RegisterMetaField, MetaConflict>> = $state.raw({});
  /** Per meta field she is editing: what the field showed when she began (her write supersedes only that). */
  private metaBegun = new Map<RegisterMetaField, MetaContext>();
  /** Per-cell views (stable objects; see CellView). */
  readonly views: Readonly<Record<CellKey, CellView>>;
  /** The findings shown: while filling in, without those that only say "not written yet". */
  findings: readonly Finding[] = $state.raw([]);
  /** Every finding (validator and conflicts), whatever the stage; what print and the CLI judge. */
  allFindings: readonly Finding[] = $state.raw([]);
  /**
   * The clerk asked to print (this session) or the report is 送审/定稿/已发布: unwritten cells and
   * parts are errors from now on (see src/state/finding-display.ts).
   */
  finishing = $state(false);
  private askedToFinish = false;
  save: SaveState = $state.raw({ kind: 'saved' });
  /** Why the last input into a cell was refused (shown beside the cell until fixed). */
  refused: Readonly<Record<CellKey, string>> = $state.raw({});
  notice: Notice | null = $state.raw(null);
  /** The last paste or 其余填0 result, shown beside its table (ReportTable.svelte). */
  tableNotice: (Notice & { table: TableId; seq: number }) | null = $state.raw(null);
  canUndo = $state(false);
  canRedo = $state(false);
  /** Relay status once the report is shared; null while it lives only on this machine. */
  relay: { status: 'offline' | 'syncing' | 'synced'; unsynced: number } | null = $state.raw(null);
  /** Cell or section the findings panel asked to focus (components react and clear it). */
  focusRequest: { cell?: CellKey; section?: SectionId; seq: number } | null = $state.raw(null);

  counts = $derived(countBySeverity(this.findings));
  bySection = $derived(indexFindings(this.findings, 'sections'));
  /** Each prose finding once, under the first section it names (for the lists under sections). */
  placedBySection = $derived(placeBySection(this.findings));
  /** 已填 x / y per table and overall (typeable cells only), and the required parts written. */
  progress = $derived(fillProgress(this.report));
  syncBadge: SyncBadge = $derived(badgeOf(this.save, this.relay));

  /** Who else has the report open through the relay (including this tab). */
  present: readonly PresenceEntry[] = $state.raw([]);
  /** Colleagues by the cell or section they are on (for marks in the tables and sections). */
  othersAt = $derived(othersByPlace(this.present));

  /** Cells she is editing whose value a colleague changed meanwhile (shown in the cell). */
  colleagueEdits: Readonly<Partial<Record<CellKey, ColleagueWrite>>> = $state.raw({});

  /** Where this user is; sent to colleagues through the relay. */
  private where: Whereabouts = {};

  private previous: Report | undefined;
  private readonly cellEdits: CellEdits;
  private relayConn: RelayConnection | null = null;
  /** The library this report was opened from (EditorState.open): its row, peers, share. */
  private library: LibraryState | null = null;
  private stops: (() => void)[] = [];
  private changeListeners = new Set<(c: ReportChange) => void>();
  /** Work that must finish before the doc is closed (the last library row). */
  private beforeClose: (() => Promise<void>)[] = [];

  /**
   * Open report `id` for editing — everything the editor page needs before it can render: the
   * stored doc, the first copy from the relay for a report joined by invite link, the doc's
   * skeleton, the library row kept in step (a little behind the typing, and once more on close),
   * the persistence request on the first real edit, the relay connection when shared, and last
   * year's report for the cross-year rules (loaded after, it refreshes the findings).
   * `cancelled()` true (the page went away meanwhile) closes what was opened.
   */
  static async open(id: string, library: LibraryState, opts: { cancelled?: () => boolean } = {}): Promise<OpenResult> {
    const author = await library.author();
    const opened = await openReportDoc(id);
    if (!opened.ok) return { ok: false, error: opened.error };
    const fail = async (error: string): Promise<OpenResult> => {
      await opened.value.close();
      return { ok: false, error };
    };
    if (opts.cancelled?.()) return fail('已关闭。');
    const doc = opened.value.doc;
    const share = await library.shareOf(id);
    if (!isReportDoc(doc) && share) {
      // Joined through an invite link: the report's content comes from the relay.
      const got = await fetchFirstCopy(doc, share, id, author);
      if (!got.ok) return fail(got.error);
    }
    if (!isReportDoc(doc)) return fail('本机没有这份报告（可能已被删除，或在另一台电脑上）。');
    initReportDoc(doc, null, author);
    const ed = new EditorState(opened.value, author);
    ed.keepLibraryRow(library);
    if (opts.cancelled?.()) {
      await ed.close();
      return { ok: false, error: '已关闭。' };
    }
    if (share) void ed.connectRelay(share);
    void library.previousReport({ id, unitName: ed.meta.name, year: ed.meta.year }).then((prev) => {
      if (prev) ed.setPrevious(prev);
    });
    return { ok: true, editor: ed };
  }

  /** The library row follows this report's changes; the first local edit asks to keep the data. */
  private keepLibraryRow(library: LibraryState): void {
    this.library = library;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let askedPersistence = false;
    const saveRow = () => library.saveRow(rowFromMeta(this.id, this.meta, countedFindings(this.allFindings, this.meta.status), Date.now(), this.review.openComments));
    this.stops.push(
      this.onAnyChange((c) => {
        clearTimeout(timer);
        timer = setTimeout(() => void saveRow(), ROW_SAVE_PAUSE_MS);
        if (c.local && !askedPersistence) {
          askedPersistence = true;
          void library.askPersistence();
        }
      }),
    );
    this.beforeClose.push(async () => {
      clearTimeout(timer);
      await saveRow();
    });
  }

  constructor(
    private readonly opened: OpenedDoc,
    readonly author: Author,
    opts: { previous?: Report } = {},
  ) {
    this.id = opened.id;
    this.doc = opened.doc;
    this.previous = opts.previous;
    this.undoManager = createUndoManager(this.doc);
    this.review = new ReviewState(this.doc, author);
    this.cellEdits = new CellEdits(this.doc, author);
    this.views = Object.fromEntries(CELL_KEYS.map((k) => [k, new CellView()]));
    this.refreshAll();
    this.save = opened.save;
    this.stops.push(opened.onSave((s) => (this.save = s)));
    this.stops.push(observeReport(this.doc, (c) => this.onChange(c)));
    const onStack = () => {
      this.canUndo = this.undoManager.canUndo();
      this.canRedo = this.undoManager.canRedo();
    };
    this.undoManager.on('stack-item-added', onStack);
    this.undoManager.on('stack-item-popped', onStack);
    this.undoManager.on('stack-cleared', onStack);
    // Other tabs of this browser with the same report open see every edit at once.
    if (typeof BroadcastChannel !== 'undefined') {
      const tabs = connectTabs(this.doc, this.id);
      this.stops.push(() => tabs.close());
    }
  }

  // ----- sharing: relay and 同步包 -----------------------------------------------------------

  /** Connect to the relay this report is shared on (the client module is loaded on demand). */
  async connectRelay(share: { relay: string; code: string }): Promise<void> {
    if (this.relayConn) return;
    const { connectRelay } = await import('../sync/relay.ts');
    this.relay = { status: 'syncing', unsynced: 0 };
    const conn = connectRelay({
      url: share.relay,
      reportId: this.id,
      code: share.code,
      doc: this.doc,
      author: this.author,
      onStatus: (s) => {
        this.relay = { status: s.state, unsynced: s.unsynced };
        if (s.message) this.notice = { kind: 'error', text: s.message };
      },
    });
    this.relayConn = conn;
    conn.setPresence({ name: this.author.name, ...this.where });
    this.stops.push(conn.onPresence((p) => (this.present = p)));
    this.stops.push(() => conn.destroy());
  }

  /** Leaves the relay (sharing stopped, or reconnecting with a new invite code); the doc stays as it is. */
  disconnectRelay(): void {
    this.relayConn?.destroy();
    this.relayConn = null;
    this.relay = null;
    this.present = [];
  }

  /** A 同步包 for one peer (only what it lacks) or, without a peer, everything; with the file name to save it as. */
  async exportPackage(opts: { peerId?: string; passphrase?: string }): Promise<{ bytes: Uint8Array; fileName: string }> {
    const { exportPackage, PACKAGE_FILE_EXTENSION } = await import('../sync/exchange.ts');
    const ack = opts.peerId && this.library ? (await this.library.peers(this.id)).find((p) => p.peerId === opts.peerId) : undefined;
    const bytes = await exportPackage(this.doc, {
      reportId: this.id,
      author: this.author,
      peerStateVector: ack?.stateVector,
      passphrase: opts.passphrase || undefined,
    });
    const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');
    return { bytes, fileName: `${this.meta.name}${this.meta.year}年报告-同步包-${stamp}${PACKAGE_FILE_EXTENSION}` };
  }

  /**
   * Read and apply a 同步包 (state/package-receive.ts); the same result as the library's
   * importPackage. `needsPassphrase` when the file is encrypted and no (or a wrong) passphrase was
   * given, so the UI can ask; what went wrong, or what changed, is also the notice.
   */
  async importPackage(bytes: Uint8Array, passphrase?: string): Promise<PackageImported> {
    const read = await readReceivedPackage(bytes, passphrase);
    if (!read.ok) {
      if (!read.needsPassphrase || passphrase) this.notice = { kind: 'error', text: read.error };
      return read.needsPassphrase ? { ok: false, needsPassphrase: true, error: read.error } : { ok: false, error: read.error };
    }
    if (!this.library) throw new Error('EditorState.importPackage needs the library (EditorState.open)');
    const r = await applyReceivedPackage(this.library.db, this.doc, read.pkg, this.id);
    if (!r.ok) {
      this.notice = { kind: 'error', text: r.error };
      return r;
    }
    this.notice = { kind: 'info', text: describeAppliedPackage(r.applied) };
    return { ok: true, id: this.id };
  }

  /** Called after every change (after the snapshot is fresh); used to update the library row. */
  onAnyChange(cb: (c: ReportChange) => void): () => void {
    this.changeListeners.add(cb);
    return () => this.changeListeners.delete(cb);
  }

  /** Last year's report of the same unit, once found (for 雷同 marks and similarity). */
  previousReport: Report | undefined = $state.raw(undefined);
  private previousTexts = $derived(this.previousReport ? Object.values(this.previousReport.sections) : []);
  /** Similarity with last year per part (一, 五, 六), shown in the findings panel. */
  similarity = $derived(this.previousReport ? similarityByPart(this.report, this.previousReport) : []);

  /** Sentences of a part carried over unchanged from last year (marked in the editor). */
  carriedOverIn(id: SectionId): Span[] {
    return carriedOver(this.report.sections[id] ?? '', this.previousTexts);
  }

  setPrevious(previous: Report | undefined): void {
    this.previous = previous;
    this.pendingTouch = 'all';
    this.previousReport = previous;
    this.revalidate();
  }

  /** The settled state of a cell (value, conflict, last writer). */
  cell(key: CellKey): CellState {
    return this.views[key]!.state;
  }

  private refreshAll(): void {
    const snap = openSnapshot(this.doc);
    this.meta = snap.meta;
    this.metaConflicts = this.readMetaConflicts();
    this.report = snap.report;
    for (const k of CELL_KEYS) this.views[k]!.state = snap.states[k]!;
    this.pendingTouch = 'all';
    this.revalidate();
  }

  private onChange(change: ReportChange): void {
    // Typed cells from their registers; derived sums from the report's cells, computed once in
    // nextReport (cellState of a sum would re-read every register).
    for (const k of change.cells) if (this.views[k] && !DERIVED.has(k)) this.views[k].state = cellState(this.doc, k);
    if (change.origin !== 'local') this.noteColleagueEdits(change.cells);
    if (change.meta) {
      this.meta = readMeta(this.doc);
      this.metaConflicts = this.readMetaConflicts();
    }
    this.report = this.nextReport(change);
    for (const k of change.cells) if (this.views[k] && DERIVED.has(k)) this.views[k].state = { value: this.report.cells[k] ?? null, conflict: null };
    if (this.pendingTouch !== 'all') {
      for (const k of change.cells) this.pendingTouch.cells.add(k);
      if (change.sections.size) this.pendingTouch.sections = true;
      if (change.meta) this.pendingTouch.meta = true;
    }
    // Prose typing: checking the whole report costs milliseconds per keystroke in a long part
    // (prose-number extraction); run it when the typing pauses, so a keystroke stays within its
    // frame. Cells and meta are checked at once (a wrong sum must show as the number is typed).
    if (change.cells.size === 0 && !change.meta) this.revalidateSoon();
    else this.revalidate();
    for (const cb of this.changeListeners) cb(change);
  }

  /**
   * The snapshot after a change, rebuilt only where the change touched it: a keystroke in a cell
   * must not re-read every long Y.Text (readReport does; it costs milliseconds in a big doc).
   * Same semantics as readReport: conflicted cells read as null, sums computed.
   */
  private nextReport(change: ReportChange): Report {
    const prev = this.report;
    const sections = change.sections.size ? { ...prev.sections } : prev.sections;
    for (const id of change.sections) sections[id] = sectionText(this.doc, id).toString();
    let cells = prev.cells;
    if (change.cells.size) {
      const typed = { ...prev.cells };
      for (const k of change.cells) if (this.views[k] && !DERIVED.has(k)) typed[k] = this.views[k].state.value;
      cells = withDerived(typed);
    }
    const m = this.meta;
    const report: Report = {
      format: prev.format,
      unit: change.meta ? { name: m.name, type: m.type } : prev.unit,
      year: m.year,
      title: m.title,
      sections,
      cells,
      deadline: m.deadline,
    };
    if (m.publishedOn) report.publishedOn = m.publishedOn;
    return report;
  }

  /** A colleague's write reached a cell she is editing: say so in the cell. */
  private noteColleagueEdits(cells: ReadonlySet<CellKey>): void {
    let next: Partial<Record<CellKey, ColleagueWrite>> | null = null;
    for (const k of cells) {
      if (!this.cellEdits.isEditing(k)) continue;
      const w = this.cellEdits.colleagueWrite(k);
      if (w) (next ??= { ...this.colleagueEdits })[k] = w;
    }
    if (next) this.colleagueEdits = next;
  }

  private validateTimer: ReturnType<typeof setTimeout> | null = null;
  /** The last findings computation and what changed since: the next re-runs only the rules concerned. */
  private findingsState: FindingsState | null = null;
  private pendingTouch: { cells: Set<CellKey>; sections: boolean; meta: boolean } | 'all' = 'all';
  private revalidateSoon(): void {
    if (this.validateTimer !== null) clearTimeout(this.validateTimer);
    this.validateTimer = setTimeout(() => {
      this.validateTimer = null;
      this.revalidate();
    }, PROSE_CHECK_PAUSE_MS);
  }

  /** She asked to print (or to hand the report on): show what is still unwritten as errors. */
  askToFinish(): void {
    if (this.askedToFinish) return;
    this.askedToFinish = true;
    this.revalidate();
  }

  private revalidate(): void {
    if (this.validateTimer !== null) {
      clearTimeout(this.validateTimer);
      this.validateTimer = null;
    }
    const touched = this.pendingTouch;
    this.pendingTouch = { cells: new Set(), sections: false, meta: false };
    const next = reportFindingsAfter(this.doc, { previous: this.previous }, this.report, this.findingsState, touched);
    this.findingsState = next.state;
    this.allFindings = next.findings;
    this.finishing = this.askedToFinish || isFinishingStatus(this.meta.status);
    this.findings = shownFindings(this.allFindings, this.finishing);
    const byCell = indexFindings(this.findings, 'cells');
    const cells = this.report.cells;
    for (const k of CELL_KEYS) {
      const view = this.views[k]!;
      const value = cells[k] ?? null;
      if (view.value !== value) view.value = value;
      const list = byCell.get(k);
      const sig = list ? list.map((f) => f.severity + f.rule + f.message).join('|') : '';
      if (sig !== view.sig) {
        view.sig = sig;
        view.findings = list ?? NO_FINDINGS;
      }
    }
  }

  /** Findings about one cell (as last computed). */
  findingsOf(key: CellKey): readonly Finding[] {
    return this.views[key]?.findings ?? NO_FINDINGS;
  }

  // ----- edits ------------------------------------------------------------------------------

  /** She focuses a cell: what it shows now is what her typing there is made against. */
  beginCellEdit(key: CellKey): void {
    this.cellEdits.begin(key);
  }

  /** She leaves a cell: it shows the doc again, and the "a colleague changed it" note goes. */
  endCellEdit(key: CellKey): void {
    this.cellEdits.end(key);
    if (this.colleagueEdits[key]) {
      const { [key]: _, ...rest } = this.colleagueEdits;
      this.colleagueEdits = rest;
    }
  }

  /**
   * Typed text into a cell: applied when valid, otherwise refused with the reason shown. The
   * write supersedes what the cell showed when she began editing it (beginCellEdit), never a
   * colleague's value that arrived meanwhile (that one stays: a conflict if hers differs).
   */
  inputCell(key: CellKey, text: string): boolean {
    if (this.refuseWhenLocked()) return false;
    const parsed = parseCellInput(key, text);
    if (!parsed.ok) {
      this.refused = { ...this.refused, [key]: parsed.error };
      return false;
    }
    if (this.refused[key]) {
      const { [key]: _, ...rest } = this.refused;
      this.refused = rest;
    }
    const r = this.cellEdits.write(key, parsed.value);
    if (!r.ok) this.refused = { ...this.refused, [key]: r.error };
    return r.ok;
  }

  /** Put back the value a cell had before the clerk started typing in it (Esc). */
  restoreCell(key: CellKey, value: number | null): void {
    if (this.refuseWhenLocked()) return;
    if (this.refused[key]) {
      const { [key]: _, ...rest } = this.refused;
      this.refused = rest;
    }
    const current = this.views[key]?.state;
    if (current?.conflict) return; // never settle a conflict by pressing Esc
    // A colleague changed it meanwhile: her typing is dropped, his value stands (putting back
    // what she was shown would write over a value she never saw).
    if (this.cellEdits.colleagueWrite(key)) return;
    this.cellEdits.write(key, value);
  }

  paste(from: CellKey, text: string): boolean {
    if (this.refuseWhenLocked()) return false;
    const table = cellDef(from).table;
    const plan = planPaste(from, text);
    if (!plan.ok) {
      this.tellAt(table, 'error', plan.error);
      return false;
    }
    const r = setCells(this.doc, plan.entries, this.author);
    if (!r.ok) {
      this.tellAt(table, 'error', `${r.error}未粘贴任何内容。`);
      return false;
    }
    const skipped = plan.skippedDerived ? `；合计格按分项自动计算，忽略了粘贴的 ${plan.skippedDerived} 个合计值` : '';
    this.tellAt(table, 'info', `已粘贴 ${plan.entries.length} 个单元格${skipped}。`);
    return true;
  }

  fillZero(table: TableId): number {
    if (this.refuseWhenLocked()) return 0;
    const r = fillEmptyWithZero(this.doc, table, this.author);
    this.tellAt(table, 'info', r.filled.length ? `已将 ${r.filled.length} 个未填单元格填为 0。` : '这张表没有未填的单元格。');
    return r.filled.length;
  }

  /** The result of an action on a table, said beside that table (where she is looking), not in the top banner. */
  private tellAt(table: TableId, kind: Notice['kind'], text: string): void {
    this.tableNotice = { table, kind, text, seq: (this.tableNotice?.seq ?? 0) + 1 };
  }

  resolve(key: CellKey, value: number | null): void {
    if (this.refuseWhenLocked()) return;
    const r = resolveConflict(this.doc, key, value, this.author);
    if (!r.ok) this.notice = { kind: 'error', text: r.error };
  }

  editSection(id: SectionId, text: string): void {
    if (this.refuseWhenLocked()) return;
    replaceSectionText(this.doc, id, text, this.author);
  }

  /**
   * Her change to a section, made against the text her textarea showed; `since` are the
   * colleagues' edits that arrived after it (text-binding.ts). Returns where her caret goes.
   */
  editSectionText(id: SectionId, change: TextChange, since: readonly Delta[]): number | null {
    if (this.refuseWhenLocked()) return null;
    const r = editSectionText(this.doc, id, change, this.author, { since });
    if (!r.ok) {
      this.notice = { kind: 'error', text: r.error };
      return null;
    }
    return r.caret;
  }

  // ----- writing help (src/state/writing.ts) ------------------------------------------------

  /** 按表格生成: phrasings of a part from the current tables, or why there are none yet. */
  generate(id: SectionId): Generated {
    return generateParagraphs(this.report, id);
  }

  /** 插入 a chosen phrasing at her caret (null: at the end); one undo step. */
  insertGenerated(id: SectionId, text: string, at: number | null): boolean {
    // 定稿: no generated text and no fix goes in until someone 解锁 with a reason.
    const locked = this.review.lockReason();
    if (locked) return this.tell({ ok: false, error: locked });
    return this.tell(insertGenerated(this.writingTarget(), id, text, at));
  }

  /**
   * The certain fix of a finding (修正 / 按表格更新正文), or null: 需人工修改. Computed once per
   * finding (findings are new objects after each check), not on every keystroke: a fix checks
   * itself against its rule, which costs about as much as the rule.
   */
  fixFor(f: Finding): Fix | null {
    let fix = this.fixes.get(f);
    if (fix === undefined) this.fixes.set(f, (fix = fixFor(f, this.report)));
    return fix;
  }
  private fixes = new WeakMap<Finding, Fix | null>();

  /** 修正: apply a finding's certain fix as one named, undoable operation. */
  applyFix(f: Finding): boolean {
    // Prose is checked after a pause in typing: a finding shown may be a few keystrokes old, and
    // its place in the text with it. Check now, and fix the finding as it is now.
    const locked = this.review.lockReason();
    if (locked) return this.tell({ ok: false, error: locked });
    if (this.validateTimer !== null) this.revalidate();
    const now = this.allFindings.find((g) => g === f) ??
      this.allFindings.find((g) => g.rule === f.rule && g.message === f.message && g.sections.join() === f.sections.join());
    if (!now) return this.tell({ ok: false, error: '这一项已经不存在了（内容刚被修改过）。' });
    return this.tell(applyFindingFix(this.writingTarget(), now));
  }

  /** 按表格更新正文 on an R-TXT-NUM finding: the number in the text becomes the table's. */
  updateNumberInText(f: Finding): boolean {
    if (f.rule !== 'R-TXT-NUM') return false;
    return this.applyFix(f);
  }

  private writingTarget() {
    return { doc: this.doc, author: this.author, undo: this.undoManager, report: this.report };
  }

  private tell(r: { ok: true; notice: string } | { ok: false; error: string }): boolean {
    this.notice = r.ok ? { kind: 'info', text: r.notice } : { kind: 'error', text: r.error };
    return r.ok;
  }

  sectionText(id: SectionId): Y.Text {
    return sectionText(this.doc, id);
  }

  /**
   * She committed a meta field she began editing when it showed `shown`: write her change, not
   * her whole field over a colleague's change she was not shown (field-edit.ts).
   */
  editMetaField(field: MetaField, shown: string, mine: string): boolean {
    const begun = this.metaBegun.get(field);
    this.metaBegun.delete(field);
    const now = String(this.meta[field] ?? '');
    const plan = planFieldEdit(shown, mine, now, { atomic: field === 'year' || field === 'deadline' });
    if (plan.kind === 'none') return true;
    if (plan.kind === 'theirs') {
      const who = this.meta.lastBy || '同事';
      this.notice = { kind: 'error', text: `${who}刚把${META_FIELD_LABELS[field]}改为“${now}”，你的修改“${mine}”没有保存：请看过后再改。` };
      return false;
    }
    // Unchanged since she began: her write supersedes what she was shown, not a colleague's
    // value that arrived meanwhile without changing the field's current value (a conflict stays).
    // Merged with a colleague's change she now sees: it supersedes the field as it is now.
    const context = now === shown && begun ? { [field]: begun } : undefined;
    return this.editMeta({ [field]: field === 'year' ? Number(plan.value) : plan.value }, context);
  }

  /** She began typing in a meta field: remember what it showed (the context of her write). */
  beginMetaField(field: MetaField): void {
    this.metaBegun.set(field, metaContext(this.doc, field));
  }

  /** She chose one of a meta field's conflicting values: it supersedes them all, everywhere. */
  resolveMeta(field: RegisterMetaField, value: string | number): boolean {
    return this.editMeta({ [field]: value } as MetaPatch);
  }

  private readMetaConflicts(): Partial<Record<RegisterMetaField, MetaConflict>> {
    const out: Partial<Record<RegisterMetaField, MetaConflict>> = {};
    for (const f of conflictedMetaFields(this.doc)) out[f] = metaFieldState(this.doc, f).conflict!;
    return out;
  }

  editMeta(patch: MetaPatch, context?: Partial<Record<RegisterMetaField, MetaContext>>): boolean {
    if (this.refuseWhenLocked()) return false;
    const r = setMeta(this.doc, patch, this.author, context ? { context } : {});
    if (!r.ok) this.notice = { kind: 'error', text: r.error };
    return r.ok;
  }

  /** 定稿: every edit is refused, with who signed off and how to unlock (the fields are read-only too). */
  private refuseWhenLocked(): boolean {
    const why = this.review.lockReason();
    if (why) this.notice = { kind: 'error', text: why };
    return why !== null;
  }

  /** The user moved to another cell or section: tell colleagues (only when it changed). */
  setWhere(where: Whereabouts): void {
    if (where.cell === this.where.cell && where.section === this.where.section) return;
    // Typing in another field is another step to undo, however quickly she moved.
    this.endUndoStep();
    this.where = where;
    this.relayConn?.setPresence({ name: this.author.name, ...where });
  }

  focus(target: { cell?: CellKey; section?: SectionId }): void {
    this.focusRequest = { ...target, seq: (this.focusRequest?.seq ?? 0) + 1 };
  }

  dismissNotice(): void {
    this.notice = null;
  }

  /** A problem outside the doc (an export that failed…) shown in the notice bar. */
  showError(text: string): void {
    this.notice = { kind: 'error', text };
  }

  /** Undo her last edit (never a colleague's: the undo manager tracks local origins only). */
  undo(): void {
    if (this.refuseWhenLocked()) return; // signed off: not even her own last edit
    this.undoManager.undo();
  }

  redo(): void {
    if (this.refuseWhenLocked()) return;
    this.undoManager.redo();
  }

  /** The next edit starts a new undo step (edits close together are otherwise one step). */
  endUndoStep(): void {
    this.undoManager.stopCapturing();
  }

  async close(): Promise<void> {
    if (this.validateTimer !== null) clearTimeout(this.validateTimer);
    this.validateTimer = null;
    for (const stop of this.stops) stop();
    this.stops = [];
    this.review.destroy();
    this.undoManager.destroy();
    for (const flush of this.beforeClose.splice(0)) await flush();
    await this.opened.close();
  }
}

const DERIVED: ReadonlySet<CellKey> = new Set(DERIVED_CELL_KEYS);

function indexFindings(findings: readonly Finding[], by: 'cells' | 'sections'): ReadonlyMap<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of findings) {
    for (const k of f[by]) {
      let list = out.get(k);
      if (!list) out.set(k, (list = []));
      list.push(f);
    }
  }
  return out;
}

function badgeOf(save: SaveState, relay: EditorState['relay']): SyncBadge {
  if (save.kind !== 'saved') return 'pending';
  if (!relay) return 'synced';
  if (relay.status === 'offline') return relay.unsynced > 0 ? 'pending' : 'offline';
  if (relay.status === 'syncing' || relay.unsynced > 0) return 'syncing';
  return 'synced';
}
