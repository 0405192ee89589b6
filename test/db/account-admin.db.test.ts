import { beforeEach, expect, it } from 'vitest';
import { localAccess, type Principal } from '../../src/domain/access.js';
import { AccountAdminService } from '../../src/services/account-admin.js';
import { AccountService } from '../../src/services/accounts.js';
import { verifyAudit } from '../../src/store/audit-verify.js';
import { createSession } from '../../src/store/sessions.js';
import { describeEachEngine } from '../support/engines.js';

const GOOD = 'correct horse battery staple';
const NEXT = 'a quite different passphrase indeed';

describeEachEngine('account administration', (ctx) => {
  const db = () => ctx.store().db;
  const admin = () => new AccountAdminService(db());
  const local = localAccess('cli:operator');

  let ann: number;
  let orgAdmin: Principal;

  beforeEach(async () => {
    await ctx.reset();
    await db().insertInto('organisation').values({ code: 'gm0363', name: 'Gemeente Amsterdam', layer: 'gemeente', source: 'test' }).execute();
    const accounts = new AccountService(db());
    ann = (await accounts.addUser(local.principal, local.actor, { email: 'ann@amsterdam.nl', displayName: 'Ann de Boer', password: GOOD, memberships: [{ organisationCode: 'gm0363', role: 'editor' }] })).id;
    const boss = await accounts.addUser(local.principal, local.actor, { email: 'boss@amsterdam.nl', displayName: 'Bo Baas', password: GOOD, memberships: [{ organisationCode: 'gm0363', role: 'admin' }] });
    const principal = await accounts.principalOf(boss.id);
    if (principal === undefined) throw new Error('no principal');
    orgAdmin = principal;
  });

  const auditActions = async () => (await db().selectFrom('audit_log').select(['action', 'actor', 'subject', 'after']).orderBy('id').execute()).slice(2);
  const sessionCount = async (accountId: number) => Number((await db().selectFrom('session').select((eb) => eb.fn.countAll().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow()).n);

  it('finds an account by e-mail address (any case) or id, and says so when there is none', async () => {
    expect((await admin().resolve(' Ann@Amsterdam.NL ')).id).toBe(ann);
    expect((await admin().resolve(String(ann))).email).toBe('ann@amsterdam.nl');
    await expect(admin().resolve('nobody@example.nl')).rejects.toThrow('There is no account for nobody@example.nl');
    await expect(admin().resolve('999')).rejects.toThrow('There is no account with id 999');
  });

  it('sets a new password: rules apply, the lock is lifted, sessions end, audited in the same transaction', async () => {
    await createSession(db(), { accountId: ann, method: 'password', awaitingSecondFactor: false, ip: undefined, userAgent: undefined });
    await db().updateTable('account').set({ failed_logins: 7, locked_until: new Date(Date.now() + 3_600_000) }).where('id', '=', ann).execute();

    await expect(admin().setPassword(local.principal, local.actor, ann, 'short')).rejects.toMatchObject({ name: 'InputError', issues: [{ location: 'password' }] });
    await expect(admin().setPassword(local.principal, local.actor, ann, 'Ann de Boer amsterdam')).rejects.toMatchObject({ issues: [{ message: 'must not contain your e-mail address or name' }] });
    expect(await sessionCount(ann)).toBe(1);

    expect(await admin().setPassword(local.principal, local.actor, ann, NEXT)).toEqual({ sessionsEnded: 1 });
    expect(await sessionCount(ann)).toBe(0);
    const outcome = await new AccountService(db()).login('ann@amsterdam.nl', NEXT);
    expect(outcome.account.id).toBe(ann);
    await expect(new AccountService(db()).login('ann@amsterdam.nl', GOOD)).rejects.toThrow();
    expect(await auditActions()).toEqual([{ action: 'account.password-reset', actor: 'cli:operator', subject: `account ${String(ann)}`, after: { changed: true, sessionsEnded: 1 } }]);
    expect(await verifyAudit(db())).toMatchObject({ problemCount: 0 });
  });

  it('refuses a password for an account of an identity provider', async () => {
    await db().updateTable('account').set({ oidc_issuer: 'https://idp.example.nl', oidc_subject: 's1', password_hash: null }).where('id', '=', ann).execute();
    await expect(admin().setPassword(local.principal, local.actor, ann, NEXT)).rejects.toThrow(/identity provider/);
  });

  it('removes a second factor once, ending sessions; nothing to do is not recorded', async () => {
    await db().updateTable('account').set({ totp_secret: 'JBSWY3DPEHPK3PXP', totp_last_step: 42 }).where('id', '=', ann).execute();
    await createSession(db(), { accountId: ann, method: 'password', awaitingSecondFactor: false, ip: undefined, userAgent: undefined });
    expect(await admin().resetSecondFactor(local.principal, local.actor, ann)).toEqual({ removed: true, sessionsEnded: 1 });
    const row = await db().selectFrom('account').select(['totp_secret', 'totp_pending_secret', 'totp_last_step']).where('id', '=', ann).executeTakeFirstOrThrow();
    expect(row).toEqual({ totp_secret: null, totp_pending_secret: null, totp_last_step: null });
    expect((await new AccountService(db()).login('ann@amsterdam.nl', GOOD)).needsSecondFactor).toBe(false);
    expect(await admin().resetSecondFactor(local.principal, local.actor, ann)).toEqual({ removed: false, sessionsEnded: 0 });
    expect((await auditActions()).map((a) => a.action)).toEqual(['account.second-factor-reset']);
    expect(await verifyAudit(db())).toMatchObject({ problemCount: 0 });
  });

  it('lets only administrators do either: not an organisation admin, not the public', async () => {
    await expect(admin().setPassword(orgAdmin, local.actor, ann, NEXT)).rejects.toMatchObject({ name: 'NotAllowedError' });
    await expect(admin().resetSecondFactor(orgAdmin, local.actor, ann)).rejects.toMatchObject({ name: 'NotAllowedError' });
    await expect(admin().setPassword({ kind: 'public' }, local.actor, ann, NEXT)).rejects.toMatchObject({ name: 'AuthenticationError' });
    await expect(admin().setPassword(local.principal, local.actor, 999, NEXT)).rejects.toMatchObject({ name: 'NotFoundError' });
    expect(await auditActions()).toEqual([]);
  });
});
