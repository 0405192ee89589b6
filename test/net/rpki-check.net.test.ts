/**
 * `thorbecke check` with RPKI data on loopback: the test DNS server answers for the domains, and the ROA
 * and pfx2as files (127.0.0.0/8 prefixes only) are written to a temp dir. Only DNS is needed: the RPKI
 * checks connect to nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type TestDnsServer } from '../../src/testnet/dns-server.js';
import { runInProcess } from '../support/run-cli.js';

interface Report {
  checks: { id: string; status: string; reason: string; facts: { addresses?: { address: string; role: string; state: string }[] } }[];
}

/** VRPs expire: these stay current for a day after the test starts, the stale ones expired a day before. */
const NOW = Math.floor(Date.now() / 1000);
const EXPIRES = NOW + 86_400;
const ROAS = {
  metadata: { buildtime: new Date().toISOString() },
  roas: [
    { asn: 64500, prefix: '127.0.1.0/24', maxLength: 24, ta: 'test', expires: EXPIRES },
    { asn: 64500, prefix: '127.0.2.0/24', maxLength: 24, ta: 'test', expires: EXPIRES },
    { asn: 64500, prefix: '127.0.3.0/24', maxLength: 24, ta: 'test', expires: EXPIRES },
    { asn: 64999, prefix: '127.0.4.0/24', maxLength: 24, ta: 'test', expires: EXPIRES },
  ],
};
const ORIGINS = ['# test origins', '127.0.1.0\t24\t64500', '127.0.2.0\t24\t64500', '127.0.3.0\t24\t64500', '127.0.4.0\t24\t64501', '127.0.5.0\t24\t64502', ''].join('\n');

interface RpkiEnv {
  THORBECKE_RPKI_ROAS: string | undefined;
  THORBECKE_RPKI_ORIGINS: string | undefined;
}

function setRpkiEnv(values: RpkiEnv): void {
  if (values.THORBECKE_RPKI_ROAS === undefined) delete process.env.THORBECKE_RPKI_ROAS;
  else process.env.THORBECKE_RPKI_ROAS = values.THORBECKE_RPKI_ROAS;
  if (values.THORBECKE_RPKI_ORIGINS === undefined) delete process.env.THORBECKE_RPKI_ORIGINS;
  else process.env.THORBECKE_RPKI_ORIGINS = values.THORBECKE_RPKI_ORIGINS;
}

/** Runs `body` with the RPKI variables set as given (undefined: unset), restoring the machine's values afterwards. */
async function withRpkiEnv<T>(values: RpkiEnv, body: () => Promise<T>): Promise<T> {
  const saved: RpkiEnv = { THORBECKE_RPKI_ROAS: process.env.THORBECKE_RPKI_ROAS, THORBECKE_RPKI_ORIGINS: process.env.THORBECKE_RPKI_ORIGINS };
  setRpkiEnv(values);
  try {
    return await body();
  } finally {
    setRpkiEnv(saved);
  }
}

let dns: TestDnsServer;
let dir = '';
let roaFile = '';
let originFile = '';

beforeAll(async () => {
  const ns = [
    { name: '@', type: 'NS' as const, data: 'ns1.rpki.test' },
    { name: 'ns1', type: 'A' as const, data: '127.0.2.53' },
  ];
  dns = await startDnsServer({
    zones: {
      'rpki.test': [...ns, { name: '@', type: 'A', data: '127.0.1.1' }, { name: '@', type: 'MX', data: { preference: 10, exchange: 'mx.rpki.test' } }, { name: 'mx', type: 'A', data: '127.0.3.25' }],
      'bad.test': [
        { name: '@', type: 'NS', data: 'ns1.rpki.test' },
        { name: '@', type: 'A', data: '127.0.5.1' },
        { name: '@', type: 'MX', data: { preference: 10, exchange: 'mx.bad.test' } },
        { name: 'mx', type: 'A', data: '127.0.4.25' },
      ],
      'nomail.test': [{ name: '@', type: 'NS', data: 'ns1.rpki.test' }, { name: '@', type: 'A', data: '127.0.1.2' }, { name: '@', type: 'MX', data: { preference: 0, exchange: '.' } }],
    },
  });
  dir = mkdtempSync(join(tmpdir(), 'thorbecke-rpki-'));
  roaFile = join(dir, 'vrps.json');
  originFile = join(dir, 'pfx2as.txt');
  writeFileSync(roaFile, JSON.stringify(ROAS));
  writeFileSync(originFile, ORIGINS);
});

afterAll(async () => {
  await dns.close();
  rmSync(dir, { recursive: true, force: true });
});

const check = (domain: string, ...extra: string[]) => runInProcess('check', domain, '--json', '--resolver', `127.0.0.1:${dns.port}`, '--timeout', '2', ...extra);
const rpkiOf = (out: string) => new Map((JSON.parse(out.trim()) as Report).checks.filter((c) => c.id.endsWith('.rpki')).map((c) => [c.id, c]));

