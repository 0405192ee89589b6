/**
 * The IPv6 family against local servers only (127.0.0.1 and ::1): a test DNS server on 127.0.0.1 as the
 * resolver, a second instance on ::1 as the name servers' IPv6 address (so the name-server query really
 * travels over IPv6), an HTTP server on both 127.0.0.1 and ::1 (same content, except for diff.test and
 * down6.test on ::1)
 * and an SMTP greeter on ::1. Skipped with a reason when this machine has no ::1.
 */
import { createServer as createHttp, type Server as HttpServer } from 'node:http';
import { createServer as createTcp, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressPolicy } from '../../src/domain/check.js';
import { createDnsCache } from '../../src/checks/dns/cache.js';
import { createDnsClient } from '../../src/checks/dns/client.js';
import { evaluateIpv6Address, evaluateIpv6Mx, evaluateIpv6Nameservers, evaluateIpv6Reachable } from '../../src/checks/ipv6/evaluate.js';
import { dnsLookups, gatherIpv6Mail, gatherIpv6Nameservers, gatherIpv6Web, type Ipv6GatherOptions } from '../../src/checks/ipv6/gather.js';
import { startDnsServer, type TestDnsServer, type Zones } from '../../src/testnet/dns-server.js';

/** Whether a TCP server can listen on ::1 here. */
async function hasIpv6Loopback(): Promise<boolean> {
  const server = createTcp();
  return new Promise((resolve) => {
    server.once('error', () => {
      resolve(false);
    });
    server.listen(0, '::1', () => {
      server.close(() => {
        resolve(true);
      });
    });
  });
}
const ipv6 = await hasIpv6Loopback();

/** Only the sealed test network: 127.0.0.0/8 and ::1. */
const loopbackOnly: AddressPolicy = (address) =>
  address === '::1' || /^127\./.test(address) ? { allowed: true } : { allowed: false, reason: 'outside the sealed test network' };

const zone = (apex: string, extra: Zones[string] = []): Zones[string] => [
  { name: '@', type: 'NS', data: `ns1.${apex}` },
  { name: '@', type: 'NS', data: `ns2.${apex}` },
  { name: 'ns1', type: 'AAAA', data: '::1' },
  { name: 'ns2', type: 'AAAA', data: '::1' },
  { name: '@', type: 'A', data: '127.0.0.1' },
  { name: '@', type: 'AAAA', data: '::1' },
  ...extra,
];
const ZONES: Zones = {
  'good.test': zone('good.test', [
    { name: '@', type: 'MX', data: { preference: 10, exchange: 'mx.good.test' } },
    { name: 'mx', type: 'AAAA', data: '::1' },
  ]),
  'diff.test': zone('diff.test'),
  'down6.test': zone('down6.test'),
  'nov6.test': [
    { name: '@', type: 'NS', data: 'ns1.nov6.test' },
    { name: '@', type: 'NS', data: 'ns2.nov6.test' },
    { name: 'ns1', type: 'A', data: '127.0.0.1' },
    { name: 'ns2', type: 'A', data: '127.0.0.1' },
    { name: '@', type: 'A', data: '127.0.0.1' },
    { name: '@', type: 'MX', data: { preference: 10, exchange: 'mx.nov6.test' } },
    { name: 'mx', type: 'A', data: '127.0.0.1' },
  ],
  'slow.test': zone('slow.test'),
};
/** The ::1 name server serves every zone but nov6.test's sibling lame.test (it answers REFUSED there). */
const LAME: Zones = { 'lame.test': zone('lame.test') };

const page = (text: string) => `<html><body><h1>${text}</h1>${'<p>Same site, same content.</p>'.repeat(10)}</body></html>`;

