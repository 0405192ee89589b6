import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateSecurityTxt } from '../../src/checks/security-txt/evaluate.js';
import { fieldValues, parseRfc3339, parseSecurityTxt } from '../../src/checks/security-txt/parse.js';
import { loadConfig } from '../../src/config/load.js';
import { securityTxt } from '../../src/web/security-txt.js';
import { servedFacts } from '../support/served-facts.js';
import { createTestApp, type TestApp } from '../support/web-app.js';

const PUBLIC = 'https://thorbecke.example.nl/';
const DAY = 86_400_000;

describe('/.well-known/security.txt', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(undefined, {
      THORBECKE_PUBLIC_URL: PUBLIC,
      THORBECKE_CONTACT_EMAIL: 'beheer@thorbecke.example.nl',
      THORBECKE_SECURITY_POLICY: 'https://thorbecke.example.nl/beleid',
    });
  });
  afterAll(async () => {
    await t.store.close();
  });

  it('is served as text/plain in utf-8 with Contact, Expires, Preferred-Languages, Canonical and Policy', async () => {
    const res = await t.app.request('/.well-known/security.txt');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const parsed = parseSecurityTxt(await res.text());
    expect(parsed.problems).toEqual([]);
    expect(fieldValues(parsed, 'contact')).toEqual(['mailto:beheer@thorbecke.example.nl']);
    expect(fieldValues(parsed, 'preferred-languages')).toEqual(['nl, en']);
    expect(fieldValues(parsed, 'canonical')).toEqual(['https://thorbecke.example.nl/.well-known/security.txt']);
    expect(fieldValues(parsed, 'policy')).toEqual(['https://thorbecke.example.nl/beleid']);
    const expires = parseRfc3339(fieldValues(parsed, 'expires')[0] ?? '');
    const ahead = (expires?.getTime() ?? 0) - Date.now();
    expect(ahead).toBeGreaterThan(179 * DAY);
    expect(ahead).toBeLessThanOrEqual(180 * DAY);
  });

  it("passes Thorbecke's own web.security-txt check", async () => {
    const url = `${PUBLIC}.well-known/security.txt`;
    const facts = await servedFacts(url, await t.app.request('/.well-known/security.txt'));
    const verdict = evaluateSecurityTxt({ domain: 'thorbecke.example.nl', fetch: facts, measuredAt: new Date().toISOString() });
    expect(verdict.status, verdict.reason).toBe('pass');
  });

  it('still passes the check a day before and 179 days after it was served', async () => {
    const url = `${PUBLIC}.well-known/security.txt`;
    const facts = await servedFacts(url, await t.app.request('/.well-known/security.txt'));
    for (const at of [Date.now() - DAY, Date.now() + 179 * DAY - 60_000]) {
      const verdict = evaluateSecurityTxt({ domain: 'thorbecke.example.nl', fetch: facts, measuredAt: new Date(at).toISOString() });
      expect(verdict.status, verdict.reason).toBe('pass');
    }
  });

  it('redirects /security.txt to the well-known place', async () => {
    const res = await t.app.request('/security.txt');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/.well-known/security.txt');
  });
});

describe('securityTxt', () => {
  const NOW = new Date('2026-11-29T14:25:00Z');

  it('uses THORBECKE_SECURITY_CONTACT and counts Expires from the start of the UTC day', () => {
    const text = securityTxt(loadConfig({ THORBECKE_SECURITY_CONTACT: 'https://thorbecke.example.nl/melden' }), NOW);
    const parsed = parseSecurityTxt(text);
    expect(fieldValues(parsed, 'contact')).toEqual(['https://thorbecke.example.nl/melden']);
    expect(fieldValues(parsed, 'expires')).toEqual(['2027-05-28T00:00:00Z']);
    expect(fieldValues(parsed, 'policy')).toEqual([]);
  });

  it('defaults the contact to mailto: THORBECKE_CONTACT_EMAIL', () => {
    const parsed = parseSecurityTxt(securityTxt(loadConfig({}), NOW));
    expect(fieldValues(parsed, 'contact')).toEqual(['mailto:beheer@thorbecke.invalid']);
  });

  it('refuses a contact that is neither mailto: nor https:', () => {
    expect(() => loadConfig({ THORBECKE_SECURITY_CONTACT: 'http://thorbecke.example.nl/melden' })).toThrow(/THORBECKE_SECURITY_CONTACT/);
    expect(() => loadConfig({ THORBECKE_SECURITY_POLICY: 'http://thorbecke.example.nl/beleid' })).toThrow(/THORBECKE_SECURITY_POLICY/);
  });
});
