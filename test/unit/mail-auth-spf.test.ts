import { describe, expect, it } from 'vitest';
import type { TxtAnswer } from '../../src/checks/mail-auth/facts.js';
import { parseSpf, selectSpfRecords, spfLookupTerms } from '../../src/checks/mail-auth/spf.js';
import { walkSpf } from '../../src/checks/mail-auth/spf-walk.js';

describe('selectSpfRecords', () => {
  it.each([
    [['v=spf1 -all'], 1],
    [['V=SPF1 ~all', 'google-site-verification=x'], 1],
    [['v=spf10 -all', 'v=spf1-all', 'spf1 -all'], 0],
    [['v=spf1 -all', 'v=spf1 ~all'], 2],
    [['v=spf1'], 1],
  ])('%j has %i SPF records', (texts, count) => {
    expect(selectSpfRecords(texts)).toHaveLength(count);
  });
});

describe('parseSpf', () => {
  it.each([
    ['v=spf1 -all', { all: '-', errors: [] }],
    ['v=spf1 ~all', { all: '~', errors: [] }],
    ['v=spf1 ?all', { all: '?', errors: [] }],
    ['v=spf1 +all', { all: '+', errors: [] }],
    ['v=spf1 all', { all: '+', errors: [] }],
    ['v=spf1 include:_spf.example.nl mx a -all', { all: '-', errors: [], mechanisms: [{ name: 'include', value: '_spf.example.nl' }, { name: 'mx' }, { name: 'a' }, { name: 'all' }] }],
    ['v=spf1  ip4:192.0.2.0/24   ip6:2001:db8::/32 -all', { errors: [], mechanisms: [{ name: 'ip4', value: '192.0.2.0', cidr4: 24 }, { name: 'ip6', value: '2001:db8::', cidr6: 32 }, { name: 'all' }] }],
    ['v=spf1 a:mail.example.nl/28//64 mx/24 -all', { errors: [], mechanisms: [{ name: 'a', value: 'mail.example.nl', cidr4: 28, cidr6: 64 }, { name: 'mx', cidr4: 24 }, { name: 'all' }] }],
    ['v=spf1 redirect=_spf.example.nl', { redirect: '_spf.example.nl', errors: [], mechanisms: [] }],
    ['v=spf1 mx exp=explain.example.nl -all', { exp: 'explain.example.nl', errors: [] }],
    ['v=spf1 exists:%{i}._spf.example.nl -all', { errors: [], mechanisms: [{ name: 'exists', value: '%{i}._spf.example.nl' }, { name: 'all' }] }],
    ['v=spf1 ptr ptr:example.nl -all', { errors: [], mechanisms: [{ name: 'ptr' }, { name: 'ptr', value: 'example.nl' }, { name: 'all' }] }],
    ['v=spf1 foo=bar -all', { errors: [], unknownModifiers: ['foo=bar'] }],
    ['v=spf1 ip4:192.0.2.300 -all', { errors: ['"ip4:192.0.2.300": invalid IPv4 address'] }],
    ['v=spf1 ip4:192.0.2.0/33 -all', { errors: ['"ip4:192.0.2.0/33": invalid prefix length'] }],
    ['v=spf1 ip6:2001:db8::/129 -all', { errors: ['"ip6:2001:db8::/129": invalid prefix length'] }],
    ['v=spf1 ip6:192.0.2.1 -all', { errors: ['"ip6:192.0.2.1": invalid IPv6 address'] }],
    ['v=spf1 include -all', { errors: ['"include": include needs a valid domain'] }],
    ['v=spf1 include:nodot -all', { errors: ['"include:nodot": include needs a valid domain'] }],
    ['v=spf1 frobnicate -all', { errors: ['unknown mechanism "frobnicate"'] }],
    ['v=spf1 -all:example.nl', { errors: ['"-all:example.nl": all takes no argument'] }],
    ['v=spf1 redirect=a.example.nl redirect=b.example.nl', { errors: ['redirect= appears more than once'] }],
    ['v=spf1 mx/64 -all', { errors: ['"mx/64": invalid prefix length'] }],
    ['spf1 -all', { errors: ['the record does not start with v=spf1'] }],
  ])('%s', (record, expected) => {
    expect(parseSpf(record)).toMatchObject(expected);
  });

  it('counts lookup terms and follows redirect only without all', () => {
    expect(spfLookupTerms(parseSpf('v=spf1 include:a.example.nl a mx ptr exists:x.example.nl ip4:192.0.2.1 redirect=r.example.nl'))).toEqual({
      lookups: 6,
      includes: ['a.example.nl'],
      redirect: 'r.example.nl',
    });
    expect(spfLookupTerms(parseSpf('v=spf1 a redirect=r.example.nl -all'))).toEqual({ lookups: 1, includes: [] });
  });
});

