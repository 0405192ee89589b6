/**
 * Appending to the audit log: who changed what, when, from where, and what it was before and after. Call
 * it in the same transaction as the change itself, so that neither exists without the other. Appends are
 * serialised by a transaction-scoped advisory lock so that the hash chain stays one line.
 */
import { sql, type Kysely } from 'kysely';
import type { Actor } from '../domain/access.js';
import { entryHash, GENESIS_HASH } from './audit-chain.js';
import type { Database } from './schema.js';

/** One change. `before`/`after` are JSON values (null where the thing did not or no longer exists). */
export interface AuditChange {
  action: string;
  organisationCode?: string | null | undefined;
  /** What changed, e.g. `commitment gm0363/forum-web-2018-https-hsts` or `explanation 12`. */
  subject: string;
  before?: unknown;
  after?: unknown;
}

/** The advisory lock key that serialises appends (an arbitrary constant of this project). */
const AUDIT_LOCK = 7_263_401_115;

/**
 * Appends one entry. `db` must be a transaction (the lock is held until it ends); JSON values are
 * normalised through JSON text so that what is hashed is what is read back.
 */
export async function appendAudit(db: Kysely<Database>, actor: Actor, change: AuditChange): Promise<number> {
  if (!db.isTransaction) throw new Error('appendAudit must run inside the transaction of the change it records.');
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(db);
  const last = await db.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const prevHash = last?.hash ?? GENESIS_HASH;
  const { rows } = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('audit_log', 'id'))::int8 as id`.execute(db);
  const id = Number(rows[0]?.id);
  const entry = {
    id,
    // Milliseconds only: what JavaScript reads back must be what was hashed.
    at: new Date(Math.floor(Date.now())),
    actorAccountId: actor.accountId,
    actor: actor.name,
    via: actor.via,
    ip: actor.ip ?? null,
    action: change.action,
    organisationCode: change.organisationCode ?? null,
    subject: change.subject,
    before: normalise(change.before),
    after: normalise(change.after),
  };
  await db
    .insertInto('audit_log')
    .values({
      id: entry.id,
      at: entry.at,
      actor_account_id: entry.actorAccountId,
      actor: entry.actor,
      via: entry.via,
      ip: entry.ip,
      action: entry.action,
      organisation_code: entry.organisationCode,
      subject: entry.subject,
      before: entry.before === null ? null : JSON.stringify(entry.before),
      after: entry.after === null ? null : JSON.stringify(entry.after),
      prev_hash: prevHash,
      hash: entryHash(prevHash, entry),
    })
    .execute();
  return id;
}

function normalise(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}
