// Log lines about what clients did wrong, at most one a minute per key (the key starts with the
// client's address): a refused client that retries in a loop, or a flood of garbage, must not
// fill the disk or bury the lines that matter. Hostile input is logged as one short line, never
// with a stack trace.
export type ThrottledLog = (key: string, line: string) => void;

export function throttledLog(log: (line: string) => void, options: { everyMs?: number; now?: () => number } = {}): ThrottledLog {
  const everyMs = options.everyMs ?? 60_000;
  const now = options.now ?? Date.now;
  const lastAt = new Map<string, number>();
  return (key, line) => {
    const t = now();
    const last = lastAt.get(key);
    if (last !== undefined && last > t - everyMs) return;
    if (lastAt.size > 10_000) lastAt.clear();
    lastAt.set(key, t);
    log(line);
  };
}

/** Text from the network, made safe for one log line: no control characters, bounded length. */
export function printable(text: string, max = 80): string {
  const clean = text.replace(/[^\x20-\x7e\u4e00-\u9fff]/g, '?');
  return clean.length > max ? clean.slice(0, max) + '…' : clean;
}
