// Seeded: three colleagues co-edit one prose part and two cells, each through the real bindings
// (src/state/text-binding.ts with a model textarea, src/state/cell-edit.ts) over real Y.Docs whose
// updates travel per-link channels delivered at random moments. Each person types, deletes,
// selects and replaces, opens input-method compositions (updated, committed, cancelled, replaced
// by a longer word) and focuses cells for a while, typing digits. Afterwards, once everything is
// delivered and every word is closed:
//   - prose: every replica's textarea equals its doc, all docs are equal, and the text is exactly
//     the words nobody deleted — each word typed by anyone is present once unless someone who
//     was SHOWN it deleted it; nothing is garbled;
//   - cells: every input shows its doc, and a cell's frontier is exactly the writes that nobody
//     who was shown them wrote over: a colleague's value is never silently gone (it is the value,
//     or one side of a conflict listing both names).
// Seed printed; TYPING_SEED=<n> replays one, TYPING_RUNS=<n> runs more; failing seeds are pinned below.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  attachReportDoc,
  createReportDoc,
  editSectionText,
  initReportDoc,
  presentWrites,
  registerFrontier,
  registerState,
  replaceSectionText,
  setCell,
  type Author,
} from '../../src/doc/report-doc.ts';
import type { CellKey } from '../../src/domain/format.ts';
import { CellEdits } from '../../src/state/cell-edit.ts';
import { formatCellValue } from '../../src/state/cell-input.ts';
import { TextBinding, type TextView } from '../../src/state/text-binding.ts';
import { mulberry32 } from '../support/prng.ts';

const PINNED_SEEDS: number[] = [];
const SECTION = 's5';
const CELLS: CellKey[] = ['t3.r1_new.np', 't3.r1_new.biz'];
const NAMES = ['张三', '李四', '王五'];

class ModelTextarea implements TextView {
  value = '';
  selectionStart = 0;
  selectionEnd = 0;
  focused = false;
  show(value: string, sel: { start: number; end: number } | null): void {
    this.value = value;
    if (sel) {
      this.selectionStart = sel.start;
      this.selectionEnd = sel.end;
    } else {
      this.selectionStart = Math.min(this.selectionStart, value.length);
      this.selectionEnd = Math.min(this.selectionEnd, value.length);
    }
  }
  select(start: number, end = start): void {
    this.selectionStart = start;
    this.selectionEnd = end;
  }
}

/** Words are `[<author><n>]`: never a prefix of another, so the text splits back into words. */
const WORD_RE = /\[[A-C]\d+\]/g;
function words(text: string): string[] {
  return text.match(WORD_RE) ?? [];
}
/** Positions between words (0, and after every `]`). */
function boundaries(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === ']') out.push(i + 1);
  return out;
}

// TYPING_LEGACY=text|cells runs the same scenarios against the binding this project had before
// (text: textarea made equal to the doc by a minimal diff; cells: written over everything the
// doc held at commit), to show that this test catches what they lost.
const LEGACY_TEXT = process.env.TYPING_LEGACY === 'text';
const LEGACY_CELLS = process.env.TYPING_LEGACY === 'cells';

function legacyTextBinding(doc: Y.Doc, view: ModelTextarea, author: Author): TextBinding {
  const text = doc.getText(`section:${SECTION}`);
  let composing = false;
  view.show(text.toString(), null);
  const observer = () => {
    if (composing || text.toString() === view.value) return;
    view.show(text.toString(), null);
  };
  text.observe(observer);
  const input = () => {
    if (!composing) replaceSectionText(doc, SECTION, view.value, author);
  };
  return {
    input,
    compositionStart: () => (composing = true),
    compositionEnd: () => {
      composing = false;
      input();
    },
    get shown() {
      return view.value;
    },
    get isComposing() {
      return composing;
    },
    destroy: () => text.unobserve(observer),
  } as unknown as TextBinding;
}

