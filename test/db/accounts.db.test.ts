import { beforeEach, expect, it } from 'vitest';
import { actorOf, localAccess, type Principal } from '../../src/domain/access.js';
import { AuthenticationError, InputError, NotAllowedError } from '../../src/domain/errors.js';
import { AccountService, LOCK_AFTER_FAILURES } from '../../src/services/accounts.js';
import { totpCode } from '../../src/services/totp.js';
import { verifyAudit } from '../../src/store/audit-verify.js';
import { createSession, findLiveSession } from '../../src/store/sessions.js';
import { seedOwners } from '../support/accountability-fixtures.js';
import { describeEachEngine } from '../support/engines.js';
import { PASSWORD } from '../support/people.js';

const LOCAL = localAccess('cli:test');

describeEachEngine('accounts, logins and tokens', (ctx) => {
  const db = () => ctx.store().db;
  let now = new Date('2026-06-01T10:00:00Z');
  const accounts = () => new AccountService(db(), () => now);
  const add = (email: string, extra: Record<string, unknown> = {}) =>
    accounts().addUser(LOCAL.principal, LOCAL.actor, { email, displayName: email.split('@')[0], password: PASSWORD, ...extra });
  const session = async (id: number): Promise<Principal> => {
    const p = await accounts().principalOf(id, 'session');
    if (p === undefined) throw new Error('no principal');
    return p;
  };

  beforeEach(async () => {
    await ctx.reset();
    now = new Date('2026-06-01T10:00:00Z');
    await seedOwners(db(), { gm7301: { layer: 'gemeente', domains: ['a.nl'] }, gm7302: { layer: 'gemeente', domains: ['b.nl'] } });
  });

  it('logs in with the right password only, with one message for every failure, and locks after repeated failures', async () => {
    const user = await add('Ed@Example.nl', { memberships: [{ organisationCode: 'gm7301', role: 'editor' }] });
    expect(user.email).toBe('ed@example.nl');
    const row = await db().selectFrom('account').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

    expect((await accounts().login('ED@example.nl', PASSWORD)).needsSecondFactor).toBe(false);
    const unknown = await accounts().login('nobody@example.nl', PASSWORD).catch((e: unknown) => e);
    const wrong = await accounts().login('ed@example.nl', 'not the password at all').catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(AuthenticationError);
    expect((wrong as Error).message).toBe((unknown as Error).message);

    for (let i = 1; i < LOCK_AFTER_FAILURES; i++) await expect(accounts().login('ed@example.nl', 'wrong-password-again')).rejects.toThrow(AuthenticationError);
    // locked now: even the right password is refused until the lock ends
    await expect(accounts().login('ed@example.nl', PASSWORD)).rejects.toThrow(AuthenticationError);
    now = new Date(now.getTime() + 61_000);
    await expect(accounts().login('ed@example.nl', PASSWORD)).resolves.toMatchObject({ account: { id: user.id } });
  });

  it('refuses weak passwords and passwords that contain the e-mail address, and a taken address', async () => {
    await expect(add('weak@example.nl', { password: 'password1234' })).rejects.toThrow(InputError);
    const short = await add('short@example.nl', { password: 'Xy7#kq' }).catch((e: unknown) => e);
    expect((short as InputError).issues).toEqual([{ location: 'password', message: expect.stringMatching(/at least 12 characters/) as string }]);
    await expect(add('jan.jansen@example.nl', { password: 'jan.jansen@example.nl!' })).rejects.toThrow(InputError);
    await add('taken@example.nl');
    await expect(add('taken@example.nl')).rejects.toThrow(/already an account/);
  });

  it('enrols a TOTP second factor and accepts each code once', async () => {
    const user = await add('totp@example.nl');
    const { secret, uri } = await accounts().startTotp(user.id);
    expect(uri).toMatch(/^otpauth:\/\/totp\/Thorbecke:totp%40example\.nl\?/);
    await expect(accounts().confirmTotp(LOCAL.actor, user.id, '000000')).rejects.toThrow(InputError);
    await accounts().confirmTotp(LOCAL.actor, user.id, totpCode(secret, now.getTime()));
    expect((await accounts().login('totp@example.nl', PASSWORD)).needsSecondFactor).toBe(true);

    now = new Date(now.getTime() + 30_000);
    const code = totpCode(secret, now.getTime());
    await accounts().verifySecondFactor(user.id, code);
    await expect(accounts().verifySecondFactor(user.id, code)).rejects.toThrow(/used already/);
    now = new Date(now.getTime() + 30_000);
    await accounts().verifySecondFactor(user.id, totpCode(secret, now.getTime()));
  });

  it('organisation admins manage their own organisation only; global roles need an administrator', async () => {
    const admin = await add('admin@example.nl', { memberships: [{ organisationCode: 'gm7301', role: 'admin' }] });
    const as = await session(admin.id);
    const actor = actorOf(as, 'web');
    const colleague = await accounts().addUser(as, actor, { email: 'colleague@example.nl', displayName: 'Colleague', memberships: [{ organisationCode: 'gm7301', role: 'editor' }] });
    await expect(accounts().addUser(as, actor, { email: 'x@example.nl', displayName: 'X', memberships: [{ organisationCode: 'gm7302', role: 'editor' }] })).rejects.toThrow(NotAllowedError);
    await expect(accounts().addUser(as, actor, { email: 'y@example.nl', displayName: 'Y', globalRole: 'coordinator' })).rejects.toThrow(NotAllowedError);
    await accounts().grant(as, actor, colleague.id, { organisationCode: 'gm7301', role: 'admin' });
    await expect(accounts().grant(as, actor, colleague.id, { organisationCode: 'gm7302', role: 'editor' })).rejects.toThrow(NotAllowedError);
    await expect(accounts().disable(as, actor, colleague.id)).rejects.toThrow(NotAllowedError);
    await accounts().revoke(as, actor, colleague.id, 'gm7301');
    expect((await accounts().summary(colleague.id)).memberships).toEqual([]);
    const actions = (await db().selectFrom('audit_log').select('action').orderBy('id').execute()).map((r) => r.action);
    expect(actions).toEqual(['account.create', 'account.create', 'membership.grant', 'membership.revoke']);
    expect((await verifyAudit(db())).problems).toEqual([]);
  });

  it('narrows a token to its organisation and role, never above what its creator has now', async () => {
    const user = await add('multi@example.nl', { memberships: [{ organisationCode: 'gm7301', role: 'admin' }, { organisationCode: 'gm7302', role: 'editor' }] });
    const as = await session(user.id);
    const actor = actorOf(as, 'web');
    const { secret, token } = await accounts().createToken(as, actor, { name: 'push script', organisationCode: 'gm7301', role: 'editor', expiresInDays: 30 });
    expect(secret).toMatch(/^thk_/);
    const stored = await db().selectFrom('api_token').select(['token_hash', 'prefix']).where('id', '=', token.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(secret.slice(4));
    expect(secret.startsWith(stored.prefix)).toBe(true);

    const p = await accounts().principalOfToken(secret);
    expect(p).toMatchObject({ kind: 'account', via: 'token', globalRole: null, memberships: new Map([['gm7301', 'editor']]) });
    await expect(accounts().createToken(as, actor, { name: 'too much', organisationCode: 'gm7302', role: 'admin' })).rejects.toThrow(NotAllowedError);
    await expect(accounts().createToken(as, actor, { name: 'global', role: 'coordinator' })).rejects.toThrow(NotAllowedError);
    if (p === undefined) throw new Error('no principal');
    await expect(accounts().createToken(p, actor, { name: 'by token', organisationCode: 'gm7301', role: 'editor' })).rejects.toThrow(NotAllowedError);

    // the creator loses the role: the token loses it too
    await accounts().revoke(LOCAL.principal, LOCAL.actor, user.id, 'gm7301');
    expect(await accounts().principalOfToken(secret)).toMatchObject({ memberships: new Map() });
    // expiry and revocation
    now = new Date(now.getTime() + 31 * 86_400_000);
    expect(await accounts().principalOfToken(secret)).toBeUndefined();
    now = new Date('2026-06-01T10:00:00Z');
    await accounts().revokeToken(as, actor, token.id);
    expect(await accounts().principalOfToken(secret)).toBeUndefined();
  });

  it("gives an administrator's organisation token that organisation's role, and nothing more", async () => {
    const admin = await add('root@example.nl', { globalRole: 'administrator' });
    const as = await session(admin.id);
    const { secret } = await accounts().createToken(as, actorOf(as, 'web'), { name: 'one org', organisationCode: 'gm7302', role: 'editor' });
    expect(await accounts().principalOfToken(secret)).toMatchObject({ globalRole: null, memberships: new Map([['gm7302', 'editor']]) });
  });

  it('disabling an account ends its sessions and revokes its tokens', async () => {
    const user = await add('leaver@example.nl', { memberships: [{ organisationCode: 'gm7301', role: 'editor' }] });
    const { secret: cookie } = await createSession(db(), { accountId: user.id, method: 'password', awaitingSecondFactor: false, ip: undefined, userAgent: undefined });
    const as = await session(user.id);
    const { secret } = await accounts().createToken(as, actorOf(as, 'web'), { name: 't', organisationCode: 'gm7301', role: 'editor' });
    await accounts().disable(LOCAL.principal, LOCAL.actor, user.id);
    expect(await findLiveSession(db(), cookie)).toBeUndefined();
    expect(await accounts().principalOfToken(secret)).toBeUndefined();
    await expect(accounts().login('leaver@example.nl', PASSWORD)).rejects.toThrow(AuthenticationError);
  });
});
