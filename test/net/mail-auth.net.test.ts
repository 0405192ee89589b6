// Mail authentication (SPF, DMARC, DKIM) gathered with the real DNS client from the test network's
// authoritative server on 127.0.0.1, then evaluated. Scenarios are data: zone records and expected statuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckStatus } from '../../src/domain/check.js';
import { createDnsCache } from '../../src/checks/dns/cache.js';
import { createDnsClient } from '../../src/checks/dns/client.js';
import { evaluateDkim, evaluateDmarc, evaluateDmarcPolicy, evaluateSpf, evaluateSpfPolicy } from '../../src/checks/mail-auth/evaluate.js';
import { dnsLookups, gatherMailAuth } from '../../src/checks/mail-auth/gather.js';
import { startDnsServer, type TestDnsServer, type ZoneRecord, type Zones } from '../../src/testnet/dns-server.js';

type Expected = [spf: CheckStatus, spfPolicy: CheckStatus, dmarc: CheckStatus, dmarcPolicy: CheckStatus, dkim: CheckStatus];

interface Scenario {
  domain: string;
  records: ZoneRecord[];
  expected: Expected;
}

const TXT = (name: string, data: string): ZoneRecord => ({ name, type: 'TXT', data });
const MX: ZoneRecord = { name: '@', type: 'MX', data: { preference: 10, exchange: 'mx.example.test' } };
const DMARC_REJECT = TXT('_dmarc', 'v=DMARC1; p=reject; rua=mailto:dmarc@example.test');
const DKIM_KEY = TXT('sel1._domainkey', 'v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=');
const includes = (count: number, target: (i: number) => string) => Array.from({ length: count }, (_, i) => `include:${target(i)}`).join(' ');

const scenarios: Scenario[] = [
  {
    domain: 'good.test',
    records: [MX, TXT('@', 'v=spf1 include:_spf.good.test mx -all'), TXT('_spf', 'v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all'), DMARC_REJECT, DKIM_KEY],
    expected: ['pass', 'pass', 'pass', 'pass', 'pass'],
  },
  {
    domain: 'redirect.test',
    records: [MX, TXT('@', 'v=spf1 redirect=_spf.redirect.test'), TXT('_spf', 'v=spf1 mx ~all'), TXT('_dmarc', 'v=DMARC1; p=quarantine'), DKIM_KEY],
    expected: ['pass', 'pass', 'pass', 'pass', 'pass'],
  },
  { domain: 'neutral.test', records: [MX, TXT('@', 'v=spf1 mx ?all'), DMARC_REJECT, DKIM_KEY], expected: ['pass', 'fail', 'pass', 'pass', 'pass'] },
  {
    domain: 'loop.test',
    records: [MX, TXT('@', 'v=spf1 include:a.loop.test -all'), TXT('a', 'v=spf1 include:b.loop.test -all'), TXT('b', 'v=spf1 include:a.loop.test -all'), DMARC_REJECT, DKIM_KEY],
    expected: ['fail', 'fail', 'pass', 'pass', 'pass'],
  },
  {
    domain: 'many.test',
    records: [
      MX,
      TXT('@', `v=spf1 ${includes(6, (i) => `i${i}.many.test`)} -all`),
      ...Array.from({ length: 6 }, (_, i) => TXT(`i${i}`, 'v=spf1 a mx -all')),
      DMARC_REJECT,
      DKIM_KEY,
    ],
    expected: ['fail', 'fail', 'pass', 'pass', 'pass'],
  },
  { domain: 'twospf.test', records: [MX, TXT('@', 'v=spf1 -all'), TXT('@', 'v=spf1 mx ~all'), DMARC_REJECT, DKIM_KEY], expected: ['fail', 'fail', 'pass', 'pass', 'pass'] },
  { domain: 'pnone.test', records: [MX, TXT('@', 'v=spf1 mx -all'), TXT('_dmarc', 'v=DMARC1; p=none'), DKIM_KEY], expected: ['pass', 'pass', 'pass', 'fail', 'pass'] },
  { domain: 'nodmarc.test', records: [MX, TXT('@', 'v=spf1 mx -all'), DKIM_KEY], expected: ['pass', 'pass', 'fail', 'fail', 'pass'] },
  { domain: 'nodkim.test', records: [MX, TXT('@', 'v=spf1 mx -all'), DMARC_REJECT], expected: ['pass', 'pass', 'pass', 'pass', 'fail'] },
  {
    domain: 'nullmx.test',
    records: [{ name: '@', type: 'MX', data: { preference: 0, exchange: '.' } }, TXT('@', 'v=spf1 -all'), DMARC_REJECT],
    expected: ['pass', 'pass', 'pass', 'pass', 'not-applicable'],
  },
  { domain: 'nomail.test', records: [TXT('@', 'v=spf1 -all'), TXT('_dmarc', 'v=DMARC1; p=reject;')], expected: ['pass', 'pass', 'pass', 'pass', 'not-applicable'] },
  // SERVFAIL on the domain (TXT and MX) and a tarpit at _dmarc: error, never fail. DKIM: `_domainkey` is
  // missing, but without the MX nobody can tell whether the domain has a null MX.
  { domain: 'broken.test', records: [MX, TXT('@', 'v=spf1 -all'), DMARC_REJECT], expected: ['error', 'error', 'error', 'error', 'error'] },
];

let server: TestDnsServer;

beforeAll(async () => {
  const zones: Zones = Object.fromEntries(scenarios.map((s) => [s.domain, s.records]));
  server = await startDnsServer({ zones, modes: { 'broken.test': 'servfail', '_dmarc.broken.test': 'drop' } });
});

afterAll(async () => {
  await server.close();
});

describe('mail authentication on the test network', () => {
  it.each(scenarios.map((s) => [s.domain, s] as const))('%s', async (_domain, scenario) => {
    const client = createDnsClient({ server: { host: server.host, port: server.port }, timeoutMs: 300, retries: 0 });
    const facts = await gatherMailAuth(scenario.domain, dnsLookups(createDnsCache(client)));
    const statuses = [evaluateSpf, evaluateSpfPolicy, evaluateDmarc, evaluateDmarcPolicy, evaluateDkim].map((evaluate) => evaluate(facts).status);
    expect(statuses, JSON.stringify(facts)).toEqual(scenario.expected);
  });

  it('counts lookups over includes, detects the loop and stops at the limit', async () => {
    const lookups = dnsLookups(createDnsClient({ server: { host: server.host, port: server.port }, timeoutMs: 300, retries: 0 }));
    const good = await gatherMailAuth('good.test', lookups);
    expect(good.spfLookups).toMatchObject({ count: 2, exceeded: false });
    expect(good.domainkey).toMatchObject({ outcome: 'nodata' });
    const loop = await gatherMailAuth('loop.test', lookups);
    expect(loop.spfLookups.loops).toEqual(['a.loop.test']);
    const before = server.queries.length;
    const many = await gatherMailAuth('many.test', lookups);
    expect(many.spfLookups).toMatchObject({ count: 11, exceeded: true });
    expect(server.queries.length - before).toBeLessThanOrEqual(4 + 10);
    const broken = await gatherMailAuth('broken.test', lookups);
    expect(broken.errors).toEqual(['broken.test TXT: SERVFAIL', expect.stringContaining('_dmarc.broken.test TXT: no answer') as unknown, 'broken.test MX: SERVFAIL']);
    expect(evaluateDmarc(broken).reason).toMatch(/^could not read the DMARC record at _dmarc\.broken\.test \(no answer/);
  });
});
