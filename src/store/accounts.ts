/**
 * Accounts and their memberships (role per organisation). Password hashes and TOTP secrets never leave
 * the store layer except to the account service that checks them.
 */
import type { Kysely, Selectable } from 'kysely';
import type { GlobalRole, OrganisationRole } from '../domain/access.js';
import type { AccountTable, Database } from './schema.js';

export type AccountRow = Selectable<AccountTable>;

export interface Membership {
  organisationCode: string;
  organisationName: string;
  role: OrganisationRole;
  source: 'local' | 'oidc';
}

/** What lists and the audit log show of an account: never its secrets. */
export interface AccountSummary {
  id: number;
  email: string;
  displayName: string;
  globalRole: GlobalRole | null;
  secondFactor: boolean;
  oidcIssuer: string | null;
  disabled: boolean;
  createdAt: Date;
}

export function summarise(row: AccountRow): AccountSummary {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    globalRole: row.global_role,
    secondFactor: row.totp_secret !== null,
    oidcIssuer: row.oidc_issuer,
    disabled: row.disabled_at !== null,
    createdAt: row.created_at,
  };
}

export function findAccountByEmail(db: Kysely<Database>, email: string): Promise<AccountRow | undefined> {
  return db.selectFrom('account').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

export function findAccount(db: Kysely<Database>, id: number): Promise<AccountRow | undefined> {
  return db.selectFrom('account').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findAccountBySubject(db: Kysely<Database>, issuer: string, subject: string): Promise<AccountRow | undefined> {
  return db.selectFrom('account').selectAll().where('oidc_issuer', '=', issuer).where('oidc_subject', '=', subject).executeTakeFirst();
}

export async function membershipsOf(db: Kysely<Database>, accountId: number): Promise<Membership[]> {
  const rows = await db
    .selectFrom('membership as m')
    .innerJoin('organisation as o', 'o.code', 'm.organisation_code')
    .select(['m.organisation_code', 'o.name', 'm.role', 'm.source'])
    .where('m.account_id', '=', accountId)
    .orderBy('m.organisation_code')
    .execute();
  return rows.map((r) => ({ organisationCode: r.organisation_code, organisationName: r.name, role: r.role, source: r.source }));
}

export interface AccountListFilter {
  organisationCode?: string | undefined;
  includeDisabled?: boolean | undefined;
}

export async function listAccounts(db: Kysely<Database>, filter: AccountListFilter = {}): Promise<(AccountSummary & { memberships: { organisationCode: string; role: OrganisationRole }[] })[]> {
  let query = db.selectFrom('account').selectAll('account').orderBy('account.email');
  if (filter.organisationCode !== undefined) {
    const code = filter.organisationCode;
    query = query.where((eb) => eb.exists(eb.selectFrom('membership').select('membership.account_id').whereRef('membership.account_id', '=', 'account.id').where('membership.organisation_code', '=', code)));
  }
  if (filter.includeDisabled !== true) query = query.where('account.disabled_at', 'is', null);
  const accounts = await query.execute();
  const members = accounts.length === 0 ? [] : await db.selectFrom('membership').select(['account_id', 'organisation_code', 'role']).where('account_id', 'in', accounts.map((a) => a.id)).orderBy('organisation_code').execute();
  return accounts.map((a) => ({
    ...summarise(a),
    memberships: members.filter((m) => m.account_id === a.id).map((m) => ({ organisationCode: m.organisation_code, role: m.role })),
  }));
}
