import { describe, expect, it } from 'vitest';
import type { CheckStatus } from '../../src/domain/check.js';
import { evaluateIpv6Address, evaluateIpv6Mx, evaluateIpv6Nameservers, evaluateIpv6Reachable } from '../../src/checks/ipv6/evaluate.js';
import type { AddressAnswer, Ipv6MailFacts, Ipv6NameserverFacts, Ipv6WebFacts, ProbeResult, WebProbe } from '../../src/checks/ipv6/facts.js';
import { similarity } from '../../src/checks/ipv6/similarity.js';

const D = 'example.test';
const aaaa = (name: string, ...addresses: string[]): AddressAnswer => ({ name, outcome: addresses.length > 0 ? 'records' : 'nodata', detail: 'NOERROR', addresses });
const dnsError = (name: string): AddressAnswer => ({ name, outcome: 'error', detail: 'timeout', addresses: [] });
const ok = (address: string): ProbeResult => ({ address, ok: true, detail: 'answered NOERROR' });
const silent = (address: string): ProbeResult => ({ address, ok: false, detail: 'no answer within 1000 ms' });
const refused = (address: string): ProbeResult => ({ address, ok: false, blocked: 'loopback', detail: `refused to connect to ${address}: loopback` });

function nsFacts(servers: [string, AddressAnswer, ProbeResult[]][], outcome: AddressAnswer['outcome'] = 'records'): Ipv6NameserverFacts {
  return {
    domain: D,
    ns: { name: D, outcome, detail: outcome === 'error' ? 'timeout' : 'NOERROR', hosts: servers.map(([name]) => name) },
    servers: servers.map(([name, ipv6, probes]) => ({ name, ipv6, probes })),
  };
}

describe('evaluateIpv6Nameservers', () => {
  const cases: [string, Ipv6NameserverFacts, CheckStatus, RegExp][] = [
    ['two answering', nsFacts([['ns1.x.test', aaaa('ns1.x.test', '2001:db8::1'), [ok('2001:db8::1')]], ['ns2.x.test', aaaa('ns2.x.test', '2001:db8::2'), [ok('2001:db8::2')]]]), 'pass', /2 name servers/],
    ['only one with IPv6', nsFacts([['ns1.x.test', aaaa('ns1.x.test', '2001:db8::1'), [ok('2001:db8::1')]], ['ns2.x.test', aaaa('ns2.x.test'), []]]), 'fail', /1 of 2 .*only ns1/],
    ['none with IPv6', nsFacts([['ns1.x.test', aaaa('ns1.x.test'), []], ['ns2.x.test', aaaa('ns2.x.test'), []]]), 'fail', /0 of 2 .*none/],
    ['one silent', nsFacts([['ns1.x.test', aaaa('ns1.x.test', '2001:db8::1'), [ok('2001:db8::1')]], ['ns2.x.test', aaaa('ns2.x.test', '2001:db8::2'), [silent('2001:db8::2')]]]), 'fail', /do not answer over IPv6: ns2/],
    ['blocked probe', nsFacts([['ns1.x.test', aaaa('ns1.x.test', '::1'), [refused('::1')]], ['ns2.x.test', aaaa('ns2.x.test', '2001:db8::2'), [ok('2001:db8::2')]]]), 'blocked', /refused to connect/],
    ['NS lookup fails', nsFacts([], 'error'), 'error', /could not read the NS records/],
    ['AAAA lookup fails', nsFacts([['ns1.x.test', dnsError('ns1.x.test'), []], ['ns2.x.test', aaaa('ns2.x.test', '2001:db8::2'), [ok('2001:db8::2')]]]), 'error', /AAAA records of ns1/],
    ['no NS at all', nsFacts([], 'nodata'), 'error', /no NS records/],
  ];
  it.each(cases)('%s → %s', (_name, facts, status, reason) => {
    const verdict = evaluateIpv6Nameservers(facts);
    expect(verdict.status).toBe(status);
    expect(verdict.reason).toMatch(reason);
  });
});

describe('evaluateIpv6Address', () => {
  const cases: [string, AddressAnswer, CheckStatus, RegExp][] = [
    ['one AAAA', aaaa(D, '2001:db8::10'), 'pass', /has IPv6 address 2001:db8::10/],
    ['two AAAA', aaaa(D, '2001:db8::10', '2001:db8::11'), 'pass', /addresses/],
    ['no AAAA', aaaa(D), 'fail', /no AAAA record \(no IPv6 address\)/],
    ['NXDOMAIN', { name: D, outcome: 'nxdomain', detail: 'NXDOMAIN', addresses: [] }, 'fail', /does not exist/],
    ['timeout', dnsError(D), 'error', /could not read/],
    ['SERVFAIL', { name: D, outcome: 'failure', detail: 'SERVFAIL', addresses: [] }, 'error', /SERVFAIL/],
  ];
  it.each(cases)('%s → %s', (_name, ipv6, status, reason) => {
    const verdict = evaluateIpv6Address({ name: D, ipv6 });
    expect(verdict.status).toBe(status);
    expect(verdict.reason).toMatch(reason);
  });
});

const probe = (family: 4 | 6, address: string, extra: Partial<WebProbe>): WebProbe => ({ address, family, scheme: 'http', port: 80, ok: true, detail: 'HTTP 200', status: 200, ...extra });
const v4 = probe(4, '192.0.2.1', {});
const web = (ipv6: AddressAnswer, probes: WebProbe[]): Ipv6WebFacts => ({ name: D, ipv4: aaaa(D, '192.0.2.1'), ipv6, probes });

