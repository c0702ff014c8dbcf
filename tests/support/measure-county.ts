// Run in a child process by the county bomb test: reads every file given through the county
// workspace's reader (readForCounty, what the check-pool workers and the CLI call), one after
// another like a bulk import, and prints each file's outcome and time and the process's peak
// memory, so one bomb's cost cannot hide behind the test runner's own memory.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readForCounty } from '../../src/workers/county-read.ts';

const rows: { file: string; ok: boolean; error: string | null; ms: number }[] = [];
for (const file of process.argv.slice(2)) {
  const bytes = new Uint8Array(readFileSync(file));
  const start = performance.now();
  const r = await readForCounty(bytes, basename(file));
  rows.push({ file: basename(file), ok: r.ok, error: r.ok ? null : r.error, ms: Math.round(performance.now() - start) });
}
process.stdout.write(JSON.stringify({ rows, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
