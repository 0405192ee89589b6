import { describe, expect, it } from 'vitest';
import type { CheckStatus } from '../../src/domain/check.js';
import type { DomainOutcome } from '../../src/domain/progress.js';
import {
  domainBasis,
  domainNow,
  findingBasis,
  findingNow,
  lapseReason,
  supplierBasis,
  supplierNow,
  targetBasis,
  targetFromReadings,
  type CheckReading,
} from '../../src/progress/lapse.js';

const reading = (status: CheckStatus, hash = 'h1', knownStatus: CheckStatus | null = status === 'error' || status === 'blocked' ? null : status): CheckReading => ({
  status,
  knownStatus,
  keyFactsHash: hash,
});
const readings = (entries: Record<string, CheckReading>): Map<string, CheckReading> => new Map(Object.entries(entries));

describe('finding explanations', () => {
  const basis = findingBasis('a.nl', 'mail.dane', reading('fail'));

  it('records the status and key facts', () => {
    expect(basis).toEqual({ scope: 'finding', domain: 'a.nl', checkId: 'mail.dane', status: 'fail', keyFactsHash: 'h1' });
  });

  it('holds while the same result is measured', () => {
    expect(lapseReason(basis, findingNow('a.nl', 'mail.dane', reading('fail')))).toBeNull();
  });

  it('lapses when the status changes', () => {
    expect(lapseReason(basis, findingNow('a.nl', 'mail.dane', reading('pass', 'h2')))).toBe('mail.dane on a.nl changed from fail to pass');
  });

  it('lapses when the key facts change with the same status', () => {
    expect(lapseReason(basis, findingNow('a.nl', 'mail.dane', reading('fail', 'h2')))).toBe('the measured facts of mail.dane on a.nl changed (still fail)');
  });

  it('does not lapse when the check cannot be measured or is gone', () => {
    expect(lapseReason(basis, findingNow('a.nl', 'mail.dane', reading('error', 'h9', 'fail')))).toBeNull();
    expect(lapseReason(basis, findingNow('a.nl', 'mail.dane', reading('blocked', 'h9')))).toBeNull();
    expect(lapseReason(basis, findingNow('a.nl', 'mail.dane', undefined))).toBeNull();
  });

  it('records the last definite status while the check cannot be measured, without key facts', () => {
    const during = findingBasis('a.nl', 'mail.dane', reading('error', 'h9', 'fail'));
    expect(during).toMatchObject({ status: 'fail', keyFactsHash: null });
    expect(lapseReason(during, findingNow('a.nl', 'mail.dane', reading('fail', 'h3')))).toBeNull();
    expect(lapseReason(during, findingNow('a.nl', 'mail.dane', reading('pass', 'h3')))).toBe('mail.dane on a.nl changed from fail to pass');
  });
});

describe('domain explanations', () => {
  const checks = ['web.https', 'web.hsts'];
  const basis = domainBasis('a.nl', checks, readings({ 'web.https': reading('pass'), 'web.hsts': reading('fail') }));

  it('records every required check, null where nothing was measured', () => {
    expect(domainBasis('b.nl', checks, readings({ 'web.https': reading('fail') }))).toEqual({
      scope: 'domain',
      domain: 'b.nl',
      checks: { 'web.https': 'fail', 'web.hsts': null },
    });
  });

  it('lapses on any changed status, not on an unmeasurable one', () => {
    expect(lapseReason(basis, domainNow('a.nl', checks, readings({ 'web.https': reading('pass', 'x'), 'web.hsts': reading('fail', 'y') })))).toBeNull();
    expect(lapseReason(basis, domainNow('a.nl', checks, readings({ 'web.https': reading('error'), 'web.hsts': reading('fail') })))).toBeNull();
    expect(lapseReason(basis, domainNow('a.nl', checks, readings({ 'web.https': reading('pass'), 'web.hsts': reading('pass') })))).toBe(
      'web.hsts on a.nl changed from fail to pass',
    );
    expect(lapseReason(basis, domainNow('a.nl', checks, readings({ 'web.https': reading('fail'), 'web.hsts': reading('fail') })))).toBe(
      'web.https on a.nl changed from pass to fail',
    );
  });
});

