import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLiveSession } from '../../src/store/sessions.js';
import { startTestIdp, type TestIdp } from '../support/oidc-provider.js';
import { createTestApp, seedFederation, type TestApp } from '../support/web-app.js';

const PUBLIC_URL = 'http://localhost:8080/';

let dir: string;
let idp: TestIdp;
let t: TestApp;

function providerYaml(idp: TestIdp): string {
  const common = `    issuer: ${idp.issuer}
    allowInsecure: true
    clientId: ${idp.clientId}
    privateKeyFile: client-key.pem
    scopes: [openid, email, profile, thorbecke]
`;
  return `providers:
  - id: test
    name: Test-IdP
${common}    organisationClaim: tooi_organisation
    roleClaim: thorbecke_role
    roles:
      beheerder: admin
      medewerker: editor
    defaultRole: none
  - id: eidas
    name: eIDAS-IdP
${common}    acrValues: [http://eidas.europa.eu/LoA/substantial]
    organisations: [pv27]
    defaultRole: editor
`;
}

const cookieOf = (res: Response, name: string): string | undefined =>
  res.headers
    .getSetCookie()
    .map((line) => line.split(';')[0] ?? '')
    .find((pair) => pair.startsWith(`${name}=`))
    ?.slice(name.length + 1);

/** GET /login/oidc/<provider>: the IdP's authorization URL and the browser-binding cookie. */
async function start(provider: string, next?: string): Promise<{ authorizationUrl: string; binding: string }> {
  const res = await t.app.request(`/login/oidc/${provider}${next === undefined ? '' : `?next=${encodeURIComponent(next)}`}`);
  expect(res.status).toBe(302);
  const authorizationUrl = res.headers.get('location') ?? '';
  const binding = cookieOf(res, 'thorbecke-oidc') ?? '';
  expect(binding).not.toBe('');
  return { authorizationUrl, binding };
}

async function callback(url: URL, binding: string): Promise<Response> {
  return t.app.request(`${url.pathname}${url.search}`, { headers: { cookie: `thorbecke-oidc=${binding}` } });
}

/** A whole login: start, the IdP, the callback. */
async function login(provider: string, subject: string, next?: string): Promise<Response> {
  const { authorizationUrl, binding } = await start(provider, next);
  return callback(await idp.login(authorizationUrl, subject), binding);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thorbecke-oidc-'));
  idp = await startTestIdp({
    dir,
    redirectUris: [`${PUBLIC_URL}login/oidc/test/callback`, `${PUBLIC_URL}login/oidc/eidas/callback`],
    accounts: {
      alice: { email: 'Alice@Amsterdam.nl', email_verified: true, name: 'Alice Jansen', tooi_organisation: ['gm0363', 'gm9999', 'not a code'], thorbecke_role: ['medewerker', 'beheerder'] },
      bob: { email: 'bob@rijnland.nl', name: 'Bob de Vries', tooi_organisation: 'ws0155', thorbecke_role: 'medewerker' },
      carol: { email: 'carol@example.nl', name: 'Carol', tooi_organisation: 'gm0363', thorbecke_role: 'medewerker' },
      noemail: { name: 'Nobody', tooi_organisation: 'gm0363' },
    },
  });
  const file = join(dir, 'oidc.yaml');
  await writeFile(file, providerYaml(idp));
  t = await createTestApp(undefined, { THORBECKE_OIDC_FILE: file, THORBECKE_PUBLIC_URL: PUBLIC_URL });
  await seedFederation(t.store);
});

