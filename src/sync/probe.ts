// Can this browser reach a relay at all? Opening a WebSocket to it answers within milliseconds on
// a working LAN; a PC that is off, on another network or behind a firewall leaves the handshake
// hanging (or refuses it). Asked before a join writes anything, so that a link that cannot work
// fails in a few seconds with the address it tried, not after the relay client's long retries.

export type ProbeResult = { ok: true } | { ok: false; reason: 'timeout' | 'refused' };

type Socket = Pick<WebSocket, 'close' | 'addEventListener'>;

export function probeRelay(
  url: string,
  { timeoutMs = 5000, WebSocketImpl = globalThis.WebSocket as unknown as new (url: string) => Socket } = {},
): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let socket: Socket;
    try {
      socket = new WebSocketImpl(url);
    } catch {
      return resolve({ ok: false, reason: 'refused' });
    }
    let done = false;
    const finish = (r: ProbeResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        socket.close();
      } catch {
        /* already closed */
      }
      resolve(r);
    };
    const timer = setTimeout(() => finish({ ok: false, reason: 'timeout' }), timeoutMs);
    socket.addEventListener('open', () => finish({ ok: true }));
    socket.addEventListener('error', () => finish({ ok: false, reason: 'refused' }));
    socket.addEventListener('close', () => finish({ ok: false, reason: 'refused' }));
  });
}
