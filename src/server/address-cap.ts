// At most `max` open TCP connections (pages, API calls and relay websockets together) per
// client address. One office PC needs a handful: a browser opens up to six HTTP connections per
// server plus one websocket per open report tab. The default of 32 leaves room for several
// tabs and a colleague's second browser while keeping one misbehaving machine from exhausting
// the server's sockets and memory.
import type { Socket } from 'node:net';
import { normaliseAddress } from './origin.ts';

export const DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 32;

export interface AddressCap {
  /** Counts `socket` against its address; false (and nothing counted) when the address is full. */
  admit(socket: Socket): boolean;
  /** Counts `socket` against `address` (a client behind a trusted proxy, from X-Forwarded-For). */
  admitAs(address: string, socket: { once(event: 'close', cb: () => void): unknown }): boolean;
  count(address: string): number;
}

export function createAddressCap(max: number, exempt: ReadonlySet<string> = new Set()): AddressCap {
  const open = new Map<string, number>();
  const count = (address: string, socket: { once(event: 'close', cb: () => void): unknown }) => {
    const n = open.get(address) ?? 0;
    if (n >= max) return false;
    open.set(address, n + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
    return true;
  };
  return {
    admit(socket) {
      const address = normaliseAddress(socket.remoteAddress ?? '?');
      // A trusted reverse proxy carries every client's connections; its clients' relay
      // websockets are counted by X-Forwarded-For instead (admitAs, from the upgrade handler).
      if (exempt.has(address)) return true;
      return count(address, socket);
    },
    admitAs(address, socket) {
      return count(normaliseAddress(address), socket);
    },
    count(address) {
      return open.get(normaliseAddress(address)) ?? 0;
    },
  };
}
