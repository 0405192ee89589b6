/**
 * fetchFrom against local servers on 127.0.0.1 only: an HTTP server, an HTTPS server whose certificate comes
 * from a test CA generated here, a tarpit that never answers, and a closed port.
 */
import { createServer as createHttp, type Server as HttpServer } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { createServer as createTcp, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressPolicy } from '../../src/domain/check.js';
import { fetchFrom, type FetchOptions } from '../../src/checks/http/fetch.js';
import { createTestCa } from '../../src/testnet/ca.js';

const HOST = 'www.example.test';
const NAMES: Record<string, string> = { [HOST]: '127.0.0.1', 'other.example.test': '127.0.0.1', 'guarded.example.test': '127.0.0.2' };

/** Allows only 127.0.0.1; the real SSRF guard lives in src/scan. */
const onlyOne: AddressPolicy = (a) => (a === '127.0.0.1' ? { allowed: true } : { allowed: false, reason: 'not in the test allow-list' });
const refuseLoopback: AddressPolicy = () => ({ allowed: false, reason: 'loopback addresses are refused' });

async function testCertificates(): Promise<{ caPem: string; certPem: string; keyPem: string }> {
  const ca = await createTestCa();
  const leaf = await ca.issue({ names: [HOST] });
  return { caPem: ca.caPem, certPem: leaf.chainPem, keyPem: leaf.keyPem };
}

