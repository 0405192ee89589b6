// mail.dane reuses the STARTTLS handshake: end to end on 127.0.0.0/8 through `mailServerChecks`, the test
// DNS server serves MX, A and TLSA, and the test SMTP servers count the connections they accept. The test
// DNS server does not sign, so a DnsClient wrapper marks TLSA answers as authenticated (AD).
import { createHash, X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { AddressPolicy, CheckResult } from '../../src/domain/check.js';
import { evaluateDane } from '../../src/checks/dane/evaluate.js';
import { gatherDane } from '../../src/checks/dane/gather.js';
import { createDnsClient, type DnsClient } from '../../src/checks/dns/client.js';
import { gatherStarttls } from '../../src/checks/smtp/gather.js';
import { mailServerChecks } from '../../src/scan/mail-checks.js';
import { createTestCa } from '../../src/testnet/ca.js';
import { startDnsServer, type ZoneRecord } from '../../src/testnet/dns-server.js';
import { startSmtpServer, type TestSmtpServer, type TestSmtpServerOptions } from '../../src/testnet/smtp-server.js';

const loopbackOnly: AddressPolicy = (a) => (a.startsWith('127.') ? { allowed: true } : { allowed: false, reason: `${a} is outside 127.0.0.0/8` });
const ca = await createTestCa();
const issued = await ca.issue({ names: ['mx.dane-ok.test', 'mx.dane-bad.test', 'mx.dane-two.test', 'mx.dane-down.test'] });
const leafDer = new X509Certificate(issued.certPem).raw;
const spkiSha256 = createHash('sha256').update(new X509Certificate(issued.certPem).publicKey.export({ type: 'spki', format: 'der' })).digest();

const servers: TestSmtpServer[] = [];
async function smtp(options: TestSmtpServerOptions): Promise<TestSmtpServer> {
  const server = await startSmtpServer(options);
  servers.push(server);
  return server;
}

/** Two test SMTP servers on 127.0.0.2 and 127.0.0.3 with the same port (the checks use one port for all). */
async function pair(options: Omit<TestSmtpServerOptions, 'host' | 'port'>): Promise<[TestSmtpServer, TestSmtpServer]> {
  for (let attempt = 0; ; attempt++) {
    const first = await smtp({ ...options, host: '127.0.0.2' });
    try {
      return [first, await smtp({ ...options, host: '127.0.0.3', port: first.port })];
    } catch (error) {
      if (attempt >= 5) throw error; // the port is taken on 127.0.0.3: try another
    }
  }
}

const tlsa = (certificate: Buffer): ZoneRecord => ({ name: '_25._tcp.mx', type: 'TLSA', data: { usage: 3, selector: 1, matchingType: 1, certificate } });
const mxZone = (domain: string, addresses: string[], extra: ZoneRecord[]): ZoneRecord[] => [
  { name: '@', type: 'MX', data: { preference: 10, exchange: `mx.${domain}` } },
  ...addresses.map((a): ZoneRecord => ({ name: 'mx', type: 'A', data: a })),
  ...extra,
];

const dnsServer = await startDnsServer({
  zones: {
    'dane-ok.test': mxZone('dane-ok.test', ['127.0.0.1'], [tlsa(spkiSha256)]),
    'dane-bad.test': mxZone('dane-bad.test', ['127.0.0.1'], [tlsa(Buffer.alloc(32, 7))]),
    'dane-two.test': mxZone('dane-two.test', ['127.0.0.2', '127.0.0.3'], [tlsa(spkiSha256)]),
    'dane-down.test': mxZone('dane-down.test', ['127.0.0.1'], [tlsa(spkiSha256)]),
  },
});
const plainDns = createDnsClient({ server: { host: '127.0.0.1', port: dnsServer.port }, timeoutMs: 1000, retries: 0 });
/** As a validating resolver would answer for a signed zone: TLSA answers carry AD. */
const dns: DnsClient = {
  async query(name, type, options) {
    const response = await plainDns.query(name, type, options);
    return type === 'TLSA' ? { ...response, ad: true } : response;
  },
};
const common = { policy: loopbackOnly, extraCaPems: [ca.caPem], timeoutMs: 2000, ehloName: 'scanner.thorbecke.test' };
const never = new Promise<never>(() => undefined);

afterAll(async () => {
  await Promise.all([...servers.splice(0).map((s) => s.close()), dnsServer.close()]);
});

const byId = (results: CheckResult[]): Map<string, CheckResult> => new Map(results.map((r) => [r.id, r]));

describe('mail.dane reuses the STARTTLS handshake', () => {
  it('opens no SMTP session of its own: per MX address, one EHLO session plus the TLS handshakes STARTTLS counted', async () => {
    const [a, b] = await pair({ starttls: true, cert: issued });
    const results = byId(await mailServerChecks(dns, 'dane-two.test', { ...common, port: a.port }, never));
    expect(results.get('mail.dane')).toMatchObject({ status: 'pass' });
    expect(results.get('mail.starttls')).toMatchObject({ status: 'pass' });
    // The STARTTLS gather alone, on fresh servers, makes exactly as many connections per address.
    const [c, d] = await pair({ starttls: true, cert: issued });
    const starttls = await gatherStarttls(dns, 'dane-two.test', { ...common, port: c.port });
    expect(starttls.servers.map((s) => s.address).sort()).toEqual(['127.0.0.2', '127.0.0.3']);
    const handshakes = new Map(starttls.servers.map((s) => [s.address, s.tls?.handshakes ?? 0]));
    expect(handshakes.get('127.0.0.2')).toBeGreaterThan(1);
    expect([c.connections, d.connections]).toEqual([1 + (handshakes.get('127.0.0.2') ?? 0), 1 + (handshakes.get('127.0.0.3') ?? 0)]);
    expect([a.connections, b.connections]).toEqual([c.connections, d.connections]);
    // And DANE on those facts connects to nothing.
    const dane = evaluateDane(await gatherDane(dns, 'dane-two.test', starttls));
    expect(dane.status).toBe('pass');
    expect([c.connections, d.connections]).toEqual([1 + (handshakes.get('127.0.0.2') ?? 0), 1 + (handshakes.get('127.0.0.3') ?? 0)]);
  });

  it('the right TLSA passes, and the printed facts show digests, not certificates', async () => {
    const server = await smtp({ host: '127.0.0.1', starttls: true, cert: issued });
    const results = byId(await mailServerChecks(dns, 'dane-ok.test', { ...common, port: server.port }, never));
    const dane = results.get('mail.dane');
    expect(dane).toMatchObject({ status: 'pass', reason: expect.stringContaining('mx.dane-ok.test (127.0.0.1) by 3 1 1') as unknown });
    expect(dane?.facts).toMatchObject({ presented: [{ server: 'mx.dane-ok.test (127.0.0.1)', leaf311: spkiSha256.toString('hex') }] });
    const printed = JSON.stringify([...results.values()]);
    expect(printed).not.toContain(leafDer.toString('base64').slice(0, 64));
  });

  it('a wrong digest fails, while STARTTLS itself passes', async () => {
    const server = await smtp({ host: '127.0.0.1', starttls: true, cert: issued });
    const results = byId(await mailServerChecks(dns, 'dane-bad.test', { ...common, port: server.port }, never));
    expect(results.get('mail.starttls')?.status).toBe('pass');
    expect(results.get('mail.dane')).toMatchObject({ status: 'fail', reason: 'no TLSA record matches the certificate chain presented by mx.dane-bad.test (127.0.0.1)' });
  });

  it('an MX address whose SMTP session failed is not measured: error with the reason', async () => {
    // A listener that resets every connection it accepts: no SMTP session by construction, and a port no other
    // test can take meanwhile (a closed port could be reused before the check connects).
    const resetter = createServer((socket) => {
      socket.on('error', () => undefined);
      socket.resetAndDestroy();
    });
    resetter.listen(0, '127.0.0.1');
    await once(resetter, 'listening');
    const port = (resetter.address() as AddressInfo).port;
    try {
      const results = byId(await mailServerChecks(dns, 'dane-down.test', { ...common, port }, never));
      expect(results.get('mail.starttls')?.status).toBe('error');
      expect(results.get('mail.dane')).toMatchObject({
        status: 'error',
        reason: expect.stringMatching(/^could not read the certificate after STARTTLS from mx\.dane-down\.test \(127\.0\.0\.1: (reset|closed): /) as unknown,
      });
    } finally {
      await new Promise<void>((resolve) => resetter.close(() => { resolve(); }));
    }
  });

  it('without STARTTLS, DANE fails as before, still without a second session', async () => {
    const server = await smtp({ host: '127.0.0.1', starttls: false });
    const results = byId(await mailServerChecks(dns, 'dane-ok.test', { ...common, port: server.port }, never));
    expect(results.get('mail.dane')).toMatchObject({ status: 'fail', reason: 'TLSA is published but STARTTLS is not offered by mx.dane-ok.test (127.0.0.1)' });
    expect(server.connections).toBe(1);
  });
});
