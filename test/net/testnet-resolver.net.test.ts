// The sealed test network's DNSSEC: zones signed by ldns-signzone, validated by unbound on 127.0.0.1 only.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDnsClient, parseResolver, type DnsClient } from '../../src/checks/dns/client.js';
import { gatherDnssec } from '../../src/checks/dnssec/gather.js';
import { evaluateDnssecName } from '../../src/checks/dnssec/evaluate.js';
import { startDnsServer, type TestDnsServer } from '../../src/testnet/dns-server.js';
import { missingResolverTools, startResolver, type TestResolver } from '../../src/testnet/resolver.js';
import { prepareZones, type PreparedZone } from '../../src/testnet/zone-signing.js';
import { zoneFileText } from '../../src/testnet/master-file.js';

const missing = missingResolverTools();
if (missing.length > 0 && process.env.CI === 'true') {
  throw new Error(`missing ${missing.join(', ')}: .ci/run should have installed the Debian packages unbound ldnsutils`);
}
const describeTools = missing.length === 0 ? describe : describe.skip;
const title = missing.length === 0 ? 'test resolver (unbound) with signed zones' : `test resolver: skipped, ${missing.join(', ')} not installed (apt-get install unbound ldnsutils)`;

const zone = (signing: string) => ['ns IN A 127.0.0.53', 'www 300 IN A 127.0.0.10', 'mx IN A 127.0.0.25', '_25._tcp.mx 300 IN TLSA 3 1 1 c0ffee0123'].join('\n') + `\n@ IN TXT "${signing}"`;

