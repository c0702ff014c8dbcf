// Typing into a table cell as the edit the person made against what she was shown.
//
// A focused cell keeps showing what she types, not what arrives from colleagues. So what she was
// shown is the cell's state when she BEGAN editing it (on focus), and her writes carry that as
// their context (cell-register.ts CellContext): a colleague's value that arrives while she types
// is not superseded by her next keystroke — it stays, and if she commits something else the cell
// is in conflict with both names. Her own keystrokes supersede each other (1, then 12, is one
// edit). A write outside an editing period is made against what is shown at that moment. Pure
// over a Y.Doc: the editor state uses it, and the property test drives it directly.

import type * as Y from 'yjs';
import {
  cellContext,
  contextAfterWrite,
  contextCovers,
  presentWrites,
  registerFrontier,
  registerState,
  setCellFrom,
  type Author,
  type CellContext,
  type EditOptions,
  type EditResult,
} from '../doc/report-doc.ts';
import type { CellKey } from '../domain/format.ts';

/** A colleague's write that arrived while she was editing the cell. */
export interface ColleagueWrite {
  by: string;
  value: number | null;
}

export class CellEdits {
  private open = new Map<CellKey, CellContext>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly author: Author,
  ) {}

  /** She starts editing `key` (focus): remember what she is shown. Idempotent while editing. */
  begin(key: CellKey): void {
    if (!this.open.has(key)) this.open.set(key, cellContext(this.doc, key));
  }

  /** She leaves the cell: from now on it shows the doc again. */
  end(key: CellKey): void {
    this.open.delete(key);
  }

  isEditing(key: CellKey): boolean {
    return this.open.has(key);
  }

  /**
   * Write what she typed. Nothing is written when the cell already holds that value (settled,
   * no conflict): a colleague who typed the same number is no conflict.
   */
  write(key: CellKey, value: number | null, opts: EditOptions = {}): EditResult {
    const s = registerState(this.doc, key);
    if (s.conflict === null && s.value === value) return { ok: true };
    // Outside an editing period (a script, a test) the write is made against what is shown now.
    const ctx = this.open.get(key) ?? cellContext(this.doc, key);
    const r = setCellFrom(this.doc, key, value, this.author, ctx, opts);
    if (!r.ok) return r;
    if (this.open.has(key)) this.open.set(key, contextAfterWrite(ctx, r.id));
    return { ok: true };
  }

  /**
   * The newest write of this cell she has not been shown (a colleague's, arrived while she
   * edits), or null. Her own writes from this replica never count.
   */
  colleagueWrite(key: CellKey): ColleagueWrite | null {
    const ctx = this.open.get(key);
    if (!ctx) return null;
    const writes = presentWrites(this.doc, key);
    let best: { at: number; w: ColleagueWrite } | null = null;
    for (const id of registerFrontier(this.doc, key)) {
      if (contextCovers(ctx, id) || id.includes(`@${this.doc.clientID}:`)) continue;
      const w = writes.get(id);
      if (w && (!best || w.at >= best.at)) best = { at: w.at, w: { by: w.by || '未署名', value: w.v } };
    }
    return best?.w ?? null;
  }
}
