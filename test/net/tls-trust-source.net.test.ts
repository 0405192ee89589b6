/**
 * What the TLS gather records and trusts, on 127.0.0.1 only: the DER chain holds only the certificates the
 * server sent (DANE-TA must match a presented anchor), trust never comes from the environment's store, and
 * a server that silently ignores a renegotiation still accepts TLS 1.2.
 */
import { spawn } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttps } from 'node:https';
import { connect as connectTcp, createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { matchTlsa } from '../../src/checks/dane/match.js';
import type { TlsaRecord } from '../../src/checks/dns/lookup.js';
import type { AddressPolicy } from '../../src/domain/check.js';
import { gatherTls, probeTls12 } from '../../src/checks/tls/gather.js';
import { createTestCa } from '../../src/testnet/ca.js';

const NAME = 'mx.presented.test';
const loopbackOnly: AddressPolicy = (a) => (a.startsWith('127.') ? { allowed: true } : { allowed: false, reason: `${a} is outside 127.0.0.0/8` });
const ca = await createTestCa();
const issued = await ca.issue({ names: [NAME] });
const caDer = new X509Certificate(ca.caPem).raw;
const leafDer = new X509Certificate(issued.certPem).raw;
const servers: (Server | TcpServer)[] = [];

afterAll(() => {
  for (const s of servers.splice(0)) s.close();
});

async function listen(server: Server | TcpServer): Promise<number> {
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

async function serveTls(certPem: string, maxVersion: 'TLSv1.2' | 'TLSv1.3' = 'TLSv1.3'): Promise<number> {
  const server = createServer({ cert: certPem, key: issued.keyPem, maxVersion }, (socket) => {
    socket.on('error', () => undefined);
  });
  server.on('tlsClientError', () => undefined);
  return listen(server);
}

/** A TLSA record `2 0 1` (DANE-TA, full certificate, SHA-256) for the test CA. */
const caRecord: TlsaRecord = { usage: 2, selector: 0, matchingType: 1, data: createHash('sha256').update(caDer).digest('hex') };

describe('the recorded DER chain holds only certificates the server sent', () => {
  it('leaf and CA sent: both recorded, and DANE-TA on the CA matches', async () => {
    const port = await serveTls(issued.chainPem);
    const facts = await gatherTls({ address: '127.0.0.1', port, serverName: NAME, policy: loopbackOnly, extraCaPems: [ca.caPem], timeoutMs: 3000 });
    expect(facts.trust).toEqual({ trusted: true });
    const der = (facts.chainDer ?? []).map((d) => Buffer.from(d, 'base64'));
    expect(der).toEqual([leafDer, caDer]);
    expect(matchTlsa([caRecord], der)[0]).toMatchObject({ usable: true, matchedIndex: 1 });
  });

  it('only the leaf sent, CA from --ca-file: the CA is not recorded and DANE-TA on it does not match', async () => {
    const port = await serveTls(issued.certPem);
    const facts = await gatherTls({ address: '127.0.0.1', port, serverName: NAME, policy: loopbackOnly, extraCaPems: [ca.caPem], timeoutMs: 3000 });
    expect(facts.trust).toEqual({ trusted: true });
    // node:tls completes the described chain from the store; the DER chain is what was presented.
    expect(facts.chain.map((c) => c.subject)).toEqual([`CN=${NAME}`, 'CN=Thorbecke Test CA']);
    const der = (facts.chainDer ?? []).map((d) => Buffer.from(d, 'base64'));
    expect(der).toEqual([leafDer]);
    const [match] = matchTlsa([caRecord], der);
    expect(match?.usable).toBe(true);
    expect(match?.matchedIndex).toBeUndefined();
  });
});

/**
 * A TCP relay in front of a TLS 1.2 server that, once the server has sent its ChangeCipherSpec (the end of
 * the handshake), drops everything the client sends: a renegotiation is then silently ignored.
 */
async function ignoringRelay(backend: number): Promise<number> {
  const relay = createTcpServer((client) => {
    const server = connectTcp(backend, '127.0.0.1');
    let drop = false;
    let pending = Buffer.alloc(0);
    client.on('error', () => undefined);
    server.on('error', () => undefined);
    client.on('close', () => server.destroy());
    server.on('close', () => client.destroy());
    client.on('data', (chunk: Buffer) => {
      if (!drop) server.write(chunk);
    });
    server.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 5) {
        const length = pending.readUInt16BE(3);
        if (pending.length < 5 + length) break;
        if (pending[0] === 20) drop = true;
        pending = pending.subarray(5 + length);
      }
      client.write(chunk);
    });
  });
  return listen(relay);
}

describe('a server that silently ignores a client renegotiation', () => {
  it('has accepted TLS 1.2; only the renegotiation is unknown', async () => {
    const port = await ignoringRelay(await serveTls(issued.chainPem, 'TLSv1.2'));
    const result = await probeTls12({ address: '127.0.0.1', port, serverName: NAME, timeoutMs: 1000 }, { handshakes: 0 });
    expect(result).toEqual({ accepted: true, renegotiated: 'unknown' });
  });
});

describe('trust does not depend on the environment', () => {
  it('ignores NODE_EXTRA_CA_CERTS in the TLS gather and in fetchFrom', async () => {
    const tlsPort = await serveTls(issued.chainPem);
    const https = createHttps({ cert: issued.chainPem, key: issued.keyPem }, (_req, res) => {
      res.end('ok');
    });
    const httpsPort = await listen(https);
    const dir = await mkdtemp(join(tmpdir(), 'thorbecke-trust-'));
    try {
      const caFile = join(dir, 'ca.pem');
      await writeFile(caFile, ca.caPem);
      const script = join(dir, 'probe.mts');
      const src = (p: string): string => JSON.stringify(new URL(`../../src/${p}`, import.meta.url).href);
      await writeFile(
        script,
        [
          `import { gatherTls } from ${src('checks/tls/gather.ts')};`,
          `import { fetchFrom } from ${src('checks/http/fetch.ts')};`,
          `const policy = () => ({ allowed: true });`,
          `const tls = await gatherTls({ address: '127.0.0.1', port: ${tlsPort}, serverName: '${NAME}', policy, timeoutMs: 3000 });`,
          `const web = await fetchFrom({ url: 'https://${NAME}:${httpsPort}/', address: '127.0.0.1', policy, resolve: async () => ['127.0.0.1'], timeoutMs: 3000, maxBodyBytes: 1000, maxHeaderBytes: 8192, userAgent: 'test' });`,
          `console.log(JSON.stringify({ trusted: tls.trust?.trusted, status: web.finalStatus ?? null, error: web.error?.kind ?? null }));`,
        ].join('\n'),
      );
      const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile }, cwd: process.cwd() });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const [code] = (await once(child, 'close')) as [number];
      expect(code, out).toBe(0);
      const result = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { trusted?: boolean; status: number | null; error: string | null };
      expect(result.trusted).toBe(false);
      expect(result.status).toBeNull();
      expect(result.error).not.toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 20000);
});
