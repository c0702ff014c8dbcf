// planJoin (state/join-existing.ts): which invite links may be followed without asking.
import { describe, expect, it } from 'vitest';
import { planJoin, relayHost } from '../../src/state/join-existing.ts';
import type { ReportRow } from '../../src/storage/library-db.ts';

const invite = { relay: 'ws://evil.example:8080/relay', reportId: 'r1', code: 'c'.repeat(27) };
const row = (share?: ReportRow['share']): ReportRow => ({
  id: 'r1',
  unitName: '下冶镇人民政府',
  unitType: 'township',
  year: 2024,
  status: 'draft',
  updatedAt: 0,
  errors: 0,
  warnings: 0,
  deadline: '2025-01-31',
  ...(share ? { share } : {}),
});

describe('planJoin', () => {
  it('follows a link for a report this PC does not have', () => {
    expect(planJoin(undefined, invite)).toEqual({ kind: 'new' });
  });
  it('asks for a report on this PC that is not shared, naming it and the relay host', () => {
    expect(planJoin(row(), invite)).toEqual({ kind: 'ask', reportName: '下冶镇人民政府 2024 年度报告', relayHost: 'evil.example:8080', currentRelayHost: null });
  });
  it('asks when the link names another relay, or another code on the same relay', () => {
    expect(planJoin(row({ relay: 'ws://office-pc:5173/relay', code: invite.code }), invite)).toMatchObject({ kind: 'ask', currentRelayHost: 'office-pc:5173' });
    expect(planJoin(row({ relay: invite.relay, code: 'd'.repeat(27) }), invite)).toMatchObject({ kind: 'ask' });
  });
  it('opens without asking only for the very relay and code already stored', () => {
    expect(planJoin(row({ relay: invite.relay, code: invite.code }), invite)).toEqual({ kind: 'same' });
  });
  it('shows a relay host as host:port', () => {
    expect(relayHost('wss://192.168.1.20:5173/relay')).toBe('192.168.1.20:5173');
  });
});
