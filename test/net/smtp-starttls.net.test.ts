// mail.starttls and mail.dane end to end on 127.0.0.1: the test DNS server serves MX, A and TLSA, real SMTP
// servers (with and without STARTTLS, hostile ones) answer, and TLS runs after a real SMTP dialogue.
import { createHash, X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { AddressPolicy } from '../../src/domain/check.js';
import { evaluateDane } from '../../src/checks/dane/evaluate.js';
import { gatherDane } from '../../src/checks/dane/gather.js';
import { createDnsClient } from '../../src/checks/dns/client.js';
import { smtpSession, smtpStarttlsHook } from '../../src/checks/smtp/client.js';
import { evaluateStarttls } from '../../src/checks/smtp/evaluate.js';
import { gatherStarttls } from '../../src/checks/smtp/gather.js';
import { evaluateCertTrust } from '../../src/checks/tls/evaluate-cert.js';
import { evaluateTlsVersion } from '../../src/checks/tls/evaluate.js';
import { gatherTls } from '../../src/checks/tls/gather.js';
import { createTestCa } from '../../src/testnet/ca.js';
import { startDnsServer, type ZoneRecord } from '../../src/testnet/dns-server.js';
import { startSmtpServer, type TestSmtpServer, type TestSmtpServerOptions } from '../../src/testnet/smtp-server.js';

const loopbackOnly: AddressPolicy = (a) => (a.startsWith('127.') ? { allowed: true } : { allowed: false, reason: `${a} is outside 127.0.0.0/8` });
const ca = await createTestCa();
const issued = await ca.issue({ names: ['mx.good.test'] });
const spkiSha256 = createHash('sha256').update(new X509Certificate(issued.certPem).publicKey.export({ type: 'spki', format: 'der' })).digest();

const smtpServers: TestSmtpServer[] = [];
async function smtp(options: Omit<TestSmtpServerOptions, 'host'>): Promise<number> {
  const server = await startSmtpServer({ host: '127.0.0.1', ...options });
  smtpServers.push(server);
  return server.port;
}

const mxZone = (domain: string, extra: ZoneRecord[] = []): ZoneRecord[] => [
  { name: '@', type: 'MX', data: { preference: 10, exchange: `mx.${domain}` } },
  { name: 'mx', type: 'A', data: '127.0.0.1' },
  ...extra,
];
const tlsaRecord = (certificate: Buffer): ZoneRecord => ({ name: '_25._tcp.mx', type: 'TLSA', data: { usage: 3, selector: 1, matchingType: 1, certificate } });
const dnsServer = await startDnsServer({
  zones: {
    'good.test': mxZone('good.test', [tlsaRecord(spkiSha256)]),
    'wrong.test': mxZone('wrong.test', [tlsaRecord(Buffer.alloc(32, 7))]),
    'plain.test': mxZone('plain.test'),
    'nomx.test': [{ name: '@', type: 'A', data: '127.0.0.1' }],
    'nullmx.test': [{ name: '@', type: 'MX', data: { preference: 0, exchange: '.' } }],
  },
});
const dns = createDnsClient({ server: { host: '127.0.0.1', port: dnsServer.port }, timeoutMs: 1000, retries: 0 });
const common = { policy: loopbackOnly, extraCaPems: [ca.caPem], timeoutMs: 2000, ehloName: 'scanner.thorbecke.test' };

const rawServers: Server[] = [];
afterAll(async () => {
  for (const s of rawServers.splice(0)) s.close();
  await Promise.all([...smtpServers.splice(0).map((s) => s.close()), dnsServer.close()]);
});

/** A hostile server: sends `greeting`, then answers every line it receives with `reply(line)`. */
async function raw(greeting: string, reply: (line: string) => string = () => ''): Promise<number> {
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.write(greeting);
    socket.on('data', (chunk: Buffer) => {
      for (const line of String(chunk).split('\r\n').filter(Boolean)) socket.write(reply(line));
    });
  });
  rawServers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

const ehloOk = (line: string): string => (line.startsWith('EHLO') ? '250-hi\r\n250 STARTTLS\r\n' : line === 'STARTTLS' ? '220 go\r\n' : '');

