// Per-peer acknowledgement, as pure functions: what each peer is known to have, so that the next
// 同步包 to it carries only what it lacks, and the UI can say what has not reached whom.
// The shape matches the Dexie `peers` table (storage/library-db.ts), which stores these rows;
// this module never touches storage.
//
// What a peer "has" is learnt from the state vector in ITS packages to us (the sender's whole
// state at export time). Packages may arrive out of order or twice, so the known state only
// grows: it is the per-client maximum of everything heard. Sending a package does not count
// as acknowledged (the file may never arrive); only what comes back does.
// Limits: a state vector does not describe deletions; an edit that only deletes (prose cut, an
// undo) is carried by every later package anyway, since encodeStateAsUpdate always includes the
// whole delete set.

import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import type { SyncPackage } from './exchange.ts';

export interface PeerAck {
  reportId: string;
  peerId: string;
  /** Y.encodeStateVector of what this peer is known to have. */
  stateVector: Uint8Array;
  /** Name of the peer's author, as last heard. */
  name: string;
  /** When we last heard from the peer (epoch ms, the package's creation time). */
  at: number;
}

/** Per-client maximum of two state vectors. */
export function mergeStateVectors(a: Uint8Array, b: Uint8Array): Uint8Array {
  const ma = Y.decodeStateVector(a);
  const mb = Y.decodeStateVector(b);
  for (const [client, clock] of mb) if ((ma.get(client) ?? 0) < clock) ma.set(client, clock);
  return encodeSV(ma);
}

/** The encoding of Y.encodeStateVector for a plain client → clock map. */
function encodeSV(m: Map<number, number>): Uint8Array {
  const enc = encoding.createEncoder();
  const entries = [...m].sort((x, y) => y[0] - x[0]);
  encoding.writeVarUint(enc, entries.length);
  for (const [client, clock] of entries) {
    encoding.writeVarUint(enc, client);
    encoding.writeVarUint(enc, clock);
  }
  return encoding.toUint8Array(enc);
}

/**
 * The acknowledgement after receiving `pkg` from a peer: the peer's known state grows to
 * include what it said it had. `previous` is the stored row for that peer, if any.
 */
export function acknowledge(previous: PeerAck | undefined, pkg: SyncPackage): PeerAck {
  const stateVector = previous ? mergeStateVectors(previous.stateVector, pkg.stateVector) : pkg.stateVector.slice();
  return {
    reportId: pkg.reportId,
    peerId: pkg.peerId,
    stateVector,
    name: pkg.author.name || previous?.name || '',
    at: Math.max(previous?.at ?? 0, pkg.createdAt),
  };
}