describe('target explanations', () => {
  const outcomes = (entries: Record<string, DomainOutcome>) => targetBasis(new Map(Object.entries(entries)));
  const basis = outcomes({ 'b.nl': 'pass', 'a.nl': 'fail', 'c.nl': 'unknown' });

  it('records the outcome of every domain, sorted', () => {
    expect(Object.keys(basis.domains)).toEqual(['a.nl', 'b.nl', 'c.nl']);
  });

  it('holds while outcomes stay, or become unknown, or a domain is new or gone', () => {
    expect(lapseReason(basis, outcomes({ 'a.nl': 'unknown', 'b.nl': 'pass', 'c.nl': 'fail', 'd.nl': 'pass' }))).toBeNull();
    expect(lapseReason(basis, outcomes({ 'b.nl': 'pass' }))).toBeNull();
  });

  it('derives outcomes from the required checks, unknown where one cannot be measured', () => {
    const domains = new Map([
      ['a.nl', readings({ 'web.https': reading('pass'), 'web.hsts': reading('fail') })],
      ['b.nl', readings({ 'web.https': reading('pass'), 'web.hsts': reading('warning') })],
      ['c.nl', readings({ 'web.https': reading('error') })],
    ]);
    expect(targetFromReadings(['web.https', 'web.hsts'], domains)).toEqual({
      scope: 'target',
      checks: ['web.https', 'web.hsts'],
      domains: { 'a.nl': 'fail', 'b.nl': 'pass', 'c.nl': 'unknown' },
    });
  });

  it('lapses when a domain now passes or now fails', () => {
    expect(lapseReason(basis, outcomes({ 'a.nl': 'pass', 'b.nl': 'pass' }))).toBe('a.nl now passes the target (it failed)');
    expect(lapseReason(basis, outcomes({ 'a.nl': 'fail', 'b.nl': 'fail' }))).toBe('b.nl now fails the target (it passed)');
  });
});

describe('supplier explanations', () => {
  const checks = ['mail.dane'];
  const hosted = (entries: Record<string, CheckStatus>) =>
    new Map(Object.entries(entries).map(([domain, status]) => [domain, readings({ 'mail.dane': reading(status) })]));
  const basis = supplierBasis('microsoft-365', 'mail', checks, hosted({ 'a.nl': 'fail', 'b.nl': 'fail' }));

  it('records the explained checks on every affected domain', () => {
    expect(basis).toEqual({
      scope: 'supplier',
      supplier: 'microsoft-365',
      role: 'mail',
      checks,
      domains: { 'a.nl': { 'mail.dane': 'fail' }, 'b.nl': { 'mail.dane': 'fail' } },
    });
  });

  it('holds while the affected domains still fail, or cannot be measured, or left the supplier', () => {
    expect(lapseReason(basis, supplierNow('microsoft-365', 'mail', checks, hosted({ 'a.nl': 'fail', 'b.nl': 'error' })))).toBeNull();
    expect(lapseReason(basis, supplierNow('microsoft-365', 'mail', checks, hosted({ 'a.nl': 'fail' })))).toBeNull();
    // a domain that was not affected at approval says nothing about the supplier's fix
    expect(lapseReason(basis, supplierNow('microsoft-365', 'mail', checks, hosted({ 'a.nl': 'fail', 'z.nl': 'pass' })))).toBeNull();
  });

  it('lapses when an affected domain now passes the explained checks (the supplier fixed it)', () => {
    expect(lapseReason(basis, supplierNow('microsoft-365', 'mail', checks, hosted({ 'a.nl': 'fail', 'b.nl': 'pass' })))).toBe(
      'b.nl, hosted by microsoft-365, now passes mail.dane',
    );
  });
});

it('a reading of another scope never lapses an explanation', () => {
  expect(lapseReason(findingBasis('a.nl', 'x.y', reading('fail')), targetBasis(new Map([['a.nl', 'pass']])))).toBeNull();
});
