import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect, createServer, type Server } from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { signatureOid } from '../../src/checks/tls/certificate.js';
import { createTestCa, type IssueOptions, type TestCa } from '../../src/testnet/ca.js';

/** Real TLS handshakes on 127.0.0.1 against certificates of the test CA: what a client trusting it sees. */
let ca: TestCa;
const servers: Server[] = [];

beforeAll(async () => {
  ca = await createTestCa();
});
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function handshake(options: IssueOptions, servername: string): Promise<{ authorized: boolean; error: string | undefined; bits?: number }> {
  const issued = await ca.issue(options);
  const server = createServer({ cert: issued.chainPem, key: issued.keyPem }, (socket) => socket.end());
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const socket = connect({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, servername, ca: ca.caPem, rejectUnauthorized: false });
  await once(socket, 'secureConnect');
  const result = { authorized: socket.authorized, error: (socket.authorizationError as Error | null | undefined)?.toString(), bits: socket.getPeerCertificate().bits };
  socket.destroy();
  return result;
}

describe('the test CA', () => {
  it('issues certificates that a client trusting the CA accepts for their names', async () => {
    expect(await handshake({ names: ['www.good.test', 'good.test'] }, 'good.test')).toMatchObject({ authorized: true });
  });

  it('issues broken certificates on purpose: wrong name, expired, self-signed, weak key', async () => {
    const wrongName = await handshake({ names: ['other.test'] }, 'www.good.test');
    expect(wrongName.authorized).toBe(false);
    expect(wrongName.error).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(await handshake({ names: ['expired.test'], notBeforeDays: -30, notAfterDays: -1 }, 'expired.test')).toMatchObject({
      authorized: false,
      error: 'CERT_HAS_EXPIRED',
    });
    expect(await handshake({ names: ['self.test'], selfSigned: true }, 'self.test')).toMatchObject({
      authorized: false,
      error: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    expect(await handshake({ names: ['weak.test'], keyType: 'rsa-1024' }, 'weak.test')).toMatchObject({ bits: 1024 });
  });

  it('signs with SHA-1 on request (CA-signed ECDSA and self-signed RSA), SHA-256 by default', async () => {
    const oid = async (options: IssueOptions): Promise<string> => signatureOid(new X509Certificate((await ca.issue(options)).certPem).raw);
    expect(await oid({ names: ['a.test'] })).toBe('1.2.840.10045.4.3.2');
    expect(await oid({ names: ['a.test'], signatureHash: 'SHA-1' })).toBe('1.2.840.10045.4.1');
    expect(await oid({ names: ['a.test'], keyType: 'rsa-2048', selfSigned: true, signatureHash: 'SHA-1' })).toBe('1.2.840.113549.1.1.5');
    expect(await oid({ names: ['a.test'], keyType: 'rsa-2048', selfSigned: true })).toBe('1.2.840.113549.1.1.11');
  });
});
