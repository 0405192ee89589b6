import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/services/totp.js';
import { accountabilityStrategy } from '../support/accountability-fixtures.js';
import { fixedStrategyReader } from '../support/sample-strategy.js';
import { byTag, createTestApp, findAll, parseHtml, seedFederation, textOf, type TestApp } from '../support/web-app.js';
import { addAccount, cookieOf, csrfOf, get, login, post, submit } from '../support/web-session.js';

/**
 * The signed-in pages of one's own account (password, authenticator app, API tokens, log out everywhere)
 * and of an organisation's users, in process: log in, read the CSRF token from the page, post its forms.
 */

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp(fixedStrategyReader(accountabilityStrategy()));
  await seedFederation(t.store);
  await addAccount(t.store, 'editor@amsterdam.nl', { name: 'Eva Editor', memberships: [['gm0363', 'editor']] });
  await addAccount(t.store, 'admin@amsterdam.nl', { name: 'Adam Admin', memberships: [['gm0363', 'admin']] });
  await addAccount(t.store, 'other@rijnland.nl', { name: 'Otto Other', memberships: [['ws0155', 'editor']] });
});
afterAll(async () => {
  await t.store.close();
});

const errorSummaryLinks = (html: string): string[] =>
  findAll(parseHtml(html), (el) => el.name === 'a' && (el.attrs.href ?? '').startsWith('#') && el.attrs.href !== '#main').map((a) => a.attrs.href ?? '');

