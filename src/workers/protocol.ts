// What the page asks the file-reading worker and what it answers. Both sides import this.

import type { ImportResult } from '../import/types.ts';
import type { ReadPackageResult } from '../sync/exchange.ts';

export type ReadRequest =
  | { op: 'import'; bytes: Uint8Array; fileName?: string }
  | { op: 'package'; bytes: Uint8Array; passphrase?: string };

export type ReadAnswer<R extends ReadRequest> = R extends { op: 'import' } ? ImportResult : ReadPackageResult;

/** Run a request with the real readers, in whichever thread calls it. */
export async function runRequest(req: ReadRequest): Promise<ImportResult | ReadPackageResult> {
  if (req.op === 'import') {
    const { importFile } = await import('../import/index.ts');
    return importFile(req.bytes, req.fileName);
  }
  const { readPackage } = await import('../sync/exchange.ts');
  return readPackage(req.bytes, { passphrase: req.passphrase });
}
