// The main route's initial JavaScript (the entry script of the built index.html and everything
// it imports statically) must stay under 100 KB gzipped: clerks open it on old PCs over slow
// lines. Lazily imported chunks (the editor, Yjs and y-indexeddb, export, import, relay, sharing)
// do not count. Measured 63.6 KB after the report list stopped loading Yjs (issue 11; was 105.8).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';

const DIST = 'dist';

function staticImports(code: string): string[] {
  const out: string[] = [];
  // Static import statements only (import x from "./a.js" / import "./a.js"), not import("...").
  for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w*${}\s,]+from\s*)?["']([^"']+\.js)["']/g)) out.push(m[1]!);
  return out;
}

it('initial JS of the main route is under 100 KB gzipped', () => {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const entry = /<script type="module"[^>]*src="([^"]+)"/.exec(html)?.[1];
  expect(entry).toBeTruthy();
  const seen = new Set<string>();
  const queue = [entry!.replace(/^\//, '')];
  for (const m of html.matchAll(/<link rel="modulepreload"[^>]*href="([^"]+)"/g)) queue.push(m[1]!.replace(/^\//, ''));
  let total = 0;
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(DIST, file), 'utf8');
    total += gzipSync(code, { level: 9 }).length;
    const dir = file.slice(0, file.lastIndexOf('/') + 1);
    for (const imp of staticImports(code)) queue.push(new URL(imp, `http://x/${dir}`).pathname.slice(1));
  }
  console.log(`initial JS: ${seen.size} file(s), ${(total / 1024).toFixed(1)} KB gzipped`);
  expect(total).toBeGreaterThan(10 * 1024); // the parser found the real app, not an empty shell
  expect(total).toBeLessThan(100 * 1024);
});