describe('/account', () => {
  it('sends the public to the login page', async () => {
    const res = await get(t.app, '/account');
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/login?next=%2Faccount');
  });

  for (const lang of ['nl', 'en'] as const) {
    it(`shows who you are, your organisations and the forms (${lang})`, async () => {
      const { cookie, location } = await login(t.app, 'editor@amsterdam.nl');
      expect(location).toBe('/account');
      const res = await get(t.app, '/account', cookie, lang);
      expect(res.status).toBe(200);
      expect(res.headers.get('Cache-Control')).toContain('no-store');
      const html = await res.text();
      const doc = parseHtml(html);
      expect(byTag(doc, 'html')[0]?.attrs.lang).toBe(lang);
      expect(textOf(byTag(doc, 'h1')[0] ?? doc)).toBe(lang === 'nl' ? 'Mijn account' : 'My account');
      expect(html).toContain('Eva Editor');
      expect(html).toContain('Gemeente Amsterdam');
      expect(html).toContain(lang === 'nl' ? 'Redacteur' : 'Editor');
      expect(html).toContain(lang === 'nl' ? 'minstens 12 tekens' : 'at least 12 characters');
      for (const action of ['/account/password', '/account/totp/start', '/account/tokens', '/account/logout-everywhere']) {
        expect(findAll(doc, (el) => el.name === 'form' && el.attrs.action === action), action).toHaveLength(1);
      }
      // Every form that writes carries the session's token.
      for (const form of byTag(doc, 'form')) expect(findAll(form, (el) => el.attrs.name === '_csrf')).toHaveLength(1);
    });
  }

  it('changes the password: wrong current, mismatch and weak ones are refused with linked errors', async () => {
    await addAccount(t.store, 'pw@amsterdam.nl', { name: 'Piet Wachtwoord', memberships: [['gm0363', 'editor']] });
    const { cookie } = await login(t.app, 'pw@amsterdam.nl');
    const wrong = await submit(t.app, '/account', '/account/password', { current: 'not-my-password', next: 'Nieuwe-zin-van-losse-woorden-71', repeat: 'Nieuwe-zin-van-losse-woorden-71' }, cookie);
    expect(wrong.status).toBe(400);
    const html = await wrong.text();
    expect(errorSummaryLinks(html)).toContain('#password-current');
    const field = findAll(parseHtml(html), (el) => el.attrs.id === 'password-current')[0];
    expect(field?.attrs['aria-invalid']).toBe('true');
    expect(field?.attrs['aria-describedby']).toBe('password-current-error');
    expect(html).toContain('Het huidige wachtwoord klopt niet.');

    const mismatch = await submit(t.app, '/account', '/account/password', { current: 'Kastanje-vlinder-regenboog-tegelpad-93', next: 'Nieuwe-zin-van-losse-woorden-71', repeat: 'iets anders' }, cookie);
    expect(mismatch.status).toBe(400);
    expect(errorSummaryLinks(await mismatch.text())).toContain('#password-repeat');

    const weak = await submit(t.app, '/account', '/account/password', { current: 'Kastanje-vlinder-regenboog-tegelpad-93', next: 'wachtwoord', repeat: 'wachtwoord' }, cookie);
    expect(weak.status).toBe(400);
    const weakHtml = await weak.text();
    expect(errorSummaryLinks(weakHtml)).toContain('#password-new');
    expect(weakHtml).toContain('moet minstens 12 tekens lang zijn');

    const ok = await submit(t.app, '/account', '/account/password', { current: 'Kastanje-vlinder-regenboog-tegelpad-93', next: 'Nieuwe-zin-van-losse-woorden-71', repeat: 'Nieuwe-zin-van-losse-woorden-71' }, cookie);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('Location')).toBe('/account?done=password');
    const after = await get(t.app, '/account?done=password', cookie);
    expect(await after.text()).toContain('Uw wachtwoord is gewijzigd');
    await login(t.app, 'pw@amsterdam.nl', 'Nieuwe-zin-van-losse-woorden-71');
  });

  it('sets up an authenticator app; from then on the login asks for a code', async () => {
    await addAccount(t.store, 'totp@amsterdam.nl', { name: 'Tineke Totp', memberships: [['gm0363', 'editor']] });
    const { cookie } = await login(t.app, 'totp@amsterdam.nl');
    const started = await submit(t.app, '/account', '/account/totp/start', {}, cookie, 'en');
    expect(started.status).toBe(200);
    const html = await started.text();
    const doc = parseHtml(html);
    const img = byTag(doc, 'img')[0];
    expect(img?.attrs.src).toMatch(/^data:image\/png;base64,/);
    expect(img?.attrs.alt).toMatch(/QR code/);
    const shown = textOf(findAll(doc, (el) => el.attrs.id === 'totp-secret')[0] ?? doc);
    expect(shown).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    const secret = shown.replace(/\s+/g, '');

    const wrong = await post(t.app, '/account/totp/confirm', { _csrf: csrfOf(html), code: '000000' }, cookie, 'en');
    expect(wrong.status).toBe(400);
    const wrongHtml = await wrong.text();
    expect(errorSummaryLinks(wrongHtml)).toContain('#totp-code');
    expect(wrongHtml).toContain('data:image/png;base64,');

    const ok = await post(t.app, '/account/totp/confirm', { _csrf: csrfOf(html), code: totpCode(secret) }, cookie, 'en');
    expect(ok.status).toBe(303);
    expect(ok.headers.get('Location')).toBe('/account?done=totp');
    const audit = await t.store.db.selectFrom('audit_log').select(['action', 'via']).where('action', '=', 'account.second-factor').execute();
    expect(audit).toEqual([{ action: 'account.second-factor', via: 'web' }]);

    const again = await login(t.app, 'totp@amsterdam.nl');
    expect(again.location).toMatch(/^\/login\/second-factor/);
    expect((await get(t.app, '/account', again.cookie)).status).toBe(303);
    const page = await get(t.app, again.location, again.cookie);
    expect(page.status).toBe(200);
    const second = await post(t.app, '/login/second-factor', { code: totpCode(secret, Date.now() + 30_000), next: '/account' }, again.cookie);
    expect(second.status).toBe(303);
    const full = cookieOf(second) ?? '';
    expect((await get(t.app, '/account', full)).status).toBe(200);
  });

  it('creates an API token shown once, usable as Bearer, and revokes it', async () => {
    const { cookie } = await login(t.app, 'editor@amsterdam.nl');
    const tooMuch = await submit(t.app, '/account', '/account/tokens', { name: 'script', organisationCode: 'gm0363', role: 'admin', expiresInDays: '30' }, cookie);
    expect(tooMuch.status).toBe(400);
    const tooMuchHtml = await tooMuch.text();
    expect(errorSummaryLinks(tooMuchHtml)).toContain('#token-role');
    expect(tooMuchHtml).toContain('value="script"');
    const badDays = await submit(t.app, '/account', '/account/tokens', { name: 'script', organisationCode: 'gm0363', role: 'editor', expiresInDays: '999' }, cookie);
    expect(badDays.status).toBe(400);
    expect(errorSummaryLinks(await badDays.text())).toContain('#token-days');

    const created = await submit(t.app, '/account', '/account/tokens', { name: 'domeinlijst', organisationCode: 'gm0363', role: 'editor', expiresInDays: '30' }, cookie);
    expect(created.status).toBe(200);
    expect(created.headers.get('Cache-Control')).toContain('no-store');
    const html = await created.text();
    const secret = textOf(findAll(parseHtml(html), (el) => el.attrs.id === 'new-token')[0] ?? parseHtml('<x/>'));
    expect(secret).toMatch(/^thk_/);
    expect(html).toContain('maar één keer getoond');
    // Shown once: the list shows only the prefix.
    const later = await (await get(t.app, '/account', cookie)).text();
    expect(later).not.toContain(secret);
    expect(later).toContain('domeinlijst');

    const put = await t.app.request('/api/v1/organisations/gm0363/commitments/mail-secure', {
      method: 'PUT',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ plannedDate: '2027-06-30' }),
    });
    expect(put.status).toBe(200);
    const elsewhere = await t.app.request('/api/v1/organisations/ws0155/commitments/mail-secure', {
      method: 'PUT',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ plannedDate: '2027-06-30' }),
    });
    expect(elsewhere.status).toBe(403);

    const id = /action="\/account\/tokens\/(\d+)\/revoke"/.exec(later)?.[1] ?? '';
    const revoked = await submit(t.app, '/account', `/account/tokens/${id}/revoke`, {}, cookie);
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get('Location')).toBe('/account?done=token-revoked');
    const refused = await t.app.request('/api/v1/organisations/gm0363/commitments/mail-secure', {
      method: 'PUT',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ plannedDate: '2027-06-30' }),
    });
    expect(refused.status).toBe(401);
  });

  it('refuses a form without the session token', async () => {
    const { cookie } = await login(t.app, 'editor@amsterdam.nl');
    expect((await post(t.app, '/account/tokens', { name: 'x', organisationCode: 'gm0363', role: 'editor', expiresInDays: '30' }, cookie)).status).toBe(403);
  });

  it('logs out everywhere, this session included', async () => {
    await addAccount(t.store, 'leave@amsterdam.nl', { memberships: [['gm0363', 'editor']] });
    const one = await login(t.app, 'leave@amsterdam.nl');
    const two = await login(t.app, 'leave@amsterdam.nl');
    const res = await submit(t.app, '/account', '/account/logout-everywhere', {}, one.cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/login?done=logged-out-everywhere');
    expect(res.headers.getSetCookie().some((c) => /^thorbecke-session=;/.test(c))).toBe(true);
    for (const cookie of [one.cookie, two.cookie]) expect((await get(t.app, '/account', cookie)).status).toBe(303);
    expect(await (await get(t.app, '/login?done=logged-out-everywhere')).text()).toContain('U bent overal uitgelogd.');
  });
});

