import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { rpkiData } from '../../src/checks/rpki/data.js';
import { parseOrigins, type Origin } from '../../src/checks/rpki/origins.js';
import { PrefixIndex } from '../../src/checks/rpki/prefix-index.js';
import { MAX_PREFIX_LENGTH, networkOf, parseAddress, parsePrefix, type IpAddress } from '../../src/checks/rpki/prefix.js';
import { parseRoas, type Roa } from '../../src/checks/rpki/roas.js';
import { validateAddress, validateOrigin } from '../../src/checks/rpki/validate.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/rpki', name), 'utf8');
const routes = parseOrigins(fixture('pfx2as.txt'), 'pfx2as.txt');
const data = rpkiData(parseRoas(fixture('rpki-client.json'), 'rpki-client.json'), routes);
const routinator = rpkiData(parseRoas(fixture('routinator.json'), 'routinator.json'), routes);

describe('validateOrigin (RFC 6811, one route)', () => {
  const roa = (asn: number, prefix: string, maxLength: number): Roa => ({ asn, prefix: parsePrefix(prefix), maxLength });
  const route = parsePrefix('192.0.2.0/24');
  const as = (...asns: number[]): Origin[] => asns.map((asn) => ({ asn }));
  it.each([
    { name: 'no covering ROA', origins: as(64500), roas: [], state: 'not-found', problems: [] },
    { name: 'matching AS, exact length', origins: as(64500), roas: [roa(64500, '192.0.2.0/24', 24)], state: 'valid', problems: [null] },
    { name: 'matching AS, shorter ROA prefix, maxLength admits', origins: as(64500), roas: [roa(64500, '192.0.0.0/16', 24)], state: 'valid', problems: [null] },
    { name: 'matching AS, too specific for maxLength', origins: as(64500), roas: [roa(64500, '192.0.0.0/16', 23)], state: 'invalid', problems: [/too specific: the route is \/24, the ROA allows up to \/23/] },
    { name: 'wrong AS', origins: as(64500), roas: [roa(64501, '192.0.2.0/24', 24)], state: 'invalid', problems: [/wrong AS \(the route is originated by AS64500\)/] },
    { name: 'wrong AS and too specific', origins: as(64500), roas: [roa(64501, '192.0.0.0/16', 16)], state: 'invalid', problems: [/wrong AS .* and too specific/] },
    { name: 'one of two ROAs matches', origins: as(64500), roas: [roa(64501, '192.0.2.0/24', 24), roa(64500, '192.0.0.0/16', 24)], state: 'valid', problems: [/wrong AS/, null] },
    { name: 'AS0 never makes valid', origins: as(0), roas: [roa(0, '192.0.2.0/24', 32)], state: 'invalid', problems: [/AS0/] },
    { name: 'AS0 beside a valid ROA', origins: as(64500), roas: [roa(0, '192.0.0.0/16', 32), roa(64500, '192.0.2.0/24', 24)], state: 'valid', problems: [/AS0/, null] },
    { name: 'multi-origin: a hijacker beside the authorised origin', origins: as(64509, 64500), roas: [roa(64500, '192.0.2.0/24', 24)], state: 'invalid', problems: [null] },
    { name: 'multi-origin: every origin authorised', origins: as(64509, 64500), roas: [roa(64500, '192.0.2.0/24', 24), roa(64509, '192.0.0.0/16', 24)], state: 'valid', problems: [null, null] },
    { name: 'multi-origin: one authorised, one too specific', origins: as(64500, 64509), roas: [roa(64500, '192.0.2.0/24', 24), roa(64509, '192.0.0.0/16', 23)], state: 'invalid', problems: [null, /too specific/] },
    { name: 'multi-origin: an AS set beside an authorised AS', origins: [{ asn: 64500 }, { asSet: [64500, 64501] }], roas: [roa(64500, '192.0.2.0/24', 24)], state: 'invalid', problems: [null] },
    { name: 'multi-origin: no ROA', origins: as(64509, 64500), roas: [], state: 'not-found', problems: [] },
    { name: 'AS set origin is NONE', origins: [{ asSet: [64500, 64501] }], roas: [roa(64500, '192.0.2.0/24', 24)], state: 'invalid', problems: [/originated by AS-set \{AS64500,AS64501\}/] },
  ])('$name → $state', ({ origins, roas, state, problems }) => {
    const result = validateOrigin(route, origins, roas);
    expect(result.state).toBe(state);
    expect(result.roas).toHaveLength(problems.length);
    result.roas.forEach((fact, index) => {
      const expected = problems[index];
      if (expected === null) expect(fact.problem).toBeNull();
      else expect(fact.problem).toMatch(expected as RegExp);
    });
  });

  it('judges each (prefix, origin) pair on its own', () => {
    const result = validateOrigin(route, as(64500, 64509, 64510), [roa(64500, '192.0.2.0/24', 24), roa(64510, '192.0.2.0/24', 24)]);
    expect(result.byOrigin.map(({ origin, state }) => [origin, state])).toEqual([
      ['AS64500', 'valid'],
      ['AS64509', 'invalid'],
      ['AS64510', 'valid'],
    ]);
    expect(result.byOrigin[1]?.roas.map((fact) => fact.problem)).toEqual([
      'wrong AS (the route is originated by AS64509)',
      'wrong AS (the route is originated by AS64509)',
    ]);
  });
});