afterAll(async () => {
  await idp.close();
  await t.store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('OpenID Connect login (NL GOV profile)', () => {
  it('sends the browser to the provider with PKCE S256, state, nonce and the exact redirect URI', async () => {
    const { authorizationUrl } = await start('test', '/organisations/gm0363');
    const url = new URL(authorizationUrl);
    expect(url.origin).toBe(idp.issuer);
    const q = url.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe(idp.clientId);
    expect(q.get('redirect_uri')).toBe(`${PUBLIC_URL}login/oidc/test/callback`);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(q.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(q.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(q.get('scope')).toBe('openid email profile thorbecke');
    const row = await t.store.db.selectFrom('oidc_login').selectAll().where('state', '=', q.get('state') ?? '').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ provider: 'test', return_to: '/organisations/gm0363' });
    expect(row.code_verifier).not.toBe(q.get('code_challenge'));
  });

  it('logs in, creates the account with the memberships the claims give, audits it and starts a session', async () => {
    const res = await login('test', 'alice', '/organisations/gm0363');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/organisations/gm0363');
    const secret = cookieOf(res, 'thorbecke-session');
    expect(secret).toBeDefined();
    const session = await findLiveSession(t.store.db, secret ?? '');
    expect(session).toMatchObject({ method: 'oidc', awaitingSecondFactor: false });

    const account = await t.store.db.selectFrom('account').selectAll().where('oidc_subject', '=', 'alice').executeTakeFirstOrThrow();
    expect(account).toMatchObject({ email: 'alice@amsterdam.nl', display_name: 'Alice Jansen', oidc_issuer: idp.issuer, password_hash: null, global_role: null });
    expect(session?.accountId).toBe(account.id);
    // gm9999 is unknown and "not a code" is no code: both ignored; the highest mapped role wins.
    const memberships = await t.store.db.selectFrom('membership').select(['organisation_code', 'role', 'source']).where('account_id', '=', account.id).execute();
    expect(memberships).toEqual([{ organisation_code: 'gm0363', role: 'admin', source: 'oidc' }]);

    const audit = await t.store.db.selectFrom('audit_log').selectAll().where('actor_account_id', '=', account.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['account.create', 'membership.grant']);
    expect(audit[0]).toMatchObject({ via: 'web', actor: 'Alice Jansen', subject: `account ${String(account.id)}` });
    expect(audit[1]).toMatchObject({ organisation_code: 'gm0363', after: { role: 'admin', source: 'oidc' } });
  });

  it('on a later login follows the provider: name, and oidc memberships replaced; local ones stay', async () => {
    const first = await login('test', 'bob');
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('/account');
    const account = await t.store.db.selectFrom('account').select('id').where('oidc_subject', '=', 'bob').executeTakeFirstOrThrow();
    await t.store.db.insertInto('membership').values({ account_id: account.id, organisation_code: 'pv27', role: 'editor', source: 'local', granted_by: 'test' }).execute();

    idp.accounts.set('bob', { email: 'bob@rijnland.nl', name: 'Bob de Vries-Jansen', tooi_organisation: ['mnre1034', 'pv27'], thorbecke_role: 'beheerder' });
    const second = await login('test', 'bob');
    expect(second.status).toBe(302);
    const row = await t.store.db.selectFrom('account').select('display_name').where('id', '=', account.id).executeTakeFirstOrThrow();
    expect(row.display_name).toBe('Bob de Vries-Jansen');
    const memberships = await t.store.db.selectFrom('membership').select(['organisation_code', 'role', 'source']).where('account_id', '=', account.id).orderBy('organisation_code').execute();
    expect(memberships).toEqual([
      { organisation_code: 'mnre1034', role: 'admin', source: 'oidc' },
      { organisation_code: 'pv27', role: 'editor', source: 'local' },
    ]);
    const actions = (await t.store.db.selectFrom('audit_log').select(['action', 'organisation_code']).where('actor_account_id', '=', account.id).orderBy('id').execute()).map((a) => `${a.action} ${a.organisation_code ?? ''}`.trim());
    expect(actions).toEqual(['account.create ws0155', 'membership.grant ws0155', 'account.update', 'membership.revoke ws0155', 'membership.grant mnre1034']);
  });

  it('refuses to take over a local account with the same e-mail address', async () => {
    await t.store.db.insertInto('account').values({ email: 'carol@example.nl', display_name: 'Carol (local)', password_hash: 'x' }).execute();
    const res = await login('test', 'carol');
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('already a Thorbecke account for your e-mail address');
    expect(cookieOf(res, 'thorbecke-session')).toBeUndefined();
    const account = await t.store.db.selectFrom('account').selectAll().where('email', '=', 'carol@example.nl').executeTakeFirstOrThrow();
    expect(account.oidc_subject).toBeNull();
  });

  it('refuses a disabled account', async () => {
    await t.store.db.updateTable('account').set({ disabled_at: new Date() }).where('oidc_subject', '=', 'alice').execute();
    const res = await login('test', 'alice');
    expect(await res.text()).toContain('This account is disabled');
    expect(cookieOf(res, 'thorbecke-session')).toBeUndefined();
    await t.store.db.updateTable('account').set({ disabled_at: null }).where('oidc_subject', '=', 'alice').execute();
  });

  it('refuses a login without an e-mail address', async () => {
    const res = await login('test', 'noemail');
    expect(await res.text()).toContain('did not give an e-mail address');
  });

  it('refuses a replayed callback (each state is used once)', async () => {
    const { authorizationUrl, binding } = await start('test');
    const back = await idp.login(authorizationUrl, 'alice');
    expect((await callback(back, binding)).status).toBe(302);
    const replay = await callback(back, binding);
    expect(replay.status).toBe(401);
    expect(await replay.text()).toContain('expired or was already completed');
    expect(cookieOf(replay, 'thorbecke-session')).toBeUndefined();
  });

  it('refuses an unknown state, a callback in another browser, and a wrong nonce', async () => {
    const { authorizationUrl, binding } = await start('test');
    const back = await idp.login(authorizationUrl, 'alice');
    const forged = new URL(back);
    forged.searchParams.set('state', 'forged-state-value-that-was-never-issued');
    expect(await (await callback(forged, binding)).text()).toContain('expired or was already completed');

    const other = await start('test');
    const otherBack = await idp.login(other.authorizationUrl, 'alice');
    const res = await t.app.request(`${otherBack.pathname}${otherBack.search}`);
    expect(await res.text()).toContain('started in another browser');

    const third = await start('test');
    const state = new URL(third.authorizationUrl).searchParams.get('state') ?? '';
    await t.store.db.updateTable('oidc_login').set({ nonce: 'not-the-nonce-sent' }).where('state', '=', state).execute();
    const thirdBack = await idp.login(third.authorizationUrl, 'alice');
    const wrongNonce = await callback(thirdBack, third.binding);
    expect(await wrongNonce.text()).toContain('could not be completed');
    expect(cookieOf(wrongNonce, 'thorbecke-session')).toBeUndefined();
  });

  it('shows the provider’s refusal', async () => {
    const { authorizationUrl, binding } = await start('test');
    const state = new URL(authorizationUrl).searchParams.get('state') ?? '';
    const res = await t.app.request(`/login/oidc/test/callback?error=access_denied&error_description=${encodeURIComponent('End-User aborted interaction')}&state=${state}`, { headers: { cookie: `thorbecke-oidc=${binding}` } });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('Test-IdP did not log you in: End-User aborted interaction');
    expect(await t.store.db.selectFrom('oidc_login').select('state').where('state', '=', state).executeTakeFirst()).toBeUndefined();
    // A crafted link shows no text of its own.
    const crafted = await t.app.request(`/login/oidc/test/callback?error=access_denied&error_description=${encodeURIComponent('Call 0800-FRAUD')}&state=x`);
    const html = await crafted.text();
    expect(html).not.toContain('Call 0800-FRAUD');
    expect(html).toContain('the login was cancelled or not allowed');
  });

  it('asks for the configured assurance level, refuses an ID token without it and accepts one with it', async () => {
    const { authorizationUrl, binding } = await start('eidas');
    expect(new URL(authorizationUrl).searchParams.get('acr_values')).toBe('http://eidas.europa.eu/LoA/substantial');
    const res = await callback(await idp.login(authorizationUrl, 'bob'), binding);
    expect(await res.text()).toContain('did not confirm the required assurance level');

    idp.accounts.set('dave', { email: 'dave@noord-holland.nl', name: 'Dave', acr: 'http://eidas.europa.eu/LoA/substantial' });
    const ok = await login('eidas', 'dave');
    expect(ok.status).toBe(302);
    const account = await t.store.db.selectFrom('account').select('id').where('oidc_subject', '=', 'dave').executeTakeFirstOrThrow();
    const memberships = await t.store.db.selectFrom('membership').select(['organisation_code', 'role']).where('account_id', '=', account.id).execute();
    expect(memberships).toEqual([{ organisation_code: 'pv27', role: 'editor' }]);
  });

  it('offers a button per provider on the login page, keeping where to go next', async () => {
    const html = await (await t.app.request('/login?next=%2Fprogress&lang=en')).text();
    expect(html).toContain('<a class="utrecht-link" href="/login/oidc/test?next=%2Fprogress">Log in with Test-IdP</a>');
    expect(html).toContain('Log in with eIDAS-IdP');
  });

  it('answers 404 for an unknown provider', async () => {
    expect((await t.app.request('/login/oidc/nope')).status).toBe(404);
    expect((await t.app.request('/login/oidc/nope/callback?code=x&state=y')).status).toBe(404);
  });

  it('goes only to local paths after the login', async () => {
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const { authorizationUrl } = await start('test', next);
      const state = new URL(authorizationUrl).searchParams.get('state') ?? '';
      const row = await t.store.db.selectFrom('oidc_login').select('return_to').where('state', '=', state).executeTakeFirstOrThrow();
      expect(row.return_to).toBe('/account');
    }
  });
});