describe('/organisations/:code/users', () => {
  it('is for the organisation admins: editors and others get 403, the public the login page', async () => {
    expect((await get(t.app, '/organisations/gm0363/users')).status).toBe(303);
    const editor = await login(t.app, 'editor@amsterdam.nl');
    expect((await get(t.app, '/organisations/gm0363/users', editor.cookie)).status).toBe(403);
    const other = await login(t.app, 'other@rijnland.nl');
    expect((await get(t.app, '/organisations/gm0363/users', other.cookie)).status).toBe(403);
    const admin = await login(t.app, 'admin@amsterdam.nl');
    expect((await get(t.app, '/organisations/ws0155/users', admin.cookie)).status).toBe(403);
    // The editor's forms cannot be replayed by the editor either.
    const page = await get(t.app, '/account', editor.cookie);
    const forged = await post(t.app, '/organisations/gm0363/users', { _csrf: csrfOf(await page.text()), email: 'x@y.nl', displayName: 'X', role: 'admin' }, editor.cookie);
    expect(forged.status).toBe(403);
  });

  for (const lang of ['nl', 'en'] as const) {
    it(`lists members with role and source (${lang})`, async () => {
      const { cookie } = await login(t.app, 'admin@amsterdam.nl');
      const res = await get(t.app, '/organisations/gm0363/users', cookie, lang);
      expect(res.status).toBe(200);
      const html = await res.text();
      const table = findAll(parseHtml(html), (el) => el.attrs.id === 'members-table')[0];
      expect(table).toBeDefined();
      const text = textOf(table ?? parseHtml('<x/>'));
      expect(text).toContain('editor@amsterdam.nl');
      expect(text).toContain(lang === 'nl' ? 'Thorbecke-account' : 'Thorbecke account');
      expect(text).not.toContain('other@rijnland.nl');
    });
  }

  it('adds a new person, grants an existing one, changes a role and removes', async () => {
    const { cookie } = await login(t.app, 'admin@amsterdam.nl');
    const page = '/organisations/gm0363/users';
    const missingName = await submit(t.app, page, page, { email: 'nieuw@amsterdam.nl', displayName: '', role: 'editor' }, cookie);
    expect(missingName.status).toBe(400);
    const missingHtml = await missingName.text();
    expect(errorSummaryLinks(missingHtml)).toContain('#user-name');
    expect(missingHtml).toContain('value="nieuw@amsterdam.nl"');

    const created = await submit(t.app, page, page, { email: 'nieuw@amsterdam.nl', displayName: 'Nina Nieuw', role: 'editor' }, cookie);
    expect(created.status).toBe(303);
    expect(created.headers.get('Location')).toBe(`${page}?done=user-created`);
    expect(await (await get(t.app, `${page}?done=user-created`, cookie)).text()).toContain('identity provider');
    const account = await t.store.db.selectFrom('account').select(['id', 'password_hash']).where('email', '=', 'nieuw@amsterdam.nl').executeTakeFirstOrThrow();
    expect(account.password_hash).toBeNull();

    const granted = await submit(t.app, page, page, { email: 'other@rijnland.nl', displayName: '', role: 'editor' }, cookie);
    expect(granted.headers.get('Location')).toBe(`${page}?done=user-granted`);
    const other = await t.store.db.selectFrom('account').select('id').where('email', '=', 'other@rijnland.nl').executeTakeFirstOrThrow();

    const role = await submit(t.app, page, `${page}/${String(other.id)}/role`, { role: 'admin' }, cookie);
    expect(role.headers.get('Location')).toBe(`${page}?done=role-changed`);
    const membership = await t.store.db.selectFrom('membership').select('role').where('account_id', '=', other.id).where('organisation_code', '=', 'gm0363').executeTakeFirstOrThrow();
    expect(membership.role).toBe('admin');

    const removed = await submit(t.app, page, `${page}/${String(other.id)}/remove`, {}, cookie);
    expect(removed.headers.get('Location')).toBe(`${page}?done=user-removed`);
    const left = await t.store.db.selectFrom('membership').select('organisation_code').where('account_id', '=', other.id).execute();
    expect(left).toEqual([{ organisation_code: 'ws0155' }]);
    const actions = await t.store.db.selectFrom('audit_log').select('action').where('organisation_code', '=', 'gm0363').where('action', 'like', 'membership.%').execute();
    expect(actions.map((a) => a.action)).toEqual(['membership.grant', 'membership.grant', 'membership.revoke']);
  });
});
