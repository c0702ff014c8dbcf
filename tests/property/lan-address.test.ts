// Hostile host names cannot steer an invite link: whatever string the server's address list (or
// a tampered response) carries, either it is refused, or the link built from it has exactly that
// host as page and as relay — no extra path, port, user info or second link smuggled in.
// Seeded: the seed is printed; LAN_SEED=<n> replays.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInviteLink } from '../../src/sync/invite.ts';
import { isShareableHost } from '../../src/sync/lan-address.ts';
import { reachableInviteLink } from '../../src/state/share-links.ts';

const SEED = Number(process.env.LAN_SEED ?? Date.now() % 1_000_000_000);
const CODE = 'abcdefghijklmnopqrstuvwxyz0';
/** Characters that matter to URLs and hosts, plus letters, digits and CJK. */
const hostChars = fc.constantFrom(...'abcz09.-_:/@#?[]%\\ \t\n<>"\'xn-‮中。．'.split(''));
const hostish = fc.oneof(
  fc.string({ unit: hostChars, maxLength: 40 }),
  fc.ipV4(),
  fc.ipV4Extended(),
  fc.ipV6().map((a) => `[${a}]`),
  fc.domain(),
  fc.webUrl(),
);

describe('isShareableHost against URL parsing', () => {
  it(`an accepted host is exactly the host of the link built from it (seed ${SEED})`, () => {
    console.log(`lan-address seed: ${SEED}`);
    fc.assert(
      fc.property(hostish, (host) => {
        if (!isShareableHost(host)) return;
        const link = reachableInviteLink(
          { protocol: 'http:', hostname: 'localhost', port: '5173', pathname: '/' },
          { relay: 'ws://localhost:5173/relay', code: CODE },
          'r1',
          host,
        );
        const page = new URL(link);
        expect(page.host).toBe(`${host.toLowerCase()}:5173`);
        expect(page.pathname).toBe('/');
        expect(page.username + page.password).toBe('');
        const parsed = parseInviteLink(link);
        expect(parsed.ok).toBe(true);
        if (parsed.ok) {
          expect(new URL(parsed.invite.relay).host).toBe(`${host.toLowerCase()}:5173`);
          expect(parsed.invite).toMatchObject({ reportId: 'r1', code: CODE });
        }
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });
});
