/**
 * API tokens for scripts: created by a person, acting for one organisation with one role (or for a
 * coordinator's or administrator's global role), shown once, kept only as a SHA-256 hash, with expiry and
 * revocation. The token never grants more than its creator has at the time it is used.
 */
import type { Kysely } from 'kysely';
import type { GlobalRole, OrganisationRole } from '../domain/access.js';
import type { Database } from './schema.js';
import { hashSecret, newSecret } from './sessions.js';

/** Tokens start with this, so that secret scanners (and people) recognise them. */
export const TOKEN_PREFIX = 'thk_';

export interface ApiTokenRecord {
  id: number;
  accountId: number;
  name: string;
  organisationCode: string | null;
  role: OrganisationRole | GlobalRole;
  prefix: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export interface NewApiToken {
  accountId: number;
  name: string;
  organisationCode: string | null;
  role: OrganisationRole | GlobalRole;
  expiresAt: Date;
}

type Row = { id: number; account_id: number; name: string; organisation_code: string | null; role: OrganisationRole | GlobalRole; prefix: string; created_at: Date; expires_at: Date; revoked_at: Date | null; last_used_at: Date | null };

function toRecord(row: Row): ApiTokenRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    organisationCode: row.organisation_code,
    role: row.role,
    prefix: row.prefix,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

const COLUMNS = ['id', 'account_id', 'name', 'organisation_code', 'role', 'prefix', 'created_at', 'expires_at', 'revoked_at', 'last_used_at'] as const;

export async function insertApiToken(db: Kysely<Database>, token: NewApiToken, now = new Date()): Promise<{ secret: string; record: ApiTokenRecord }> {
  const secret = `${TOKEN_PREFIX}${newSecret()}`;
  const row = await db
    .insertInto('api_token')
    .values({
      account_id: token.accountId,
      name: token.name,
      organisation_code: token.organisationCode,
      role: token.role,
      token_hash: hashSecret(secret),
      prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
      created_at: now,
      expires_at: token.expiresAt,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return { secret, record: toRecord(row) };
}

/** The live token for a secret (not revoked, not expired, its account not disabled); marks it used. */
export async function findLiveToken(db: Kysely<Database>, secret: string, now = new Date()): Promise<ApiTokenRecord | undefined> {
  const row = await db
    .selectFrom('api_token')
    .innerJoin('account', 'account.id', 'api_token.account_id')
    .select(COLUMNS.map((c) => `api_token.${c}` as const))
    .where('api_token.token_hash', '=', hashSecret(secret))
    .where('api_token.revoked_at', 'is', null)
    .where('api_token.expires_at', '>', now)
    .where('account.disabled_at', 'is', null)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  if (row.last_used_at === null || now.getTime() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable('api_token').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return toRecord(row);
}

export async function tokensOf(db: Kysely<Database>, accountId: number): Promise<ApiTokenRecord[]> {
  const rows = await db.selectFrom('api_token').select(COLUMNS).where('account_id', '=', accountId).orderBy('created_at', 'desc').execute();
  return rows.map(toRecord);
}

export async function findToken(db: Kysely<Database>, id: number): Promise<ApiTokenRecord | undefined> {
  const row = await db.selectFrom('api_token').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && toRecord(row);
}

export async function revokeToken(db: Kysely<Database>, id: number, now = new Date()): Promise<void> {
  await db.updateTable('api_token').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** On disabling an account. */
export async function revokeTokensOf(db: Kysely<Database>, accountId: number, now = new Date()): Promise<number> {
  const result = await db.updateTable('api_token').set({ revoked_at: now }).where('account_id', '=', accountId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
