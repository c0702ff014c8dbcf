// Runs every bench/*.bench.ts in turn. Each bench file prints its own figures; this runner
// adds the machine so that numbers are never read without their context.
import { readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
console.log(`机器: ${cpus()[0]?.model ?? '?'} × ${cpus().length}, 内存 ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
let failed = 0;
for (const file of readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort()) {
  if (only.length && !only.some((o) => file.includes(o))) continue;
  console.log(`\n=== ${file} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, file)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
