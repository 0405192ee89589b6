import { describe, expect, it } from 'vitest';
import { checksInSet } from '../../src/checks/catalogue.js';
import { setPasses, setVerdict, STATUS_ORDER, worstStatus } from '../../src/checks/sets.js';
import { CHECK_STATUSES, type CheckResult, type CheckSet, type CheckStatus } from '../../src/domain/check.js';

/** Results for every mandatory check of `set`, all `base`, with some ids overridden. */
function results(set: CheckSet, base: CheckStatus, overrides: Record<string, CheckStatus> = {}): CheckResult[] {
  return checksInSet(set).map((c) => ({ id: c.id, status: overrides[c.id] ?? base, reason: '', facts: {} }));
}

const without = (list: CheckResult[], id: string) => list.filter((r) => r.id !== id);

describe('setVerdict', () => {
  const cases: { name: string; set: CheckSet; results: CheckResult[]; expected: CheckStatus }[] = [
    { name: 'all pass', set: 'forum-web', results: results('forum-web', 'pass'), expected: 'pass' },
    { name: 'one fail', set: 'forum-web', results: results('forum-web', 'pass', { 'web.https.hsts': 'fail' }), expected: 'fail' },
    { name: 'a warning (phase out) still passes', set: 'forum-web', results: results('forum-web', 'pass', { 'web.tls.ciphers': 'warning' }), expected: 'pass' },
    { name: 'error is undecided', set: 'forum-web', results: results('forum-web', 'pass', { 'web.rpki': 'error' }), expected: 'error' },
    { name: 'blocked is undecided', set: 'forum-web', results: results('forum-web', 'pass', { 'web.ipv6.reachable': 'blocked' }), expected: 'blocked' },
    { name: 'error ranks before blocked', set: 'forum-web', results: results('forum-web', 'pass', { 'web.rpki': 'error', 'web.dnssec': 'blocked' }), expected: 'error' },
    { name: 'fail beats error', set: 'forum-mail', results: results('forum-mail', 'pass', { 'mail.dane': 'fail', 'mail.rpki': 'error' }), expected: 'fail' },
    {
      name: 'no-mail domain: delivery parts not applicable, the rest passes',
      set: 'forum-mail',
      results: results('forum-mail', 'not-applicable', { 'mail.dnssec': 'pass', 'mail.spf': 'pass', 'mail.spf.policy': 'pass', 'mail.dmarc': 'pass', 'mail.dmarc.policy': 'pass' }),
      expected: 'pass',
    },
    { name: 'all not applicable', set: 'forum-mail', results: results('forum-mail', 'not-applicable'), expected: 'not-applicable' },
    { name: 'a missing mandatory result is an error', set: 'forum-web', results: without(results('forum-web', 'pass'), 'web.https.hsts'), expected: 'error' },
    { name: 'no results at all is an error', set: 'forum-mail', results: [], expected: 'error' },
    {
      name: 'results outside the set do not count',
      set: 'forum-web',
      results: [...results('forum-web', 'pass'), { id: 'mail.dane', status: 'fail', reason: '', facts: {} }, { id: 'web.security-txt', status: 'fail', reason: '', facts: {} }],
      expected: 'pass',
    },
    {
      name: 'a duplicate result counts with its worst status',
      set: 'forum-web',
      results: [...results('forum-web', 'pass'), { id: 'web.tls.version', status: 'fail', reason: 'second address', facts: {} }],
      expected: 'fail',
    },
  ];

  it.each(cases)('$name → $expected', ({ set, results: list, expected }) => {
    expect(setVerdict(set, list)).toBe(expected);
  });
});

describe('worstStatus and STATUS_ORDER', () => {
  it('orders every status once, worst first', () => {
    expect([...STATUS_ORDER].sort()).toEqual([...CHECK_STATUSES].sort());
    expect(STATUS_ORDER[0]).toBe('fail');
  });

  it.each([
    { statuses: [], expected: 'not-applicable' },
    { statuses: ['pass', 'warning'], expected: 'warning' },
    { statuses: ['pass', 'not-applicable'], expected: 'pass' },
    { statuses: ['blocked', 'warning', 'error'], expected: 'error' },
    { statuses: ['pass', 'fail', 'error'], expected: 'fail' },
  ] as { statuses: CheckStatus[]; expected: CheckStatus }[])('$statuses → $expected', ({ statuses, expected }) => {
    expect(worstStatus(statuses)).toBe(expected);
  });
});

describe('setPasses', () => {
  it.each([
    ['pass', true],
    ['not-applicable', true],
    ['fail', false],
    ['error', false],
    ['blocked', false],
  ] as [CheckStatus, boolean][])('%s → %s', (verdict, expected) => {
    expect(setPasses(verdict)).toBe(expected);
  });
});
