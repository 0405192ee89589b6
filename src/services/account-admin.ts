/**
 * What an administrator does to someone else's account beyond AccountService: set a new password (the
 * person forgot theirs) and remove the second factor (the phone is lost), each authorised as `users.manage`,
 * ending the account's sessions and recorded in the audit log in the same transaction. Also finds an account
 * by e-mail address or id, for the operator CLI (`thorbecke user …`).
 */
import type { Kysely } from 'kysely';
import { authorise, type Actor, type Principal } from '../domain/access.js';
import { InputError, NotFoundError } from '../domain/errors.js';
import { findAccount, findAccountByEmail, summarise, type AccountRow, type AccountSummary } from '../store/accounts.js';
import { appendAudit } from '../store/audit.js';
import type { Database } from '../store/schema.js';
import { deleteSessionsOf } from '../store/sessions.js';
import { passwordProblems } from './password-policy.js';
import { hashPassword } from './passwords.js';

const ID = /^\d{1,15}$/;

export class AccountAdminService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The account an operator names by e-mail address or by id (as `thorbecke user list` shows). */
  async resolve(ref: string): Promise<AccountSummary> {
    const text = ref.trim();
    const row = ID.test(text) ? await findAccount(this.db, Number(text)) : await findAccountByEmail(this.db, text);
    if (row === undefined) throw new NotFoundError(`There is no account ${ID.test(text) ? `with id ${text}` : `for ${text}`} (thorbecke user list shows them).`);
    return summarise(row);
  }

  /**
   * Sets a new password for someone (administrators): the password rules apply, a lock after failed logins
   * is lifted, and every session of the account ends. Accounts that log in through their organisation's
   * identity provider get no local password.
   */
  async setPassword(principal: Principal, actor: Actor, accountId: number, password: string): Promise<{ sessionsEnded: number }> {
    authorise(principal, 'users.manage');
    const account = await this.require(accountId);
    if (account.oidc_issuer !== null) {
      throw new InputError(`Account ${String(accountId)} logs in through its organisation's identity provider (${account.oidc_issuer}); it has no password here.`);
    }
    const problems = passwordProblems(password, [account.email, account.display_name]);
    if (problems.length > 0) throw new InputError('The password is not accepted.', problems);
    const hash = await hashPassword(password);
    return this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('account')
        .set({ password_hash: hash, password_changed_at: this.now(), failed_logins: 0, locked_until: null })
        .where('id', '=', accountId)
        .execute();
      const sessionsEnded = await deleteSessionsOf(trx, accountId);
      await appendAudit(trx, actor, {
        action: 'account.password-reset',
        subject: `account ${String(accountId)}`,
        before: { hadPassword: account.password_hash !== null },
        after: { changed: true, sessionsEnded },
      });
      return { sessionsEnded };
    });
  }

  /**
   * Removes the second factor (administrators, when a phone is lost): the next login asks for the password
   * only, and the person sets up a new authenticator app on /account. Every session of the account ends.
   * Returns false when the account had no second factor (nothing changed, nothing recorded).
   */
  async resetSecondFactor(principal: Principal, actor: Actor, accountId: number): Promise<{ removed: boolean; sessionsEnded: number }> {
    authorise(principal, 'users.manage');
    const account = await this.require(accountId);
    if (account.totp_secret === null && account.totp_pending_secret === null) return { removed: false, sessionsEnded: 0 };
    return this.db.transaction().execute(async (trx) => {
      await trx.updateTable('account').set({ totp_secret: null, totp_pending_secret: null, totp_last_step: null }).where('id', '=', accountId).execute();
      const sessionsEnded = await deleteSessionsOf(trx, accountId);
      await appendAudit(trx, actor, {
        action: 'account.second-factor-reset',
        subject: `account ${String(accountId)}`,
        before: { secondFactor: account.totp_secret !== null },
        after: { secondFactor: false, sessionsEnded },
      });
      return { removed: true, sessionsEnded };
    });
  }

  private async require(accountId: number): Promise<AccountRow> {
    const account = await findAccount(this.db, accountId);
    if (account === undefined) throw new NotFoundError(`There is no account with id ${String(accountId)}.`);
    return account;
  }
}
