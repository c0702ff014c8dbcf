// The local undo stack: a Y.UndoManager over the whole report that tracks only this user's own
// edits (origin 'local'), and the registry through which cell edits close the current undo step
// (two cell edits never merge into one undo item, while typed prose does within captureTimeout).

import * as Y from 'yjs';
import { SECTION_IDS } from '../domain/format.ts';
import { CELL_WRITES } from './cell-register.ts';
import { META_WRITES } from './meta-register.ts';
import { META, SECTION_PREFIX, attachReportDoc } from './layout.ts';
import type { Origin } from './types.ts';

const undoManagers = new WeakMap<Y.Doc, Set<Y.UndoManager>>();

/** Cell edits are discrete steps: never merge two of them into one undo item. */
export function stopCapturing(doc: Y.Doc): void {
  for (const um of undoManagers.get(doc) ?? []) um.stopCapturing();
}

/** An UndoManager over the whole report that tracks only this user's own edits (origin 'local'). */
export function createUndoManager(doc: Y.Doc, opts: { captureTimeout?: number } = {}): Y.UndoManager {
  attachReportDoc(doc);
  const scope: Y.AbstractType<any>[] = [doc.getMap(META), doc.getMap(CELL_WRITES), doc.getMap(META_WRITES)];
  for (const id of SECTION_IDS) scope.push(doc.getText(SECTION_PREFIX + id));
  const um = new Y.UndoManager(scope, {
    trackedOrigins: new Set<unknown>(['local' satisfies Origin]),
    captureTimeout: opts.captureTimeout ?? 500,
  });
  let set = undoManagers.get(doc);
  if (!set) undoManagers.set(doc, (set = new Set()));
  set.add(um);
  // Forget it when destroyed, so that a long-lived doc does not keep dead managers.
  const destroy = um.destroy.bind(um);
  um.destroy = () => {
    set!.delete(um);
    destroy();
  };
  return um;
}
