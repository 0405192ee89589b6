// The DNS client against the test network's authoritative server, on 127.0.0.1 only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.js';
import { createDnsCache } from '../../src/checks/dns/cache.js';
import { createDnsClient, DnsError, parseResolver, type DnsClient } from '../../src/checks/dns/client.js';
import { addresses, mx, ns, tlsa, txt } from '../../src/checks/dns/lookup.js';
import { startDnsServer, type TestDnsServer, type ZoneRecord, type Zones } from '../../src/testnet/dns-server.js';

const manyTxt: ZoneRecord[] = Array.from({ length: 40 }, (_, i) => ({ name: 'big', type: 'TXT', data: `record ${i} ${'x'.repeat(60)}` }));

const zones: Zones = {
  'example.test': [
    { name: '@', type: 'A', data: '127.0.0.10' },
    { name: '@', type: 'AAAA', data: '::1' },
    { name: '@', type: 'NS', data: 'ns2.example.test' },
    { name: '@', type: 'NS', data: 'ns1.example.test' },
    { name: '@', type: 'MX', data: { preference: 20, exchange: 'mx2.example.test' } },
    { name: '@', type: 'MX', data: { preference: 10, exchange: 'mx1.example.test' } },
    { name: '@', type: 'TXT', data: ['v=spf1 ', '-all'] },
    { name: 'www', type: 'CNAME', data: 'web.example.test' },
    { name: 'web', type: 'CNAME', data: 'host.example.test' },
    { name: 'host', type: 'A', data: '127.0.0.11' },
    { name: 'dangling', type: 'CNAME', data: 'gone.example.test' },
    { name: 'mx1', type: 'A', data: '127.0.0.12' },
    { name: '_25._tcp.mx1', type: 'TLSA', data: { usage: 3, selector: 1, matchingType: 1, certificate: Buffer.from('c0ffee', 'hex') } },
    { name: 'outside', type: 'CNAME', data: 'host.elsewhere.invalid' },
    { name: 'loop1', type: 'CNAME', data: 'loop2.example.test' },
    { name: 'loop2', type: 'CNAME', data: 'loop1.example.test' },
    ...manyTxt,
  ],
  'nomail.test': [{ name: '@', type: 'MX', data: { preference: 0, exchange: '.' } }],
};

let server: TestDnsServer;
let dns: DnsClient;

beforeAll(async () => {
  server = await startDnsServer({
    zones,
    modes: { 'tarpit.example.test': 'drop', 'garbage.example.test': 'garbage', 'spoofed.example.test': 'wrong-id', 'broken.example.test': 'servfail' },
  });
  dns = createDnsClient({ server: { host: server.host, port: server.port }, timeoutMs: 1000, retries: 0 });
});

afterAll(async () => {
  await server.close();
});

describe('DNS client: answers', () => {
  it('returns A and AAAA records with the rcode and an authoritative answer over UDP', async () => {
    const response = await dns.query('example.test', 'A');
    expect(response).toMatchObject({ rcode: 'NOERROR', ad: false, tc: false, transport: 'udp' });
    expect(response.answers).toMatchObject([{ name: 'example.test', type: 'A', data: '127.0.0.10' }]);
    expect(await addresses(dns, 'EXAMPLE.test.')).toMatchObject({
      ipv4: { outcome: 'records', addresses: ['127.0.0.10'], ad: false },
      ipv6: { outcome: 'records', addresses: ['::1'] },
    });
  });

  it('follows CNAME chains and reports the canonical name', async () => {
    const { ipv4, ipv6 } = await addresses(dns, 'www.example.test');
    expect(ipv4).toMatchObject({ outcome: 'records', addresses: ['127.0.0.11'], cnames: ['web.example.test', 'host.example.test'], canonicalName: 'host.example.test' });
    expect(ipv6).toMatchObject({ outcome: 'nodata', addresses: [] });
    expect((await addresses(dns, 'dangling.example.test')).ipv4).toMatchObject({ outcome: 'nxdomain', cnames: ['gone.example.test'] });
    expect((await addresses(dns, 'loop1.example.test')).ipv4.outcome).toBe('failure');
    // A target outside the answer is asked for separately (this server refuses names outside its zones).
    expect((await addresses(dns, 'outside.example.test')).ipv4).toMatchObject({ outcome: 'failure', rcode: 'REFUSED', cnames: ['host.elsewhere.invalid'] });
    expect(server.queries).toContainEqual({ name: 'host.elsewhere.invalid', type: 'A', transport: 'udp' });
  });

  it('sorts MX by preference and recognises a null MX', async () => {
    expect(await mx(dns, 'example.test')).toMatchObject({
      outcome: 'records',
      nullMx: false,
      hosts: [{ preference: 10, exchange: 'mx1.example.test' }, { preference: 20, exchange: 'mx2.example.test' }],
    });
    expect(await mx(dns, 'nomail.test')).toMatchObject({ outcome: 'records', nullMx: true, hosts: [{ preference: 0, exchange: '' }] });
  });

  it('returns NS, joined TXT strings and TLSA records', async () => {
    expect((await ns(dns, 'example.test')).hosts).toEqual(['ns1.example.test', 'ns2.example.test']);
    expect((await txt(dns, 'example.test')).texts).toEqual(['v=spf1 -all']);
    expect(await tlsa(dns, 25, 'tcp', 'mx1.example.test')).toMatchObject({
      name: '_25._tcp.mx1.example.test',
      outcome: 'records',
      records: [{ usage: 3, selector: 1, matchingType: 1, data: 'c0ffee' }],
    });
  });

  it('tells NXDOMAIN from NODATA, with the SOA in the authority section', async () => {
    const nxdomain = await dns.query('nothing.example.test', 'A');
    expect(nxdomain.rcode).toBe('NXDOMAIN');
    expect(nxdomain.authorities).toMatchObject([{ type: 'SOA', name: 'example.test' }]);
    const nodata = await dns.query('mx1.example.test', 'AAAA');
    expect(nodata).toMatchObject({ rcode: 'NOERROR', answers: [] });
    expect(nodata.authorities).toMatchObject([{ type: 'SOA' }]);
    expect((await txt(dns, 'nothing.example.test')).outcome).toBe('nxdomain');
    expect((await txt(dns, 'mx1.example.test')).outcome).toBe('nodata');
    // An empty non-terminal exists: NODATA, not NXDOMAIN.
    expect((await dns.query('_tcp.mx1.example.test', 'TXT')).rcode).toBe('NOERROR');
  });

  it('falls back to TCP when the UDP answer is truncated', async () => {
    const response = await dns.query('big.example.test', 'TXT');
    expect(response).toMatchObject({ rcode: 'NOERROR', tc: false, transport: 'tcp' });
    expect(response.answers).toHaveLength(40);
    expect(server.queries.filter((q) => q.name === 'big.example.test').map((q) => q.transport)).toEqual(['udp', 'tcp']);
  });

  it('reports SERVFAIL as an rcode and a failure outcome', async () => {
    expect((await dns.query('broken.example.test', 'A')).rcode).toBe('SERVFAIL');
    expect((await txt(dns, 'broken.example.test')).outcome).toBe('failure');
  });
});

