// Run in a child process by the limit tests: reads one file through the app's own entry points
// (importFile, or readPackage for a 同步包) and prints the outcome, the time it took and the
// process's peak memory, so a bomb's cost is measured in a process of its own.
import { readFileSync } from 'node:fs';
import { importFile } from '../../src/import/index.ts';
import { readPackage } from '../../src/sync/exchange.ts';

const [what, file] = process.argv.slice(2) as ['import' | 'package', string];
const bytes = new Uint8Array(readFileSync(file));
const start = performance.now();
const r = what === 'package' ? await readPackage(bytes) : await importFile(bytes, 'bomb');
const ms = Math.round(performance.now() - start);
const error = r.ok ? null : r.error;
process.stdout.write(JSON.stringify({ ok: r.ok, error, ms, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
