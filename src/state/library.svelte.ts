// The report list and the actions on it (create, import, delete), plus the local profile and
// the storage situation. The list is a Dexie liveQuery, so other tabs' changes show up live.

import { liveQuery } from 'dexie';
import type { Author, ReportInit } from '../doc/report-doc.ts';
import type { Finding } from '../domain/finding.ts';
import type { Report } from '../domain/report.ts';
import type { StorageInfo } from '../storage/doc-store.ts';
import {
  getProfile,
  listReports,
  openLibraryDB,
  peersOf,
  setProfileName,
  type LibraryDB,
  type PeerRow,
  type ProfileRow,
  type ReportRow,
} from '../storage/library-db.ts';
import type { Invite, Member, ShareOwner } from '../sync/invite.ts';
import type { Created, PackageImported } from './library-docs.ts';

export type { Created };
/** The doc-opening actions, loaded on first use (library-docs.ts: keeps Yjs off the list's first load). */
const docs = () => import('./library-docs.ts');
/** Storage estimate and persistence (doc-store.ts brings y-indexeddb; not needed to draw the list). */
const storage = () => import('../storage/doc-store.ts');
export type { Invite, PeerRow, ReportRow, Member };
/** How a report is shared: the relay, the invite code, and on the sharer's copy the owner secret. */
export type Share = NonNullable<ReportRow['share']>;
/** The sharer's copy of a share: it holds the secret the relay checks for managing it. */
export type OwnedShare = Share & { owner: string };

const ownerOf = (reportId: string, share: OwnedShare): ShareOwner => ({ relay: share.relay, reportId, ownerSecret: share.owner });
import type { ImportKind } from '../import/types.ts';
import { authorName } from './author-name.ts';
import { isJoinPlaceholder } from './join-placeholder-row.ts';

export type ImportPreview =
  | { ok: true; report: Report; notes: Finding[]; fileName: string; kind?: ImportKind }
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
        if (!this.placeholdersSettled && rows.some(isJoinPlaceholder)) this.settlePlaceholders();
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
    void storage()
      .then((m) => m.checkStorage(false))
      .then((s) => (this.storage = s), () => {});
  }

  stop(): void {
    this.sub?.unsubscribe();
  }

  /** Rows an older version left after a join that never arrived: settled once per start (join-placeholders.ts). */
  private placeholdersSettled = false;
  private settlePlaceholders(): void {
    this.placeholdersSettled = true;
    void import('./join-placeholders.ts')
      .then((m) => m.settleJoinPlaceholders(this.db))
      .catch((e: unknown) => (this.error = `无法清理未完成的加入记录：${(e as Error)?.message ?? String(e)}`));
  }

  /**
   * The one author of this browser profile: the same object for every open editor, renamed in
   * place when she names herself (a name asked for just before sharing is on her next edit).
   */
  private me: Author | null = null;
  async author(): Promise<Author> {
    const p = this.profile ?? (this.profile = await getProfile(this.db));
    this.me ??= { id: p.authorId, name: '' };
    this.me.name = authorName(p);
    return this.me;
  }

  async rename(name: string, role?: string): Promise<void> {
    await setProfileName(this.db, name, role);
    this.profile = await getProfile(this.db);
    if (this.me) this.me.name = authorName(this.profile);
  }

  /** Ask the browser to keep the data (called on the first real edit, when it is justified). */
  async askPersistence(): Promise<void> {
    this.storage = await (await storage()).checkStorage(true);
  }

  async create(init: ReportInit): Promise<Created> {
    return (await docs()).createReport(this, init);
  }

  /** `published`: the report was read from a published page (text, HTML, PDF): it starts as 已发布. */
  async createFromReport(report: Report, opts: { published?: boolean } = {}): Promise<Created> {
    return (await docs()).createFromReport(this, report, opts);
  }

  /** This year's report from last year's (library-docs.ts); refused when the unit already has one. */
  async createNextYear(previousId: string): Promise<Created> {
    return (await docs()).createNextYear(this, previousId);
  }

  /** A 同步包 opened from the library: creates the report or merges into it (library-docs.ts). */
  async importPackage(bytes: Uint8Array, passphrase?: string): Promise<PackageImported> {
    return (await docs()).importPackage(this, bytes, passphrase);
  }

  /** Last year's report of the same unit as `row`, if the library has it (for the cross-year rules). */
  async previousReport(row: Pick<ReportRow, 'id' | 'unitName' | 'year'>): Promise<Report | undefined> {
    return (await docs()).previousReport(this, row);
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
      return { ok: true, report: r.report, notes: r.notes, fileName: file.name, kind: r.kind };
    } catch (e) {
      return { ok: false, error: `无法读取文件：${(e as Error)?.message ?? String(e)}`, fileName: file.name };
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
    await (await docs()).deleteReportDoc(id);
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
    return this.reports.find((r) => r.id !== row.id && r.unitName === row.unitName && r.year === row.year - 1);
  }
}

