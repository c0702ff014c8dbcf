// The report list and the actions on it (create, import, delete), plus the local profile and
// the storage situation. The list is a Dexie liveQuery, so other tabs' changes show up live.

import { liveQuery } from 'dexie';
import { initReportDoc, loadReport, readMeta, type Author, type ReportInit } from '../doc/report-doc.ts';
import type { Finding } from '../domain/finding.ts';
import type { Report } from '../domain/report.ts';
import { nextYearReport } from '../domain/next-year.ts';
import { isReportDoc, readReport } from '../doc/report-doc.ts';
import { checkStorage, deleteReportDoc, openReportDoc, type StorageInfo } from '../storage/doc-store.ts';
import {
  getProfile,
  listReports,
  newId,
  openLibraryDB,
  peersOf,
  setProfileName,
  type LibraryDB,
  type PeerRow,
  type ProfileRow,
  type ReportRow,
} from '../storage/library-db.ts';
import type { Invite, Member, ShareOwner } from '../sync/invite.ts';
import { rowFindings } from './findings.ts';
import { applyReceivedPackage, readReceivedPackage } from './package-receive.ts';
import { rowFromDoc } from './report-row.ts';

export type { Invite, PeerRow, ReportRow, Member };
/** How a report is shared: the relay, the invite code, and on the sharer's copy the owner secret. */
export type Share = NonNullable<ReportRow['share']>;
/** The sharer's copy of a share: it holds the secret the relay checks for managing it. */
export type OwnedShare = Share & { owner: string };

const ownerOf = (reportId: string, share: OwnedShare): ShareOwner => ({ relay: share.relay, reportId, ownerSecret: share.owner });

export type Created = { ok: true; id: string } | { ok: false; error: string };
export type ImportPreview =
  | { ok: true; report: Report; notes: Finding[]; fileName: string }
  | { ok: false; error: string; fileName: string };


export class LibraryState {
  reports: readonly ReportRow[] = $state.raw([]);
  loaded = $state(false);
  profile: ProfileRow | null = $state.raw(null);
  storage: StorageInfo | null = $state.raw(null);
  error: string | null = $state(null);

  private sub: { unsubscribe(): void } | null = null;

  constructor(readonly db: LibraryDB) {}

  /** The library of this browser profile (the app's one instance; tests pass their own DB). */
  static openDefault(): LibraryState {
    return new LibraryState(openLibraryDB());
  }

  start(): void {
    this.sub = liveQuery(() => listReports(this.db)).subscribe({
      next: (rows) => {
        this.reports = rows;
        this.loaded = true;
      },
      error: (e: unknown) => {
        this.error = `无法读取报告列表：${(e as Error)?.message ?? String(e)}`;
        this.loaded = true;
      },
    });
    void getProfile(this.db).then(
      (p) => (this.profile = p),
      (e: unknown) => (this.error = `无法读取本机用户信息：${(e as Error)?.message ?? String(e)}`),
    );
    void checkStorage(false).then((s) => (this.storage = s));
  }

  stop(): void {
    this.sub?.unsubscribe();
  }

  async author(): Promise<Author> {
    const p = this.profile ?? (this.profile = await getProfile(this.db));
    return { id: p.authorId, name: p.name || '本机用户' };
  }

  async rename(name: string): Promise<void> {
    await setProfileName(this.db, name);
    this.profile = await getProfile(this.db);
  }

  /** Ask the browser to keep the data (called on the first real edit, when it is justified). */
  async askPersistence(): Promise<void> {
    this.storage = await checkStorage(true);
  }

  async create(init: ReportInit): Promise<Created> {
    return this.createWith(async (doc, author) => initReportDoc(doc, init, author));
  }

  async createFromReport(report: Report): Promise<Created> {
    return this.createWith(async (doc, author) => {
      const r = initReportDoc(
        doc,
        { name: report.unit.name, type: report.unit.type, year: report.year, title: report.title, deadline: report.deadline },
        author,
      );
      if (!r.ok) return r;
      return loadReport(doc, report, author);
    });
  }

