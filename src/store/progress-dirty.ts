import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Marks organisations whose progress must be recomputed (progress-refresh.ts takes them). Call it in the
 * same transaction as the change that makes their progress stale — a commitment, an explanation, a domain
 * import — so that a crash between the two cannot lose the recomputation. Marks are only ever inserted:
 * writers never wait for one another, nor for a refresh that is removing older marks.
 */
export async function markDirty(db: Executor, codes: readonly string[]): Promise<void> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return;
  await db
    .insertInto('progress_dirty')
    .values(unique.map((organisation_code) => ({ organisation_code })))
    .execute();
}

/** Marks every organisation (a new strategy version, a new day: deadlines and expiries move). */
export async function markAllDirty(db: Executor): Promise<void> {
  await sql`insert into progress_dirty (organisation_code) select code from organisation`.execute(db);
}

/** Marks the organisations that own a domain (a changed observation of it). */
export async function markDomainOwnersDirty(db: Executor, domain: string): Promise<void> {
  await sql`
    insert into progress_dirty (organisation_code)
    select distinct o.organisation_code from asset a join asset_owner o on o.asset_id = a.id where a.name = ${domain}`.execute(db);
}

/** The organisations marked longest ago (at most `limit`), each with the highest id of its marks. */
export async function takeDirty(db: Executor, limit: number): Promise<{ code: string; upto: number }[]> {
  const { rows } = await sql<{ code: string; upto: number }>`
    select organisation_code as code, max(id) as upto from progress_dirty
    group by organisation_code order by min(id) limit ${limit}`.execute(db);
  return rows;
}

/** Removes the marks that a refresh has dealt with: those of each organisation up to the id it read. */
export async function clearDirty(db: Executor, taken: readonly { code: string; upto: number }[]): Promise<void> {
  if (taken.length === 0) return;
  await sql`
    delete from progress_dirty d using unnest(${taken.map((t) => t.code)}::text[], ${taken.map((t) => t.upto)}::bigint[]) as t(code, upto)
    where d.organisation_code = t.code and d.id <= t.upto`.execute(db);
}
