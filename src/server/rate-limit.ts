// A token bucket per client address: `burst` requests at once, then one every `perMs`. Used on
// POST /api/share, where each request can mint an invite (once measured at about a thousand a
// second from one script). Memory is bounded: idle buckets are refilled anyway, so the whole
// table is dropped when it grows past `maxAddresses`.
export interface RateLimiter {
  /** True when the request may go ahead; otherwise how long to wait, in seconds. */
  take(address: string): { ok: true } | { ok: false; retryAfterS: number };
}

export function createRateLimiter(options: { burst: number; perMs: number; maxAddresses?: number; now?: () => number }): RateLimiter {
  const { burst, perMs } = options;
  const maxAddresses = options.maxAddresses ?? 10_000;
  const now = options.now ?? Date.now;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(address) {
      const t = now();
      let b = buckets.get(address);
      if (!b) {
        if (buckets.size >= maxAddresses) buckets.clear();
        b = { tokens: burst, at: t };
        buckets.set(address, b);
      }
      b.tokens = Math.min(burst, b.tokens + (t - b.at) / perMs);
      b.at = t;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterS: Math.max(1, Math.ceil(((1 - b.tokens) * perMs) / 1000)) };
    },
  };
}
