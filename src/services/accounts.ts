/**
 * People and their rights: local accounts (argon2id, NCSC password rules, TOTP), memberships of
 * organisations, API tokens, and turning an account (or a token) into the Principal that every write is
 * authorised against (src/domain/access.ts). Every change is authorised here and recorded in the audit log
 * in the same transaction.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { authorise, type Actor, type GlobalRole, type OrganisationRole, type Principal } from '../domain/access.js';
import { AuthenticationError, InputError, NotAllowedError, NotFoundError } from '../domain/errors.js';
import { findAccount, findAccountByEmail, listAccounts, membershipsOf, summarise, type AccountRow, type AccountSummary } from '../store/accounts.js';
import { findLiveToken, findToken, insertApiToken, revokeToken, revokeTokensOf, tokensOf, type ApiTokenRecord } from '../store/api-tokens.js';
import { appendAudit } from '../store/audit.js';
import { findOrganisation } from '../store/organisations.js';
import type { Database } from '../store/schema.js';
import { deleteSessionsOf } from '../store/sessions.js';
import { parseInput } from './accountability-input.js';
import { passwordProblems } from './password-policy.js';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './passwords.js';
import { acceptTotp, newTotpSecret, totpUri } from './totp.js';

/** Consecutive wrong passwords before an account is locked for a while (doubling with each further one). */
export const LOCK_AFTER_FAILURES = 5;
const LOCK_BASE_MS = 60_000;
const LOCK_MAX_MS = 60 * 60_000;
/** The longest an API token may live. */
export const TOKEN_MAX_DAYS = 366;

const email = z.email().max(254).transform((e) => e.trim().toLowerCase());
const orgCode = z.string().trim().toLowerCase().regex(/^[a-z]{2,4}\d{2,5}$/, 'must be a TOOI organisation code such as gm0363');
const membershipInput = z.object({ organisationCode: orgCode, role: z.enum(['editor', 'admin']) });
export const newUserSchema = z.strictObject({
  email,
  displayName: z.string().trim().min(1).max(200),
  password: z.string().optional(),
  globalRole: z.enum(['coordinator', 'administrator']).nullable().optional(),
  memberships: z.array(membershipInput).max(100).default([]),
});
const tokenSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  organisationCode: orgCode.nullable().optional(),
  role: z.enum(['editor', 'admin', 'coordinator', 'administrator']),
  expiresInDays: z.coerce.number().int().min(1).max(TOKEN_MAX_DAYS).default(90),
});

export interface LoginOutcome {
  account: AccountSummary;
  /** The account has TOTP: the session waits for a code before it authorises anything. */
  needsSecondFactor: boolean;
}

const RANK: Record<OrganisationRole, number> = { editor: 1, admin: 2 };

