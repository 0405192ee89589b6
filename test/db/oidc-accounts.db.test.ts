import { beforeEach, expect, it } from 'vitest';
import { OidcAccountService, type OidcSignIn } from '../../src/services/oidc-accounts.js';
import { verifyAudit } from '../../src/store/audit-verify.js';
import { startOidcLogin, takeOidcLogin } from '../../src/store/oidc-logins.js';
import { describeEachEngine } from '../support/engines.js';

const ISSUER = 'https://idp.amsterdam.example.nl';

const who = (overrides: Partial<OidcSignIn> = {}): OidcSignIn => ({
  issuer: ISSUER,
  subject: 'sub-1',
  email: 'ann@amsterdam.nl',
  displayName: 'Ann de Boer',
  memberships: [{ organisationCode: 'gm0363', role: 'editor' }],
  ...overrides,
});

describeEachEngine('OpenID Connect accounts', (ctx) => {
  const db = () => ctx.store().db;
  const service = () => new OidcAccountService(db());

  beforeEach(async () => {
    await ctx.reset();
    await db()
      .insertInto('organisation')
      .values(['gm0363', 'gm0518', 'pv27'].map((code) => ({ code, name: code, layer: 'gemeente', source: 'test' })))
      .execute();
  });

  const membershipsOf = (accountId: number) =>
    db().selectFrom('membership').select(['organisation_code', 'role', 'source']).where('account_id', '=', accountId).orderBy('organisation_code').execute();

  it('creates an account by issuer and subject, ignoring unknown organisations', async () => {
    const result = await service().signIn(who({ memberships: [{ organisationCode: 'gm0363', role: 'editor' }, { organisationCode: 'gm9999', role: 'editor' }] }), 'Amsterdam', '192.0.2.1');
    expect(result).toMatchObject({ created: true, unknownOrganisations: ['gm9999'] });
    expect(await membershipsOf(result.accountId)).toEqual([{ organisation_code: 'gm0363', role: 'editor', source: 'oidc' }]);
    const again = await service().signIn(who(), 'Amsterdam', '192.0.2.1');
    expect(again).toMatchObject({ accountId: result.accountId, created: false, unknownOrganisations: [] });
    const audit = await db().selectFrom('audit_log').select(['action', 'ip', 'via']).orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'account.create', ip: '192.0.2.1', via: 'web' },
      { action: 'membership.grant', ip: '192.0.2.1', via: 'web' },
    ]);
    expect(await verifyAudit(db())).toMatchObject({ entries: 2, problemCount: 0 });
  });

  it('replaces only the provider’s memberships; a local grant for the same organisation wins', async () => {
    const { accountId } = await service().signIn(who(), 'Amsterdam', undefined);
    await db().insertInto('membership').values({ account_id: accountId, organisation_code: 'pv27', role: 'admin', source: 'local', granted_by: 'admin' }).execute();
    await service().signIn(who({ memberships: [{ organisationCode: 'gm0518', role: 'admin' }, { organisationCode: 'pv27', role: 'editor' }] }), 'Amsterdam', undefined);
    expect(await membershipsOf(accountId)).toEqual([
      { organisation_code: 'gm0518', role: 'admin', source: 'oidc' },
      { organisation_code: 'pv27', role: 'admin', source: 'local' },
    ]);
    await service().signIn(who({ memberships: [] }), 'Amsterdam', undefined);
    expect(await membershipsOf(accountId)).toEqual([{ organisation_code: 'pv27', role: 'admin', source: 'local' }]);
  });

  it('does not link a local account with the same e-mail address, nor another provider’s account', async () => {
    await db().insertInto('account').values({ email: 'ann@amsterdam.nl', display_name: 'Ann', password_hash: 'x' }).execute();
    await expect(service().signIn(who(), 'Amsterdam', undefined)).rejects.toThrow(/already a Thorbecke account for your e-mail address/);
    await expect(service().signIn(who({ issuer: 'https://other.example.nl' }), 'Other', undefined)).rejects.toThrow(/already a Thorbecke account/);
    expect(await db().selectFrom('account').select('id').execute()).toHaveLength(1);
    expect(await db().selectFrom('audit_log').select('id').execute()).toHaveLength(0);
  });

  it('refuses a disabled account and changes nothing', async () => {
    const { accountId } = await service().signIn(who(), 'Amsterdam', undefined);
    await db().updateTable('account').set({ disabled_at: new Date() }).where('id', '=', accountId).execute();
    await expect(service().signIn(who({ displayName: 'Someone else', memberships: [] }), 'Amsterdam', undefined)).rejects.toThrow(/disabled/);
    expect(await membershipsOf(accountId)).toHaveLength(1);
  });

  it('takes a pending login once, and not after the login window', async () => {
    const start = new Date('2026-03-01T10:00:00Z');
    await startOidcLogin(db(), { state: 's1', provider: 'p', nonce: 'n', codeVerifier: 'v', returnTo: '/account' }, start);
    await startOidcLogin(db(), { state: 's2', provider: 'p', nonce: 'n', codeVerifier: 'v', returnTo: null }, start);
    expect(await takeOidcLogin(db(), 's1', new Date(start.getTime() + 60_000))).toMatchObject({ provider: 'p', return_to: '/account' });
    expect(await takeOidcLogin(db(), 's1', new Date(start.getTime() + 60_000))).toBeUndefined();
    expect(await takeOidcLogin(db(), 's2', new Date(start.getTime() + 11 * 60_000))).toBeUndefined();
    // Starting another login purges what is older than the window.
    await startOidcLogin(db(), { state: 's3', provider: 'p', nonce: 'n', codeVerifier: 'v', returnTo: null }, start);
    await startOidcLogin(db(), { state: 's4', provider: 'p', nonce: 'n', codeVerifier: 'v', returnTo: null }, new Date(start.getTime() + 11 * 60_000));
    expect((await db().selectFrom('oidc_login').select('state').execute()).map((r) => r.state)).toEqual(['s4']);
  });
});
