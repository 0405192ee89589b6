import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * The scheduler's memory: per domain and cadence, the domain's next turn. Kept in the database so that a
 * restart (or another server process) continues where the last one was, and never schedules a turn twice.
 */

/** The names the scheduler scans: domains owned by an organisation that exists today (as scan-targets.ts). */
const SCANNED_DOMAINS = sql`
  select a.name from asset a
  join asset_owner ao on ao.asset_id = a.id
  join organisation o on o.code = ao.organisation_code and (o.valid_to is null or o.valid_to > current_date)`;

/** Registered domains of organisations that exist today and have no schedule row for this cadence yet. */
export async function unscheduledDomains(db: Kysely<Database>, cadence: string, limit: number): Promise<string[]> {
  const rows = await sql<{ name: string }>`
    select distinct a.name from (${SCANNED_DOMAINS}) a
    where not exists (select 1 from scan_schedule s where s.domain = a.name and s.cadence = ${cadence})
    order by a.name
    limit ${limit}`.execute(db);
  return rows.rows.map((r) => r.name);
}

export async function addToSchedule(db: Kysely<Database>, cadence: string, turns: readonly { domain: string; nextAt: Date }[]): Promise<void> {
  if (turns.length === 0) return;
  await db
    .insertInto('scan_schedule')
    .values(turns.map((t) => ({ domain: t.domain, cadence, next_at: t.nextAt })))
    .onConflict((oc) => oc.columns(['domain', 'cadence']).doNothing())
    .execute();
}

/** Domains whose turn has come (oldest turn first). */
export async function dueDomains(db: Kysely<Database>, cadence: string, now: Date, limit: number): Promise<{ domain: string; nextAt: Date }[]> {
  const rows = await db
    .selectFrom('scan_schedule')
    .select(['domain', 'next_at'])
    .where('cadence', '=', cadence)
    .where('next_at', '<=', now)
    .orderBy('next_at')
    .orderBy('domain')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ domain: r.domain, nextAt: r.next_at }));
}

/** Moves each domain's turn on, but only from the turn that was read (another scheduler may have moved it). */
export async function advanceSchedule(db: Kysely<Database>, cadence: string, moves: readonly { domain: string; from: Date; to: Date }[], now: Date): Promise<void> {
  if (moves.length === 0) return;
  await sql`
    update scan_schedule s
    set next_at = m.next_at, last_enqueued_at = ${now}
    from (select * from unnest(${moves.map((m) => m.domain)}::text[], ${moves.map((m) => m.from.toISOString())}::timestamptz[], ${moves.map((m) => m.to.toISOString())}::timestamptz[]) as t(domain, from_at, next_at)) m
    where s.cadence = ${cadence} and s.domain = m.domain and s.next_at = m.from_at`.execute(db);
}

/** Forgets domains no longer registered to an organisation that exists, and cadences no longer configured. */
export async function pruneSchedule(db: Kysely<Database>, cadences: readonly string[]): Promise<number> {
  const result = await sql`
    delete from scan_schedule s
    where not (s.cadence = any(${[...cadences]}::text[]))
       or not exists (select 1 from (${SCANNED_DOMAINS}) a where a.name = s.domain)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Per cadence: domains in the schedule, and how many were enqueued since `since` (the current period). */
export async function scheduleCounts(db: Kysely<Database>, cadence: string, since: Date): Promise<{ domains: number; scheduled: number }> {
  const row = await db
    .selectFrom('scan_schedule')
    .select((eb) => [eb.fn.countAll<number>().as('domains'), eb.fn.count<number>('last_enqueued_at').filterWhere('last_enqueued_at', '>=', since).as('scheduled')])
    .where('cadence', '=', cadence)
    .executeTakeFirstOrThrow();
  return { domains: row.domains, scheduled: row.scheduled };
}