describe('DNS client: hostile servers', () => {
  const quick = () => createDnsClient({ server: { host: server.host, port: server.port }, timeoutMs: 200, retries: 1 });

  it('times out on a tarpit after every retry', async () => {
    const before = server.queries.filter((q) => q.name === 'tarpit.example.test').length;
    const error = await quick().query('tarpit.example.test', 'A').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DnsError);
    expect(error).toMatchObject({ kind: 'timeout', message: expect.stringContaining('200 ms') as unknown });
    expect(server.queries.filter((q) => q.name === 'tarpit.example.test').length - before).toBe(2);
  });

  it('turns garbage into a malformed error, not a crash', async () => {
    await expect(quick().query('garbage.example.test', 'A')).rejects.toMatchObject({ name: 'DnsError', kind: 'malformed' });
  });

  it('ignores replies with the wrong ID (a spoofer) and times out', async () => {
    await expect(quick().query('spoofed.example.test', 'A')).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('reports a closed port as refused or timeout, never a crash', async () => {
    const closed = await startDnsServer({ zones: {} });
    const port = closed.port;
    await closed.close();
    const client = createDnsClient({ server: { host: '127.0.0.1', port }, timeoutMs: 200, retries: 0 });
    const error = await client.query('example.test', 'A').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DnsError);
    expect(['refused', 'timeout']).toContain((error as DnsError).kind);
  });

  it('refuses to ask for a name that is not a domain name', async () => {
    await expect(dns.query(`${'a'.repeat(64)}.example.test`, 'A')).rejects.toMatchObject({ kind: 'malformed' });
    await expect(dns.query('a..example.test', 'A')).rejects.toMatchObject({ kind: 'malformed' });
  });

  it('treats a reply larger than the cap as malformed', async () => {
    const small = createDnsClient({ server: { host: server.host, port: server.port }, timeoutMs: 300, retries: 0, maxResponseBytes: 200 });
    await expect(small.query('big.example.test', 'TXT')).rejects.toMatchObject({ kind: 'malformed' });
  });
});

describe('DNS cache', () => {
  it('asks each name and type once and shares the query in flight', async () => {
    const cached = createDnsCache(dns);
    const count = () => server.queries.filter((q) => q.name === 'mx1.example.test' && q.type === 'A').length;
    const before = count();
    const results = await Promise.all([cached.query('mx1.example.test', 'A'), cached.query('MX1.example.test.', 'A'), addresses(cached, 'mx1.example.test')]);
    await cached.query('mx1.example.test', 'A');
    expect(count() - before).toBe(1);
    expect(results[0]).toBe(results[1]);
    expect((await cached.query('mx1.example.test', 'AAAA')).rcode).toBe('NOERROR');
  });

  it('shares failures too', async () => {
    const cached = createDnsCache(createDnsClient({ server: { host: server.host, port: server.port }, timeoutMs: 200, retries: 0 }));
    const before = server.queries.filter((q) => q.name === 'tarpit.example.test').length;
    const outcomes = await Promise.allSettled([cached.query('tarpit.example.test', 'MX'), cached.query('tarpit.example.test', 'MX')]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(server.queries.filter((q) => q.name === 'tarpit.example.test').length - before).toBe(1);
  });
});

describe('parseResolver', () => {
  it.each([
    ['127.0.0.53:5300', { host: '127.0.0.53', port: 5300 }],
    ['127.0.0.1', { host: '127.0.0.1', port: 53 }],
    ['[::1]:53', { host: '::1', port: 53 }],
    ['[::1]', { host: '::1', port: 53 }],
    ['::1', { host: '::1', port: 53 }],
  ])('%s', (text, expected) => {
    expect(parseResolver(text)).toEqual(expected);
  });

  it.each(['resolver.example', '127.0.0.1:0', '127.0.0.1:70000', '300.0.0.1', '::1:53x', ''])('rejects %j with an InputError', (text) => {
    expect(() => parseResolver(text)).toThrow(InputError);
  });
});