function legacyCells(doc: Y.Doc, author: Author): CellEdits {
  return {
    begin() {},
    end() {},
    write: (key: CellKey, v: number | null) => setCell(doc, key, v, author),
  } as unknown as CellEdits;
}

interface Composition {
  start: number;
  end: number;
  pre: string;
  post: string;
  original: string;
  pinyin: string;
}

interface Person {
  i: number;
  author: Author;
  doc: Y.Doc;
  view: ModelTextarea;
  binding: TextBinding;
  cells: CellEdits;
  comp: Composition | null;
  /** The cell she is editing, and what it showed when she began. */
  editing: { key: CellKey; shown: string[]; draft: string; wrote: string | null } | null;
}

function run(seed: number, steps = 400): { words: number; conflicts: number; composedWhileRemote: number } {
  const rnd = mulberry32(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T,>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const base = Y.encodeStateAsUpdate(createReportDoc({ name: '测试镇人民政府', type: 'township', year: 2024 }, { id: 'x', name: '建档人' }));
  let counter = 0;
  const inserted = new Set<string>();
  const deleted = new Set<string>();
  /** Every cell write: id → who superseded what she was shown. */
  const writes = new Map<string, { key: CellKey; v: number | null }>();
  const superseded = new Set<string>();
  let composedWhileRemote = 0;

  const people: Person[] = NAMES.map((name, i) => {
    const doc = new Y.Doc();
    doc.clientID = 100 + i * 1000 + int(900);
    attachReportDoc(doc);
    initReportDoc(doc, null, { id: `u${i}`, name });
    Y.applyUpdate(doc, base);
    const author = { id: `u${i}`, name };
    const view = new ModelTextarea();
    const binding = LEGACY_TEXT
      ? legacyTextBinding(doc, view, author)
      : new TextBinding(doc.getText(`section:${SECTION}`), view, (change, since) => {
          const r = editSectionText(doc, SECTION, change, author, { since });
          return r.ok ? r.caret : null;
        });
    return { i, author, doc, view, binding, cells: LEGACY_CELLS ? legacyCells(doc, author) : new CellEdits(doc, author), comp: null, editing: null };
  });

  // Per-link FIFO channels; links race each other.
  const links: Uint8Array[][][] = people.map(() => people.map(() => []));
  people.forEach((p) =>
    p.doc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin === 'relay') return;
      for (const q of people) if (q !== p) links[p.i]![q.i]!.push(u);
    }),
  );
  const trace = (...xs: unknown[]) => {
    if (process.env.TYPING_TRACE) console.log(...xs, '|', people.map((q) => JSON.stringify(q.view.value)).join(' '));
  };
  const deliverOne = (): boolean => {
    const open: [number, number][] = [];
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) if (links[a]![b]!.length) open.push([a, b]);
    if (!open.length) return false;
    const [a, b] = pick(open);
    const target = people[b]!;
    if (target.comp) composedWhileRemote++;
    Y.applyUpdate(target.doc, links[a]![b]!.shift()!, 'relay');
    trace(`deliver ${a}->${b}`);
    return true;
  };

  const letter = (p: Person) => 'ABC'[p.i]!;
  const newWord = (p: Person) => {
    const w = `[${letter(p)}${counter++}]`;
    inserted.add(w);
    return w;
  };
  /** A local edit of a textarea outside compositions: replace [s, e) by `ins`, caret after. */
  const typeInto = (p: Person, s: number, e: number, ins: string) => {
    const v = p.view;
    for (const w of words(v.value.slice(s, e))) deleted.add(w); // she sees what she deletes
    // Browsers tell the selection before each edit (beforeinput); without it the binding falls
    // back to a diff placed by the caret, exact for an insertion or a deletion.
    const hint = rnd() < 0.7 || (s !== e && ins !== '') ? { start: s, end: e } : undefined;
    v.value = v.value.slice(0, s) + ins + v.value.slice(e);
    v.select(s + ins.length);
    p.binding.input(hint);
    trace(`${p.i} type [${s},${e}) ${JSON.stringify(ins)} hint=${!!hint}`);
  };

  const textStep = (p: Person) => {
    const v = p.view;
    if (p.comp) {
      const c = p.comp;
      const r = rnd();
      if (r < 0.4) {
        // The IME shows a longer (or different) pinyin.
        c.pinyin += pick(['n', 'i', 'h', 'ao', 'zh', 'ong']);
        v.value = c.pre + c.pinyin + c.post;
        v.select(c.pre.length + c.pinyin.length);
      } else if (r < 0.8) {
        // She picks her word (sometimes a longer one than the pinyin suggested).
        const w = newWord(p) + (rnd() < 0.3 ? newWord(p) : '');
        for (const old of words(c.original)) deleted.add(old);
        v.value = c.pre + w + c.post;
        v.select(c.pre.length + w.length);
        p.comp = null;
        p.binding.compositionEnd();
        trace(`${p.i} commit ${w}`);
      } else {
        // Cancelled (Escape): the textarea holds what it held before the word opened.
        v.value = c.pre + c.original + c.post;
        v.select(c.pre.length, c.pre.length + c.original.length);
        p.comp = null;
        p.binding.compositionEnd();
        trace(`${p.i} cancel`);
      }
      return;
    }
    const b = boundaries(v.value);
    const r = rnd();
    if (r < 0.35) {
      const at = pick(b);
      typeInto(p, at, at, newWord(p));
    } else if (r < 0.5 && b.length > 1) {
      const k = int(b.length - 1);
      typeInto(p, b[k]!, b[k + 1]!, ''); // delete a word
    } else if (r < 0.6 && b.length > 2) {
      const k = int(b.length - 2);
      const e = k + 1 + int(b.length - k - 1);
      typeInto(p, b[k]!, b[e]!, newWord(p)); // select words and type over them
    } else {
      // Open a composition at a caret or over a selection of whole words.
      const k = int(b.length);
      const e = rnd() < 0.3 ? k + int(b.length - k) : k;
      const s = b[k]!;
      const end = b[e]!;
      v.select(s, end); // the word will replace the selection
      p.binding.compositionStart();
      const pinyin = pick(['n', 'z', 'sh', 'g']);
      p.comp = { start: s, end, pre: v.value.slice(0, s), post: v.value.slice(end), original: v.value.slice(s, end), pinyin };
      v.value = p.comp.pre + pinyin + p.comp.post;
      v.select(s + pinyin.length);
      p.binding.input(); // the input event of a composition does nothing
      trace(`${p.i} compose [${s},${end})`);
    }
  };

  const recordWrite = (p: Person, key: CellKey, before: Set<string>) => {
    for (const [id, w] of presentWrites(p.doc, key)) {
      if (before.has(id) || writes.has(id)) continue;
      writes.set(id, { key, v: w.v });
      const e = p.editing!;
      for (const s of e.shown) superseded.add(s);
      if (e.wrote) superseded.add(e.wrote);
      e.wrote = id;
    }
  };

  const cellStep = (p: Person) => {
    const r = rnd();
    if (!p.editing) {
      if (r < 0.5) {
        const key = pick(CELLS);
        p.cells.begin(key);
        const st = registerState(p.doc, key);
        p.editing = { key, shown: [...registerFrontier(p.doc, key)], draft: formatCellValue(st.conflict ? null : st.value), wrote: null };
      }
      return;
    }
    const e = p.editing;
    if (r < 0.2) {
      p.cells.end(e.key);
      p.editing = null;
      return;
    }
    e.draft = r < 0.3 ? '' : r < 0.5 ? String(int(10)) : (e.draft + String(int(10))).slice(-3);
    const before = new Set(presentWrites(p.doc, e.key).keys());
    const v = e.draft === '' ? null : Number(e.draft);
    expect(p.cells.write(e.key, v).ok).toBe(true);
    recordWrite(p, e.key, before);
  };

  for (let step = 0; step < steps; step++) {
    const r = rnd();
    const p = pick(people);
    if (r < 0.4) textStep(p);
    else if (r < 0.55) cellStep(p);
    else if (r < 0.6) p.view.focused = !p.view.focused;
    else deliverOne();
  }
  // Close every word and cell, deliver everything.
  for (const p of people) {
    if (p.comp) {
      const c = p.comp;
      const w = newWord(p);
      for (const old of words(c.original)) deleted.add(old);
      p.view.value = c.pre + w + c.post;
      p.view.select(c.pre.length + w.length);
      p.comp = null;
      p.binding.compositionEnd();
    }
    if (p.editing) p.cells.end(p.editing.key);
    p.editing = null;
  }
  while (deliverOne());

  const finalText = people[0]!.doc.getText(`section:${SECTION}`).toString();
  let conflicts = 0;
  for (const p of people) {
    const t = p.doc.getText(`section:${SECTION}`).toString();
    expect(t, `seed ${seed}: docs differ`).toBe(finalText);
    expect(p.view.value, `seed ${seed}: ${p.author.name}'s textarea differs from her doc`).toBe(t);
    expect(p.binding.shown).toBe(t);
  }
  // Exactly the words nobody who saw them deleted, each once, nothing garbled.
  expect(finalText.replace(WORD_RE, ''), `seed ${seed}: garbled text`).toBe('');
  const present = words(finalText);
  expect(new Set(present).size, `seed ${seed}: a word appears twice`).toBe(present.length);
  const expected = [...inserted].filter((w) => !deleted.has(w)).sort();
  expect([...present].sort(), `seed ${seed}: words lost or resurrected`).toEqual(expected);

  for (const key of CELLS) {
    const want = [...writes.keys()].filter((id) => writes.get(id)!.key === key && !superseded.has(id)).sort();
    for (const p of people) {
      expect([...registerFrontier(p.doc, key)].sort(), `seed ${seed}: ${key} on ${p.author.name}`).toEqual(want);
      const st = registerState(p.doc, key);
      const values = new Set(want.map((id) => writes.get(id)!.v));
      if (values.size > 1) {
        conflicts++;
        expect(st.conflict?.values.map((c) => c.value).sort()).toEqual([...values].sort());
        expect(st.conflict!.values.every((c) => NAMES.includes(c.by))).toBe(true);
      } else expect(st.value).toBe(values.size ? [...values][0] : null);
    }
  }
  for (const p of people) p.binding.destroy();
  return { words: present.length, conflicts, composedWhileRemote };
}