describe('SMTP client against hostile servers', () => {
  const session = async (port: number, extra = {}) => smtpSession({ address: '127.0.0.1', port, policy: loopbackOnly, timeoutMs: 1500, ...extra });

  it('reads a multi-line greeting', async () => {
    const port = await raw('220-mx.raw.test first\r\n220-second\r\n220 last\r\n', ehloOk);
    expect((await session(port)).greeting).toEqual({ code: 220, lines: ['mx.raw.test first', 'second', 'last'] });
  });

  it.each([
    ['an over-long line', `220 ${'x'.repeat(5000)}\r\n`, 'too-long'],
    ['an endless line without a newline', 'x'.repeat(6000), 'too-long'],
    ['too many reply lines', '220-x\r\n'.repeat(150), 'too-long'],
    ['a 554 greeting', '554 go away\r\n', 'rejected'],
    ['a multi-line reply mixing codes', '220-x\r\n250 y\r\n', 'garbage'],
    ['an HTTP server', 'HTTP/1.1 400 Bad Request\r\n\r\n', 'garbage'],
  ])('%s is a classified error', async (_label, greeting, kind) => {
    await expect(session(await raw(greeting, ehloOk))).rejects.toMatchObject({ kind });
  });

  it('refuses plain-text data injected after the 220 to STARTTLS', async () => {
    const port = await raw('220 hi\r\n', (line) => (line === 'STARTTLS' ? '220 go\r\n250 injected\r\n' : ehloOk(line)));
    await expect(smtpStarttlsHook()('127.0.0.1', port, 1500)).rejects.toMatchObject({ kind: 'garbage' });
  });
});

describe('SMTP client against the test SMTP server', () => {
  it('reads the greeting and the EHLO capabilities, then QUITs', async () => {
    const port = await smtp({ starttls: true, cert: issued, greeting: 'mx.good.test ESMTP ready' });
    const session = await smtpSession({ address: '127.0.0.1', port, policy: loopbackOnly, timeoutMs: 2000 });
    expect(session.greeting).toEqual({ code: 220, lines: ['mx.good.test ESMTP ready'] });
    expect(session.capabilities).toEqual(['SIZE', '8BITMIME', 'STARTTLS', 'SMTPUTF8']);
    expect(session.starttls).toBe(true);
  });

  it('refuses an address outside the policy without connecting', async () => {
    await expect(smtpSession({ address: '192.0.2.1', policy: loopbackOnly })).rejects.toMatchObject({ kind: 'blocked' });
  });

  it('gatherTls with the SMTP hook gets the TLS facts after STARTTLS', async () => {
    const port = await smtp({ starttls: true, cert: issued });
    const facts = await gatherTls({ address: '127.0.0.1', port, serverName: 'mx.good.test', starttls: smtpStarttlsHook(), ...common });
    expect(facts.error).toBeUndefined();
    expect(facts.negotiated?.version).toBe('TLSv1.3');
    expect(evaluateTlsVersion(facts).status).toBe('pass');
    expect(evaluateCertTrust(facts).status).toBe('pass');
  });

  it('the hook rejects a server without STARTTLS, so gatherTls reports an error', async () => {
    const port = await smtp({ starttls: false });
    const facts = await gatherTls({ address: '127.0.0.1', port, serverName: 'mx.plain.test', starttls: smtpStarttlsHook(), ...common });
    expect(facts.error?.message).toContain('does not offer STARTTLS');
  });
});

describe('mail.starttls', () => {
  it('passes when every MX offers STARTTLS and TLS works after it', async () => {
    const port = await smtp({ starttls: true, cert: issued });
    const facts = await gatherStarttls(dns, 'good.test', { ...common, port });
    expect(evaluateStarttls(facts)).toMatchObject({ status: 'pass', reason: expect.stringContaining('mx.good.test (127.0.0.1)') as unknown });
    expect(facts.servers[0]?.tls?.negotiated?.version).toBe('TLSv1.3');
  });

  it('fails, naming the MX, when STARTTLS is not offered', async () => {
    const port = await smtp({ starttls: false });
    const verdict = evaluateStarttls(await gatherStarttls(dns, 'plain.test', { ...common, port }));
    expect(verdict).toMatchObject({ status: 'fail', reason: 'no STARTTLS offered by mx.plain.test (127.0.0.1)' });
  });

  it('a tarpit is an error within the timeout, not a fail', async () => {
    const port = await smtp({ starttls: true, cert: issued, mode: 'tarpit' });
    const started = Date.now();
    const verdict = evaluateStarttls(await gatherStarttls(dns, 'plain.test', { ...common, port, timeoutMs: 800 }));
    expect(Date.now() - started).toBeLessThan(2500);
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toContain('timeout');
  });

  it('a garbage greeting is an error, classified', async () => {
    const port = await smtp({ starttls: true, cert: issued, mode: 'garbage' });
    const verdict = evaluateStarttls(await gatherStarttls(dns, 'plain.test', { ...common, port }));
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toContain('garbage: not an SMTP reply');
  });

  it('nothing listening is an error', async () => {
    const server = await startSmtpServer({ host: '127.0.0.1', starttls: false });
    await server.close();
    const verdict = evaluateStarttls(await gatherStarttls(dns, 'plain.test', { ...common, port: server.port }));
    expect(verdict).toMatchObject({ status: 'error', reason: expect.stringContaining('refused') as unknown });
  });

  it.each([['nomx.test'], ['nullmx.test']])('%s is not applicable', async (domain) => {
    expect(evaluateStarttls(await gatherStarttls(dns, domain, { ...common, port: 1 })).status).toBe('not-applicable');
  });
});

