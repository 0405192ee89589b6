import { once } from 'node:events';
import { connect as connectTcp, createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { connect, createSecureContext, createServer, TLSSocket, type Server, type TlsOptions } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import type { AddressPolicy, Verdict } from '../../src/domain/check.js';
import { evaluateCertKey, evaluateCertName, evaluateCertSignature, evaluateCertTrust } from '../../src/checks/tls/evaluate-cert.js';
import { evaluateCiphers, evaluateCompression, evaluateKeyExchange, evaluateRenegotiation, evaluateTlsVersion } from '../../src/checks/tls/evaluate.js';
import type { TlsFacts } from '../../src/checks/tls/facts.js';
import { gatherTls } from '../../src/checks/tls/gather.js';
import { createTestCa, type IssueOptions, type TestCa } from '../../src/testnet/ca.js';

/** Real node:tls servers on 127.0.0.1 with test-CA certificates; gathered, then evaluated. */
const ca: TestCa = await createTestCa();
const servers: Server[] = [];
const loopbackOnly: AddressPolicy = (a) => (a.startsWith('127.') ? { allowed: true } : { allowed: false, reason: `${a} is outside 127.0.0.0/8` });
const NAME = 'www.tls.test';

afterAll(() => {
  for (const s of servers.splice(0)) s.close();
});

async function serve(cert: IssueOptions, options: TlsOptions): Promise<number> {
  const issued = await ca.issue(cert);
  const server = createServer({ cert: issued.chainPem, key: issued.keyPem, ...options }, (socket) => {
    socket.on('error', () => undefined);
  });
  server.on('tlsClientError', () => undefined);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

async function gather(cert: IssueOptions, options: TlsOptions, serverName = NAME): Promise<TlsFacts> {
  const port = await serve(cert, options);
  return gatherTls({ address: '127.0.0.1', port, serverName, policy: loopbackOnly, extraCaPems: [ca.caPem], timeoutMs: 3000 });
}

const EVALUATORS: Record<string, (f: TlsFacts) => Verdict> = {
  version: evaluateTlsVersion,
  ciphers: evaluateCiphers,
  'key-exchange': evaluateKeyExchange,
  compression: evaluateCompression,
  renegotiation: evaluateRenegotiation,
  trust: evaluateCertTrust,
  name: evaluateCertName,
  key: evaluateCertKey,
  signature: evaluateCertSignature,
};

function statuses(facts: TlsFacts): Record<string, string> {
  return Object.fromEntries(Object.entries(EVALUATORS).map(([k, f]) => [k, f(facts).status]));
}

const good: IssueOptions = { names: [NAME] };
const STRONG_12 = 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305';

/** Whether this Node's OpenSSL can serve TLS 1.0 at all (it can when built with `@SECLEVEL=0` support). */
async function canServeTls10(): Promise<boolean> {
  try {
    const port = await serve(good, { minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' });
    const socket = connect({ host: '127.0.0.1', port, minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0', rejectUnauthorized: false });
    const ok = await Promise.race([once(socket, 'secureConnect').then(() => true), once(socket, 'error').then(() => false)]);
    socket.destroy();
    return ok;
  } catch {
    return false;
  }
}

describe('gatherTls against servers on 127.0.0.1', () => {
  it('TLS 1.3 only, good ECDSA certificate: everything passes in a few handshakes', async () => {
    const facts = await gather(good, { minVersion: 'TLSv1.3' });
    expect(statuses(facts)).toEqual({
      version: 'pass', ciphers: 'pass', 'key-exchange': 'pass', compression: 'pass', renegotiation: 'pass',
      trust: 'pass', name: 'pass', key: 'pass', signature: 'pass',
    });
    expect(facts.negotiated?.version).toBe('TLSv1.3');
    expect(facts.handshakes).toBeLessThanOrEqual(8);
  });

  it('TLS 1.2 with strong ECDHE-AESGCM suites only: passes, but client renegotiation is a warning', async () => {
    const facts = await gather(good, { maxVersion: 'TLSv1.2', ciphers: STRONG_12 });
    expect(statuses(facts)).toMatchObject({ version: 'pass', ciphers: 'pass', 'key-exchange': 'pass', compression: 'pass', renegotiation: 'warning' });
    expect(facts.compression.note).toContain('crafted');
    expect(facts.versions.filter((x) => x.version.startsWith('SSL')).map((x) => x.accepted)).toEqual([false, false]);
    expect(facts.renegotiation.secure).toBe(true);
  });

  it('a TLS 1.2 server that refuses client-initiated renegotiation passes the renegotiation check', async () => {
    const issued = await ca.issue(good);
    const server = createServer({ cert: issued.chainPem, key: issued.keyPem, maxVersion: 'TLSv1.2', ciphers: STRONG_12 }, (socket) => {
      socket.on('error', () => undefined);
    });
    server.on('secureConnection', (socket) => {
      // Node reports a renegotiation attempt as an error; closing the connection then refuses it.
      socket.disableRenegotiation();
      socket.on('error', () => socket.destroy());
    });
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    const facts = await gatherTls({ address: '127.0.0.1', port, serverName: NAME, policy: loopbackOnly, extraCaPems: [ca.caPem], timeoutMs: 3000 });
    expect(evaluateRenegotiation(facts)).toMatchObject({ status: 'pass' });
  });

  it('a CBC suite with SHA-1 MAC on TLS 1.2 fails the ciphers check and names the suite', async () => {
    const facts = await gather(good, { maxVersion: 'TLSv1.2', ciphers: `${STRONG_12}:ECDHE-ECDSA-AES128-SHA` });
    const verdict = evaluateCiphers(facts);
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toContain('TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA (insufficient)');
  });

  it('an ECDHE CBC SHA-256 suite is phase out: a warning', async () => {
    const facts = await gather(good, { maxVersion: 'TLSv1.2', ciphers: `${STRONG_12}:ECDHE-ECDSA-AES128-SHA256` });
    expect(evaluateCiphers(facts).status).toBe('warning');
  });

  it('DHE with a 2048-bit group: key exchange fails, the DHE suite is phase out', async () => {
    const cert: IssueOptions = { names: [NAME], keyType: 'rsa-2048' };
    const facts = await gather(cert, { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES128-GCM-SHA256', dhparam: 'auto' });
    expect(evaluateKeyExchange(facts)).toMatchObject({ status: 'fail', reason: expect.stringContaining('DHE 2048 bits (insufficient)') as unknown });
    expect(evaluateCiphers(facts).status).toBe('warning');
  });

  it('RSA key exchange (TLS_RSA_*): ciphers and key exchange fail', async () => {
    const cert: IssueOptions = { names: [NAME], keyType: 'rsa-2048' };
    const facts = await gather(cert, { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:AES128-GCM-SHA256' });
    expect(evaluateCiphers(facts).reason).toContain('TLS_RSA_WITH_AES_128_GCM_SHA256 (insufficient)');
    expect(evaluateKeyExchange(facts).status).toBe('fail');
  });

  it.each([
    ['rsa-1024 key', { names: [NAME], keyType: 'rsa-1024' as const }, { key: 'fail', trust: 'pass', name: 'pass' }],
    ['rsa-2048 key', { names: [NAME], keyType: 'rsa-2048' as const }, { key: 'warning', trust: 'pass' }],
    ['expired', { names: [NAME], notBeforeDays: -30, notAfterDays: -1 }, { trust: 'fail', name: 'pass', key: 'pass' }],
    ['wrong name', { names: ['other.test'] }, { trust: 'pass', name: 'fail' }],
    ['self-signed', { names: [NAME], selfSigned: true }, { trust: 'fail', name: 'pass', signature: 'pass' }],
  ])('certificate: %s', async (_label, cert, expected) => {
    const facts = await gather(cert, { minVersion: 'TLSv1.3', ciphers: 'DEFAULT@SECLEVEL=0' });
    expect(statuses(facts)).toMatchObject(expected);
  });

  it('runs every probe after a STARTTLS dialogue when given one (the mail twins)', async () => {
    const issued = await ca.issue(good);
    const secureContext = createSecureContext({ cert: issued.chainPem, key: issued.keyPem, minVersion: 'TLSv1.2' });
    const plain = createTcpServer((raw) => {
      raw.on('error', () => undefined);
      raw.once('data', (line) => {
        if (String(line) !== 'STARTTLS\r\n') return void raw.end('NO\r\n');
        raw.write('GO\r\n');
        new TLSSocket(raw, { isServer: true, secureContext }).on('error', () => undefined);
      });
    });
    plain.listen(0, '127.0.0.1');
    await once(plain, 'listening');
    const port = (plain.address() as AddressInfo).port;
    const starttls = (address: string, p: number): Promise<Socket> =>
      new Promise((resolve, reject) => {
        const s = connectTcp({ host: address, port: p }, () => s.write('STARTTLS\r\n'));
        s.once('error', reject);
        s.once('data', (answer) => {
          s.pause();
          s.removeListener('error', reject);
          if (String(answer).startsWith('GO')) resolve(s);
          else reject(new Error(`no STARTTLS: ${String(answer)}`));
        });
      });
    try {
      const facts = await gatherTls({ address: '127.0.0.1', port, serverName: NAME, policy: loopbackOnly, extraCaPems: [ca.caPem], timeoutMs: 3000, starttls });
      // Node's default server suites include ECDHE CBC suites with SHA-1 MAC: insufficient per FACTS.md.
      expect(statuses(facts)).toMatchObject({ version: 'pass', ciphers: 'fail', compression: 'pass', trust: 'pass', name: 'pass', key: 'pass', signature: 'pass' });
      expect(facts.versions.map((x) => x.accepted)).toEqual([true, true, false, false, false, false]);
    } finally {
      plain.close();
    }
  });

  it('refuses an address outside the policy without connecting: blocked', async () => {
    const facts = await gatherTls({ address: '192.0.2.1', port: 443, serverName: NAME, policy: loopbackOnly });
    expect(facts.handshakes).toBe(0);
    expect(evaluateTlsVersion(facts).status).toBe('blocked');
  });

  it('nothing listening: error, not fail', async () => {
    const port = await serve(good, {});
    servers.pop()?.close();
    await new Promise((r) => setTimeout(r, 50));
    const facts = await gatherTls({ address: '127.0.0.1', port, serverName: NAME, policy: loopbackOnly, timeoutMs: 2000 });
    expect(evaluateCertTrust(facts).status).toBe('error');
  });
});

const tls10 = await canServeTls10();
describe.skipIf(!tls10)('a server that also accepts TLS 1.0 (skipped when this Node OpenSSL cannot serve TLS 1.0)', () => {
  it('fails the version check: FACTS.md lists TLS 1.0 and 1.1 as insufficient', async () => {
    const facts = await gather(good, { minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' });
    const verdict = evaluateTlsVersion(facts);
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toContain('TLS 1.0 (insufficient)');
    expect(verdict.reason).toContain('TLS 1.1 (insufficient)');
    expect(evaluateCiphers(facts).status).toBe('fail');
    // 1 default + 2 version + 1 TLS 1.2 + 1 TLS 1.3 suite + 2 SSL hellos + 3 + 3 suite probes + 1 group + 1 compression hello
    expect(facts.handshakes).toBeLessThanOrEqual(16);
  });

  it('a server that speaks only TLS 1.0 is still measured (fallback handshake) and fails', async () => {
    const facts = await gather(good, { minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' });
    expect(facts.negotiated?.version).toBe('TLSv1');
    expect(evaluateTlsVersion(facts)).toMatchObject({ status: 'fail', reason: 'accepts TLS 1.0 (insufficient)' });
    expect(evaluateCertTrust(facts).status).toBe('pass');
  });
});
