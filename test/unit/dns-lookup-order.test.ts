/**
 * RRsets have no order and resolvers rotate them: the lookups sort what they return, so the same answer gives
 * the same facts on every measurement (and an unchanged domain adds no observation rows).
 */
import { describe, expect, it } from 'vitest';
import type { DnsClient, DnsRecord, DnsResponse } from '../../src/checks/dns/client.js';
import { addresses, tlsa, txt } from '../../src/checks/dns/lookup.js';

function rotatingDns(answers: Record<string, DnsRecord[]>): DnsClient {
  let turn = 0;
  return {
    query(name, type): Promise<DnsResponse> {
      const found = answers[`${name} ${type}`] ?? [];
      turn += 1;
      const rotated = found.length === 0 ? [] : [...found.slice(turn % found.length), ...found.slice(0, turn % found.length)];
      return Promise.resolve({ rcode: 'NOERROR', ad: true, tc: false, answers: rotated, authorities: [], additionals: [], elapsedMs: 1, transport: 'udp' });
    },
  };
}

const a = (data: string): DnsRecord => ({ type: 'A', name: 'example.nl', data, ttl: 60, class: 'IN' });
const t = (data: string): DnsRecord => ({ type: 'TXT', name: 'example.nl', data: [Buffer.from(data)], ttl: 60, class: 'IN' });
const tl = (usage: number, hex: string): DnsRecord =>
  ({ type: 'TLSA', name: '_25._tcp.mx.example.nl', ttl: 60, class: 'IN', data: { usage, selector: 1, matchingType: 1, certificate: Buffer.from(hex, 'hex') } });

describe('lookups return RRsets in a stable order', () => {
  const dns = rotatingDns({
    'example.nl A': [a('192.0.2.3'), a('192.0.2.1'), a('192.0.2.2')],
    'example.nl TXT': [t('v=spf1 -all'), t('google-site-verification=x'), t('a')],
    '_25._tcp.mx.example.nl TLSA': [tl(3, 'bb'), tl(2, 'cc'), tl(3, 'aa')],
  });

  it('sorts addresses, TXT strings and TLSA records whatever order the resolver gives', async () => {
    const seen = { a: new Set<string>(), txt: new Set<string>(), tlsa: new Set<string>() };
    for (let i = 0; i < 3; i++) {
      seen.a.add(JSON.stringify((await addresses(dns, 'example.nl')).ipv4.addresses));
      seen.txt.add(JSON.stringify((await txt(dns, 'example.nl')).texts));
      seen.tlsa.add(JSON.stringify((await tlsa(dns, 25, 'tcp', 'mx.example.nl')).records));
    }
    expect([...seen.a]).toEqual([JSON.stringify(['192.0.2.1', '192.0.2.2', '192.0.2.3'])]);
    expect([...seen.txt]).toEqual([JSON.stringify(['a', 'google-site-verification=x', 'v=spf1 -all'])]);
    expect(seen.tlsa.size).toBe(1);
    const records = (await tlsa(dns, 25, 'tcp', 'mx.example.nl')).records;
    expect(records.map((r) => `${String(r.usage)} ${r.data}`)).toEqual(['2 cc', '3 aa', '3 bb']);
  });
});