async function listen(server: Server | HttpServer, host: string, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

describe.skipIf(!ipv6)('IPv6 gathering over ::1 (skipped: this machine cannot listen on ::1)', () => {
  let resolver: TestDnsServer;
  let v6NameServer: TestDnsServer;
  const servers: Server[] = [];
  let options: Ipv6GatherOptions;

  beforeAll(async () => {
    resolver = await startDnsServer({ zones: { ...ZONES, ...LAME }, modes: { 'slow.test': 'drop' } });
    v6NameServer = await startDnsServer({ zones: ZONES, host: '::1' });
    const handler = (request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse) => {
      const overIpv6 = request.socket.localAddress === '::1';
      const host = (request.headers.host ?? '').replace(/:\d+$/, '');
      if (host === 'down6.test' && overIpv6) {
        request.socket.destroy(); // the site is down on IPv6
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html' }).end(host === 'diff.test' && overIpv6 ? page('It works! Default page') + 'x'.repeat(500) : page(host));
    };
    const web4 = createHttp(handler);
    const web6 = createHttp(handler);
    const smtp = createTcp((socket) => socket.end('220 mx.good.test ESMTP test\r\n'));
    servers.push(web4, web6, smtp);
    const webPort = await listen(web4, '127.0.0.1');
    await listen(web6, '::1', webPort);
    const smtpPort = await listen(smtp, '::1');
    const dns = createDnsCache(createDnsClient({ server: { host: '127.0.0.1', port: resolver.port }, timeoutMs: 300, retries: 0 }));
    options = {
      lookups: dnsLookups(dns),
      policy: loopbackOnly,
      timeoutMs: 2000,
      userAgent: 'Thorbecke-test',
      dnsPort: v6NameServer.port,
      smtpPort,
      web: [{ scheme: 'http', port: webPort }],
    };
  });

  afterAll(async () => {
    await Promise.all([resolver.close(), v6NameServer.close(), ...servers.map((server) => new Promise((resolve) => server.close(resolve)))]);
  });

  it('good.test: name servers answer over IPv6, same content, MX greets over IPv6 → pass', async () => {
    const [ns, web, mail] = await Promise.all([gatherIpv6Nameservers('good.test', options), gatherIpv6Web('good.test', options), gatherIpv6Mail('good.test', options)]);
    expect(evaluateIpv6Nameservers(ns).status).toBe('pass');
    expect(v6NameServer.queries.some((query) => query.name === 'good.test' && query.type === 'NS')).toBe(true);
    expect(evaluateIpv6Address(web).status).toBe('pass');
    const reachable = evaluateIpv6Reachable(web);
    expect(reachable.reason).toMatch(/same content/);
    expect(reachable.status).toBe('pass');
    expect(web.probes.find((probe) => probe.family === 6)?.similarity).toBe(1);
    const mx = evaluateIpv6Mx(mail);
    expect(mx.status).toBe('pass');
    expect(mail.hosts[0]?.probes[0]?.detail).toMatch(/^220 mx.good.test/);
  });

  it('diff.test: different content over ::1 → web.ipv6.reachable fails', async () => {
    const verdict = evaluateIpv6Reachable(await gatherIpv6Web('diff.test', options));
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/different content over IPv6/);
  });

  it('down6.test: the web server drops connections on ::1 → web.ipv6.reachable fails', async () => {
    const verdict = evaluateIpv6Reachable(await gatherIpv6Web('down6.test', options));
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/does not answer on IPv6 address ::1/);
  });

  it('nov6.test: no AAAA anywhere → address, reachable, name servers and MX fail', async () => {
    const [ns, web, mail] = await Promise.all([gatherIpv6Nameservers('nov6.test', options), gatherIpv6Web('nov6.test', options), gatherIpv6Mail('nov6.test', options)]);
    expect(evaluateIpv6Address(web).status).toBe('fail');
    expect(evaluateIpv6Reachable(web).status).toBe('fail');
    expect(evaluateIpv6Nameservers(ns).reason).toMatch(/0 of 2/);
    expect(evaluateIpv6Mx(mail).status).toBe('fail');
  });

  it('lame.test: the name servers refuse the zone over IPv6 → fail', async () => {
    const verdict = evaluateIpv6Nameservers(await gatherIpv6Nameservers('lame.test', options));
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/do not answer over IPv6.*REFUSED/);
  });

  it('slow.test: the resolver times out → error, never fail', async () => {
    const [ns, web] = await Promise.all([gatherIpv6Nameservers('slow.test', options), gatherIpv6Web('slow.test', options)]);
    expect(evaluateIpv6Nameservers(ns).status).toBe('error');
    expect(evaluateIpv6Address(web).status).toBe('error');
    expect(evaluateIpv6Reachable(web).status).toBe('error');
  });

  it('the address policy is applied: refusing ::1 → blocked', async () => {
    const refuseV6: AddressPolicy = (address) => (address === '::1' ? { allowed: false, reason: '::1 is loopback' } : loopbackOnly(address));
    const mail = await gatherIpv6Mail('good.test', { ...options, policy: refuseV6 });
    expect(evaluateIpv6Mx(mail).status).toBe('blocked');
    const ns = await gatherIpv6Nameservers('good.test', { ...options, policy: refuseV6 });
    expect(evaluateIpv6Nameservers(ns).status).toBe('blocked');
  });
});