/** A TXT lookup from a table of names: absent names are NXDOMAIN, `error` values a timeout. */
function fakeTxt(table: Record<string, string[] | 'error'>) {
  const asked: string[] = [];
  const lookup = (name: string): Promise<TxtAnswer> => {
    asked.push(name);
    const texts = table[name];
    if (texts === 'error') return Promise.resolve({ name, outcome: 'error', detail: 'timeout', texts: [] });
    return Promise.resolve(texts === undefined ? { name, outcome: 'nxdomain', detail: 'NXDOMAIN', texts: [] } : { name, outcome: 'records', detail: 'NOERROR', texts });
  };
  return { asked, lookup };
}

describe('walkSpf', () => {
  it('counts lookups through includes and records the redirect chain', async () => {
    const { lookup } = fakeTxt({ 'inc.example.nl': ['v=spf1 a mx ~all'], 'r.example.nl': ['v=spf1 redirect=r2.example.nl'], 'r2.example.nl': ['v=spf1 -all'] });
    const facts = await walkSpf('example.nl', 'v=spf1 include:inc.example.nl redirect=r.example.nl', lookup);
    expect(facts).toMatchObject({ count: 5, exceeded: false, loops: [], unresolved: [] });
    expect(facts.redirects).toEqual([{ name: 'r.example.nl', record: 'v=spf1 redirect=r2.example.nl' }, { name: 'r2.example.nl', record: 'v=spf1 -all' }]);
  });

  it('detects include loops without following them again', async () => {
    const { lookup, asked } = fakeTxt({ 'a.example.nl': ['v=spf1 include:b.example.nl -all'], 'b.example.nl': ['v=spf1 include:a.example.nl -all'] });
    const facts = await walkSpf('example.nl', 'v=spf1 include:a.example.nl -all', lookup);
    expect(facts.loops).toEqual(['a.example.nl']);
    expect(asked).toEqual(['a.example.nl', 'b.example.nl']);
  });

  it('stops fetching once more than 10 lookups are counted', async () => {
    const table = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`i${i}.example.nl`, ['v=spf1 a mx -all']]));
    const { lookup, asked } = fakeTxt(table);
    const record = `v=spf1 ${Object.keys(table).map((n) => `include:${n}`).join(' ')} -all`;
    const facts = await walkSpf('example.nl', record, lookup);
    expect(facts).toMatchObject({ exceeded: true, count: 11 });
    expect(asked.length).toBeLessThanOrEqual(10);
  });

  it('records targets without one SPF record, DNS failures and macros', async () => {
    const { lookup } = fakeTxt({ 'two.example.nl': ['v=spf1 -all', 'v=spf1 ~all'], 'slow.example.nl': 'error' });
    const facts = await walkSpf('example.nl', 'v=spf1 include:none.example.nl include:two.example.nl include:slow.example.nl exists:%{i}.example.nl -all', lookup);
    expect(facts.unresolved).toMatchObject([
      { name: 'none.example.nl', via: 'include', outcome: 'nxdomain', records: 0 },
      { name: 'two.example.nl', records: 2 },
      { name: 'slow.example.nl', outcome: 'error' },
    ]);
    expect(facts.count).toBe(4);
    const macro = await walkSpf('example.nl', 'v=spf1 include:%{d}.example.nl -all', lookup);
    expect(macro.macros).toEqual(['%{d}.example.nl']);
  });
});