describe('mail.dane', () => {
  it('TLSA from the (unsigned) test DNS server is not authenticated: fail with that reason', async () => {
    const port = await smtp({ starttls: true, cert: issued });
    const facts = await gatherDane(dns, 'good.test', gatherStarttls(dns, 'good.test', { ...common, port }));
    expect(facts.hosts[0]?.tlsa.records).toHaveLength(1);
    expect(evaluateDane(facts)).toMatchObject({ status: 'fail', reason: expect.stringContaining('not DNSSEC-authenticated') as unknown });
    // The same facts with an authenticated answer: the 3 1 1 record matches the chain presented after STARTTLS.
    const authenticated = { ...facts, hosts: facts.hosts.map((h) => ({ ...h, tlsa: { ...h.tlsa, ad: true } })) };
    expect(evaluateDane(authenticated)).toMatchObject({ status: 'pass', reason: expect.stringContaining('3 1 1') as unknown });
  });

  it('an authenticated TLSA record that does not match the certificate fails', async () => {
    const port = await smtp({ starttls: true, cert: issued });
    const facts = await gatherDane(dns, 'wrong.test', gatherStarttls(dns, 'wrong.test', { ...common, port }));
    const authenticated = { ...facts, hosts: facts.hosts.map((h) => ({ ...h, tlsa: { ...h.tlsa, ad: true } })) };
    expect(evaluateDane(authenticated)).toMatchObject({ status: 'fail', reason: expect.stringContaining('no TLSA record matches') as unknown });
  });

  it('TLSA published but STARTTLS not offered fails', async () => {
    const port = await smtp({ starttls: false });
    const facts = await gatherDane(dns, 'good.test', gatherStarttls(dns, 'good.test', { ...common, port }));
    const authenticated = { ...facts, hosts: facts.hosts.map((h) => ({ ...h, tlsa: { ...h.tlsa, ad: true } })) };
    expect(evaluateDane(authenticated)).toMatchObject({ status: 'fail', reason: 'TLSA is published but STARTTLS is not offered by mx.good.test (127.0.0.1)' });
  });

  it('no TLSA fails; no MX is not applicable', async () => {
    expect(evaluateDane(await gatherDane(dns, 'plain.test', gatherStarttls(dns, 'plain.test', { ...common, port: 1 })))).toMatchObject({ status: 'fail', reason: 'no TLSA records at _25._tcp.mx.plain.test' });
    expect(evaluateDane(await gatherDane(dns, 'nomx.test', gatherStarttls(dns, 'nomx.test', { ...common, port: 1 }))).status).toBe('not-applicable');
  });
});

describe('evaluateStarttls on given facts', () => {
  const base = { domain: 'x.test', mx: { outcome: 'records', rcode: 'NOERROR', nullMx: false, hosts: ['mx.x.test'] }, unresolved: [] };
  const server = { exchange: 'mx.x.test', address: '127.0.0.9', starttls: true, capabilities: ['STARTTLS'] };
  const tlsError = (kind: 'handshake' | 'timeout' | 'blocked') => ({ ...server, tls: { error: { kind, message: kind } } as never });

  it.each([
    ['a failed handshake after STARTTLS', [tlsError('handshake')], [], 'fail'],
    ['a timeout after STARTTLS', [tlsError('timeout')], [], 'error'],
    ['an address outside the policy', [{ exchange: 'mx.x.test', address: '10.0.0.1', error: { kind: 'blocked' as const, message: 'private' } }], [], 'blocked'],
    ['an MX without addresses', [], [{ exchange: 'mx.x.test', detail: 'no A or AAAA (NXDOMAIN)' }], 'error'],
    ['an MX lookup failure', [], [], 'error'],
  ])('%s', (label, servers, unresolved, status) => {
    const mx = label === 'an MX lookup failure' ? { ...base.mx, outcome: 'failure', rcode: 'SERVFAIL', hosts: [] } : base.mx;
    expect(evaluateStarttls({ ...base, mx, servers, unresolved }).status).toBe(status);
  });
});
