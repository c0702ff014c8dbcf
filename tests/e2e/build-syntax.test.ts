// Every script the build emits must run on Chrome 109 (the last Chrome on Windows 7; many offices'
// domestic browsers sit on older Chromium cores too). Chrome 109 parses all of ES2022 — class
// fields and private methods, static blocks, top-level await, `#x in o` — but nothing later:
// not the RegExp `v` flag (Chrome 112), not import attributes (123), not duplicate named groups
// or RegExp modifiers (125), not `using`. So each emitted .js in dist/ is parsed with acorn at
// ecmaVersion 2022 (module or classic script as it is loaded); any newer syntax fails the parse.
// Runs on the built app (npm test builds first).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'acorn';

function scripts(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? scripts(p) : name.endsWith('.js') || name.endsWith('.mjs') ? [p] : [];
  });
}

/** The parse error for ES2022, or null if the code parses. Classic scripts are the service worker's. */
function newerSyntax(code: string, kind: 'module' | 'script'): string | null {
  try {
    parse(code, { ecmaVersion: 2022, sourceType: kind, allowHashBang: true });
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}
const kindOf = (file: string): 'module' | 'script' => (/^dist\/(sw|workbox-[^/]*)\.js$/.test(file) || file.includes('/vendor/') ? 'script' : 'module');

describe('build output runs on Chrome 109', () => {
  it('the checker refuses syntax newer than ES2022 and accepts ES2022', () => {
    expect(newerSyntax('class A { #x = 1; static { this.y = 2; } has(o) { return #x in o; } }\nawait 0;', 'module')).toBeNull();
    expect(newerSyntax('const r = /[\\p{L}--\\p{N}]/v;', 'module')).not.toBeNull(); // ES2024, Chrome 112
    expect(newerSyntax("import data from './x.json' with { type: 'json' };", 'module')).not.toBeNull(); // Chrome 123
    expect(newerSyntax('const r = /(?<a>x)|(?<a>y)/;', 'module')).not.toBeNull(); // ES2025, Chrome 125
    expect(newerSyntax('{ using res = open(); }', 'module')).not.toBeNull();
  });

  it('no emitted script in dist/ uses syntax newer than ES2022', () => {
    const files = scripts('dist');
    expect(files.length).toBeGreaterThan(5);
    const bad = files.map((f) => [f, newerSyntax(readFileSync(f, 'utf8'), kindOf(f))]).filter(([, err]) => err);
    expect(bad).toEqual([]);
  });
});
