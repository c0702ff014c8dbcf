// DEFLATE with a ceiling on the output. A deflate stream can expand ~1000-fold, and a zip's
// or a package's own size fields can lie, so the only safe bound is the one counted while
// inflating: the output is read chunk by chunk and inflating stops as soon as it passes
// `maxOutput` — memory stays near the ceiling whatever the input claims.
//
// The platform's native DecompressionStream('deflate-raw') does the work (Chromium ≥ 103,
// Node ≥ 18): measured here under load, fflate's JS inflater took 1.2–1.6 s to reach a 16 MB
// ceiling, too slow for the 2 s budget. fflate's streaming inflater remains the fallback.

import { Inflate } from 'fflate';

export type InflateResult = { ok: true; data: Uint8Array } | { ok: false; reason: 'too-large' | 'damaged' };

function join(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

export async function inflateCapped(data: Uint8Array, maxOutput: number): Promise<InflateResult> {
  if (typeof DecompressionStream === 'function') return inflateNative(data, maxOutput);
  return inflateJs(data, maxOutput);
}

/**
 * Input is written in small slices, each only after the previous one was taken: a browser's
 * DecompressionStream inflates a whole written chunk at once (Chromium queued all 1 GB of a
 * 1 MB bomb before the first read), so one slice bounds what a single step can produce.
 */
const NATIVE_SLICE = 4 * 1024;

async function inflateNative(data: Uint8Array, maxOutput: number): Promise<InflateResult> {
  let stream: DecompressionStream;
  try {
    stream = new DecompressionStream('deflate-raw');
  } catch {
    return inflateJs(data, maxOutput); // a browser without the raw variant
  }
  const writer = stream.writable.getWriter();
  let stopped = false;
  // Errors surface on the reading side; the writing side only must not go unhandled.
  void (async () => {
    for (let i = 0; i < data.length && !stopped; i += NATIVE_SLICE) {
      await writer.ready;
      if (stopped) return;
      await writer.write(data.subarray(i, i + NATIVE_SLICE) as Uint8Array<ArrayBuffer>);
    }
    if (!stopped) await writer.close();
  })().catch(() => {});
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxOutput) {
        stopped = true;
        reader.cancel().catch(() => {});
        return { ok: false, reason: 'too-large' };
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, reason: 'damaged' };
  }
  return { ok: true, data: join(chunks, total) };
}

class TooLarge extends Error {}

/** Each pushed slice inflates to at most ~1032× its size: 16 KB in → ≤ 17 MB out per step. */
const SLICE = 16 * 1024;

export function inflateJs(data: Uint8Array, maxOutput: number): InflateResult {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > maxOutput) throw new TooLarge();
    chunks.push(chunk);
    if (final) ended = true;
  });
  try {
    for (let i = 0; i < data.length; i += SLICE) inflater.push(data.subarray(i, i + SLICE), i + SLICE >= data.length);
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (e) {
    return { ok: false, reason: e instanceof TooLarge ? 'too-large' : 'damaged' };
  }
  if (!ended) return { ok: false, reason: 'damaged' };
  return { ok: true, data: join(chunks, total) };
}
