// The pure parts of the WPS habits and names (issue 15): which keys are the app's, what copying a
// block puts on the clipboard, which names are accepted, how an unnamed clerk is shown.
import { describe, expect, it } from 'vitest';
import { t3 } from '../../src/domain/format.ts';
import { historyInputOf, shortcutOf } from '../../src/state/shortcuts.ts';
import { CellBlock, blockBetween, blockClipboard, rowOf } from '../../src/state/cell-block.svelte.ts';
import { checkName } from '../../src/state/name-ask.svelte.ts';
import { authorName } from '../../src/state/author-name.ts';

const keys = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean; isComposing: boolean }> = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('shortcuts', () => {
  it('Ctrl+Z undo, Ctrl+Y and Ctrl+Shift+Z redo, Ctrl+S save; nothing while an input method word is open', () => {
    expect(shortcutOf(keys('z', { ctrlKey: true }))).toBe('undo');
    expect(shortcutOf(keys('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo'); // Shift gives 'Z'
    expect(shortcutOf(keys('y', { ctrlKey: true }))).toBe('redo');
    expect(shortcutOf(keys('s', { ctrlKey: true }))).toBe('save');
    expect(shortcutOf(keys('z', { metaKey: true }))).toBe('undo');
    expect(shortcutOf(keys('z'))).toBeNull();
    expect(shortcutOf(keys('z', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(shortcutOf(keys('z', { ctrlKey: true, isComposing: true }))).toBeNull();
    expect(shortcutOf(keys('c', { ctrlKey: true }))).toBeNull();
    expect(historyInputOf('historyUndo')).toBe('undo');
    expect(historyInputOf('historyRedo')).toBe('redo');
    expect(historyInputOf('insertText')).toBeNull();
  });
});

describe('copying a block', () => {
  it('a block between two corners, either way round; the row without one', () => {
    const block = blockBetween(t3('r2_carryIn', 'biz'), t3('r1_new', 'np'));
    expect(block).toEqual([
      [t3('r1_new', 'np'), t3('r1_new', 'biz')],
      [t3('r2_carryIn', 'np'), t3('r2_carryIn', 'biz')],
    ]);
    expect(rowOf(t3('r1_new', 'legal'))[0]).toHaveLength(7);
    const sel = new CellBlock();
    expect(sel.copied(t3('r1_new', 'np'))).toEqual(rowOf(t3('r1_new', 'np')));
    sel.extend(t3('r1_new', 'np'), t3('r1_new', 'biz'));
    sel.extend(t3('r1_new', 'biz'), t3('r2_carryIn', 'biz'));
    expect(sel.copied(t3('r2_carryIn', 'biz'))).toEqual(block);
    expect(sel.keys.size).toBe(4);
    sel.clear();
    expect(sel.keys.size).toBe(0);
  });
  it('TSV with 未填 as empty, and an HTML table whose text is escaped', () => {
    const values: Record<string, number | null> = { [t3('r1_new', 'np')]: 3, [t3('r1_new', 'biz')]: null, [t3('r2_carryIn', 'np')]: 1.5, [t3('r2_carryIn', 'biz')]: 0 };
    const { text, html } = blockClipboard(blockBetween(t3('r1_new', 'np'), t3('r2_carryIn', 'biz')), (k) => values[k]);
    expect(text).toBe('3\t\r\n1.5\t0\r\n');
    expect(html).toBe('<table><tr><td>3</td><td></td></tr><tr><td>1.5</td><td>0</td></tr></table>');
  });
});

describe('names', () => {
  it('accepts her name, refuses empty, too long, 本机用户 and 同事…', () => {
    expect(checkName('  张　三 ')).toEqual({ ok: true, name: '张 三' });
    expect(checkName('   ').ok).toBe(false);
    expect(checkName('本机用户').ok).toBe(false);
    expect(checkName('同事甲').ok).toBe(false);
    expect(checkName('很'.repeat(21)).ok).toBe(false);
  });
  it('an unnamed clerk is 同事 and a short id, never 本机用户', () => {
    expect(authorName({ name: '', authorId: 'a1b2c3d4e5' })).toBe('同事a1b2');
    expect(authorName({ name: '李四', authorId: 'a1b2c3d4e5' })).toBe('李四');
  });
});
