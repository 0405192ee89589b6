import { describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import type { AuditEntry } from '../../src/store/audit-read.js';
import { ABSENT, changedKeys, compactJson, SHORT_VALUE } from '../../src/web/components/audit/diff.js';
import { PUBLIC_VISIBILITY, showEntry, visibilityFor, WITHHELD } from '../../src/web/components/audit/visibility.js';

/** The audit trail's view: the readable difference, and who sees what (src/web/components/audit). */

const person = (globalRole: 'coordinator' | 'administrator' | null, memberships: [string, 'editor' | 'admin'][] = []): Principal => ({
  kind: 'account',
  accountId: 7,
  name: 'Alice',
  globalRole,
  memberships: new Map(memberships),
  via: 'session',
});

const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  id: 3,
  at: new Date('2026-11-29T10:00:00Z'),
  actorAccountId: 7,
  actor: 'Alice',
  via: 'web',
  ip: '192.0.2.1',
  action: 'commitment.set',
  organisationCode: 'gm0363',
  subject: 'commitment gm0363/t',
  before: { plannedDate: '2027-01-01', note: 'a' },
  after: { plannedDate: '2027-02-01', note: 'a' },
  hash: 'h',
  ...overrides,
});

describe('changedKeys', () => {
  it('lists only the keys whose values changed, added and removed ones too', () => {
    expect(changedKeys({ a: 1, b: [1], c: 'x' }, { a: 2, b: [1], d: true })).toEqual([
      { key: 'a', before: 1, after: 2 },
      { key: 'd', before: ABSENT, after: true },
      { key: 'c', before: 'x', after: ABSENT },
    ]);
  });

  it('treats a created or removed object as every key added or removed', () => {
    expect(changedKeys(null, { a: 1 })).toEqual([{ key: 'a', before: ABSENT, after: 1 }]);
    expect(changedKeys({ a: 1 }, null)).toEqual([{ key: 'a', before: 1, after: ABSENT }]);
  });

  it('compares other values as a whole, and finds nothing when nothing changed', () => {
    expect(changedKeys([1], [2])).toEqual([{ key: null, before: [1], after: [2] }]);
    expect(changedKeys('x', null)).toEqual([{ key: null, before: 'x', after: ABSENT }]);
    expect(changedKeys({ a: 1 }, { a: 1 })).toEqual([]);
    expect(changedKeys(null, null)).toEqual([]);
  });

  it('shortens long JSON and keeps the whole value', () => {
    expect(compactJson('short')).toEqual({ text: '"short"', full: undefined });
    const long = compactJson({ text: 'y'.repeat(200) });
    expect(long.text).toHaveLength(SHORT_VALUE);
    expect(long.text.endsWith('…')).toBe(true);
    expect(long.full).toContain('y'.repeat(200));
  });
});

describe('who sees what', () => {
  it('shows names to members, coordinators and administrators, IP addresses to administrators only', () => {
    expect(visibilityFor({ kind: 'public' }, 'gm0363')).toEqual({ names: false, ips: false });
    expect(visibilityFor(person(null, [['gm0363', 'editor']]), 'gm0363')).toEqual({ names: true, ips: false });
    expect(visibilityFor(person(null, [['gm0363', 'editor']]), 'gm0599')).toEqual({ names: false, ips: false });
    expect(visibilityFor(person('coordinator'), 'gm0599')).toEqual({ names: true, ips: false });
    expect(visibilityFor(person('administrator'))).toEqual({ names: true, ips: true });
    expect(visibilityFor({ kind: 'local', name: 'cli' })).toEqual({ names: true, ips: true });
  });

  it('gives the public the channel and kind of actor only, and withholds personal details', () => {
    const shown = showEntry(entry({ before: { author: 'Alice', reason: 'r' }, after: { author: 'Alice', reason: 's', decidedBy: null } }), PUBLIC_VISIBILITY);
    expect(shown).not.toHaveProperty('actorName');
    expect(shown).not.toHaveProperty('ip');
    expect(shown).toMatchObject({ actorKind: 'person', via: 'web', before: { author: WITHHELD, reason: 'r' }, after: { author: WITHHELD, reason: 's', decidedBy: null } });
    expect(showEntry(entry({ via: 'system', actor: 'thorbecke' }), PUBLIC_VISIBILITY).actorKind).toBe('thorbecke');
    const account = showEntry(entry({ action: 'account.create', before: null, after: { email: 'a@b.nl', role: 'editor' } }), PUBLIC_VISIBILITY);
    expect(account.after).toEqual({ email: WITHHELD, role: WITHHELD });
    expect(account.before).toBeNull();
  });

  it('shows everything to those who may see it', () => {
    const shown = showEntry(entry(), { names: true, ips: true });
    expect(shown).toMatchObject({ actorName: 'Alice', actorAccountId: 7, ip: '192.0.2.1', before: { plannedDate: '2027-01-01' } });
  });
});
