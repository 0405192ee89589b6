/**
 * Web hosts of the test network, one per profile that is broken on purpose, on ports 80/443 of 127.44.x.y,
 * measured with the project's own gatherers and evaluators (as src/scan/web-checks.ts calls them). Each
 * scenario's expected statuses follow criteria.ts and the NCSC table in FACTS.md.
 */
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressPolicy, Verdict } from '../../src/domain/check.js';
import { fetchFrom, type FetchOptions } from '../../src/checks/http/fetch.js';
import { evaluateHsts, evaluateHttpsAvailable, evaluateHttpsRedirect } from '../../src/checks/https/evaluate.js';
import { evaluateSecurityTxt } from '../../src/checks/security-txt/evaluate.js';
import { gatherSecurityTxt } from '../../src/checks/security-txt/gather.js';
import { evaluateCertKey, evaluateCertName, evaluateCertSignature, evaluateCertTrust } from '../../src/checks/tls/evaluate-cert.js';
import { evaluateCiphers, evaluateCompression, evaluateKeyExchange, evaluateRenegotiation, evaluateTlsVersion } from '../../src/checks/tls/evaluate.js';
import type { TlsFacts } from '../../src/checks/tls/facts.js';
import { gatherTls } from '../../src/checks/tls/gather.js';
import { clientHello, sendHello, ssl2Hello } from '../../src/checks/tls/hello.js';
import { smtpStarttlsHook } from '../../src/checks/smtp/client.js';
import { createTestCa, type IssueOptions } from '../../src/testnet/ca.js';
import { startSmtpServer } from '../../src/testnet/smtp-server.js';
import { craftedReply, parseFirstRecord } from '../../src/testnet/tls-front.js';
import { startWebHost, type WebHost, type WebHostProfile } from '../../src/testnet/web-host.js';