describe('thorbecke check with RPKI data', () => {
  it('judges web, name server and MX addresses: all valid → pass', async () => {
    const { out } = await check('rpki.test', '--rpki-roas', roaFile, '--rpki-origins', originFile);
    const rpki = rpkiOf(out);
    expect(rpki.get('web.rpki')).toMatchObject({ status: 'pass', reason: expect.stringMatching(/127\.0\.1\.1 \(web rpki\.test\), 127\.0\.2\.53 \(nameserver ns1\.rpki\.test\)/) as unknown });
    expect(rpki.get('mail.rpki')).toMatchObject({ status: 'pass', reason: expect.stringMatching(/127\.0\.3\.25 \(mx mx\.rpki\.test\)/) as unknown });
    expect(rpki.get('mail.rpki')?.facts.addresses?.map((a) => [a.address, a.role, a.state])).toEqual([
      ['127.0.3.25', 'mx', 'valid'],
      ['127.0.2.53', 'nameserver', 'valid'],
    ]);
  });

  it('a route without ROA and an MX with the wrong origin AS fail, with reasons', async () => {
    const { out, status } = await check('bad.test', '--rpki-roas', roaFile, '--rpki-origins', originFile);
    const rpki = rpkiOf(out);
    expect(rpki.get('web.rpki')).toMatchObject({ status: 'fail', reason: 'web bad.test: no ROA covers route 127.0.5.0/24 of AS64502 (address 127.0.5.1)' });
    expect(rpki.get('mail.rpki')?.status).toBe('fail');
    expect(rpki.get('mail.rpki')?.reason).toMatch(/mx mx\.bad\.test: route 127\.0\.4\.0\/24 of AS64501 .* is invalid: ROA 127\.0\.4\.0\/24 AS64999 maxLength 24: wrong AS/);
    expect(status).toBe(1);
  });

  it('a null MX makes mail.rpki not-applicable; data from the environment', async () => {
    const rpki = rpkiOf((await withRpkiEnv({ THORBECKE_RPKI_ROAS: roaFile, THORBECKE_RPKI_ORIGINS: originFile }, () => check('nomail.test'))).out);
    expect(rpki.get('mail.rpki')?.status).toBe('not-applicable');
    expect(rpki.get('web.rpki')?.status).toBe('pass');
  });

  it('without data both checks keep the RPKI_NO_DATA error (whatever the environment of the machine says)', async () => {
    const rpki = rpkiOf((await withRpkiEnv({ THORBECKE_RPKI_ROAS: undefined, THORBECKE_RPKI_ORIGINS: undefined }, () => check('rpki.test'))).out);
    for (const id of ['web.rpki', 'mail.rpki']) expect(rpki.get(id)).toMatchObject({ status: 'error', reason: 'no validated ROA data configured; RPKI cannot be judged' });
  });

  it('an expired VRP no longer authorises its route', async () => {
    const mixed = join(dir, 'mixed.json');
    writeFileSync(mixed, JSON.stringify({ roas: [...ROAS.roas.filter((roa) => roa.prefix !== '127.0.1.0/24'), { ...ROAS.roas[0], expires: NOW - 86_400 }] }));
    const rpki = rpkiOf((await check('rpki.test', '--rpki-roas', mixed, '--rpki-origins', originFile)).out);
    expect(rpki.get('web.rpki')).toMatchObject({ status: 'fail', reason: 'web rpki.test: no ROA covers route 127.0.1.0/24 of AS64500 (address 127.0.1.1)' });
    expect(rpki.get('mail.rpki')?.status).toBe('pass');
  });
});

describe('thorbecke check: RPKI usage errors (exit 2)', () => {
  it('one file without the other', async () => {
    const { status, err } = await withRpkiEnv({ THORBECKE_RPKI_ROAS: undefined, THORBECKE_RPKI_ORIGINS: undefined }, () => check('rpki.test', '--rpki-roas', roaFile));
    expect(status).toBe(2);
    expect(err).toMatch(/--rpki-roas and --rpki-origins go together/);
  });

  it('a missing file', async () => {
    const { status, err } = await check('rpki.test', '--rpki-roas', join(dir, 'missing.json'), '--rpki-origins', originFile);
    expect(status).toBe(2);
    expect(err).toMatch(/cannot read the ROA file .*missing\.json/);
  });

  it('a stale ROA file (every VRP expired)', async () => {
    const stale = join(dir, 'stale.json');
    writeFileSync(stale, JSON.stringify({ roas: ROAS.roas.map((roa, index) => ({ ...roa, expires: NOW - 86_400 - index })) }));
    const { status, err } = await check('rpki.test', '--rpki-roas', stale, '--rpki-origins', originFile);
    expect(status).toBe(2);
    expect(err).toContain(`stale.json: the ROA file is stale: all 4 VRPs expired, the newest at ${new Date((NOW - 86_400) * 1000).toISOString()}`);
  });

  it('a bad entry and a bad line are located', async () => {
    const badRoas = join(dir, 'bad.json');
    const badOrigins = join(dir, 'bad.txt');
    writeFileSync(badRoas, JSON.stringify({ roas: [ROAS.roas[0], { asn: 'AS64500', prefix: '127.0.1.1/24', maxLength: 24 }] }));
    writeFileSync(badOrigins, '127.0.1.0 24 64500\n127.0.1.0 24\n');
    const roas = await check('rpki.test', '--rpki-roas', badRoas, '--rpki-origins', originFile);
    expect(roas.status).toBe(2);
    expect(roas.err).toMatch(/bad\.json: roas\[1\] .*host bits set/);
    const origins = await check('rpki.test', '--rpki-roas', roaFile, '--rpki-origins', badOrigins);
    expect(origins.status).toBe(2);
    expect(origins.err).toMatch(/bad\.txt: line 2 "127\.0\.1\.0 24": expected PREFIX LENGTH ASN/);
  });
});
