/**
 * Server-side sessions (ADR 0011). The cookie holds a random secret; the table holds only its SHA-256,
 * so a copy of the database cannot be used to take over sessions. Idle sessions end after the idle
 * timeout, every session after the absolute lifetime; "log out everywhere" deletes all of an account's.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_LIFETIME_MS = 12 * 60 * 60_000;
/** How long after a password a second factor may still be entered. */
export const SECOND_FACTOR_WINDOW_MS = 5 * 60_000;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export interface NewSession {
  accountId: number;
  method: 'password' | 'oidc';
  awaitingSecondFactor: boolean;
  ip: string | undefined;
  userAgent: string | undefined;
}

export interface SessionRecord {
  id: string;
  accountId: number;
  csrfToken: string;
  method: 'password' | 'oidc';
  awaitingSecondFactor: boolean;
  createdAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
}

/** Creates a session; returns the secret for the cookie (shown nowhere else). */
export async function createSession(db: Kysely<Database>, session: NewSession, now = new Date()): Promise<{ secret: string; record: SessionRecord }> {
  const secret = newSecret();
  const lifetime = session.awaitingSecondFactor ? SECOND_FACTOR_WINDOW_MS : SESSION_LIFETIME_MS;
  const row = await db
    .insertInto('session')
    .values({
      id: hashSecret(secret),
      account_id: session.accountId,
      csrf_token: newSecret(),
      method: session.method,
      awaiting_second_factor: session.awaitingSecondFactor,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + lifetime),
      ip: session.ip?.slice(0, 64) ?? null,
      user_agent: session.userAgent?.slice(0, 300) ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { secret, record: toRecord(row) };
}

function toRecord(row: { id: string; account_id: number; csrf_token: string; method: 'password' | 'oidc'; awaiting_second_factor: boolean; created_at: Date; last_seen_at: Date; ip: string | null; user_agent: string | null }): SessionRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    csrfToken: row.csrf_token,
    method: row.method,
    awaitingSecondFactor: row.awaiting_second_factor,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    ip: row.ip,
    userAgent: row.user_agent,
  };
}

/**
 * The live session for a cookie secret, touched (sliding idle timeout, written at most once a minute);
 * undefined when unknown, expired, idle too long or its account is disabled.
 */
export async function findLiveSession(db: Kysely<Database>, secret: string, now = new Date()): Promise<SessionRecord | undefined> {
  const row = await db
    .selectFrom('session')
    .innerJoin('account', 'account.id', 'session.account_id')
    .selectAll('session')
    .where('session.id', '=', hashSecret(secret))
    .where('session.expires_at', '>', now)
    .where('account.disabled_at', 'is', null)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  if (!row.awaiting_second_factor && now.getTime() - row.last_seen_at.getTime() > SESSION_IDLE_MS) {
    await db.deleteFrom('session').where('id', '=', row.id).execute();
    return undefined;
  }
  if (now.getTime() - row.last_seen_at.getTime() > 60_000) await db.updateTable('session').set({ last_seen_at: now }).where('id', '=', row.id).execute();
  return toRecord(row);
}

/** The second factor was given: the session becomes a full one (with a new secret: no fixation). */
export async function completeSecondFactor(db: Kysely<Database>, record: SessionRecord, now = new Date()): Promise<{ secret: string; record: SessionRecord }> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('session').where('id', '=', record.id).execute();
    return createSession(trx, { accountId: record.accountId, method: record.method, awaitingSecondFactor: false, ip: record.ip ?? undefined, userAgent: record.userAgent ?? undefined }, now);
  });
}

export async function deleteSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('session').where('id', '=', id).execute();
}

/** Log out everywhere (or on disabling an account). Returns how many sessions ended. */
export async function deleteSessionsOf(db: Kysely<Database>, accountId: number): Promise<number> {
  const result = await db.deleteFrom('session').where('account_id', '=', accountId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function sessionsOf(db: Kysely<Database>, accountId: number, now = new Date()): Promise<SessionRecord[]> {
  const rows = await db.selectFrom('session').selectAll().where('account_id', '=', accountId).where('expires_at', '>', now).where('awaiting_second_factor', '=', false).orderBy('last_seen_at', 'desc').execute();
  return rows.map(toRecord);
}

export async function purgeExpiredSessions(db: Kysely<Database>, now = new Date()): Promise<number> {
  const result = await db.deleteFrom('session').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
