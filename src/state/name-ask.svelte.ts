// Names before sharing (issue 15 item 6): sharing, joining by an invite link, and importing or
// exporting a 同步包 first ask once for the clerk's name (and, optionally, her post) when none is
// set — otherwise every colleague is 本机用户 and a conflict reads "本机用户填 1，本机用户填 2".
// The action waits for the answer; she may cancel, and then the action does not run.

import type { LibraryState } from './library.svelte.ts';

export const NAME_MAX = 20;

/** Checks what she typed as a name: her words back, or why not. */
export function checkName(raw: string): { ok: true; name: string } | { ok: false; error: string } {
  const name = raw.replace(/[\s\u3000]+/g, ' ').trim();
  if (!name) return { ok: false, error: '请填写姓名，同事会在修改记录和冲突提示中看到它。' };
  if (name.length > NAME_MAX) return { ok: false, error: `姓名最多 ${NAME_MAX} 个字。` };
  if (name === '本机用户' || /^同事/.test(name)) return { ok: false, error: '请填写你自己的姓名，便于同事分清是谁改的。' };
  return { ok: true, name };
}

export class NameAsk {
  /** The dialog is showing (NamePrompt.svelte, mounted by App.svelte). */
  open = $state(false);
  /** What the action is, for the dialog's first line ("共享前…"). */
  purpose = $state('');
  private library: LibraryState | null = null;
  private answer: ((ok: boolean) => void) | null = null;

  /** True once she has a name (asked now if needed); false if she cancelled. */
  async ensure(library: LibraryState, purpose: string): Promise<boolean> {
    const profile = library.profile ?? (await library.author(), library.profile);
    if (profile?.name) return true;
    this.answer?.(false); // an older question still open: that action is dropped
    this.library = library;
    this.purpose = purpose;
    this.open = true;
    return new Promise<boolean>((resolve) => (this.answer = resolve));
  }

  /** She confirmed: the name is stored (and used by every edit from now on), the action goes on. */
  async confirm(name: string, role: string): Promise<{ ok: true } | { ok: false; error: string }> {
    const checked = checkName(name);
    if (!checked.ok) return checked;
    await this.library!.rename(checked.name, role.trim());
    this.finish(true);
    return { ok: true };
  }

  cancel(): void {
    this.finish(false);
  }

  private finish(ok: boolean): void {
    this.open = false;
    const answer = this.answer;
    this.answer = null;
    answer?.(ok);
  }
}

export const nameAsk = new NameAsk();