  /**
   * This year's report started from last year's (see domain/next-year.ts): same unit, 上年结转
   * from last year's 结转下年度, prose carried over for editing, every other number 未填.
   * Refused when the unit already has a report for that year, so nobody ends up with two.
   */
  async createNextYear(previousId: string): Promise<Created> {
    const opened = await openReportDoc(previousId);
    if (!opened.ok) return { ok: false, error: opened.error };
    let previous: Report;
    try {
      previous = readReport(opened.value.doc);
    } finally {
      await opened.value.close();
    }
    const year = previous.year + 1;
    const existing = (await listReports(this.db)).find((r) => r.unitName === previous.unit.name && r.year === year);
    if (existing) return { ok: false, error: `${previous.unit.name}已有${year}年的报告，请直接打开它。` };
    return this.createFromReport(nextYearReport(previous));
  }

  private async createWith(
    fill: (doc: import('yjs').Doc, author: Author) => Promise<{ ok: true } | { ok: false; error: string }>,
  ): Promise<Created> {
    const author = await this.author();
    const id = newId();
    const opened = await openReportDoc(id);
    if (!opened.ok) return { ok: false, error: opened.error };
    const { doc } = opened.value;
    const filled = await fill(doc, author);
    if (!filled.ok) {
      await opened.value.close();
      await deleteReportDoc(id);
      return { ok: false, error: filled.error };
    }
    const saved = await opened.value.flushed();
    if (saved.kind === 'error') {
      await opened.value.close();
      return { ok: false, error: saved.message };
    }
    const findings = rowFindings(doc, { previous: await this.previousReport(unitYear(id, doc)) });
    await this.db.reports.put(rowFromDoc(id, doc, findings, Date.now()));
    await opened.value.close();
    return { ok: true, id };
  }

