import { describe, expect, it } from 'vitest';
import { DnsError, type DnsClient, type DnsRecord, type DnsResponse, type DnsType } from '../../src/checks/dns/client.js';
import { gatherRpki } from '../../src/checks/rpki/gather.js';

/** Answers from a table keyed `name TYPE`: records, an rcode without records, or a thrown DNS error. */
type Answer = DnsRecord[] | { rcode: string } | DnsError;

function fakeDns(table: Record<string, Answer>): DnsClient {
  return {
    query(name: string, type: DnsType): Promise<DnsResponse> {
      const answer = table[`${name} ${type}`] ?? { rcode: 'NOERROR' };
      if (answer instanceof DnsError) return Promise.reject(answer);
      const records = Array.isArray(answer) ? answer : [];
      const rcode = Array.isArray(answer) ? 'NOERROR' : answer.rcode;
      const authorities: DnsRecord[] = rcode === 'NOERROR' && records.length === 0 ? [{ type: 'SOA', name, data: { mname: 'ns', rname: 'h', serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 1 } }] : [];
      return Promise.resolve({ rcode, ad: false, tc: false, answers: records, authorities, additionals: [], elapsedMs: 1, transport: 'udp' });
    },
  };
}

const a = (name: string, data: string): DnsRecord => ({ type: 'A', name, data });
const aaaa = (name: string, data: string): DnsRecord => ({ type: 'AAAA', name, data });
const NS = { 'example.test NS': [{ type: 'NS', name: 'example.test', data: 'ns1.example.test' } as DnsRecord], 'ns1.example.test A': [a('ns1.example.test', '192.0.2.53')] };

describe('gatherRpki: A and AAAA keep their own outcome', () => {
  it('both families answer', async () => {
    const facts = await gatherRpki('example.test', fakeDns({ ...NS, 'example.test A': [a('example.test', '192.0.2.10')], 'example.test AAAA': [aaaa('example.test', '2001:db8::10')] }), { web: true, mail: false });
    expect(facts.web).toMatchObject({ outcome: 'records', addresses: ['192.0.2.10', '2001:db8::10'], lookups: { A: { outcome: 'records' }, AAAA: { outcome: 'records' } } });
  });

  it('a SERVFAIL for AAAA is kept when A answers', async () => {
    const facts = await gatherRpki('example.test', fakeDns({ ...NS, 'example.test A': [a('example.test', '192.0.2.10')], 'example.test AAAA': { rcode: 'SERVFAIL' } }), { web: true, mail: false });
    expect(facts.web).toMatchObject({ outcome: 'records', addresses: ['192.0.2.10'], lookups: { A: { outcome: 'records' }, AAAA: { outcome: 'failure', detail: 'SERVFAIL' } } });
  });

  it('a timed-out AAAA keeps the A addresses and says so', async () => {
    const facts = await gatherRpki('example.test', fakeDns({ ...NS, 'example.test A': [a('example.test', '192.0.2.10')], 'example.test AAAA': new DnsError('timeout', 'no answer in 2000 ms') }), { web: true, mail: false });
    expect(facts.web).toMatchObject({ outcome: 'records', addresses: ['192.0.2.10'], lookups: { AAAA: { outcome: 'error', detail: 'no answer in 2000 ms' } } });
  });

  it('NODATA for AAAA is not a failure', async () => {
    const facts = await gatherRpki('example.test', fakeDns({ ...NS, 'example.test A': [a('example.test', '192.0.2.10')] }), { web: true, mail: false });
    expect(facts.web?.lookups).toEqual({ A: { outcome: 'records', detail: 'NOERROR' }, AAAA: { outcome: 'nodata', detail: 'NOERROR' } });
  });

  it('no addresses: the worse outcome is the host outcome', async () => {
    const facts = await gatherRpki('example.test', fakeDns({ ...NS, 'example.test A': { rcode: 'SERVFAIL' } }), { web: true, mail: false });
    expect(facts.web).toMatchObject({ outcome: 'failure', detail: 'SERVFAIL', addresses: [] });
  });

  it('per family for name servers and MX hosts too', async () => {
    const facts = await gatherRpki(
      'example.test',
      fakeDns({
        ...NS,
        'ns1.example.test AAAA': { rcode: 'REFUSED' },
        'example.test MX': [{ type: 'MX', name: 'example.test', data: { preference: 10, exchange: 'mx.example.test' } }],
        'mx.example.test AAAA': [aaaa('mx.example.test', '2001:db8::25')],
        'mx.example.test A': new DnsError('network', 'unreachable'),
      }),
      { web: false, mail: true },
    );
    expect(facts.nameservers.hosts[0]?.lookups.AAAA).toEqual({ outcome: 'failure', detail: 'REFUSED' });
    expect(facts.mx?.hosts[0]).toMatchObject({ addresses: ['2001:db8::25'], lookups: { A: { outcome: 'error', detail: 'unreachable' }, AAAA: { outcome: 'records' } } });
  });
});
