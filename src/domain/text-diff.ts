// Character diff of two texts for the version comparison: insertions and deletions as runs, the
// shortest edit script (Myers, O((N+M)·D) time, O(D²) memory) between the common prefix and suffix. A comparison of
// texts that differ almost everywhere would cost D² memory: past MAX_EDITS the middle is shown as
// one deletion and one insertion, which is still true, only coarser.

export type DiffPart = { kind: 'same' | 'ins' | 'del'; text: string };

const MAX_EDITS = 2000;

export function diffText(a: string, b: string): DiffPart[] {
  if (a === b) return a ? [{ kind: 'same', text: a }] : [];
  let pre = 0;
  const max = Math.min(a.length, b.length);
  while (pre < max && a.charCodeAt(pre) === b.charCodeAt(pre)) pre++;
  let suf = 0;
  while (suf < max - pre && a.charCodeAt(a.length - 1 - suf) === b.charCodeAt(b.length - 1 - suf)) suf++;
  const out: DiffPart[] = [];
  push(out, 'same', a.slice(0, pre));
  for (const p of middle(a.slice(pre, a.length - suf), b.slice(pre, b.length - suf))) push(out, p.kind, p.text);
  push(out, 'same', a.slice(a.length - suf));
  return out;
}

function push(out: DiffPart[], kind: DiffPart['kind'], text: string): void {
  if (!text) return;
  const last = out[out.length - 1];
  if (last && last.kind === kind) last.text += text;
  else out.push({ kind, text });
}

function middle(a: string, b: string): DiffPart[] {
  if (!a) return b ? [{ kind: 'ins', text: b }] : [];
  if (!b) return [{ kind: 'del', text: a }];
  const n = a.length;
  const m = b.length;
  const offset = n + m + 1; // room for diagonal -d-1 in the trace slices
  const v = new Int32Array(2 * offset + 2);
  // Only diagonals -d..d are live in round d: keeping just those keeps memory O(D²), not O(D·(N+M)).
  const trace: Int32Array[] = [];
  for (let d = 0; d <= Math.min(n + m, MAX_EDITS); d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a.charCodeAt(x) === b.charCodeAt(y)) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, d);
    }
  }
  return [{ kind: 'del', text: a }, { kind: 'ins', text: b }];
}

function backtrack(trace: Int32Array[], a: string, b: string, dEnd: number): DiffPart[] {
  const parts: DiffPart[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = dEnd; d > 0; d--) {
    const t = trace[d]!;
    const at = (k: number) => t[k + d + 1]!; // t starts at diagonal -d-1
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      parts.push({ kind: 'same', text: a[x - 1]! });
      x--;
      y--;
    }
    if (x === prevX) parts.push({ kind: 'ins', text: b[prevY]! });
    else parts.push({ kind: 'del', text: a[prevX]! });
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    parts.push({ kind: 'same', text: a[x - 1]! });
    x--;
    y--;
  }
  const out: DiffPart[] = [];
  for (let i = parts.length - 1; i >= 0; i--) push(out, parts[i]!.kind, parts[i]!.text);
  return out;
}
