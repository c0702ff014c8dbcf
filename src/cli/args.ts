// Command-line options through node:util parseArgs, with the CLI's Chinese usage errors: an
// unknown option, a missing value or a stray word becomes a UsageError (exit 2), never a stack.

import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { message: string };
    const name = /'(-[^'\s,]+)/.exec(err.message)?.[1] ?? '';
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`不认识的选项“${name}”。`);
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      // Either a value was missing (--to at the end) or a flag got one (--json=1).
      throw new UsageError(/argument missing/.test(err.message) ? `选项 ${name} 后面需要一个值。` : `选项 ${name} 不带值。`);
    }
    throw new UsageError(`参数有误：${err.message}`);
  }
}

/** A value option must not be empty (`--previous ""`). */
export function requireValue(name: string, v: string | undefined): string | undefined {
  if (v === '') throw new UsageError(`选项 ${name} 后面需要一个值。`);
  return v;
}
