// 同步包 (.gknb) on the command line (issue 17). They are read by src/workers/county-read.ts, the
// same function the county workspace runs, so the limits are the app's (16 MB inflate cap,
// report-id check, partial packages refused); its sync/ and doc/ code (Yjs) loads only when a
// file starts with the package magic. An encrypted package needs its passphrase, which is read
// from a file: a passphrase in argv would show in every user's process list.

import { readFileSync, statSync } from 'node:fs';
import type { CountyReadOptions } from '../workers/county-read.ts';
import { UsageError } from './args.ts';

export const NEEDS_PASSPHRASE =
  '这个同步包已加密。请把口令单独写在一个文本文件里，用 --passphrase-file <文件> 指定后再试（不要把口令直接写在命令行上，别人能在进程列表里看到）。';

/** A passphrase file holds one line; anything bigger is the wrong file, not a passphrase. */
const MAX_PASSPHRASE_FILE_BYTES = 4096;

export function packageOptions(passphraseFile: string | undefined): CountyReadOptions {
  if (passphraseFile === undefined) return { needsPassphrase: NEEDS_PASSPHRASE };
  if (passphraseFile === '') throw new UsageError('选项 --passphrase-file 后面需要一个值。');
  let text: string;
  try {
    if (statSync(passphraseFile).size > MAX_PASSPHRASE_FILE_BYTES) {
      throw new UsageError(`口令文件“${passphraseFile}”太大，不像是口令文件（口令应单独占一行）。`);
    }
    text = readFileSync(passphraseFile, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个文件夹' : code === 'EACCES' ? '没有读取权限' : (e as Error).message;
    throw new UsageError(`无法读取口令文件“${passphraseFile}”：${why}。`);
  }
  // Notepad may add a BOM and an editor a final line break; neither is part of the passphrase.
  const passphrase = text.replace(/^\uFEFF/, '').replace(/\r?\n$/, '');
  if (!passphrase) throw new UsageError(`口令文件“${passphraseFile}”是空的。`);
  return { passphrase, needsPassphrase: NEEDS_PASSPHRASE };
}
