import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookCaller, signature } from '../../src/services/notify-webhook.js';

/** The webhook caller against a receiver on 127.0.0.1 (no other network). */
describe('webhook calls', () => {
  const seen: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];
  let server: Server;
  let port = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        if (req.url === '/silent') return; // never answers
        if (req.url === '/moved') {
          res.writeHead(307, { location: `http://127.0.0.1:${String(port)}/elsewhere` }).end();
          return;
        }
        // A large answer is not read beyond the cap, and not an error.
        res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(1_000_000));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  });

  const call = createWebhookCaller({
    allow: ['127.0.0.0/8'],
    timeoutMs: 1500,
    userAgent: 'Thorbecke/test',
    // A name only this resolver knows: the connection must go to the address it checked.
    resolve: (host) => (host === 'hooks.thorbecke.test' ? Promise.resolve(['127.0.0.1']) : Promise.reject(new Error(`unknown host ${host}`))),
  });

  it('POSTs the body, signed, to the checked address of the name', async () => {
    seen.length = 0;
    await call(`http://hooks.thorbecke.test:${String(port)}/hook?x=1`, '{"kind":"status-worsened"}', 'a-secret-of-16-chars');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe('/hook?x=1');
    expect(seen[0]?.headers.host).toBe(`hooks.thorbecke.test:${String(port)}`);
    expect(seen[0]?.headers['x-thorbecke-signature']).toBe(signature('a-secret-of-16-chars', '{"kind":"status-worsened"}'));
    expect(seen[0]?.headers['user-agent']).toBe('Thorbecke/test');
    await call(`http://127.0.0.1:${String(port)}/unsigned`, '{}', null);
    expect(seen[1]?.headers['x-thorbecke-signature']).toBeUndefined();
  });

  it('does not follow redirects, and gives up on a receiver that does not answer', async () => {
    seen.length = 0;
    await expect(call(`http://127.0.0.1:${String(port)}/moved`, '{}', null)).rejects.toThrow('the webhook answered HTTP 307: redirects are not followed');
    expect(seen.map((s) => s.url)).toEqual(['/moved']);
    await expect(call(`http://127.0.0.1:${String(port)}/silent`, '{}', null)).rejects.toThrow();
  });

  it('reports a name that does not resolve as a (retried) failure', async () => {
    await expect(call('https://nowhere.thorbecke.test/x', '{}', null)).rejects.toThrow('nowhere.thorbecke.test could not be resolved: unknown host nowhere.thorbecke.test');
  });
});