const ca = await createTestCa();
const loopback: AddressPolicy = (a) => (a.startsWith('127.') || a === '::1' ? { allowed: true } : { allowed: false, reason: `${a} is outside the test network` });
const YEAR = 'max-age=31536000';
const expires = new Date(Date.now() + 180 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
const SECURITY_TXT = `Contact: mailto:security@example.test\nExpires: ${expires}\nPreferred-Languages: nl, en\n`;
const GOOD: WebHostProfile = { tls: {}, hsts: YEAR, securityTxt: SECURITY_TXT };

type Status = Verdict['status'];
interface Scenario {
  profile: WebHostProfile;
  cert?: Omit<IssueOptions, 'names'> & { names?: string[] };
  /** Check id → the status FACTS.md / criteria.ts give it; unlisted checks are not asserted. */
  expected: Record<string, Status>;
}

const every = (ids: readonly string[], status: Status): Record<string, Status> => Object.fromEntries(ids.map((id) => [id, status]));
const ALL_PASS = every(
  ['web.tls.version', 'web.tls.ciphers', 'web.tls.key-exchange', 'web.tls.compression', 'web.tls.renegotiation', 'web.cert.trust', 'web.cert.name', 'web.cert.key',
    'web.cert.signature', 'web.https.available', 'web.https.redirect', 'web.https.hsts', 'web.security-txt'],
  'pass',
);

/** Every check passes except those named: the whole row is asserted, so a stray failure shows too. */
const row = (changes: Record<string, Status>): Record<string, Status> => ({ ...ALL_PASS, ...changes });
const TLS_ERRORS = every(Object.keys(ALL_PASS).filter((id) => /^web\.(tls|cert)\./.test(id)), 'error');

/** The observed statuses, each checked against criteria.ts / FACTS.md (see the comments). */
const SCENARIOS: Record<string, Scenario> = {
  good: { profile: GOOD, expected: ALL_PASS },
  'tls13-only': { profile: { ...GOOD, tls: { minVersion: 'TLSv1.3' } }, expected: ALL_PASS },
  // TLS 1.0/1.1 insufficient; they have no AEAD suites, so the host also offers ECDHE CBC-SHA1 (insufficient).
  tls10: { profile: { ...GOOD, tls: { minVersion: 'TLSv1' } }, expected: row({ 'web.tls.version': 'fail', 'web.tls.ciphers': 'fail' }) },
  tls11: { profile: { ...GOOD, tls: { minVersion: 'TLSv1.1' } }, expected: row({ 'web.tls.version': 'fail', 'web.tls.ciphers': 'fail' }) },
  ssl3: { profile: { ...GOOD, tls: { acceptSsl3: true } }, expected: row({ 'web.tls.version': 'fail' }) },
  ssl2: { profile: { ...GOOD, tls: { acceptSsl2: true } }, expected: row({ 'web.tls.version': 'fail' }) },
  // TLS_RSA_* and CBC with SHA-1 MAC: insufficient (ciphers and key exchange); an RSA 2048 key is phase out.
  'rsa-kx-cbc': {
    profile: { ...GOOD, tls: { ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA' } },
    cert: { keyType: 'rsa-2048' },
    expected: row({ 'web.tls.ciphers': 'fail', 'web.tls.key-exchange': 'fail', 'web.cert.key': 'warning' }),
  },
  // ECDHE with CBC and SHA-2: phase out.
  'cbc-sha256': { profile: { ...GOOD, tls: { ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-SHA256' } }, expected: row({ 'web.tls.ciphers': 'warning' }) },
  // secp224r1: phase out. Needs an RSA leaf: a TLS 1.2 client offering only P-224 cannot accept an ECDSA P-256 leaf.
  p224: { profile: { ...GOOD, tls: { groups: 'X25519:P-256:P-224' } }, cert: { keyType: 'rsa-2048' }, expected: row({ 'web.tls.key-exchange': 'warning', 'web.cert.key': 'warning' }) },
  compression: { profile: { ...GOOD, tls: { acceptCompression: true } }, expected: row({ 'web.tls.compression': 'fail' }) },
  // "off (or limited)": one accepted renegotiation cannot show a limit, so evaluate.ts gives a warning.
  renegotiation: { profile: { ...GOOD, tls: { allowClientRenegotiation: true } }, expected: row({ 'web.tls.renegotiation': 'warning' }) },
  // Certificate errors: HTTPS still counts as available; HSTS and security.txt over a connection with certificate errors fail.
  expired: { profile: GOOD, cert: { notBeforeDays: -30, notAfterDays: -1 }, expected: row({ 'web.cert.trust': 'fail', 'web.https.hsts': 'fail', 'web.security-txt': 'fail' }) },
  'self-signed': { profile: GOOD, cert: { selfSigned: true }, expected: row({ 'web.cert.trust': 'fail', 'web.https.hsts': 'fail', 'web.security-txt': 'fail' }) },
  'wrong-name': { profile: GOOD, cert: { names: ['other.example.test'] }, expected: row({ 'web.cert.name': 'fail', 'web.https.hsts': 'fail', 'web.security-txt': 'fail' }) },
  rsa1024: { profile: GOOD, cert: { keyType: 'rsa-1024' }, expected: row({ 'web.cert.key': 'fail' }) },
  // OpenSSL 3 does not trust a SHA-1 signed leaf at its default level ("CA signature digest algorithm too weak",
  // code UNSPECIFIED): trust fails too. src/checks/http/network-error.ts reads that code as tls-untrusted, a
  // certificate error, so HTTPS still counts as available, and HSTS and security.txt fail as with any other
  // certificate error.
  sha1: {
    profile: GOOD,
    cert: { signatureHash: 'SHA-1' },
    expected: row({ 'web.cert.signature': 'fail', 'web.cert.trust': 'fail', 'web.https.hsts': 'fail', 'web.security-txt': 'fail' }),
  },
  'no-redirect': { profile: { ...GOOD, http: 'plain' }, expected: row({ 'web.https.redirect': 'fail' }) },
  'redirect-elsewhere': { profile: { ...GOOD, http: 'redirect-elsewhere' }, expected: row({ 'web.https.redirect': 'fail' }) },
  // No plain HTTP at all: nothing to redirect (as internet.nl).
  'no-http': { profile: { ...GOOD, http: 'none' }, expected: ALL_PASS },
  'hsts-short': { profile: { ...GOOD, hsts: 'max-age=300' }, expected: row({ 'web.https.hsts': 'fail' }) },
  'no-hsts': { profile: { ...GOOD, hsts: undefined }, expected: row({ 'web.https.hsts': 'fail' }) },
  'no-security-txt': { profile: { ...GOOD, securityTxt: undefined }, expected: row({ 'web.security-txt': 'fail' }) },
  'expired-security-txt': { profile: { ...GOOD, securityTxt: 'Contact: mailto:a@example.test\nExpires: 2020-01-01T00:00:00Z\n' }, expected: row({ 'web.security-txt': 'fail' }) },
  // Nothing on 443: HTTPS unavailable, so no HSTS and no security.txt; the TLS checks could not measure (error, never fail).
  'no-https': {
    profile: { http: 'plain' },
    expected: { ...TLS_ERRORS, 'web.https.available': 'fail', 'web.https.hsts': 'fail', 'web.security-txt': 'fail', 'web.https.redirect': 'fail' },
  },
};

const names = Object.keys(SCENARIOS);
const hostName = (key: string): string => `${key}.web.test`;
const addressOf = (key: string): string => `127.44.${Math.floor(names.indexOf(key) / 200) + 1}.${(names.indexOf(key) % 200) + 1}`;
const hosts = new Map<string, WebHost>();

/** Binding 443 needs root (or CAP_NET_BIND_SERVICE); CI runs as root, elsewhere the suite is skipped. */
async function bindProblem(): Promise<string | undefined> {
  const probe = createServer();
  try {
    probe.listen(443, '127.44.250.1');
    await Promise.race([once(probe, 'listening'), once(probe, 'error').then(([err]) => Promise.reject(err as Error))]);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  } finally {
    probe.close();
  }
}
const problem = await bindProblem();
const skip = problem !== undefined && process.env.CI !== 'true';

const TLS_EVALUATORS: Record<string, (f: TlsFacts) => Verdict> = {
  'web.tls.version': evaluateTlsVersion, 'web.tls.ciphers': evaluateCiphers, 'web.tls.key-exchange': evaluateKeyExchange,
  'web.tls.compression': evaluateCompression, 'web.tls.renegotiation': evaluateRenegotiation, 'web.cert.trust': evaluateCertTrust,
  'web.cert.name': evaluateCertName, 'web.cert.key': evaluateCertKey, 'web.cert.signature': evaluateCertSignature,
};

function fetchOptions(address: string): Omit<FetchOptions, 'url'> {
  const resolve = (host: string): Promise<string[]> => {
    const key = host.replace(/\.web\.test$/, '');
    return Promise.resolve(SCENARIOS[key] ? [addressOf(key)] : []);
  };
  return { address, policy: loopback, resolve, ca: [ca.caPem], timeoutMs: 3000, maxBodyBytes: 256 * 1024, maxHeaderBytes: 32 * 1024, userAgent: 'Thorbecke-test' };
}

/** Every web check of one host, as src/scan/web-checks.ts runs them. */
async function measure(key: string): Promise<{ statuses: Record<string, Status>; tls: TlsFacts }> {
  const domain = hostName(key);
  const address = addressOf(key);
  const options = fetchOptions(address);
  const [tls, http, https, securityTxt] = await Promise.all([
    gatherTls({ address, port: 443, serverName: domain, policy: loopback, timeoutMs: 3000, extraCaPems: [ca.caPem] }),
    fetchFrom({ ...options, url: `http://${domain}/` }),
    fetchFrom({ ...options, url: `https://${domain}/` }),
    gatherSecurityTxt(domain, options),
  ]);
  const web = { domain, http, https };
  const statuses: Record<string, Status> = {
    ...Object.fromEntries(Object.entries(TLS_EVALUATORS).map(([id, evaluate]) => [id, evaluate(tls).status])),
    'web.https.available': evaluateHttpsAvailable(web).status,
    'web.https.redirect': evaluateHttpsRedirect(web).status,
    'web.https.hsts': evaluateHsts(web).status,
    'web.security-txt': evaluateSecurityTxt(securityTxt).status,
  };
  return { statuses, tls };
}

describe.skipIf(skip)(`web hosts on 127.44.x.y ports 80/443, one per profile${skip ? ` (skipped: cannot bind port 443: ${problem})` : ''}`, () => {
  beforeAll(async () => {
    await Promise.all(
      names.map(async (key) => {
        const scenario = SCENARIOS[key];
        if (scenario === undefined) return;
        const cert = await ca.issue({ ...scenario.cert, names: scenario.cert?.names ?? [hostName(key)] });
        hosts.set(key, await startWebHost({ address: addressOf(key), profile: scenario.profile, certs: { default: cert } }));
      }),
    );
  }, 60_000);
  afterAll(async () => {
    await Promise.all([...hosts.values()].map((h) => h.close()));
  });

  it.each(names)('%s: every web check gets the status the criteria give', async (key) => {
    const { statuses } = await measure(key);
    expect(statuses).toMatchObject(SCENARIOS[key]?.expected ?? {});
  });

  it('the default profile passes everything with few handshakes, and the host counts them', async () => {
    const before = hosts.get('good')?.stats();
    const tls = await gatherTls({ address: addressOf('good'), port: 443, serverName: hostName('good'), policy: loopback, timeoutMs: 3000, extraCaPems: [ca.caPem] });
    const after = hosts.get('good')?.stats();
    expect(tls.negotiated?.version).toBe('TLSv1.3');
    expect(tls.versions.map((v) => [v.version, v.accepted])).toEqual([['TLS 1.3', true], ['TLS 1.2', true], ['TLS 1.1', false], ['TLS 1.0', false], ['SSL 3.0', false], ['SSL 2.0', false]]);
    expect((after?.tlsConnections ?? 0) - (before?.tlsConnections ?? 0)).toBe(tls.handshakes);
    expect(tls.handshakes).toBeLessThanOrEqual(12);
  });

  it('redirects to the same host and path over HTTPS, and serves the same page over every address', async () => {
    const facts = await fetchFrom({ ...fetchOptions(addressOf('good')), url: `http://${hostName('good')}/some/path?q=1` });
    expect(facts.hops[0]).toMatchObject({ status: 301, location: `https://${hostName('good')}/some/path?q=1` });
    const page = await fetchFrom({ ...fetchOptions(addressOf('good')), url: `https://${hostName('good')}/` });
    expect(page.body).toContain(hostName('good'));
    expect(page.headers['strict-transport-security']).toBe(YEAR);
  });

  // A server that refuses renegotiation with OpenSSL's no_renegotiation alert: gather.ts reads that alert as
  // "refused renegotiation", not as a failed TLS 1.2 probe, so the TLS 1.2 probes (compression, suites, groups)
  // still run. Without that the server would be taken for TLS 1.3 only and its compression never seen.
  it('a host refusing renegotiation with an alert is still measured on TLS 1.2', async () => {
    const cert = await ca.issue({ names: ['alert.web.test'] });
    const host = await startWebHost({ address: '127.44.251.1', profile: { tls: { renegotiationRefusal: 'alert', acceptCompression: true } }, certs: { default: cert } });
    try {
      const tls = await gatherTls({ address: host.address, port: 443, serverName: 'alert.web.test', policy: loopback, timeoutMs: 3000, extraCaPems: [ca.caPem] });
      expect(evaluateCompression(tls).status).toBe('fail');
    } finally {
      await host.close();
    }
  });
});

describe('web hosts without privileged ports', () => {
  it('refuses an address outside the test network', async () => {
    const cert = await ca.issue({ names: ['x.web.test'] });
    await expect(startWebHost({ address: '10.0.0.1', profile: {}, certs: { default: cert } })).rejects.toThrow(/test network/);
    await expect(startWebHost({ address: '::2', profile: {}, certs: { default: cert } })).rejects.toThrow(/test network/);
  });

  it('serves ::1 on chosen ports, picks certificates by SNI (exact and wildcard) and survives hostile first records', async () => {
    const [fallback, exact, wildcard] = await Promise.all([
      ca.issue({ names: ['default.web.test'] }),
      ca.issue({ names: ['exact.web.test'] }),
      ca.issue({ names: ['*.zone.web.test'] }),
    ]);
    const host = await startWebHost({
      address: '::1',
      profile: { tls: { acceptCompression: true, acceptSsl3: true }, http: 'redirect', body: 'same everywhere' },
      certs: { default: fallback, byName: { 'exact.web.test': exact, '*.zone.web.test': wildcard } },
      ports: { http: 0, https: 0 },
    });
    try {
      const port = host.ports.https ?? 0;
      const gather = (serverName: string): Promise<TlsFacts> => gatherTls({ address: '::1', port, serverName, policy: loopback, timeoutMs: 3000, extraCaPems: [ca.caPem] });
      const [a, b, c] = await Promise.all([gather('exact.web.test'), gather('www.zone.web.test'), gather('unknown.web.test')]);
      expect([a, b, c].map((f) => f.chain[0]?.subjectAltNames)).toEqual([['exact.web.test'], ['*.zone.web.test'], ['default.web.test']]);
      expect(evaluateCompression(a).status).toBe('fail');
      expect(evaluateTlsVersion(a).status).toBe('fail');
      // Hostile input: garbage, a partial record, an oversized length, then silence; the host still answers.
      for (const bytes of [Buffer.from('GET / HTTP/1.1\r\n\r\n'), Buffer.from([0x16, 0x03, 0x01, 0x00]), Buffer.from([0x16, 0x03, 0x01, 0xff, 0xff, 1, 2, 3])]) {
        const socket = connect({ host: '::1', port });
        socket.on('error', () => undefined);
        await once(socket, 'connect');
        socket.end(bytes);
        await Promise.race([once(socket, 'close'), new Promise((r) => setTimeout(r, 500))]);
        socket.destroy();
      }
      const options = { ...fetchOptions('::1'), ca: [ca.caPem] };
      const page = await fetchFrom({ ...options, url: `https://exact.web.test:${port}/` });
      expect(page.body).toBe('same everywhere');
      const redirect = await fetchFrom({ ...options, url: `http://exact.web.test:${host.ports.http ?? 0}/a`, maxRedirects: 0 });
      expect(redirect.hops[0]?.location).toBe(`https://exact.web.test:${port}/a`);
      expect(host.stats().httpRequests).toBeGreaterThanOrEqual(2);
    } finally {
      await host.close();
    }
  });

  it('a connection reset while the front waits for its first record leaves no deadline behind', async () => {
    const cert = await ca.issue({ names: ['reset.web.test'] });
    const host = await startWebHost({ address: '127.0.0.1', profile: { tls: { acceptCompression: true }, http: 'none' }, certs: { default: cert }, ports: { https: 0 } });
    const timers = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    try {
      const socket = connect({ host: '127.0.0.1', port: host.ports.https ?? 0 });
      socket.on('error', () => undefined);
      await once(socket, 'connect');
      // Half a record: the front keeps waiting for the rest (with its deadline armed) until the reset.
      socket.write(Buffer.from([0x16, 0x03, 0x01, 0x00]));
      while (host.stats().tlsConnections === 0) await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
      socket.resetAndDestroy();
      await once(socket, 'close');
    } finally {
      await host.close();
    }
    // Closed handles leave the list of active resources a turn of the event loop later; a deadline would stay 10 s.
    for (let turn = 0; turn < 100 && timers() > before; turn++) await new Promise((r) => setImmediate(r));
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('parses first records and crafts only the replies the profile wants, in the form hello.ts reads', () => {
    const deflate = parseFirstRecord(clientHello(0x0303, 'a.test', true));
    expect(deflate).toMatchObject({ kind: 'client-hello', version: 0x0303, compression: [1, 0] });
    expect(craftedReply({}, deflate)).toBeUndefined();
    expect(craftedReply({ acceptCompression: true }, deflate)?.[0]).toBe(0x16);
    const ssl3 = parseFirstRecord(clientHello(0x0300, 'a.test', false));
    expect(craftedReply({ acceptCompression: true }, ssl3)).toBeUndefined();
    expect(craftedReply({ acceptSsl3: true }, ssl3)?.subarray(9, 11)).toEqual(Buffer.from([3, 0]));
    expect(parseFirstRecord(ssl2Hello())).toEqual({ kind: 'ssl2-hello' });
    expect(parseFirstRecord(clientHello(0x0303, 'a.test', true).subarray(0, 40))).toEqual({ kind: 'more' });
    expect(parseFirstRecord(Buffer.from('GET / HTTP/1.1\r\n'))).toEqual({ kind: 'other' });
    // A handshake body whose inner lengths lie is "other", never an exception.
    const lying = Buffer.from(clientHello(0x0303, 'a.test', true));
    lying[5 + 4 + 2 + 32] = 0xff;
    expect(parseFirstRecord(lying)).toEqual({ kind: 'other' });
  });

  it('answers crafted hellos over a real connection as hello.ts expects', async () => {
    const cert = await ca.issue({ names: ['c.web.test'] });
    const host = await startWebHost({ address: '127.0.0.1', profile: { tls: { acceptSsl3: true, acceptSsl2: true }, http: 'none' }, certs: { default: cert }, ports: { https: 0 } });
    try {
      const target = { address: '127.0.0.1', port: host.ports.https ?? 0, serverName: 'c.web.test', timeoutMs: 2000 };
      expect(await sendHello(target, clientHello(0x0300, 'c.web.test', false))).toMatchObject({ kind: 'server-hello', version: 0x0300 });
      expect(await sendHello(target, ssl2Hello())).toEqual({ kind: 'ssl2-server-hello' });
      expect(await sendHello(target, clientHello(0x0303, 'c.web.test', true))).toMatchObject({ kind: 'server-hello', version: 0x0303, compression: 0 });
    } finally {
      await host.close();
    }
  });
});

describe('the SMTP test server with a TLS profile after STARTTLS', () => {
  it.each([
    ['the default profile passes every TLS check', {}, { version: 'pass', ciphers: 'pass', 'key-exchange': 'pass', compression: 'pass', renegotiation: 'pass' }],
    ['TLS 1.0 fails the version check', { minVersion: 'TLSv1' as const }, { version: 'fail', ciphers: 'fail', renegotiation: 'pass' }],
    ['client-initiated renegotiation is a warning', { allowClientRenegotiation: true }, { version: 'pass', ciphers: 'pass', renegotiation: 'warning' }],
  ])('%s', async (_label, tls, expected) => {
    const cert = await ca.issue({ names: ['mx.web.test'] });
    const smtp = await startSmtpServer({ starttls: true, cert, tls });
    try {
      const facts = await gatherTls({ address: smtp.host, port: smtp.port, serverName: 'mx.web.test', policy: loopback, timeoutMs: 3000, extraCaPems: [ca.caPem], starttls: smtpStarttlsHook() });
      const statuses = Object.fromEntries(Object.entries(TLS_EVALUATORS).map(([id, evaluate]) => [id.replace(/^web\.tls\./, ''), evaluate(facts).status]));
      expect(statuses).toMatchObject(expected);
    } finally {
      await smtp.close();
    }
  });
});
