// Receiving a 同步包, the one way both doors use it (the library's 导入同步包 for a report this
// machine may not have yet, the editor's for the open report): read it off the page's thread,
// merge it into the doc, and record what the sender had, so the next package for that colleague
// carries only what they lack. Before this the two doors each had their own copy with different
// result types (issue 11).

import type * as Y from 'yjs';
import { peersOf, putPeer, type LibraryDB } from '../storage/library-db.ts';
import type { AppliedPackage, SyncPackage } from '../sync/exchange.ts';

export type ReadResult =
  | { ok: true; pkg: SyncPackage }
  | { ok: false; needsPassphrase: boolean; error: string };

/**
 * Read a 同步包's bytes. `needsPassphrase` when it is encrypted and no (or a wrong) passphrase was
 * given, so the page can ask for one; `error` says what is wrong in Chinese either way.
 */
export async function readReceivedPackage(bytes: Uint8Array, passphrase?: string): Promise<ReadResult> {
  const { readPackageOffThread } = await import('../workers/read-file.ts');
  const read = await readPackageOffThread(bytes, { passphrase });
  if (read.ok) return read;
  return { ok: false, needsPassphrase: read.code === 'needs-passphrase' || read.code === 'wrong-passphrase', error: read.error };
}

/** Merge a read 同步包 into the doc of report `reportId` and acknowledge its sender. */
export async function applyReceivedPackage(
  db: LibraryDB,
  doc: Y.Doc,
  pkg: SyncPackage,
  reportId: string,
): Promise<{ ok: true; applied: AppliedPackage } | { ok: false; error: string }> {
  const { applyPackage } = await import('../sync/exchange.ts');
  const { acknowledge } = await import('../sync/peers.ts');
  const applied = applyPackage(doc, pkg, reportId);
  if (!applied.ok) return applied;
  const previous = (await peersOf(db, reportId)).find((p) => p.peerId === pkg.peerId);
  await putPeer(db, acknowledge(previous, pkg));
  return { ok: true, applied };
}
