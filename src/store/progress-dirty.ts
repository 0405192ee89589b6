import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Marks organisations whose progress must be recomputed (progress-refresh.ts takes them). Call it in the
 * same transaction as the change that makes their progress stale — a commitment, an explanation, a domain
 * import — so that a crash between the two cannot lose the recomputation.
 */
export async function markDirty(db: Executor, codes: readonly string[]): Promise<void> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return;
  await db
    .insertInto('progress_dirty')
    .values(unique.map((organisation_code) => ({ organisation_code })))
    .onConflict((oc) => oc.column('organisation_code').doUpdateSet({ marked_at: sql`clock_timestamp()` }))
    .execute();
}

/** Marks every current organisation (a new strategy version, a new day: deadlines and expiries move). */
export async function markAllDirty(db: Executor): Promise<void> {
  await sql`
    insert into progress_dirty (organisation_code)
    select code from organisation
    on conflict (organisation_code) do update set marked_at = clock_timestamp()`.execute(db);
}

/** Marks the organisations that own a domain (a changed observation of it). */
export async function markDomainOwnersDirty(db: Executor, domain: string): Promise<void> {
  await sql`
    insert into progress_dirty (organisation_code)
    select distinct o.organisation_code from asset a join asset_owner o on o.asset_id = a.id where a.name = ${domain}
    on conflict (organisation_code) do update set marked_at = clock_timestamp()`.execute(db);
}
