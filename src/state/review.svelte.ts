// The report's year for the editor (issue 13): status with sign-off, saved versions and their
// comparison, review comments, and who wrote which words. One class the editor owns
// (EditorState.review); components read its $state fields and call its methods, never src/doc.
// Every change of the doc — local, from a colleague, a file — refreshes what it touched.

import type * as Y from 'yjs';
import { appendStatusStep, readStatus, STATUS_LOG, type StepInput } from '../doc/status-log.ts';
import { currentContent, getVersion, listVersions, restoreVersion, saveVersion, VERSIONS, type VersionInfo } from '../doc/versions.ts';
import { addComment, listComments, replyTo, setResolved, COMMENTS, COMMENT_STATE, type CommentAnchor, type CommentThread } from '../doc/comments.ts';
import { authorNames, noteAuthor, textRuns, AUTHORS } from '../doc/authors.ts';
import { sectionText, type Author } from '../doc/report-doc.ts';
import { compareContents, type AuthorRun, type Comparison, type ReportContent } from '../domain/compare.ts';
import { SECTION_IDS, type SectionId } from '../domain/format.ts';
import type { StatusView } from '../domain/status.ts';

export type { CommentAnchor, CommentThread, VersionInfo, Comparison, AuthorRun };

export interface ShownComparison {
  /** "送审稿 → 当前" */
  label: string;
  result: Comparison;
}

/** The outcome of an action: done, or the Chinese reason it was refused (shown by the form). */
export type ActionResult = { ok: true } | { ok: false; error: string };

export class ReviewState {
  status: StatusView = $state.raw(undefined as unknown as StatusView);
  versions: readonly VersionInfo[] = $state.raw([]);
  threads: readonly CommentThread[] = $state.raw([]);
  comparison: ShownComparison | null = $state.raw(null);
  /** Prose coloured by author (the 显示作者 toggle). */
  showAuthors = $state(false);
  /** Bumped when prose changes while showAuthors is on (authorship views re-read their runs). */
  textSeq = $state(0);
  openComments = $derived(this.threads.filter((t) => !t.resolved).length);

  private noted = false;
  private readonly stop: () => void;

  constructor(
    private readonly doc: Y.Doc,
    private readonly author: Author,
  ) {
    this.refresh(true, true, true);
    const log = doc.getArray(STATUS_LOG);
    const meta = doc.getMap('meta');
    const versions = doc.getMap(VERSIONS);
    const comments = doc.getMap(COMMENTS);
    const cstate = doc.getMap(COMMENT_STATE);
    const authors = doc.getMap(AUTHORS);
    const texts = new Set<unknown>(SECTION_IDS.map((id) => sectionText(doc, id)));
    const handler = (tr: Y.Transaction) => {
      let status = false;
      let vers = false;
      let comm = false;
      let prose = false;
      for (const type of tr.changed.keys()) {
        if (type === (log as unknown) || type === (meta as unknown)) status = true;
        else if (type === (versions as unknown)) vers = true;
        else if (type === (comments as unknown) || type === (cstate as unknown)) comm = true;
        else if (type === (authors as unknown)) prose = true;
        else if (texts.has(type)) prose = true;
      }
      // Span anchors move with the text: re-read them only when there are span comments.
      if (prose && this.threads.some((t) => 'section' in t.anchor)) comm = true;
      if (status || vers || comm) this.refresh(status, vers, comm);
      if (prose && this.showAuthors) this.textSeq++;
      // The first own edit of this session names this replica's client id (authorship).
      if (!this.noted && tr.local && tr.origin === 'local') {
        this.noted = true;
        queueMicrotask(() => noteAuthor(doc, author));
      }
    };
    doc.on('afterTransaction', handler);
    this.stop = () => doc.off('afterTransaction', handler);
  }

  private refresh(status: boolean, versions: boolean, comments: boolean): void {
    if (status) this.status = readStatus(this.doc);
    if (versions) this.versions = listVersions(this.doc);
    if (comments) this.threads = listComments(this.doc);
  }

  get locked(): boolean {
    return this.status.locked;
  }

  /** Why edits are refused now (定稿), or null. */
  lockReason(): string | null {
    const s = this.status.signedOff;
    return this.status.locked ? `报告已由${s?.by || '同事'}定稿，不能修改；如需修改请先“解锁”并写明原因。` : null;
  }

  // ----- status ---------------------------------------------------------------------------

  step(input: StepInput): ActionResult {
    return appendStatusStep(this.doc, input, this.author);
  }

  // ----- versions -------------------------------------------------------------------------

  saveVersion(name: string, note = ''): ActionResult {
    const r = saveVersion(this.doc, { name, note }, this.author);
    return r.ok ? { ok: true } : r;
  }

  /** Compare version `from` with version `to`, or with the report as it is now. */
  compare(from: string, to: string | 'now'): ActionResult {
    const a = getVersion(this.doc, from);
    if (!a) return { ok: false, error: '找不到这个版本。' };
    let after: ReportContent;
    let runs: Partial<Record<SectionId, AuthorRun[]>> = {};
    let label: string;
    if (to === 'now') {
      after = currentContent(this.doc);
      // Who wrote each character now: from the Yjs items of the live text.
      const names = authorNames(this.doc);
      runs = Object.fromEntries(SECTION_IDS.map((id) => [id, textRuns(this.doc, sectionText(this.doc, id), names)]));
      label = `${a.name} → 当前`;
    } else {
      const b = getVersion(this.doc, to);
      if (!b) return { ok: false, error: '找不到这个版本。' };
      after = b.content;
      label = `${a.name} → ${b.name}`;
    }
    this.comparison = { label, result: compareContents(a.content, after, runs) };
    return { ok: true };
  }

  closeComparison(): void {
    this.comparison = null;
  }

  restore(id: string): ActionResult {
    const why = this.lockReason();
    if (why) return { ok: false, error: why };
    const r = restoreVersion(this.doc, id, this.author);
    if (r.ok) this.comparison = null;
    return r;
  }

  // ----- comments -------------------------------------------------------------------------

  comment(anchor: CommentAnchor, text: string): ActionResult {
    const r = addComment(this.doc, anchor, text, this.author);
    return r.ok ? { ok: true } : r;
  }

  reply(threadId: string, text: string): ActionResult {
    const r = replyTo(this.doc, threadId, text, this.author);
    return r.ok ? { ok: true } : r;
  }

  resolve(threadId: string, resolved: boolean): ActionResult {
    return setResolved(this.doc, threadId, resolved, this.author);
  }

  // ----- authorship -----------------------------------------------------------------------

  /** The section's text as runs of (text, author), for the 显示作者 view. */
  authorship(id: SectionId): { text: string; by: string }[] {
    const ytext = sectionText(this.doc, id);
    const text = ytext.toString();
    let at = 0;
    return textRuns(this.doc, ytext).map((r) => {
      const piece = { text: text.slice(at, at + r.length), by: r.by };
      at += r.length;
      return piece;
    });
  }

  destroy(): void {
    this.stop();
  }
}
