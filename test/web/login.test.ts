import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAccess } from '../../src/domain/access.js';
import { AccountService } from '../../src/services/accounts.js';
import { totpCode } from '../../src/services/totp.js';
import { safeNext } from '../../src/web/auth/next.js';
import { accountabilityStrategy, seedOwners } from '../support/accountability-fixtures.js';
import { logIn, PASSWORD } from '../support/people.js';
import { fixedStrategyReader } from '../support/sample-strategy.js';
import { createTestApp, type TestApp } from '../support/web-app.js';

const LOCAL = localAccess('cli:test');
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost' };
let t: TestApp;
let totpSecret = '';

const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  t.app.request(path, { method: 'POST', headers: { ...FORM, ...headers }, body: new URLSearchParams(fields).toString() });
const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

beforeAll(async () => {
  t = await createTestApp(fixedStrategyReader(accountabilityStrategy()));
  await seedOwners(t.store.db, { gm7401: { layer: 'gemeente', domains: ['a.nl'] } });
  const accounts = new AccountService(t.store.db);
  await accounts.addUser(LOCAL.principal, LOCAL.actor, { email: 'ed@gm7401.test', displayName: 'Ed Editor', password: PASSWORD, memberships: [{ organisationCode: 'gm7401', role: 'editor' }] });
  const twoStep = await accounts.addUser(LOCAL.principal, LOCAL.actor, { email: 'tess@gm7401.test', displayName: 'Tess Totp', password: PASSWORD, memberships: [{ organisationCode: 'gm7401', role: 'editor' }] });
  totpSecret = (await accounts.startTotp(twoStep.id)).secret;
  await accounts.confirmTotp(LOCAL.actor, twoStep.id, totpCode(totpSecret, Date.now() - 30_000));
});
afterAll(async () => {
  await t.store.close();
});

describe('logging in', () => {
  it('shows the login form in both languages, and a login link on public pages', async () => {
    for (const [lang, heading] of [['nl', 'Inloggen'], ['en', 'Log in']] as const) {
      const html = await (await t.app.request(`/login?lang=${lang}`)).text();
      expect(html).toContain(`<h1 class="utrecht-heading-1">${heading}</h1>`);
      expect(html).toContain('autocomplete="current-password"');
    }
    expect(await (await t.app.request('/about')).text()).toContain('href="/login?next=%2Fabout"');
  });

  it('logs in with a session cookie (HttpOnly, SameSite) and shows the person in the header; logs out', async () => {
    const res = await post('/login', { email: 'ed@gm7401.test', password: PASSWORD, next: '/about' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/about');
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/; Secure/);
    const cookie = cookieOf(res);
    const page = await t.app.request('/about', { headers: { Cookie: cookie } });
    expect(page.headers.get('cache-control')).toBe('private, no-store');
    const html = await page.text();
    expect(html).toContain('Mijn account (Ed Editor)');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    // logging out without the form's token is refused; with it the session ends
    expect((await post('/logout', {}, { Cookie: cookie })).status).toBe(403);
    expect((await post('/logout', { _csrf: csrf }, { Cookie: cookie })).status).toBe(303);
    expect(await (await t.app.request('/about', { headers: { Cookie: cookie } })).text()).not.toContain('Ed Editor');
  });

  it('says the same for a wrong password and an unknown address, with status 401, keeping the address', async () => {
    const wrong = await post('/login', { email: 'ed@gm7401.test', password: 'not-the-right-password' });
    const unknown = await post('/login', { email: 'nobody@gm7401.test', password: 'not-the-right-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const a = await wrong.text();
    expect(a).toContain('value="ed@gm7401.test"');
    expect(a).toContain('klopt niet');
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('asks for the TOTP code; until then the session authorises nothing', async () => {
    const res = await post('/login', { email: 'tess@gm7401.test', password: PASSWORD, next: '/about' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login/second-factor?next=%2Fabout');
    const pending = cookieOf(res);
    expect(await (await t.app.request('/about', { headers: { Cookie: pending } })).text()).not.toContain('Tess Totp');
    const write = await t.app.request('/api/v1/organisations/gm7401/commitments/mail-secure', {
      method: 'PUT',
      headers: { Cookie: pending, 'Content-Type': 'application/json' },
      body: JSON.stringify({ plannedDate: '2030-01-01' }),
    });
    expect(write.status).toBe(401);
    expect((await t.app.request('/login/second-factor', { headers: { Cookie: pending } })).status).toBe(200);
    expect((await post('/login/second-factor', { code: '123456', next: '/about' }, { Cookie: pending })).status).toBe(401);
    const done = await post('/login/second-factor', { code: totpCode(totpSecret), next: '/about' }, { Cookie: pending });
    expect(done.status).toBe(303);
    const full = cookieOf(done);
    expect(full).not.toBe(pending);
    expect(await (await t.app.request('/about', { headers: { Cookie: full } })).text()).toContain('Tess Totp');
    // the half-way session was replaced (no fixation)
    expect((await t.app.request('/login/second-factor', { headers: { Cookie: pending } })).status).toBe(401);
  });

  it('names the cookie __Host- behind HTTPS', async () => {
    const https = await createTestApp(fixedStrategyReader(accountabilityStrategy()), { THORBECKE_PUBLIC_URL: 'https://thorbecke.example.nl/' });
    try {
      await new AccountService(https.store.db).addUser(LOCAL.principal, LOCAL.actor, { email: 'x@example.nl', displayName: 'X', password: PASSWORD });
      const res = await https.app.request('/login', { method: 'POST', headers: { ...FORM, Origin: 'https://thorbecke.example.nl' }, body: new URLSearchParams({ email: 'x@example.nl', password: PASSWORD }).toString() });
      expect(res.status).toBe(303);
      expect(res.headers.get('set-cookie')).toMatch(/^__Host-thorbecke-session=[^;]+; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    } finally {
      await https.store.close();
    }
  });

  it('refuses a login form posted from another site', async () => {
    const res = await post('/login', { email: 'ed@gm7401.test', password: PASSWORD }, { Origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });

  it('sends a visitor of a page that needs a login to the login page, and back afterwards (local paths only)', async () => {
    expect(safeNext('/organisations/gm7401')).toBe('/organisations/gm7401');
    for (const bad of ['//evil.example/', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', undefined]) expect(safeNext(bad)).toBe('/account');
    const browser = await logIn(t.app, 'ed@gm7401.test');
    expect(browser.csrf.length).toBeGreaterThan(20);
  });

  it('throttles repeated failures from one address for one account with 429', async () => {
    let last = 0;
    for (let i = 0; i < 7; i++) last = (await post('/login', { email: 'throttled@gm7401.test', password: `wrong-${String(i)}` })).status;
    expect(last).toBe(429);
  });
});
