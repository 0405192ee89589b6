/**
 * Accounts of people who log in through their organisation's OpenID Connect provider. An account is
 * found by (issuer, subject) — never by e-mail address: a local account with the same address is not
 * taken over silently, the person is told to ask an administrator. At each login the display name and
 * e-mail address follow the provider, and the memberships that came from the provider (source 'oidc')
 * are replaced by what its claims say now; memberships granted locally stay. Every change is recorded in
 * the audit log in the same transaction.
 */
import type { Kysely } from 'kysely';
import type { Actor, OrganisationRole } from '../domain/access.js';
import { AuthenticationError } from '../domain/errors.js';
import { findAccountByEmail, findAccountBySubject } from '../store/accounts.js';
import { appendAudit } from '../store/audit.js';
import type { Database } from '../store/schema.js';

/** Who the provider says this is, with the memberships its claims give (already mapped). */
export interface OidcSignIn {
  issuer: string;
  subject: string;
  email: string;
  displayName: string;
  memberships: { organisationCode: string; role: OrganisationRole }[];
}

export interface OidcSignInResult {
  accountId: number;
  created: boolean;
  /** Organisation codes from the claims that Thorbecke does not know (ignored). */
  unknownOrganisations: string[];
}

export class OidcAccountService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Finds or creates the account and brings it in line with the provider. Throws AuthenticationError
   * for a disabled account and for an e-mail address that belongs to another account.
   * @param providerName shown in messages
   * @param ip the client's address, for the audit log
   */
  async signIn(who: OidcSignIn, providerName: string, ip: string | undefined): Promise<OidcSignInResult> {
    return this.db.transaction().execute(async (trx) => {
      const existing = await findAccountBySubject(trx, who.issuer, who.subject);
      if (existing?.disabled_at != null) throw new AuthenticationError('This account is disabled. Ask an administrator if that is a mistake.');
      const sameEmail = await findAccountByEmail(trx, who.email);
      if (sameEmail !== undefined && sameEmail.id !== existing?.id) {
        throw new AuthenticationError(
          `There is already a Thorbecke account for your e-mail address that logs in another way. Log in as before, or ask an administrator to link that account to ${providerName}.`,
        );
      }

      const codes = who.memberships.map((m) => m.organisationCode);
      const known = codes.length === 0 ? [] : (await trx.selectFrom('organisation').select('code').where('code', 'in', codes).execute()).map((r) => r.code);
      const unknownOrganisations = codes.filter((c) => !known.includes(c));

      let accountId: number;
      let actor: Actor;
      if (existing === undefined) {
        const row = await trx
          .insertInto('account')
          .values({ email: who.email, display_name: who.displayName, oidc_issuer: who.issuer, oidc_subject: who.subject, created_at: this.now() })
          .returning(['id'])
          .executeTakeFirstOrThrow();
        accountId = row.id;
        actor = { accountId, name: who.displayName, via: 'web', ip };
        const wanted = who.memberships.filter((m) => known.includes(m.organisationCode));
        await appendAudit(trx, actor, {
          action: 'account.create',
          subject: `account ${String(accountId)}`,
          organisationCode: wanted[0]?.organisationCode ?? null,
          after: { email: who.email, displayName: who.displayName, oidcIssuer: who.issuer, globalRole: null, memberships: wanted },
        });
      } else {
        accountId = existing.id;
        actor = { accountId, name: who.displayName, via: 'web', ip };
        if (existing.email !== who.email || existing.display_name !== who.displayName) {
          await trx.updateTable('account').set({ email: who.email, display_name: who.displayName }).where('id', '=', accountId).execute();
          await appendAudit(trx, actor, {
            action: 'account.update',
            subject: `account ${String(accountId)}`,
            before: { email: existing.email, displayName: existing.display_name },
            after: { email: who.email, displayName: who.displayName },
          });
        }
      }

      await this.replaceMemberships(trx, accountId, actor, who, known);
      return { accountId, created: existing === undefined, unknownOrganisations };
    });
  }

  /** Replaces the provider's memberships by the claimed ones; a locally granted membership wins. */
  private async replaceMemberships(trx: Kysely<Database>, accountId: number, actor: Actor, who: OidcSignIn, known: string[]): Promise<void> {
    const current = await trx.selectFrom('membership').select(['organisation_code', 'role', 'source']).where('account_id', '=', accountId).execute();
    const local = new Set(current.filter((m) => m.source === 'local').map((m) => m.organisation_code));
    const before = new Map(current.filter((m) => m.source === 'oidc').map((m) => [m.organisation_code, m.role]));
    const after = new Map(who.memberships.filter((m) => known.includes(m.organisationCode) && !local.has(m.organisationCode)).map((m) => [m.organisationCode, m.role]));
    const subject = `account ${String(accountId)}`;
    for (const [code, role] of before) {
      if (after.get(code) === role) continue;
      await trx.deleteFrom('membership').where('account_id', '=', accountId).where('organisation_code', '=', code).where('source', '=', 'oidc').execute();
      if (!after.has(code)) await appendAudit(trx, actor, { action: 'membership.revoke', organisationCode: code, subject, before: { role, source: 'oidc' }, after: null });
    }
    for (const [code, role] of after) {
      const was = before.get(code);
      if (was === role) continue;
      await trx.insertInto('membership').values({ account_id: accountId, organisation_code: code, role, source: 'oidc', granted_by: `identity provider ${who.issuer}`, granted_at: this.now() }).execute();
      await appendAudit(trx, actor, { action: 'membership.grant', organisationCode: code, subject, before: was === undefined ? null : { role: was, source: 'oidc' }, after: { role, source: 'oidc' } });
    }
  }
}
