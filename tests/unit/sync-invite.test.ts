// Invite links: make/parse round trip (seeded), refusal of broken links in Chinese, the share
// request against the real server, and the QR image.
import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { startServer } from '../../src/server/server.ts';
import { inviteQrDataUrl } from '../../src/sync/invite-qr.ts';
import {
  defaultRelayUrl,
  makeInviteLink,
  parseInviteLink,
  relayHttpUrl,
  requestInviteCode,
} from '../../src/sync/invite.ts';
import { newInviteCode } from '../../src/server/store.ts';
import { tempDir } from './relay-helpers.ts';

const SEED = Number(process.env.SEED ?? 20261128);

describe('invite links', () => {
  it('round-trips any valid relay, report id and code (seed printed)', () => {
    console.log(`sync-invite seed: ${SEED}`);
    const idChar = fc.constantFrom(...'abcdefABCDEF0123456789_.:-'.split(''));
    const codeChar = fc.constantFrom(...'abcXYZ0189_-'.split(''));
    fc.assert(
      fc.property(
        fc.constantFrom('ws', 'wss'),
        fc.domain(),
        fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
        fc.array(idChar, { minLength: 1, maxLength: 128 }).map((a) => a.join('')),
        fc.array(codeChar, { minLength: 22, maxLength: 64 }).map((a) => a.join('')),
        (scheme, host, port, reportId, code) => {
          const relay = new URL(`${scheme}://${host}${port ? ':' + port : ''}/relay`).toString();
          const link = makeInviteLink('https://nianbao.example.gov.cn/', { relay, reportId, code });
          expect(link.startsWith('https://nianbao.example.gov.cn/#/join?')).toBe(true);
          expect(parseInviteLink(link)).toEqual({ ok: true, invite: { relay, reportId, code } });
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('accepts the bare hash part and surrounding spaces', () => {
    const code = newInviteCode();
    const link = makeInviteLink('http://192.168.1.5:5173', { relay: 'ws://192.168.1.5:5173/relay', reportId: 'abc123', code });
    const hash = link.slice(link.indexOf('#'));
    expect(parseInviteLink(`  ${hash}\n`)).toEqual({ ok: true, invite: { relay: 'ws://192.168.1.5:5173/relay', reportId: 'abc123', code } });
  });

  it('refuses broken links with a Chinese reason', () => {
    const code = newInviteCode();
    const cases: [string, string][] = [
      ['https://example.com/', '不是公开年报的邀请链接'],
      ['https://x/#/join?relay=ws%3A%2F%2Fh%2Frelay&report=abc', '不完整'],
      [`https://x/#/join?relay=http%3A%2F%2Fh%2Frelay&report=abc&code=${code}`, 'ws://'],
      [`https://x/#/join?relay=nonsense&report=abc&code=${code}`, '中继地址无效'],
      [`https://x/#/join?relay=ws%3A%2F%2Fh%2Frelay&report=a%20b&code=${code}`, '报告编号无效'],
      ['https://x/#/join?relay=ws%3A%2F%2Fh%2Frelay&report=abc&code=short', '邀请码无效'],
    ];
    for (const [link, reason] of cases) {
      const parsed = parseInviteLink(link);
      expect(parsed.ok, link).toBe(false);
      if (!parsed.ok) expect(parsed.error).toContain(reason);
    }
  });

  it('derives relay and API URLs', () => {
    expect(defaultRelayUrl({ protocol: 'https:', host: 'a.b:8443' })).toBe('wss://a.b:8443/relay');
    expect(defaultRelayUrl({ protocol: 'http:', host: 'localhost:5173' })).toBe('ws://localhost:5173/relay');
    expect(relayHttpUrl('wss://a.b:8443/relay', '/api/share')).toBe('https://a.b:8443/api/share');
    expect(relayHttpUrl('ws://10.0.0.2:5173/relay', '/api/share')).toBe('http://10.0.0.2:5173/api/share');
  });

  it('requests the code from the real relay once; the second request says it is already shared', async () => {
    const dir = tempDir('nianbao-invite-');
    const server = await startServer({ port: 0, dataDir: join(dir.path, 'data'), staticDir: dir.path, log: () => {} });
    try {
      const first = await requestInviteCode(server.relayUrl, 'report-x');
      expect(first.ok).toBe(true);
      const second = await requestInviteCode(server.relayUrl, 'report-x');
      expect(second).toMatchObject({ ok: false, alreadyShared: true });
      if (!second.ok) expect(second.error).toContain('已在中继上共享');
    } finally {
      await server.close();
      dir.remove();
    }
    const unreachable = await requestInviteCode('ws://127.0.0.1:1/relay', 'report-x');
    expect(unreachable).toMatchObject({ ok: false, alreadyShared: false });
  });

  it('draws the QR code of the link as an SVG data URL', async () => {
    const link = makeInviteLink('http://192.168.1.5:5173', {
      relay: 'ws://192.168.1.5:5173/relay',
      reportId: '0123456789abcdef0123456789abcdef',
      code: newInviteCode(),
    });
    const url = await inviteQrDataUrl(link);
    expect(url.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
    const svg = decodeURIComponent(url.slice(url.indexOf(',') + 1));
    expect(svg).toContain('<svg');
    // Same symbol size as a QR code of exactly this text (a different text would differ in size or modules).
    const size = QRCode.create(link, { errorCorrectionLevel: 'M' }).modules.size + 4;
    expect(svg).toContain(`viewBox="0 0 ${size} ${size}"`);
  });
});
