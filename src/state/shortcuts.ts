// The editor's keyboard shortcuts, as a clerk used to WPS expects them: Ctrl+Z 撤销, Ctrl+Y and
// Ctrl+Shift+Z 重做 (of HER edits, in any field: the browser's own undo would run on shared
// text), Ctrl+S answered with "saved" (the app saves by itself; never the browser's save page).

export type Shortcut = 'undo' | 'redo' | 'save';

interface Keys {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  isComposing?: boolean;
}

export function shortcutOf(e: Keys): Shortcut | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey || e.isComposing) return null;
  // With Shift held, key is 'Z', not 'z'.
  const k = e.key.toLowerCase();
  if (k === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (k === 'y' && !e.shiftKey) return 'redo';
  if (k === 's' && !e.shiftKey) return 'save';
  return null;
}

/** The browser's own undo/redo reached a field (menu, or a key we did not see): its inputType. */
export function historyInputOf(inputType: string): 'undo' | 'redo' | null {
  return inputType === 'historyUndo' ? 'undo' : inputType === 'historyRedo' ? 'redo' : null;
}
