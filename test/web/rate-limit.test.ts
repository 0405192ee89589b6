import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../src/web/problem.js';
import { clientIp, normaliseIp, rightmostForwardedFor } from '../../src/web/client-ip.js';
import { createTestApp, type TestApp } from '../support/web-app.js';

const TOKEN = 'local-token-for-tests';

describe('API rate limit (THORBECKE_API_RATE_LIMIT=3, behind a trusted proxy)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(undefined, { THORBECKE_API_RATE_LIMIT: '3', THORBECKE_TRUST_PROXY: 'on' }, { localToken: TOKEN });
  });
  afterAll(async () => {
    await t.store.close();
  });

  const from = (ip: string, extra: Record<string, string> = {}) => ({ headers: { 'X-Forwarded-For': `203.0.113.9, ${ip}`, ...extra } });

  it('counts requests per client address and answers 429 problem+json with Retry-After over the limit', async () => {
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await t.app.request('/api/v1/organisations', from('198.51.100.1'));
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('3');
      expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
      expect(Number(res.headers.get('ratelimit-reset'))).toBeLessThanOrEqual(60);
      remaining.push(res.headers.get('ratelimit-remaining'));
    }
    expect(remaining).toEqual(['2', '1', '0']);

    const refused = await t.app.request('/api/v1/organisations', from('198.51.100.1'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('ratelimit-limit')).toBe('3');
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('ratelimit-reset')).toBe(String(retryAfter));
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(refused.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const problem = (await refused.json()) as Problem;
    expect(problem).toMatchObject({ status: 429, title: 'Too Many Requests', instance: '/api/v1/organisations' });
    expect(problem.detail).toMatch(/More than 3 API requests per minute/);

    // Another address has its own budget; pages and health endpoints are not limited.
    expect((await t.app.request('/api/v1/organisations', from('198.51.100.2'))).status).toBe(200);
    expect((await t.app.request('/organisations', from('198.51.100.1'))).status).toBe(200);
    expect((await t.app.request('/livez', from('198.51.100.1'))).status).toBe(200);
  });

  it("does not count requests with this server's local token", async () => {
    for (let i = 0; i < 5; i++) {
      const res = await t.app.request('/api/v1/organisations', from('198.51.100.3', { Authorization: `Bearer ${TOKEN}` }));
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBeNull();
    }
    // A wrong token is counted like any request.
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.app.request('/api/v1/organisations', from('198.51.100.3', { Authorization: 'Bearer wrong' }))).status);
    // (Refused by authentication, 401, but counted first: guessing tokens is limited too.)
    expect(statuses.slice(0, 3)).not.toContain(429);
    expect(statuses[3]).toBe(429);
  });
});

describe('API rate limit off (THORBECKE_API_RATE_LIMIT=0)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(undefined, { THORBECKE_API_RATE_LIMIT: '0' });
  });
  afterAll(async () => {
    await t.store.close();
  });

  it('never refuses and sends no RateLimit headers', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await t.app.request('/api/v1/organisations');
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBeNull();
    }
  });
});

describe('client address', () => {
  const appWith = (trustProxy: boolean) => {
    const app = new Hono();
    app.use(clientIp({ trustProxy }));
    app.get('/', (c) => c.text(c.get('clientIp') ?? '(none)'));
    return app;
  };
  const xff = (value: string) => ({ headers: { 'X-Forwarded-For': value } });

  it('takes the rightmost X-Forwarded-For entry only behind a trusted proxy', async () => {
    expect(await (await appWith(true).request('/', xff('10.0.0.1, 192.0.2.7'))).text()).toBe('192.0.2.7');
    expect(await (await appWith(true).request('/', xff('spoofed, 2001:DB8::1'))).text()).toBe('2001:db8::1');
    expect(await (await appWith(false).request('/', xff('192.0.2.7'))).text()).toBe('(none)');
    // No socket in process, no usable header: no address.
    expect(await (await appWith(true).request('/', xff('not-an-address'))).text()).toBe('(none)');
    expect(await (await appWith(true).request('/')).text()).toBe('(none)');
  });

  it('takes the socket address from a real connection', async () => {
    const server = serve({ fetch: appWith(false).fetch, port: 0, hostname: '127.0.0.1' });
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      expect(await (await fetch(`http://127.0.0.1:${String(port)}/`)).text()).toBe('127.0.0.1');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('normalises addresses', () => {
    expect(normaliseIp('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(normaliseIp('[2001:db8::1]')).toBe('2001:db8::1');
    expect(normaliseIp('192.0.2.1:443')).toBeUndefined();
    expect(rightmostForwardedFor('192.0.2.1, , ')).toBe('192.0.2.1');
    expect(rightmostForwardedFor(undefined)).toBeUndefined();
  });
});
