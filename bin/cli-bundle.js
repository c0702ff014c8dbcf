// The bundled CLI (see nianbao.js): fresh when built after the last change to any source file
// it may load. Checking freshness is ~150 stat calls (a few ms); building takes ~0.5 s, once.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(root, 'node_modules', '.cache', 'nianbao-cli');
const SOURCE_DIRS = ['src', 'bin'];

function newestSource(dir, newest = 0) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = newestSource(p, newest);
    else if (/\.(ts|js|mjs|json)$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function isFresh() {
  try {
    const built = statSync(join(cacheDir, 'main.js')).mtimeMs;
    let newest = statSync(join(root, 'package.json')).mtimeMs;
    for (const d of SOURCE_DIRS) newest = newestSource(join(root, d), newest);
    return built > newest;
  } catch {
    return false;
  }
}

async function build() {
  const { build } = await import('esbuild');
  // Built beside the final folder and renamed into place: two first runs at once never load
  // a half-written bundle.
  const tmp = `${cacheDir}.tmp-${process.pid}`;
  try {
    await build({
      entryPoints: [join(root, 'src/cli/main.ts')],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      outdir: tmp,
      logLevel: 'silent',
    });
    writeFileSync(join(tmp, 'package.json'), '{"type":"module"}\n');
    mkdirSync(dirname(cacheDir), { recursive: true });
    rmSync(cacheDir, { recursive: true, force: true });
    renameSync(tmp, cacheDir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Run the CLI from the bundle; false when no bundle can be had (the caller falls back to tsx). */
export async function runFromBundle() {
  if (process.env.NIANBAO_CLI_NO_BUNDLE === '1') return false;
  if (!isFresh()) {
    try {
      await build();
    } catch {
      return false;
    }
  }
  let cli;
  try {
    cli = await import(pathToFileURL(join(cacheDir, 'main.js')).href);
  } catch {
    return false; // A bundle that does not load → tsx (the command itself has not started).
  }
  await cli.runFromCommandLine();
  return true;
}