  /** Read a file into a Report WITHOUT creating anything, so the clerk sees the notes first. */
  async previewImport(file: { name: string; arrayBuffer(): Promise<ArrayBuffer> }): Promise<ImportPreview> {
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      // In a worker: the importers (mammoth, htmlparser2…) and any hostile file cost that
      // thread, not the page's (src/workers/).
      const { importFileOffThread } = await import('../workers/read-file.ts');
      const r = await importFileOffThread(bytes, file.name);
      if (!r.ok) return { ok: false, error: r.error, fileName: file.name };
      return { ok: true, report: r.report, notes: r.notes, fileName: file.name };
    } catch (e) {
      return { ok: false, error: `无法读取文件：${(e as Error)?.message ?? String(e)}`, fileName: file.name };
    }
  }

  /**
   * A 同步包 opened from the library: for a report this machine does not have yet (a colleague
   * sent it on a USB stick), the report is created under the same id; for one it has, the
   * package is merged into it. Returns the report id, or why not.
   */
  async importPackage(bytes: Uint8Array, passphrase?: string): Promise<Created | { ok: false; needsPassphrase: true; error: string }> {
    const read = await readReceivedPackage(bytes, passphrase);
    if (!read.ok) return read.needsPassphrase ? { ok: false, needsPassphrase: true, error: read.error } : { ok: false, error: read.error };
    const pkg = read.pkg;
    const opened = await openReportDoc(pkg.reportId);
    if (!opened.ok) return { ok: false, error: opened.error };
    const { doc } = opened.value;
    try {
      const applied = await applyReceivedPackage(this.db, doc, pkg, pkg.reportId);
      if (!applied.ok) return { ok: false, error: applied.error };
      const author = await this.author();
      initReportDoc(doc, null, author);
      const saved = await opened.value.flushed();
      if (saved.kind === 'error') return { ok: false, error: saved.message };
      const findings = rowFindings(doc, { previous: await this.previousReport(unitYear(pkg.reportId, doc)) });
      await this.saveRow(rowFromDoc(pkg.reportId, doc, findings, Date.now()));
      return { ok: true, id: pkg.reportId };
    } finally {
      await opened.value.close();
    }
  }

  /** Refresh a report's row from its doc, keeping what only the row knows (the share). */
  async saveRow(row: ReportRow): Promise<void> {
    await this.db.transaction('rw', this.db.reports, async () => {
      const existing = await this.db.reports.get(row.id);
      await this.db.reports.put(existing?.share ? { ...row, share: existing.share } : row);
    });
  }

  async remove(id: string): Promise<void> {
    await this.db.reports.delete(id);
    await this.db.peers.where('reportId').equals(id).delete();
    await deleteReportDoc(id);
  }

  /** Last year's report of the same unit as `row`, read from its doc; undefined when the library has none. */
  async previousReport(row: Pick<ReportRow, 'id' | 'unitName' | 'year'>): Promise<Report | undefined> {
    const prevRow = this.findPrevious(row) ?? (await listReports(this.db)).find((r) => isPreviousOf(r, row));
    if (!prevRow) return undefined;
    const opened = await openReportDoc(prevRow.id);
    if (!opened.ok) return undefined;
    try {
      return isReportDoc(opened.value.doc) ? readReport(opened.value.doc) : undefined;
    } finally {
      await opened.value.close();
    }
  }

  // ----- sharing --------------------------------------------------------------------------------

  /** The report's share, or undefined while it lives only on this machine. */
  async shareOf(id: string): Promise<Share | undefined> {
    return (await this.db.reports.get(id))?.share;
  }

  /**
   * Share the report on `relayUrl` (or return the share it has): the relay hands out an invite
   * code and, to this copy only, the owner secret for managing the share.
   */
  async share(id: string, relayUrl: string): Promise<{ ok: true; share: Share } | { ok: false; error: string }> {
    const existing = await this.shareOf(id);
    if (existing) return { ok: true, share: existing };
    const { requestInviteCode } = await import('../sync/invite.ts');
    const r = await requestInviteCode(relayUrl, id);
    if (!r.ok) return r;
    const share: Share = { relay: relayUrl, code: r.code, owner: r.ownerSecret };
    await this.db.reports.update(id, { share });
    return { ok: true, share };
  }

  /** Who joined the share (sharer's copy only). */
  async members(id: string, share: OwnedShare): Promise<{ ok: true; members: Member[] } | { ok: false; error: string }> {
    const { listMembers } = await import('../sync/invite.ts');
    return listMembers(ownerOf(id, share));
  }

  /** A new invite code: the old link stops working at once. Returns the report's new share. */
  async renewInvite(id: string, share: OwnedShare): Promise<{ ok: true; share: OwnedShare } | { ok: false; error: string }> {
    const { renewInviteCode } = await import('../sync/invite.ts');
    const r = await renewInviteCode(ownerOf(id, share));
    if (!r.ok) return r;
    const next = { ...share, code: r.code };
    await this.db.reports.update(id, { share: next });
    return { ok: true, share: next };
  }

  /** The relay deletes its copy; this report lives only on this machine again. */
  async stopSharing(id: string, share: OwnedShare): Promise<{ ok: true } | { ok: false; error: string }> {
    const { stopSharing } = await import('../sync/invite.ts');
    const r = await stopSharing(ownerOf(id, share));
    if (!r.ok) return r;
    await this.db.reports.update(id, { share: undefined });
    return r;
  }

  /** The colleagues this report has exchanged 同步包 with (for "发给"). */
  async peers(id: string): Promise<PeerRow[]> {
    return peersOf(this.db, id);
  }

  // ----- joining by invite link -----------------------------------------------------------------

  /** Read an invite link's query (`#/join?…`); the Chinese reason when it is not one. */
  async parseInvite(query: string): Promise<{ ok: true; invite: Invite } | { ok: false; error: string }> {
    const { parseInviteLink } = await import('../sync/invite.ts');
    return parseInviteLink(`#/join?${query}`);
  }

  /** What opening this invite means here: the same report already, ask first, or a new report. */
  async prepareJoin(invite: Invite) {
    const { prepareJoin } = await import('./join-existing.ts');
    return prepareJoin(this.db, invite);
  }

  /** She confirmed connecting a report this machine has to the invite's relay. */
  async confirmJoin(invite: Invite): Promise<void> {
    const { confirmJoinExisting } = await import('./join-existing.ts');
    await confirmJoinExisting(this.db, invite);
  }

  /** Join a report this machine does not have: nothing reaches the list before its first copy has come. */
  async joinNew(invite: Invite) {
    const { joinNewReport } = await import('./join.ts');
    return joinNewReport(this.db, invite, await this.author());
  }

  /** Last year's report of the same unit, if the library has it (for the cross-year rules). */
  findPrevious(row: Pick<ReportRow, 'id' | 'unitName' | 'year'>): ReportRow | undefined {
    return this.reports.find((r) => isPreviousOf(r, row));
  }
}

function isPreviousOf(r: Pick<ReportRow, 'id' | 'unitName' | 'year'>, row: Pick<ReportRow, 'id' | 'unitName' | 'year'>): boolean {
  return r.id !== row.id && r.unitName === row.unitName && r.year === row.year - 1;
}

function unitYear(id: string, doc: import('yjs').Doc): Pick<ReportRow, 'id' | 'unitName' | 'year'> {
  const m = readMeta(doc);
  return { id, unitName: m.name, year: m.year };
}
