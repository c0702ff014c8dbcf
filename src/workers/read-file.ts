// Reading files off the page's thread. In the browser each request runs in a fresh module
// worker (file-reader.worker.ts, built and precached with the app); where there is no Worker
// (Node: the CLI, unit tests) the same readers run in the calling thread — same code, same
// limits (src/import/limits.ts).

import type { ImportResult } from '../import/types.ts';
import type { ReadPackageResult } from '../sync/exchange.ts';
import { runRequest, type ReadRequest } from './protocol.ts';

/** A read that is still going after this long is stopped (the limits make it unreachable). */
const WATCHDOG_MS = 60_000;

const FAILED = '读取文件时出错（文件内容异常），未导入。';
const TOO_SLOW = '读取这个文件用时过长，已停止。文件可能已损坏或过于复杂，未导入。';

function inWorker(req: ReadRequest): Promise<ImportResult | ReadPackageResult> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./file-reader.worker.ts', import.meta.url), { type: 'module', name: 'file-reader' });
    const done = (answer: ImportResult | ReadPackageResult) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(answer);
    };
    const failed = (error: string): ImportResult | ReadPackageResult =>
      req.op === 'import' ? { ok: false, error } : { ok: false, code: 'damaged', error };
    const timer = setTimeout(() => done(failed(TOO_SLOW)), WATCHDOG_MS);
    worker.onmessage = (e: MessageEvent<{ ok: boolean; answer?: ImportResult | ReadPackageResult }>) =>
      done(e.data.ok && e.data.answer ? e.data.answer : failed(FAILED));
    // A worker that cannot start or dies (out of memory) answers with an error event.
    worker.onerror = (e) => {
      e.preventDefault();
      done(failed(FAILED));
    };
    // The bytes are copied, not transferred: the caller may retry (a passphrase) with them.
    worker.postMessage(req);
  });
}

function read(req: ReadRequest): Promise<ImportResult | ReadPackageResult> {
  return typeof Worker === 'function' ? inWorker(req) : runRequest(req);
}

/** importFile (src/import/index.ts), off the page's thread. */
export function importFileOffThread(bytes: Uint8Array, fileName?: string): Promise<ImportResult> {
  return read({ op: 'import', bytes, fileName }) as Promise<ImportResult>;
}

/** readPackage (src/sync/exchange.ts), off the page's thread. */
export function readPackageOffThread(bytes: Uint8Array, opts: { passphrase?: string } = {}): Promise<ReadPackageResult> {
  return read({ op: 'package', bytes, passphrase: opts.passphrase }) as Promise<ReadPackageResult>;
}
