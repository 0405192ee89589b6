import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rpkiData } from '../../src/checks/rpki/data.js';
import { evaluateMailRpki, evaluateWebRpki, type RpkiAddressFact } from '../../src/checks/rpki/evaluate.js';
import type { FamilyLookup, HostAddresses, HostList, RpkiFacts, RpkiRole } from '../../src/checks/rpki/gather.js';
import { parseOrigins } from '../../src/checks/rpki/origins.js';
import { parseRoas } from '../../src/checks/rpki/roas.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/rpki', name), 'utf8');
const data = rpkiData(parseRoas(fixture('rpki-client.json'), 'roas'), parseOrigins(fixture('pfx2as.txt'), 'pfx2as'));

const family = (addresses: string[]): FamilyLookup => ({ outcome: addresses.length > 0 ? 'records' : 'nodata', detail: 'NOERROR' });
const host = (name: string, role: RpkiRole, ...addresses: string[]): HostAddresses => ({
  name, role, outcome: addresses.length > 0 ? 'records' : 'nodata', detail: 'NOERROR', addresses,
  lookups: { A: family(addresses.filter((a) => !a.includes(':'))), AAAA: family(addresses.filter((a) => a.includes(':'))) },
});
/** `host` with one family's lookup failed: `failure` (SERVFAIL, ...) or `error` (timeout, ...). */
const broken = (base: HostAddresses, type: 'A' | 'AAAA', outcome: 'failure' | 'error', detail: string): HostAddresses => {
  const lookups = { ...base.lookups, [type]: { outcome, detail } };
  return base.addresses.length > 0 ? { ...base, lookups } : { ...base, outcome, detail, lookups };
};
const list = (name: string, ...hosts: HostAddresses[]): HostList => ({ name, outcome: 'records', detail: 'NOERROR', hosts });
const VALID_NS = list('example.test', host('ns1.example.test', 'nameserver', '192.0.2.53'), host('ns2.example.test', 'nameserver', '2001:db8::53'));
const facts = (over: Partial<RpkiFacts>): RpkiFacts => ({ domain: 'example.test', nameservers: VALID_NS, ...over });
const web = (...addresses: string[]) => host('example.test', 'web', ...addresses);
const mx = (...hosts: HostAddresses[]) => ({ ...list('example.test', ...hosts), nullMx: false });

describe('evaluateWebRpki', () => {
  it.each([
    { name: 'web and name servers valid (IPv4 and IPv6)', facts: facts({ web: web('192.0.2.10', '2001:db8:1::10') }), status: 'pass', reason: /every address has a route with a valid origin: 192\.0\.2\.10 \(web example\.test\), 2001:db8:1::10 \(web example\.test\), 192\.0\.2\.53 \(nameserver ns1\.example\.test\)/ },
    { name: 'web address too specific for maxLength', facts: facts({ web: web('192.0.2.200') }), status: 'fail', reason: /^web example\.test: route 192\.0\.2\.128\/25 of AS64500 \(address 192\.0\.2\.200\) is invalid: .*too specific/ },
    { name: 'name server on an AS0 prefix', facts: facts({ web: web('192.0.2.10'), nameservers: list('example.test', host('ns1.example.test', 'nameserver', '203.0.113.9')) }), status: 'fail', reason: /nameserver ns1\.example\.test: .*AS0/ },
    { name: 'no ROA for the web route', facts: facts({ web: web('203.0.113.200') }), status: 'fail', reason: /^web example\.test: no ROA covers route 203\.0\.113\.128\/25 of AS64505 \(address 203\.0\.113\.200\)$/ },
    { name: 'invalid outranks not-found and error', facts: facts({ web: web('203.0.113.200', '198.18.0.1', '2001:db8:100::1') }), status: 'fail', reason: /^web example\.test: route 2001:db8:100::\/40 of AS64501 .*wrong AS/ },
    { name: 'not-found outranks error', facts: facts({ web: web('203.0.113.200', '198.18.0.1') }), status: 'fail', reason: /no ROA covers/ },
    { name: 'an address without a route', facts: facts({ web: web('192.0.2.10', '198.18.0.1') }), status: 'error', reason: /no route for 198\.18\.0\.1 in the origin table, cannot judge/ },
    { name: 'no web address', facts: facts({ web: web() }), status: 'error', reason: /^example\.test has no A or AAAA record$/ },
    { name: 'web name unreadable', facts: facts({ web: broken(broken(web(), 'A', 'error', 'timed out'), 'AAAA', 'error', 'timed out') }), status: 'error', reason: /^could not read the A and AAAA records of example\.test \(timed out\)$/ },
    { name: 'A failed, AAAA NODATA', facts: facts({ web: broken(web(), 'A', 'failure', 'SERVFAIL') }), status: 'error', reason: /^could not read the A records of example\.test \(SERVFAIL\)$/ },
    { name: 'A answers, AAAA SERVFAIL', facts: facts({ web: broken(web('192.0.2.10'), 'AAAA', 'failure', 'SERVFAIL') }), status: 'error', reason: /^web example\.test: could not read the AAAA records of example\.test \(SERVFAIL\): its IPv6 addresses cannot be judged$/ },
    { name: 'AAAA answers, A timed out', facts: facts({ web: broken(web('2001:db8:1::10'), 'A', 'error', 'timed out') }), status: 'error', reason: /could not read the A records of example\.test \(timed out\): its IPv4 addresses/ },
    { name: 'a name server whose AAAA failed', facts: facts({ web: web('192.0.2.10'), nameservers: list('example.test', broken(host('ns1.example.test', 'nameserver', '192.0.2.53'), 'AAAA', 'failure', 'REFUSED')) }), status: 'error', reason: /^nameserver ns1\.example\.test: could not read the AAAA records/ },
    { name: 'an invalid address outranks a failed family', facts: facts({ web: broken(web('192.0.2.200'), 'AAAA', 'failure', 'SERVFAIL') }), status: 'fail', reason: /too specific/ },
    { name: 'MOAS: one origin authorised, the other not', facts: facts({ web: web('198.51.100.200') }), status: 'fail', reason: /^web example\.test: route 198\.51\.100\.128\/25 of AS64501, AS64509 \(address 198\.51\.100\.200\) is invalid: origin AS64509 is not authorised/ },
    { name: 'NS unreadable', facts: facts({ web: web('192.0.2.10'), nameservers: { ...list('example.test'), outcome: 'failure', detail: 'SERVFAIL' } }), status: 'error', reason: /could not read the NS records of example\.test \(SERVFAIL\)/ },
    { name: 'no NS records', facts: facts({ web: web('192.0.2.10'), nameservers: { ...list('example.test'), outcome: 'nodata' } }), status: 'error', reason: /example\.test has no NS records/ },
    { name: 'a name server without addresses', facts: facts({ web: web('192.0.2.10'), nameservers: list('example.test', host('ns1.example.test', 'nameserver')) }), status: 'error', reason: /nameserver ns1\.example\.test: ns1\.example\.test has no A or AAAA record/ },
    { name: 'not gathered', facts: facts({}), status: 'error', reason: /not gathered/ },
  ])('$name → $status', ({ facts: input, status, reason }) => {
    const verdict = evaluateWebRpki(input, data);
    expect(verdict.status).toBe(status);
    expect(verdict.reason).toMatch(reason);
  });

  it('facts name every address with its role, route, origins (each judged), state and ROAs', () => {
    const verdict = evaluateWebRpki(facts({ web: web('198.51.100.200') }), data);
    const addresses = verdict.facts.addresses as RpkiAddressFact[];
    expect(addresses.map((a) => [a.address, a.role, a.state])).toEqual([
      ['198.51.100.200', 'web', 'invalid'],
      ['192.0.2.53', 'nameserver', 'valid'],
      ['2001:db8::53', 'nameserver', 'valid'],
    ]);
    expect(addresses[0]).toMatchObject({
      host: 'example.test', route: '198.51.100.128/25', origins: ['AS64501', 'AS64509'],
      byOrigin: [{ origin: 'AS64501', state: 'valid' }, { origin: 'AS64509', state: 'invalid' }],
      roas: [{ asn: 64501, prefix: '198.51.100.128/25', maxLength: 25, ta: 'ripe', problem: null }, { asn: 64502, prefix: '198.51.100.0/24', problem: expect.stringMatching(/wrong AS/) as unknown }],
    });
  });

  it('a failed family is a fact of its own beside the judged addresses', () => {
    const verdict = evaluateWebRpki(facts({ web: broken(web('192.0.2.10'), 'AAAA', 'error', 'timed out') }), data);
    const addresses = verdict.facts.addresses as RpkiAddressFact[];
    expect(addresses.slice(0, 2).map((a) => [a.address, a.state, a.reason])).toEqual([
      ['192.0.2.10', 'valid', expect.stringMatching(/is valid/) as unknown],
      [null, 'error', 'could not read the AAAA records of example.test (timed out): its IPv6 addresses cannot be judged'],
    ]);
  });
});