export class AccountService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  // ——— who is asking ———

  /** The principal of a signed-in account (undefined when it does not exist or is disabled). */
  async principalOf(accountId: number, via: 'session' | 'token' = 'session'): Promise<Extract<Principal, { kind: 'account' }> | undefined> {
    const account = await findAccount(this.db, accountId);
    if (account === undefined || account.disabled_at !== null) return undefined;
    const memberships = await membershipsOf(this.db, accountId);
    return {
      kind: 'account',
      accountId,
      name: account.display_name,
      globalRole: account.global_role,
      memberships: new Map(memberships.map((m) => [m.organisationCode, m.role])),
      via,
    };
  }

  /**
   * The principal of an API token: its creator's rights narrowed to the token's organisation and role —
   * never more than the creator has now.
   */
  async principalOfToken(secret: string): Promise<Principal | undefined> {
    const token = await findLiveToken(this.db, secret, this.now());
    if (token === undefined) return undefined;
    const owner = await this.principalOf(token.accountId, 'token');
    if (owner === undefined) return undefined;
    if (token.organisationCode === null) {
      const global = token.role as GlobalRole;
      const holds = owner.globalRole === 'administrator' || owner.globalRole === global;
      return { ...owner, globalRole: holds ? global : null, memberships: new Map() };
    }
    // An administrator may act for any organisation; anyone else within their role there.
    const has = owner.globalRole === 'administrator' ? 'admin' : owner.memberships.get(token.organisationCode);
    const wanted = token.role as OrganisationRole;
    const role = has === undefined ? undefined : RANK[has] >= RANK[wanted] ? wanted : has;
    return { ...owner, globalRole: null, memberships: new Map(role === undefined ? [] : [[token.organisationCode, role]]) };
  }

  // ——— logging in ———

  /**
   * Checks e-mail and password. One message for every failure (no account enumeration), the same work for
   * unknown addresses, and a lock after repeated failures that doubles with each further one.
   */
  async login(emailAddress: string, password: string): Promise<LoginOutcome> {
    const wrong = new AuthenticationError('The e-mail address or the password is wrong, or the account is locked for a while.');
    const account = await findAccountByEmail(this.db, emailAddress);
    if (account?.password_hash == null || account.disabled_at !== null) {
      await verifyPassword(await dummyHash(), password);
      throw wrong;
    }
    const now = this.now();
    if (account.locked_until !== null && account.locked_until > now) {
      await verifyPassword(await dummyHash(), password);
      throw wrong;
    }
    if (!(await verifyPassword(account.password_hash, password))) {
      const failures = account.failed_logins + 1;
      const lock = failures >= LOCK_AFTER_FAILURES ? Math.min(LOCK_MAX_MS, LOCK_BASE_MS * 2 ** (failures - LOCK_AFTER_FAILURES)) : 0;
      await this.db
        .updateTable('account')
        .set({ failed_logins: failures, locked_until: lock > 0 ? new Date(now.getTime() + lock) : null })
        .where('id', '=', account.id)
        .execute();
      throw wrong;
    }
    const rehash = needsRehash(account.password_hash) ? await hashPassword(password) : undefined;
    await this.db
      .updateTable('account')
      .set({ failed_logins: 0, locked_until: null, ...(rehash === undefined ? {} : { password_hash: rehash }) })
      .where('id', '=', account.id)
      .execute();
    return { account: summarise(account), needsSecondFactor: account.totp_secret !== null };
  }

  /** The second factor of a login; the code is accepted once. */
  async verifySecondFactor(accountId: number, code: string): Promise<void> {
    const account = await this.require(accountId);
    if (account.totp_secret === null) throw new AuthenticationError('This account has no second factor.');
    const step = acceptTotp(account.totp_secret, code, account.totp_last_step, this.now().getTime());
    if (step === undefined) throw new AuthenticationError('The code is wrong or has been used already; wait for the next one.');
    await this.db.updateTable('account').set({ totp_last_step: step }).where('id', '=', accountId).execute();
  }

  // ——— one's own account ———

  /** Starts TOTP enrolment: a new pending secret and the URI for the authenticator app. */
  async startTotp(accountId: number): Promise<{ secret: string; uri: string }> {
    const account = await this.require(accountId);
    const secret = newTotpSecret();
    await this.db.updateTable('account').set({ totp_pending_secret: secret }).where('id', '=', accountId).execute();
    return { secret, uri: totpUri(secret, account.email) };
  }

  /** Confirms enrolment with a first code from the app; from now on every login asks for a code. */
  async confirmTotp(actor: Actor, accountId: number, code: string): Promise<void> {
    const account = await this.require(accountId);
    if (account.totp_pending_secret === null) throw new InputError('Start setting up the authenticator app first.');
    const step = acceptTotp(account.totp_pending_secret, code, null, this.now().getTime());
    if (step === undefined) throw new InputError('The code does not match: check the time on your phone and try the next code.', [{ location: 'code', message: 'does not match' }]);
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('account').set({ totp_secret: account.totp_pending_secret, totp_pending_secret: null, totp_last_step: step }).where('id', '=', accountId).execute();
      await appendAudit(trx, actor, { action: 'account.second-factor', subject: `account ${String(accountId)}`, before: { secondFactor: account.totp_secret !== null }, after: { secondFactor: true } });
    });
  }

  /** Changes one's own password (the current one is required); other sessions end. */
  async changePassword(actor: Actor, accountId: number, current: string, next: string, keepSession?: string): Promise<void> {
    const account = await this.require(accountId);
    if (account.password_hash === null || !(await verifyPassword(account.password_hash, current))) {
      throw new InputError('The current password is wrong.', [{ location: 'current', message: 'is wrong' }]);
    }
    const problems = passwordProblems(next, [account.email, account.display_name]);
    if (problems.length > 0) throw new InputError('The new password is not accepted.', problems);
    const hash = await hashPassword(next);
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('account').set({ password_hash: hash, password_changed_at: this.now() }).where('id', '=', accountId).execute();
      let ended = trx.deleteFrom('session').where('account_id', '=', accountId);
      if (keepSession !== undefined) ended = ended.where('id', '<>', keepSession);
      await ended.execute();
      await appendAudit(trx, actor, { action: 'account.password', subject: `account ${String(accountId)}`, after: { changed: true } });
    });
  }

  /** Ends every session of the account ("log out everywhere"). */
  async logoutEverywhere(actor: Actor, accountId: number): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const ended = await deleteSessionsOf(trx, accountId);
      await appendAudit(trx, actor, { action: 'account.logout-everywhere', subject: `account ${String(accountId)}`, after: { sessionsEnded: ended } });
      return ended;
    });
  }

  // ——— managing people ———

  /**
   * Adds an account. Global roles and memberships of organisations one does not administer need an
   * administrator; an organisation admin may add people to their own organisation.
   */
  async addUser(principal: Principal, actor: Actor, input: unknown): Promise<AccountSummary> {
    const user = parseInput(newUserSchema, input, 'user');
    if (user.globalRole != null) authorise(principal, 'users.manage');
    for (const m of user.memberships) this.authoriseMembers(principal, m.organisationCode);
    await this.requireOrganisations(user.memberships.map((m) => m.organisationCode));
    if (await findAccountByEmail(this.db, user.email)) throw new InputError(`There is already an account for ${user.email}.`, [{ location: 'email', message: 'is taken' }]);
    let hash: string | null = null;
    if (user.password !== undefined) {
      const problems = passwordProblems(user.password, [user.email, user.displayName]);
      if (problems.length > 0) throw new InputError('The password is not accepted.', problems);
      hash = await hashPassword(user.password);
    }
    const by = actor.name;
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('account')
        .values({ email: user.email, display_name: user.displayName, password_hash: hash, password_changed_at: hash === null ? null : this.now(), global_role: user.globalRole ?? null, created_at: this.now() })
        .returningAll()
        .executeTakeFirstOrThrow();
      for (const m of user.memberships) {
        await trx.insertInto('membership').values({ account_id: row.id, organisation_code: m.organisationCode, role: m.role, granted_by: by, granted_at: this.now() }).execute();
      }
      const after = { email: row.email, displayName: row.display_name, globalRole: row.global_role, memberships: user.memberships };
      await appendAudit(trx, actor, { action: 'account.create', subject: `account ${String(row.id)}`, organisationCode: user.memberships[0]?.organisationCode ?? null, after });
      return summarise(row);
    });
  }

  /** Gives (or changes) a person's role in an organisation. */
  async grant(principal: Principal, actor: Actor, accountId: number, input: unknown): Promise<void> {
    const m = parseInput(membershipInput, input, 'membership');
    this.authoriseMembers(principal, m.organisationCode);
    await this.require(accountId);
    await this.requireOrganisations([m.organisationCode]);
    await this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('membership').select('role').where('account_id', '=', accountId).where('organisation_code', '=', m.organisationCode).executeTakeFirst();
      await trx
        .insertInto('membership')
        .values({ account_id: accountId, organisation_code: m.organisationCode, role: m.role, source: 'local', granted_by: actor.name, granted_at: this.now() })
        .onConflict((oc) => oc.columns(['account_id', 'organisation_code']).doUpdateSet({ role: m.role, source: 'local', granted_by: actor.name, granted_at: this.now() }))
        .execute();
      await appendAudit(trx, actor, { action: 'membership.grant', organisationCode: m.organisationCode, subject: `account ${String(accountId)}`, before: before ?? null, after: { role: m.role } });
    });
  }

  /** Removes a person from an organisation. */
  async revoke(principal: Principal, actor: Actor, accountId: number, organisationCode: string): Promise<void> {
    const code = parseInput(orgCode, organisationCode, 'organisationCode');
    this.authoriseMembers(principal, code);
    await this.db.transaction().execute(async (trx) => {
      const removed = await trx.deleteFrom('membership').where('account_id', '=', accountId).where('organisation_code', '=', code).returning('role').executeTakeFirst();
      if (removed === undefined) throw new NotFoundError(`Account ${String(accountId)} has no role in ${code}.`);
      await appendAudit(trx, actor, { action: 'membership.revoke', organisationCode: code, subject: `account ${String(accountId)}`, before: { role: removed.role }, after: null });
    });
  }

  /** Disables an account (administrators): its sessions end and its tokens are revoked; history stays. */
  async disable(principal: Principal, actor: Actor, accountId: number): Promise<void> {
    authorise(principal, 'users.manage');
    const account = await this.require(accountId);
    if (account.disabled_at !== null) return;
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('account').set({ disabled_at: this.now() }).where('id', '=', accountId).execute();
      const sessions = await deleteSessionsOf(trx, accountId);
      const tokens = await revokeTokensOf(trx, accountId, this.now());
      await appendAudit(trx, actor, { action: 'account.disable', subject: `account ${String(accountId)}`, before: { disabled: false }, after: { disabled: true, sessionsEnded: sessions, tokensRevoked: tokens } });
    });
  }

  async list(principal: Principal, organisationCode?: string): Promise<Awaited<ReturnType<typeof listAccounts>>> {
    if (organisationCode === undefined) authorise(principal, 'users.manage');
    else this.authoriseMembers(principal, organisationCode);
    return listAccounts(this.db, { organisationCode, includeDisabled: organisationCode === undefined });
  }

  async summary(accountId: number): Promise<AccountSummary & { memberships: Awaited<ReturnType<typeof membershipsOf>> }> {
    const account = await this.require(accountId);
    return { ...summarise(account), memberships: await membershipsOf(this.db, accountId) };
  }

  // ——— API tokens ———

  /**
   * Creates a token for the signed-in person (never with a token), acting for one organisation with at
   * most the role the person has there, or for the person's global role. The secret is returned once.
   */
  async createToken(principal: Principal, actor: Actor, input: unknown): Promise<{ secret: string; token: ApiTokenRecord }> {
    if (principal.kind !== 'account' || principal.via !== 'session') throw new NotAllowedError('API tokens are created by a signed-in person, not with another token.');
    const t = parseInput(tokenSchema, input, 'token');
    const global = t.role === 'coordinator' || t.role === 'administrator';
    if (global) {
      if (t.organisationCode != null) throw new InputError('A coordinator or administrator token acts for everyone: leave the organisation out.', [{ location: 'organisationCode', message: 'must be empty for this role' }]);
      if (!(principal.globalRole === 'administrator' || principal.globalRole === t.role)) throw new NotAllowedError(`You are not ${t.role === 'administrator' ? 'an administrator' : 'a coordinator'}.`);
    } else {
      if (t.organisationCode == null) throw new InputError('Name the organisation the token acts for.', [{ location: 'organisationCode', message: 'is required for this role' }]);
      const has = principal.memberships.get(t.organisationCode);
      if (principal.globalRole !== 'administrator' && (has === undefined || RANK[has] < RANK[t.role as OrganisationRole])) {
        throw new NotAllowedError(`You are not ${t.role === 'admin' ? 'an admin' : 'an editor'} of ${t.organisationCode}.`);
      }
    }
    const expiresAt = new Date(this.now().getTime() + t.expiresInDays * 86_400_000);
    return this.db.transaction().execute(async (trx) => {
      const created = await insertApiToken(trx, { accountId: principal.accountId, name: t.name, organisationCode: global ? null : (t.organisationCode ?? null), role: t.role, expiresAt }, this.now());
      const { record } = created;
      await appendAudit(trx, actor, {
        action: 'api-token.create',
        organisationCode: record.organisationCode,
        subject: `api-token ${String(record.id)}`,
        after: { name: record.name, role: record.role, prefix: record.prefix, expiresAt: record.expiresAt.toISOString() },
      });
      return { secret: created.secret, token: record };
    });
  }

  /** Revokes a token: one's own, or any token of an organisation one administers. */
  async revokeToken(principal: Principal, actor: Actor, tokenId: number): Promise<void> {
    const token = await findToken(this.db, tokenId);
    if (token === undefined) throw new NotFoundError(`No API token ${String(tokenId)}.`);
    const own = principal.kind === 'account' && principal.accountId === token.accountId;
    if (!own) {
      if (token.organisationCode === null) authorise(principal, 'users.manage');
      else this.authoriseMembers(principal, token.organisationCode);
    }
    if (token.revokedAt !== null) return;
    await this.db.transaction().execute(async (trx) => {
      await revokeToken(trx, tokenId, this.now());
      await appendAudit(trx, actor, { action: 'api-token.revoke', organisationCode: token.organisationCode, subject: `api-token ${String(tokenId)}`, before: { revoked: false }, after: { revoked: true } });
    });
  }

  tokens(accountId: number): Promise<ApiTokenRecord[]> {
    return tokensOf(this.db, accountId);
  }

  // ——— helpers ———

  private authoriseMembers(principal: Principal, organisationCode: string): void {
    if (principal.kind === 'account' && principal.globalRole === 'administrator') return;
    authorise(principal, 'organisation.users', organisationCode);
  }

  private async require(accountId: number): Promise<AccountRow> {
    const account = await findAccount(this.db, accountId);
    if (account === undefined) throw new NotFoundError(`No account ${String(accountId)}.`);
    return account;
  }

  private async requireOrganisations(codes: readonly string[]): Promise<void> {
    const issues = [];
    for (const [i, code] of codes.entries()) {
      if ((await findOrganisation(this.db, code)) === undefined) issues.push({ location: `memberships[${String(i)}].organisationCode`, message: `${code} is not in the register` });
    }
    if (issues.length > 0) throw new InputError('Unknown organisation.', issues);
  }
}