describeTools(title, () => {
  let dir: string | undefined;
  let prepared: PreparedZone[];
  let resolver: TestResolver | undefined;
  let hostile: TestDnsServer | undefined;
  let dns: DnsClient;

  beforeAll(async () => {
    const folder = await mkdtemp(join(tmpdir(), 'thorbecke-resolver-'));
    dir = folder;
    const stubServer = await startDnsServer({ zones: { 'hostile.test': [{ name: 'www', type: 'A', data: '127.0.0.99' }] }, modes: { 'broken.hostile.test': 'servfail' } });
    hostile = stubServer;
    prepared = await prepareZones(folder, [
      { apex: 'good.test', text: zone('signed'), signing: 'signed' },
      { apex: 'expired.test', text: zone('bogus-expired'), signing: 'bogus-expired' },
      { apex: 'untrusted.test', text: zone('signed-untrusted'), signing: 'signed-untrusted' },
      { apex: 'plain.test', text: zone('unsigned'), signing: 'unsigned' },
    ]);
    const started = await startResolver({ dir: folder, zones: prepared, stubs: [{ apex: 'hostile.test', host: stubServer.host, port: stubServer.port }] });
    resolver = started;
    dns = createDnsClient({ server: parseResolver(started.address), timeoutMs: 3000, retries: 0 });
  });

  // Each resource on its own, whatever beforeAll got to: a failed start shows its own error, not one from here.
  afterAll(async () => {
    await Promise.allSettled([resolver?.close(), hostile?.close()]);
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('prepares signed zones with a DS for the trust anchor, files under the folder', () => {
    expect(prepared.map((z) => [z.apex, z.signing, z.ds !== undefined])).toEqual([
      ['good.test', 'signed', true],
      ['expired.test', 'bogus-expired', true],
      ['untrusted.test', 'signed-untrusted', false],
      ['plain.test', 'unsigned', false],
    ]);
    expect(prepared[0]?.ds).toMatch(/^good\.test\. .*DS \d+ 13 2 [0-9a-f]{64}$/);
    for (const z of prepared) expect(z.file.startsWith(dir ?? '?')).toBe(true);
    expect(resolver?.address).toBe(`127.0.0.1:${resolver?.port ?? 0}`);
  });

  it('passes a signed zone: validated, AD set', async () => {
    const verdict = evaluateDnssecName(await gatherDnssec(dns, 'good.test'));
    expect(verdict).toMatchObject({ status: 'pass' });
    expect(verdict.reason).toContain('AD');
    expect(evaluateDnssecName(await gatherDnssec(dns, 'www.good.test', 'A')).status).toBe('pass');
  });

  it('fails a zone with expired signatures as bogus (SERVFAIL, answers with CD)', async () => {
    const facts = await gatherDnssec(dns, 'expired.test');
    expect(facts).toMatchObject({ answer: { rcode: 'SERVFAIL' }, unchecked: { rcode: 'NOERROR', rrsig: true } });
    const verdict = evaluateDnssecName(facts);
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toContain('bogus');
  });

  it('fails a signed zone without a trust anchor: signatures, no AD', async () => {
    const facts = await gatherDnssec(dns, 'untrusted.test');
    expect(facts.answer).toMatchObject({ rcode: 'NOERROR', ad: false, rrsig: true });
    const verdict = evaluateDnssecName(facts);
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toContain('did not validate');
  });

  it('fails an unsigned zone as not signed', async () => {
    const verdict = evaluateDnssecName(await gatherDnssec(dns, 'plain.test'));
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toContain('not signed');
  });

  it('authenticates denial in a signed zone: NXDOMAIN and NODATA with AD', async () => {
    expect(await dns.query('nothing.good.test', 'A')).toMatchObject({ rcode: 'NXDOMAIN', ad: true, answers: [] });
    expect(await dns.query('www.good.test', 'AAAA')).toMatchObject({ rcode: 'NOERROR', ad: true, answers: [] });
    expect(evaluateDnssecName(await gatherDnssec(dns, 'nothing.good.test', 'A')).status).toBe('pass');
  });

  it('returns a TLSA record from a signed zone with AD', async () => {
    const response = await dns.query('_25._tcp.mx.good.test', 'TLSA');
    expect(response).toMatchObject({ rcode: 'NOERROR', ad: true });
    expect(response.answers.find((record) => record.type === 'TLSA')).toMatchObject({ data: { usage: 3, selector: 1, matchingType: 1 } });
  });

  it('answers a stub zone from a Node test DNS server through unbound (no AD)', async () => {
    const response = await dns.query('www.hostile.test', 'A');
    expect(response).toMatchObject({ rcode: 'NOERROR', ad: false, answers: [{ type: 'A', data: '127.0.0.99' }] });
    expect(hostile?.queries).toContainEqual(expect.objectContaining({ name: 'www.hostile.test', type: 'A' }));
    expect((await dns.query('broken.hostile.test', 'A')).rcode).toBe('SERVFAIL');
  });

  // From its own root zone: an answer at all (within the client's single 3 s try, no retries) means it did not
  // wait for servers it cannot reach; NXDOMAIN means it did not reach the real root either.
  it('answers names outside every zone itself, NXDOMAIN without the Internet', async () => {
    for (const name of ['example.com', 'elsewhere.test', 'nl']) {
      const response = await dns.query(name, 'A');
      expect(response.rcode).toBe('NXDOMAIN');
      expect(response.ad).toBe(false);
    }
  });
});

describeTools(`${title}: lifecycle and input`, () => {
  it('close() ends the unbound process', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'thorbecke-resolver-'));
    try {
      const zones = await prepareZones(dir, [{ apex: 'one.test', text: 'www IN A 127.0.0.10', signing: 'signed' }]);
      const resolver = await startResolver({ dir, zones, host: '127.0.0.1' });
      const pid = resolver.pid;
      expect(pid).toBeTypeOf('number');
      expect(() => process.kill(pid ?? 0, 0)).not.toThrow();
      await resolver.close();
      await resolver.close(); // twice is fine
      expect(() => process.kill(pid ?? 0, 0)).toThrow();
      const dns = createDnsClient({ server: parseResolver(resolver.address), timeoutMs: 300, retries: 0 });
      await expect(dns.query('one.test', 'SOA')).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses addresses outside 127.0.0.0/8 and names the zone when ldns fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'thorbecke-resolver-'));
    try {
      await expect(startResolver({ dir, zones: [], host: '0.0.0.0' })).rejects.toThrow(/127\.0\.0\.0\/8/);
      await expect(startResolver({ dir, zones: [], signal: AbortSignal.abort() })).rejects.toThrow(/abort/i);
      await expect(startResolver({ dir, zones: [], stubs: [{ apex: 'x.test', host: '192.0.2.1', port: 53 }] })).rejects.toThrow(/127\.0\.0\.0\/8/);
      await expect(prepareZones(dir, [{ apex: 'broken.test', text: 'www IN A not-an-address', signing: 'signed' }])).rejects.toThrow(/broken\.test.*ldns-signzone/);
      await expect(prepareZones(dir, [{ apex: '../escape', text: '', signing: 'unsigned' }])).rejects.toThrow(/not a domain name/);
      await expect(prepareZones(dir, [{ apex: 'inc.test', text: '$INCLUDE /etc/passwd', signing: 'unsigned' }])).rejects.toThrow(/\$INCLUDE/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('zone file text', () => {
  it('adds $ORIGIN, $TTL, an SOA and an NS only when the text has none', () => {
    const added = zoneFileText('a.test', 'www IN A 127.0.0.10');
    expect(added).toContain('$ORIGIN a.test.');
    expect(added).toContain('@ IN SOA ns.a.test. hostmaster.a.test.');
    expect(added).toContain('@ IN NS ns.a.test.');
    const own = zoneFileText('a.test', 'a.test. 60 IN SOA ns1 host (\n 2 ; serial\n 3600 600 86400 60 )\n     IN NS ns1\nns1 IN A 127.0.0.1');
    expect(own).not.toContain('hostmaster.a.test.');
    expect(own).not.toContain('@ IN NS');
    // An NS below the apex is a delegation, not the apex's NS.
    expect(zoneFileText('a.test', 'sub IN NS ns.sub')).toContain('@ IN NS ns.a.test.');
  });
});