describe('evaluateMailRpki', () => {
  it.each([
    { name: 'every MX valid', facts: facts({ mx: mx(host('mx1.example.test', 'mx', '192.0.2.25'), host('mx2.example.test', 'mx', '2001:db8::25')) }), status: 'pass', reason: /192\.0\.2\.25 \(mx mx1\.example\.test\), 2001:db8::25 \(mx mx2\.example\.test\)/ },
    { name: 'one MX invalid', facts: facts({ mx: mx(host('mx1.example.test', 'mx', '192.0.2.25'), host('mx2.example.test', 'mx', '2001:db8:ffff::25')) }), status: 'fail', reason: /^mx mx2\.example\.test: .*AS-set \{AS64500,AS64503\}/ },
    { name: 'MX valid, name server without ROA', facts: facts({ mx: mx(host('mx1.example.test', 'mx', '192.0.2.25')), nameservers: list('example.test', host('ns1.example.test', 'nameserver', '203.0.113.153')) }), status: 'fail', reason: /^nameserver ns1\.example\.test: no ROA covers/ },
    { name: 'an MX host without addresses', facts: facts({ mx: mx(host('mx1.example.test', 'mx')) }), status: 'error', reason: /mx1\.example\.test has no A or AAAA record/ },
    { name: 'an MX host whose AAAA failed', facts: facts({ mx: mx(broken(host('mx1.example.test', 'mx', '192.0.2.25'), 'AAAA', 'failure', 'SERVFAIL')) }), status: 'error', reason: /^mx mx1\.example\.test: could not read the AAAA records of mx1\.example\.test \(SERVFAIL\)/ },
    { name: 'null MX', facts: facts({ mx: { ...mx(), nullMx: true } }), status: 'not-applicable', reason: /null MX/ },
    { name: 'no MX', facts: facts({ mx: { ...mx(), outcome: 'nodata' } }), status: 'not-applicable', reason: /has no MX records/ },
    { name: 'MX unreadable', facts: facts({ mx: { ...mx(), outcome: 'error', detail: 'timed out' } }), status: 'error', reason: /could not read the MX records of example\.test \(timed out\)/ },
    { name: 'not gathered', facts: facts({}), status: 'error', reason: /not gathered/ },
  ])('$name → $status', ({ facts: input, status, reason }) => {
    const verdict = evaluateMailRpki(input, data);
    expect(verdict.status).toBe(status);
    expect(verdict.reason).toMatch(reason);
  });
});