describe('evaluateIpv6Reachable', () => {
  const A = '2001:db8::10';
  const cases: [string, Ipv6WebFacts, CheckStatus, RegExp][] = [
    ['same content', web(aaaa(D, A), [v4, probe(6, A, { similarity: 1 })]), 'pass', /same content/],
    ['slightly different', web(aaaa(D, A), [v4, probe(6, A, { similarity: 0.95 })]), 'pass', /same content/],
    ['different content', web(aaaa(D, A), [v4, probe(6, A, { similarity: 0.2 })]), 'fail', /different content/],
    ['different status', web(aaaa(D, A), [v4, probe(6, A, { status: 500, similarity: 1 })]), 'fail', /HTTP 500 over IPv6 but HTTP 200/],
    ['unreachable', web(aaaa(D, A), [v4, probe(6, A, { ok: false, status: undefined, detail: 'connect ECONNREFUSED' })]), 'fail', /does not answer on IPv6 address 2001:db8::10/],
    ['https over v4 only', web(aaaa(D, A), [v4, probe(4, '192.0.2.1', { scheme: 'https', port: 443 }), probe(6, A, { similarity: 1 }), probe(6, A, { scheme: 'https', port: 443, ok: false, detail: 'timeout' })]), 'fail', /port 443 does not answer over IPv6/],
    ['no IPv4 baseline', { name: D, ipv4: aaaa(D), ipv6: aaaa(D, A), probes: [probe(6, A, {})] }, 'pass', /no IPv4 answer/],
    ['no AAAA', web(aaaa(D), [v4]), 'fail', /no IPv6 address/],
    ['AAAA lookup fails', web(dnsError(D), []), 'error', /could not read/],
    ['blocked', web(aaaa(D, '::1'), [v4, probe(6, '::1', { ok: false, blocked: 'loopback', detail: 'refused: loopback' })]), 'blocked', /refused/],
  ];
  it.each(cases)('%s → %s', (_name, facts, status, reason) => {
    const verdict = evaluateIpv6Reachable(facts);
    expect(verdict.status).toBe(status);
    expect(verdict.reason).toMatch(reason);
  });
});

function mail(hosts: [string, AddressAnswer, ProbeResult[]][], extra: Partial<Ipv6MailFacts['mx']> = {}): Ipv6MailFacts {
  return {
    domain: D,
    mx: { name: D, outcome: 'records', detail: 'NOERROR', hosts: hosts.map(([name]) => name), nullMx: false, ...extra },
    hosts: hosts.map(([name, ipv6, probes]) => ({ name, ipv6, probes })),
  };
}

describe('evaluateIpv6Mx', () => {
  const banner = (address: string): ProbeResult => ({ address, ok: true, detail: '220 mx.example.test ESMTP' });
  const cases: [string, Ipv6MailFacts, CheckStatus, RegExp][] = [
    ['every MX greets', mail([['mx1.x.test', aaaa('mx1.x.test', '2001:db8::25'), [banner('2001:db8::25')]], ['mx2.x.test', aaaa('mx2.x.test', '2001:db8::26'), [banner('2001:db8::26')]]]), 'pass', /every MX/],
    ['one MX without AAAA', mail([['mx1.x.test', aaaa('mx1.x.test', '2001:db8::25'), [banner('2001:db8::25')]], ['mx2.x.test', aaaa('mx2.x.test'), []]]), 'fail', /MX mx2.x.test has no IPv6 address/],
    ['no greeting', mail([['mx1.x.test', aaaa('mx1.x.test', '2001:db8::25'), [silent('2001:db8::25')]]]), 'fail', /no SMTP greeting/],
    ['blocked', mail([['mx1.x.test', aaaa('mx1.x.test', '::1'), [refused('::1')]]]), 'blocked', /refused/],
    ['no MX', mail([], { outcome: 'nodata' }), 'not-applicable', /no MX records/],
    ['null MX', mail([], { nullMx: true }), 'not-applicable', /null MX/],
    ['MX lookup fails', mail([], { outcome: 'error', detail: 'timeout' }), 'error', /could not read the MX records/],
    ['MX AAAA lookup fails', mail([['mx1.x.test', dnsError('mx1.x.test'), []]]), 'error', /AAAA records of mx1/],
  ];
  it.each(cases)('%s → %s', (_name, facts, status, reason) => {
    const verdict = evaluateIpv6Mx(facts);
    expect(verdict.status).toBe(status);
    expect(verdict.reason).toMatch(reason);
  });
});

describe('similarity', () => {
  const page = (extra: string) => `<html><body><h1>Gemeente Voorbeeld</h1><p>Welkom op onze website. ${'Nieuws over de gemeente. '.repeat(20)}</p>${extra}</body></html>`;
  const cases: [string, string, string, (value: number) => boolean][] = [
    ['identical', page(''), page(''), (value) => value === 1],
    ['white space only', page(''), page('').replace(/ /g, '   \n'), (value) => value === 1],
    ['a timestamp differs', page('12:00:01'), page('12:00:02'), (value) => value >= 0.9],
    ['another site', page(''), '<html><body>Apache default page: It works!</body></html>', (value) => value < 0.5],
    ['both empty', '', '', (value) => value === 1],
  ];
  it.each(cases)('%s', (_name, a, b, check) => {
    expect(check(similarity(a, b))).toBe(true);
  });
});