async function listen(server: Server | HttpServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const servers: Server[] = [];
const sockets: Socket[] = [];
let httpPort = 0;
let httpsPort = 0;
let tarpitPort = 0;
let closedPort = 0;
let caPem = '';

beforeAll(async () => {
  const certs = await testCertificates();
  caPem = certs.caPem;
  const https = createHttps({ cert: certs.certPem, key: certs.keyPem }, (req, res) => {
    if (req.url === '/security.txt') res.writeHead(200, { 'content-type': 'text/plain' }).end('Contact: mailto:a@b.test\n');
    else res.setHeader('strict-transport-security', ['max-age=31536000; includeSubDomains', 'max-age=0']).writeHead(200).end('hello');
  });
  const http = createHttp((req, res) => {
    const path = req.url ?? '/';
    if (path === '/') res.writeHead(301, { location: `https://${HOST}:${httpsPort}/` }).end();
    else if (path.startsWith('/loop/')) res.writeHead(302, { location: `/loop/${Number(path.slice(6)) + 1}` }).end();
    else if (path === '/big') res.writeHead(200).end('x'.repeat(1_000_000));
    else if (path === '/guarded') res.writeHead(302, { location: `http://guarded.example.test:${httpPort}/` }).end();
    else if (path === '/fat-headers') res.writeHead(200, { 'x-padding': 'y'.repeat(20_000) }).end();
    else if (path === '/ua') res.writeHead(200).end(req.headers['user-agent'] ?? '');
    else res.writeHead(404).end();
  });
  const tarpit = createTcp((socket) => sockets.push(socket));
  const closed = createTcp();
  servers.push(https, http, tarpit);
  httpsPort = await listen(https);
  httpPort = await listen(http);
  tarpitPort = await listen(tarpit);
  closedPort = await listen(closed);
  await new Promise((resolve) => closed.close(resolve));
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

function options(url: string, extra: Partial<FetchOptions> = {}): FetchOptions {
  return {
    url,
    address: '127.0.0.1',
    policy: onlyOne,
    resolve: (host) => Promise.resolve(NAMES[host] === undefined ? [] : [NAMES[host]]),
    ca: [caPem],
    timeoutMs: 3000,
    maxBodyBytes: 64 * 1024,
    maxHeaderBytes: 16 * 1024,
    userAgent: 'Thorbecke-test (+https://example.test/about)',
    ...extra,
  };
}

describe('fetchFrom', () => {
  it('records the redirect chain from http to https and reads every HSTS header', async () => {
    const facts = await fetchFrom(options(`http://${HOST}:${httpPort}/`));
    expect(facts.error).toBeUndefined();
    expect(facts.hops.map((h) => [h.scheme, h.host, h.status, h.address])).toEqual([
      ['http', HOST, 301, '127.0.0.1'],
      ['https', HOST, 200, '127.0.0.1'],
    ]);
    expect(facts.hops[0]?.location).toBe(`https://${HOST}:${httpsPort}/`);
    expect(facts.finalStatus).toBe(200);
    expect(facts.body).toBe('hello');
    expect(facts.headers['strict-transport-security']).toEqual(['max-age=31536000; includeSubDomains', 'max-age=0']);
    expect(facts.hops[1]?.hsts).toHaveLength(2);
  });

  it('sends the configured User-Agent', async () => {
    const facts = await fetchFrom(options(`http://${HOST}:${httpPort}/ua`));
    expect(facts.body).toContain('Thorbecke-test');
  });

  it('stops after the redirect limit', async () => {
    const facts = await fetchFrom(options(`http://${HOST}:${httpPort}/loop/0`, { maxRedirects: 3 }));
    expect(facts.error?.kind).toBe('too-many-redirects');
    expect(facts.hops).toHaveLength(4);
  });

  it('caps the body', async () => {
    const facts = await fetchFrom(options(`http://${HOST}:${httpPort}/big`, { maxBodyBytes: 1000 }));
    expect(facts.error).toBeUndefined();
    expect(facts.body).toHaveLength(1000);
    expect(facts.bodyTruncated).toBe(true);
  });

  it('refuses headers over the size limit', async () => {
    const facts = await fetchFrom(options(`http://${HOST}:${httpPort}/fat-headers`, { maxHeaderBytes: 4096 }));
    expect(facts.error?.kind).toBe('too-large');
  });

  it('times out when the resolver never answers', async () => {
    const hang = (): Promise<string[]> => new Promise(() => undefined);
    const facts = await fetchFrom(options(`http://${HOST}:${httpPort}/guarded`, { timeoutMs: 300, resolve: hang }));
    expect(facts.error?.kind).toBe('timeout');
  });

  it('times out on a server that never answers', async () => {
    const started = Date.now();
    const facts = await fetchFrom(options(`http://${HOST}:${tarpitPort}/`, { timeoutMs: 300 }));
    expect(facts.error?.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('classifies a refused connection', async () => {
    const facts = await fetchFrom(options(`http://${HOST}:${closedPort}/`));
    expect(facts.error?.kind).toBe('refused');
  });

  it('classifies a certificate from an unknown CA as untrusted', async () => {
    const facts = await fetchFrom(options(`https://${HOST}:${httpsPort}/`, { ca: [] }));
    expect(facts.error?.kind).toBe('tls-untrusted');
    expect(facts.hops[0]?.status).toBeUndefined();
  });

  it('classifies a name mismatch', async () => {
    const facts = await fetchFrom(options(`https://other.example.test:${httpsPort}/`));
    expect(facts.error?.kind).toBe('tls-name');
  });

  it('can read headers without verifying the certificate', async () => {
    const facts = await fetchFrom(options(`https://${HOST}:${httpsPort}/`, { ca: [], verifyCertificate: false }));
    expect(facts.finalStatus).toBe(200);
  });

  it('refuses an address the policy refuses, without connecting', async () => {
    const facts = await fetchFrom(options(`http://${HOST}:${httpPort}/`, { policy: refuseLoopback }));
    expect(facts.error?.kind).toBe('blocked');
    expect(facts.blockedReason).toContain('loopback addresses are refused');
    expect(facts.hops[0]?.status).toBeUndefined();
  });

  it('checks each redirect target against the policy', async () => {
    const facts = await fetchFrom(options(`http://${HOST}:${httpPort}/guarded`));
    expect(facts.error?.kind).toBe('blocked');
    expect(facts.hops.map((h) => h.host)).toEqual([HOST, 'guarded.example.test']);
    expect(facts.blockedReason).toContain('127.0.0.2');
  });
});