describe('validateAddress over the fixtures (longest match, IPv4 and IPv6)', () => {
  it.each([
    { address: '192.0.2.1', route: '192.0.2.0/24', origins: ['AS64500'], state: 'valid', reason: /route 192\.0\.2\.0\/24 of AS64500 \(address 192\.0\.2\.1\) is valid \(ROA 192\.0\.2\.0\/24 AS64500 maxLength 24\)/ },
    { address: '192.0.2.200', route: '192.0.2.128/25', origins: ['AS64500'], state: 'invalid', reason: /is invalid: ROA 192\.0\.2\.0\/24 AS64500 maxLength 24: too specific: the route is \/25/ },
    { address: '198.51.100.7', route: '198.51.100.0/25', origins: ['AS64502'], state: 'invalid', reason: /too specific/ },
    {
      address: '198.51.100.200', route: '198.51.100.128/25', origins: ['AS64501', 'AS64509'], state: 'invalid',
      reason: /^route 198\.51\.100\.128\/25 of AS64501, AS64509 \(address 198\.51\.100\.200\) is invalid: origin AS64509 is not authorised \(ROA 198\.51\.100\.128\/25 AS64501 maxLength 25: wrong AS \(the route is originated by AS64509\); ROA 198\.51\.100\.0\/24 AS64502 maxLength 24: wrong AS .*\)$/,
    },
    { address: '::ffff:192.0.2.1', route: '192.0.2.0/24', origins: ['AS64500'], state: 'valid', reason: /\(address ::ffff:192\.0\.2\.1\) is valid/ },
    { address: '::ffff:c000:2c8', route: '192.0.2.128/25', origins: ['AS64500'], state: 'invalid', reason: /too specific/ },
    { address: '203.0.113.9', route: '203.0.113.0/25', origins: ['AS64504'], state: 'invalid', reason: /ROA 203\.0\.113\.0\/25 AS0 maxLength 32: AS0: the prefix must not be routed/ },
    { address: '203.0.113.200', route: '203.0.113.128/25', origins: ['AS64505'], state: 'not-found', reason: /^no ROA covers route 203\.0\.113\.128\/25 of AS64505 \(address 203\.0\.113\.200\)$/ },
    { address: '2001:db8::53', route: '2001:db8::/32', origins: ['AS64500'], state: 'valid', reason: /valid/ },
    { address: '2001:db8:1::1', route: '2001:db8:1::/48', origins: ['AS64500'], state: 'valid', reason: /maxLength 48/ },
    { address: '2001:db8:ffff::1', route: '2001:db8:ffff::/48', origins: ['AS-set {AS64500,AS64503}'], state: 'invalid', reason: /AS64503 maxLength 48: wrong AS.*; ROA 2001:db8::\/32 AS64500 maxLength 48: wrong AS/ },
    { address: '2001:db8:100::1', route: '2001:db8:100::/40', origins: ['AS64501'], state: 'invalid', reason: /wrong AS \(the route is originated by AS64501\)/ },
    { address: '198.18.0.1', route: null, origins: [], state: 'error', reason: /^no route for 198\.18\.0\.1 in the origin table, cannot judge$/ },
    { address: '2001:db9::1', route: null, origins: [], state: 'error', reason: /no route for 2001:db9::1/ },
    { address: 'bogus', route: null, origins: [], state: 'error', reason: /"bogus" is not an IP address/ },
  ])('$address → $state', ({ address, route, origins, state, reason }) => {
    const result = validateAddress(data, address);
    expect(result).toMatchObject({ address, route, origins, state });
    expect(result.reason).toMatch(reason);
  });

  it('Routinator data makes the /40 valid', () => {
    expect(validateAddress(routinator, '2001:db8:100::1').state).toBe('valid');
    expect(validateAddress(routinator, '203.0.113.9').state).toBe('not-found');
  });

  it('a MOAS route is valid when every origin is authorised', () => {
    const moas = rpkiData(parseRoas('{"roas":[{"asn":64501,"prefix":"198.51.100.128/25"},{"asn":64509,"prefix":"198.51.100.0/24","maxLength":25}]}', 'f'), routes);
    expect(validateAddress(moas, '198.51.100.200')).toMatchObject({ state: 'valid', byOrigin: [{ origin: 'AS64501', state: 'valid' }, { origin: 'AS64509', state: 'valid' }] });
  });

  it('merges origin lines of the same prefix', () => {
    const merged = rpkiData([], parseOrigins('192.0.2.0 24 64500\n192.0.2.0 24 64501_64500\n', 'f'));
    expect(merged.route(parseAddress('192.0.2.9'))?.origins).toEqual([{ asn: 64500 }, { asn: 64501 }]);
    expect(merged.routeCount).toBe(1);
  });
});

