import { describe, expect, it } from 'vitest';
import { DnsError, type DnsClient, type DnsRecord, type DnsResponse } from '../../src/checks/dns/client.js';
import { evaluateDnsProvider, evaluateMailProvider, evaluateWebProvider } from '../../src/checks/hosting/evaluate.js';
import { gatherHosting } from '../../src/checks/hosting/gather.js';

/** A fake resolver: answers by "name type" key; absent keys are NODATA; `timeout` throws like the client. */
function fakeDns(answers: Record<string, DnsRecord[] | 'timeout'>): DnsClient {
  return {
    query(name, type): Promise<DnsResponse> {
      const found = answers[`${name} ${type}`];
      if (found === 'timeout') return Promise.reject(new DnsError('timeout', `no answer for ${name}`));
      const response: DnsResponse = { rcode: 'NOERROR', ad: false, tc: false, answers: found ?? [], authorities: [], additionals: [], elapsedMs: 1, transport: 'udp' };
      return Promise.resolve(response);
    },
  };
}

describe('gatherHosting', () => {
  it('reads MX, NS and the CNAME chain, and the evaluations name the providers', async () => {
    const dns = fakeDns({
      'example.nl MX': [{ name: 'example.nl', type: 'MX', data: { preference: 0, exchange: 'example-nl.mail.protection.outlook.com' } }],
      'example.nl NS': [
        { name: 'example.nl', type: 'NS', data: 'ns1-01.azure-dns.com' },
        { name: 'example.nl', type: 'NS', data: 'ns2-01.azure-dns.net' },
      ],
      'example.nl A': [
        { name: 'example.nl', type: 'CNAME', data: 'example.azurewebsites.net' },
        { name: 'example.azurewebsites.net', type: 'A', data: '192.0.2.7' },
      ],
    });
    const facts = await gatherHosting('Example.NL.', dns);
    expect(facts.web).toMatchObject({ cnames: ['example.azurewebsites.net'], addresses: ['192.0.2.7'], outcome: 'records' });
    expect(evaluateMailProvider(facts.mail).facts.provider).toBe('Microsoft 365');
    expect(evaluateDnsProvider(facts.dns).facts.provider).toBe('Microsoft Azure');
    expect(evaluateWebProvider(facts.web).facts.provider).toBe('Microsoft Azure');
  });

  it('turns DNS failures into error facts and verdicts', async () => {
    const dns = fakeDns({ 'down.nl MX': 'timeout', 'down.nl NS': 'timeout', 'down.nl A': 'timeout', 'down.nl AAAA': 'timeout' });
    const facts = await gatherHosting('down.nl', dns);
    expect([facts.mail.outcome, facts.dns.outcome, facts.web.outcome]).toEqual(['error', 'error', 'error']);
    expect(evaluateMailProvider(facts.mail).status).toBe('error');
    expect(evaluateDnsProvider(facts.dns).status).toBe('error');
    expect(evaluateWebProvider(facts.web).status).toBe('error');
  });

  it('a domain without MX and without addresses: mail and web not applicable', async () => {
    const facts = await gatherHosting('empty.nl', fakeDns({ 'empty.nl NS': [{ name: 'empty.nl', type: 'NS', data: 'ns1.empty.nl' }] }));
    expect(evaluateMailProvider(facts.mail).status).toBe('not-applicable');
    expect(evaluateWebProvider(facts.web).status).toBe('not-applicable');
    expect(evaluateDnsProvider(facts.dns).reason).toMatch(/^unknown provider/);
  });
});
