// The request target of an HTTP request or websocket upgrade, read without trusting it. Node's
// parser hands over whatever followed the method (`//`, `http://x`, `*`, `/%zz`…); `new URL(t, base)`
// throws on several of those, and one throw in the 'upgrade' handler used to stop the whole
// process. Every route decision goes through requestPath() instead.

/** Longest target we look at; Node already caps the header block at 16 KB. */
const MAX_TARGET = 8192;

/**
 * The path of `target` (origin-form `/a/b?q`, or absolute-form `http://host/a/b?q`, which HTTP/1.1
 * servers must accept), without query or fragment and still percent-encoded; null when the
 * target is not something this server routes (`*`, authority-form, garbage).
 */
export function requestPath(target: string | undefined): string | null {
  if (typeof target !== 'string' || target.length === 0 || target.length > MAX_TARGET) return null;
  let rest = target;
  if (/^https?:\/\//i.test(rest)) {
    const afterScheme = rest.indexOf('//') + 2;
    const slash = rest.indexOf('/', afterScheme);
    rest = slash === -1 ? '/' : rest.slice(slash);
  }
  if (!rest.startsWith('/')) return null;
  const end = rest.search(/[?#]/);
  const path = end === -1 ? rest : rest.slice(0, end);
  // Control characters and spaces have no business in a path; Node lets some through.
  if (/[\x00-\x20\x7f]/.test(path)) return null;
  return path;
}

/** Percent-decodes a path, or null when the encoding is broken or hides a NUL byte. */
export function decodePath(path: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return null;
  }
  return decoded.includes('\0') ? null : decoded;
}

/** The relay path or a sub-path of it (`/relay`, `/relay/…`), used by upgrades. */
export function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix + '/');
}