describe('PrefixIndex', () => {
  it('finds the longest match and the covering prefixes, longest first, per family', () => {
    const index = new PrefixIndex<string>();
    for (const prefix of ['0.0.0.0/0', '192.0.0.0/16', '192.0.2.0/24', '192.0.2.0/25', '::/0', '2001:db8::/32']) index.add(parsePrefix(prefix), prefix);
    expect(index.longest(parseAddress('192.0.2.1'))?.prefix.text).toBe('192.0.2.0/25');
    expect(index.longest(parseAddress('192.0.2.129'))?.prefix.text).toBe('192.0.2.0/24');
    expect(index.longest(parseAddress('198.51.100.1'))?.prefix.text).toBe('0.0.0.0/0');
    expect(index.longest(parseAddress('2001:db8::1'))?.prefix.text).toBe('2001:db8::/32');
    expect(index.covering(parsePrefix('192.0.2.0/24')).map((entry) => entry.prefix.text)).toEqual(['192.0.2.0/24', '192.0.0.0/16', '0.0.0.0/0']);
    expect(new PrefixIndex<string>().longest(parseAddress('192.0.2.1'))).toBeUndefined();
  });

  it('longest match over a few hundred ROAs at every IPv4 length and many IPv6 lengths (speed: bench/check.ts)', () => {
    // A chain of nested routes and ROAs, one per length, each route originated (and authorised) for its
    // own AS, plus unrelated ROAs at every length. The address with only bit L set below the base lies in
    // the /L but in no longer prefix of the chain: its route must be the /L, covered by the ROAs at /L and shorter.
    const chains = [
      { base: parseAddress('10.0.0.0'), lengths: Array.from({ length: 25 }, (_, i) => 8 + i) },
      { base: parseAddress('2001:db8::'), lengths: Array.from({ length: 25 }, (_, i) => 32 + 4 * i) },
    ];
    const roas: Roa[] = [];
    const routeLines: string[] = ['192.0.2.0 24 64999'];
    for (const { base, lengths } of chains) {
      for (const length of lengths) {
        const prefix = `${base.toString()}/${length}`;
        roas.push({ asn: 64500 + length, prefix: parsePrefix(prefix), maxLength: length });
        routeLines.push(`${base.toString()} ${length} ${64500 + length}`);
      }
    }
    for (let length = 8; length <= 32; length++) {
      for (let k = 0; k < 8; k++) roas.push({ asn: 65000 + k, prefix: parsePrefix(`${networkOf(parseAddress(`${11 + k}.${length}.${length}.${length}`), length).toString()}/${length}`), maxLength: 32 });
    }
    expect(roas.length).toBe(250);
    const big = rpkiData(roas, parseOrigins(routeLines.join('\n'), 'f'));
    const withBit = (base: IpAddress, bit: number): string => {
      const bytes = base.toByteArray();
      bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) | (0x80 >> (bit & 7));
      return ipaddr.fromByteArray(bytes).toString();
    };
    for (const { base, lengths } of chains) {
      for (const length of lengths) {
        const address = length === MAX_PREFIX_LENGTH[base.kind()] ? base.toString() : withBit(base, length);
        const result = validateAddress(big, address);
        expect(result, address).toMatchObject({ route: `${base.toString()}/${length}`, origins: [`AS${64500 + length}`], state: 'valid' });
        expect(result.roas.map((roa) => roa.maxLength), address).toEqual(lengths.filter((l) => l <= length).reverse());
        expect(result.roas.filter((roa) => roa.problem === null).map((roa) => roa.asn), address).toEqual([64500 + length]);
      }
    }
    expect(validateAddress(big, '11.9.9.1')).toMatchObject({ state: 'error', route: null });
    expect(validateAddress(big, '192.0.2.1')).toMatchObject({ route: '192.0.2.0/24', state: 'not-found' });
  });
});
