// Files named on the command line: a file is taken as it is; a folder contributes every file
// in it (and its sub-folders) whose name says it may be a report or a 同步包. Reading a file
// never throws: it answers with a Chinese reason instead.

import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

const REPORT_FILE = /\.(txt|html?|docx|json|pdf|gknb)$/i;

export async function expandPaths(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = (await stat(p)).isDirectory();
    } catch {
      // Missing: kept, so that reading it reports 文件不存在 as a row.
    }
    if (!isDir) {
      out.push(p);
      continue;
    }
    const entries = await readdir(p, { recursive: true, withFileTypes: true });
    const files = entries
      .filter((e) => e.isFile() && REPORT_FILE.test(e.name))
      .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
      .sort();
    out.push(...files);
  }
  return out;
}

// Synchronous on purpose: for a thousand small files the promise API's thread-pool round trips
// (open, fstat, read, close) cost more than the reading itself; a CLI has no page to keep live.
export async function readBytes(file: string): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; error: string }> {
  try {
    return { ok: true, bytes: new Uint8Array(readFileSync(file)) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个文件夹' : code === 'EACCES' ? '没有读取权限' : (e as Error).message;
    return { ok: false, error: `无法读取“${file}”：${why}。` };
  }
}

/** Run `fn` over `items` with at most `limit` at a time, answers in input order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