describe('typing while colleagues type (seeded)', () => {
  it('keeps every word and every number of every author, in prose and cells', () => {
    const fixed = process.env.TYPING_SEED;
    const seeds = fixed ? [Number(fixed)] : [...PINNED_SEEDS, ...Array.from({ length: Number(process.env.TYPING_RUNS ?? 60) }, () => (Math.random() * 2 ** 32) >>> 0)];
    let total = { words: 0, conflicts: 0, composedWhileRemote: 0 };
    for (const seed of seeds) {
      try {
        const r = run(seed);
        total = { words: total.words + r.words, conflicts: total.conflicts + r.conflicts, composedWhileRemote: total.composedWhileRemote + r.composedWhileRemote };
      } catch (e) {
        console.log(`typing property: seed ${seed} failed — replay with TYPING_SEED=${seed}`);
        throw e;
      }
    }
    console.log(`typing property: ${seeds.length} seeds (first ${seeds[0]}; TYPING_SEED=<n> replays one); ${total.words} words kept, ${total.conflicts} cell conflicts shown, ${total.composedWhileRemote} colleague updates arrived during an open word`);
    // The runs must really exercise the hard case.
    expect(total.composedWhileRemote).toBeGreaterThan(seeds.length);
    expect(total.conflicts).toBeGreaterThan(0);
  });
});
