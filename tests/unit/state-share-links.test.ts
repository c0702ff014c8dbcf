// Invite links built for colleagues: never loopback as page or relay host.
import { describe, expect, it } from 'vitest';
import { parseInviteLink } from '../../src/sync/invite.ts';
import { fetchServerAddresses, inviteHosts, reachableInviteLink, trustPageFor, type PageLocation } from '../../src/state/share-links.ts';

const CODE = 'abcdefghijklmnopqrstuvwxyz0';
const page = (hostname: string, port = '5173', protocol = 'http:'): PageLocation => ({ protocol, hostname, port, pathname: '/' });

describe('invite hosts', () => {
  it('a page opened by localhost offers only the server LAN addresses (none → nothing)', () => {
    expect(inviteHosts('localhost', ['192.168.1.23', '10.0.0.5'])).toEqual(['192.168.1.23', '10.0.0.5']);
    expect(inviteHosts('127.0.0.1', [])).toEqual([]);
    expect(inviteHosts('[::1]', ['localhost', '127.0.0.1'])).toEqual([]);
  });
  it('a page opened by a LAN name offers that name first, then the other addresses once', () => {
    expect(inviteHosts('office-pc.test', ['192.168.1.23', 'office-pc.test'])).toEqual(['office-pc.test', '192.168.1.23']);
  });
  it('an IPv6 office: a page opened by a link-local address is never offered, a reachable IPv6 one is', () => {
    // fe80:: only works with a zone id no browser accepts in a link, and differs on every PC.
    expect(inviteHosts('[fe80::1c2b:3dff:fe4e:5f60]', ['[fd00:7::23]'])).toEqual(['[fd00:7::23]']);
    expect(inviteHosts('[fe80::1]', [])).toEqual([]);
    expect(inviteHosts('[2001:db8::23]', ['[fe80::1]', '[fd00:7::23]'])).toEqual(['[2001:db8::23]', '[fd00:7::23]']);
    // A page name the browser accepted is kept as it is (Windows PC names may hold an underscore).
    expect(inviteHosts('pc_01', [])).toEqual(['pc_01']);
  });
  it('drops addresses that are not plain hosts', () => {
    expect(inviteHosts('localhost', ['evil.test/#/join?relay=x', '192.168.1.23'])).toEqual(['192.168.1.23']);
  });
});

describe('reachable invite link', () => {
  it('a link made on localhost names the LAN host as page and as relay', () => {
    const link = reachableInviteLink(page('localhost'), { relay: 'ws://localhost:5173/relay', code: CODE }, 'r1', '192.168.1.23');
    expect(link.startsWith('http://192.168.1.23:5173/#/join?')).toBe(true);
    const parsed = parseInviteLink(link);
    expect(parsed).toEqual({ ok: true, invite: { relay: 'ws://192.168.1.23:5173/relay', reportId: 'r1', code: CODE } });
    expect(link).not.toMatch(/localhost|127\.0\.0\.1/);
  });
  it('a link made on localhost in an IPv6-only office names the bracketed address as page and relay', () => {
    const link = reachableInviteLink(page('localhost'), { relay: 'ws://localhost:5173/relay', code: CODE }, 'r1', '[fd00:7::23]');
    expect(link.startsWith('http://[fd00:7::23]:5173/#/join?')).toBe(true);
    expect(parseInviteLink(link)).toEqual({ ok: true, invite: { relay: 'ws://[fd00:7::23]:5173/relay', reportId: 'r1', code: CODE } });
  });
  it('keeps a relay on another machine, and the scheme and port of both', () => {
    const link = reachableInviteLink(page('localhost', '8443', 'https:'), { relay: 'wss://relay.example.gov.cn/relay', code: CODE }, 'r1', 'office-pc.test');
    expect(link.startsWith('https://office-pc.test:8443/#/join?')).toBe(true);
    expect(parseInviteLink(link)).toMatchObject({ ok: true, invite: { relay: 'wss://relay.example.gov.cn/relay' } });
    const relay127 = reachableInviteLink(page('office-pc.test', ''), { relay: 'ws://127.0.0.1:9000/relay', code: CODE }, 'r1', 'office-pc.test');
    expect(parseInviteLink(relay127)).toMatchObject({ ok: true, invite: { relay: 'ws://office-pc.test:9000/relay' } });
    expect(relay127.startsWith('http://office-pc.test/#/join?')).toBe(true);
  });
});

describe('fetchServerAddresses', () => {
  const reply = (status: number, body: unknown) => (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch;
  it('reads the list and drops anything that is not a plain host', async () => {
    expect(await fetchServerAddresses(reply(200, { addresses: ['192.168.1.23', 'localhost', 7, '<x>'] }))).toEqual(['192.168.1.23']);
  });
  it('an older relay, an error or a network failure give no addresses, never a throw', async () => {
    expect(await fetchServerAddresses(reply(404, { error: '没有这个接口' }))).toEqual([]);
    expect(await fetchServerAddresses(reply(200, { addresses: 'x' }))).toEqual([]);
    expect(await fetchServerAddresses((async () => new Response('<html>', { status: 200 })) as unknown as typeof fetch)).toEqual([]);
    expect(await fetchServerAddresses((async () => { throw new TypeError('Failed to fetch'); }) as unknown as typeof fetch)).toEqual([]);
  });
});

describe('the trust page a colleague opens before an https link', () => {
  it('is the relay\'s own /trust over plain http on the same host and port; an http link needs none', () => {
    const https = reachableInviteLink(page('localhost', '5173', 'https:'), { relay: 'wss://localhost:5173/relay', code: CODE }, 'r1', '192.168.1.23');
    expect(trustPageFor(https)).toBe('http://192.168.1.23:5173/trust');
    const v6 = reachableInviteLink(page('localhost', '443', 'https:'), { relay: 'wss://localhost/relay', code: CODE }, 'r1', '[fd00:7::23]');
    expect(trustPageFor(v6)).toBe('http://[fd00:7::23]:443/trust');
    const http = reachableInviteLink(page('localhost'), { relay: 'ws://localhost:5173/relay', code: CODE }, 'r1', '192.168.1.23');
    expect(trustPageFor(http)).toBeNull();
  });
});
