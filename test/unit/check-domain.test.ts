import { describe, expect, it } from 'vitest';
import type { DnsClient } from '../../src/checks/dns/client.js';
import { CHECK_STATUSES } from '../../src/domain/check.js';
import { checkDomain, expectedIds, RPKI_NO_DATA } from '../../src/scan/check-domain.js';

const failing: DnsClient = { query: () => Promise.reject(new Error('resolver exploded')) };
const hanging: DnsClient = { query: () => new Promise(() => undefined) };
const options = {
  policy: () => ({ allowed: false as const, reason: 'test' }), caPems: [], timeoutMs: 200, userAgent: 'test', scannerVersion: '9.9.9',
};

describe('checkDomain', () => {
  it('gives every requested check exactly one result, even when every DNS query throws', async () => {
    const report = await checkDomain('Example.TEST.', { ...options, dns: failing, web: true, mail: true });
    expect(report.domain).toBe('example.test');
    expect(report.scanner).toEqual({ version: '9.9.9' });
    expect(report.checks.map((c) => c.id)).toEqual(expectedIds({ web: true, mail: true }));
    for (const c of report.checks) expect(CHECK_STATUSES).toContain(c.status);
    expect(report.checks.filter((c) => c.status === 'pass')).toEqual([]);
    expect(report.checks.find((c) => c.id === 'web.rpki')).toMatchObject({ status: 'error', reason: RPKI_NO_DATA });
    expect(report.checks.find((c) => c.id === 'web.dnssec')?.reason).toMatch(/resolver exploded/);
    expect(report.sets).toEqual({ 'forum-web': 'error', 'forum-mail': 'error' });
  });

  it('ends at the per-domain deadline with error results', async () => {
    const started = Date.now();
    const report = await checkDomain('example.test', { ...options, dns: hanging, web: false, mail: true, domainTimeoutMs: 100 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(Object.keys(report.sets)).toEqual(['forum-mail']);
    expect(report.checks.map((c) => c.id)).toEqual(expectedIds({ web: false, mail: true }));
    expect(report.checks.find((c) => c.id === 'mail.spf')).toMatchObject({ status: 'error', reason: expect.stringMatching(/time budget/) as unknown });
    expect(report.checks.some((c) => c.id.startsWith('web.'))).toBe(false);
  });

  it('lists web ids only for --web', () => {
    const ids = expectedIds({ web: true, mail: false });
    expect(ids).toContain('web.security-txt');
    expect(ids).toContain('hosting.dns-provider');
    expect(ids.some((id) => id.startsWith('mail.'))).toBe(false);
  });
});
