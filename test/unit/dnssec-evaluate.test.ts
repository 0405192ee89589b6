import { describe, expect, it } from 'vitest';
import { evaluateDnssecMx, evaluateDnssecName } from '../../src/checks/dnssec/evaluate.js';
import type { DnssecFacts } from '../../src/checks/dnssec/gather.js';

const base: DnssecFacts = { name: 'example.test', type: 'SOA' };
const ok = (ad: boolean, rrsig = ad) => ({ rcode: 'NOERROR', ad, rrsig });

describe('evaluateDnssecName', () => {
  const cases: { name: string; facts: DnssecFacts; status: string; reason: RegExp }[] = [
    { name: 'AD set', facts: { ...base, answer: ok(true) }, status: 'pass', reason: /signed and validated/ },
    { name: 'NXDOMAIN with AD', facts: { ...base, answer: { rcode: 'NXDOMAIN', ad: true, rrsig: false } }, status: 'pass', reason: /validated/ },
    { name: 'no AD, no RRSIG', facts: { ...base, answer: ok(false) }, status: 'fail', reason: /not signed/ },
    { name: 'RRSIG without AD', facts: { ...base, answer: ok(false, true) }, status: 'fail', reason: /did not validate/ },
    { name: 'SERVFAIL, CD=1 answers', facts: { ...base, answer: { rcode: 'SERVFAIL', ad: false, rrsig: false }, unchecked: ok(false, true) }, status: 'fail', reason: /bogus: validation failed/ },
    { name: 'SERVFAIL both ways', facts: { ...base, answer: { rcode: 'SERVFAIL', ad: false, rrsig: false }, unchecked: { rcode: 'SERVFAIL', ad: false, rrsig: false } }, status: 'error', reason: /SERVFAIL/ },
    { name: 'REFUSED', facts: { ...base, answer: { rcode: 'REFUSED', ad: false, rrsig: false } }, status: 'error', reason: /REFUSED/ },
    { name: 'timeout', facts: { ...base, error: 'timed out after 2000 ms' }, status: 'error', reason: /timed out/ },
  ];
  it.each(cases)('$name → $status', ({ facts, status, reason }) => {
    const verdict = evaluateDnssecName(facts);
    expect(verdict.status).toBe(status);
    expect(verdict.reason).toMatch(reason);
  });
});

describe('evaluateDnssecMx', () => {
  const mx = (name: string, ad: boolean): DnssecFacts => ({ name, type: 'A', answer: ok(ad) });
  it.each([
    { names: [], status: 'not-applicable' },
    { names: [mx('a.test', true), mx('b.test', true)], status: 'pass' },
    { names: [mx('a.test', true), mx('b.test', false)], status: 'fail' },
    { names: [mx('a.test', true), { name: 'c.test', type: 'A' as const, error: 'timeout' }], status: 'error' },
  ])('$status', ({ names, status }) => {
    expect(evaluateDnssecMx('example.test', names).status).toBe(status);
  });
});
