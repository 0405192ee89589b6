/**
 * Thorbecke's own answers judged by Thorbecke's own checks (web.https.hsts, web.security-txt) and by the
 * security headers of the NL API Design Rules (/core/transport/security-headers).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateHsts } from '../../src/checks/https/evaluate.js';
import { evaluateSecurityTxt } from '../../src/checks/security-txt/evaluate.js';
import { servedFacts } from '../support/served-facts.js';
import { createTestApp, type TestApp } from '../support/web-app.js';

const HOST = 'thorbecke.example.nl';
const PUBLIC = `https://${HOST}/`;

/** The directives of a Content-Security-Policy header: name → sources. */
function csp(header: string | null): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name !== undefined && name !== '') directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

describe("Thorbecke's own pages and API pass its own checks", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(undefined, { THORBECKE_PUBLIC_URL: PUBLIC });
  });
  afterAll(async () => {
    await t.store.close();
  });

  it.each(['/', '/organisations', '/api/v1/organisations', '/livez'])('web.https.hsts passes for %s', async (path) => {
    const https = await servedFacts(new URL(path, PUBLIC).href, await t.app.request(path));
    const verdict = evaluateHsts({ domain: HOST, https });
    expect(verdict.status, verdict.reason).toBe('pass');
  });

  it('web.security-txt passes', async () => {
    const fetch = await servedFacts(`${PUBLIC}.well-known/security.txt`, await t.app.request('/.well-known/security.txt'));
    const verdict = evaluateSecurityTxt({ domain: HOST, fetch, measuredAt: new Date().toISOString() });
    expect(verdict.status, verdict.reason).toBe('pass');
  });

  it.each(['/', '/organisations', '/no-such-page'])('the page %s has a strict CSP without inline code, and the other security headers', async (path) => {
    const res = await t.app.request(path);
    const policy = csp(res.headers.get('content-security-policy'));
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(res.headers.get('content-security-policy')).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8$/i);
  });

  it.each([
    ['/api/v1/organisations', 200],
    ['/api/v1/no-such-resource', 404],
    ['/api/v2', 404],
    ['/api/v1/organisations?pageSize=abc', 400],
  ])('the API answer %s (%i) has the security headers of the API Design Rules', async (path, status) => {
    const res = await t.app.request(path, { headers: { Origin: 'https://elders.example.nl' } });
    expect(res.status).toBe(status);
    const policy = csp(res.headers.get('content-security-policy'));
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=31536000/);
    expect(res.headers.get('content-type')).toMatch(status === 200 ? /^application\/json/ : /^application\/problem\+json/);
    if (path.startsWith('/api/v1/')) expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});
