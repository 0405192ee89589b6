import { sql, type Kysely } from 'kysely';

/**
 * Scanning: requested scan runs (for progress and summaries), the scheduler's memory of which period of
 * each cadence a domain was last scheduled for, and snapshots — frozen, immutable measurement rounds
 * ("peilmomenten") for reports.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table scan_run (
      id bigserial primary key,
      -- scheduled: by the scheduler; requested: by a person (CLI, API)
      kind text not null check (kind in ('scheduled', 'requested')),
      requested_by text not null,
      -- what was asked for: organisations, layer, domains, all
      selection jsonb not null,
      total integer not null check (total >= 0),
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table scan_schedule (
      domain text not null,
      -- the cadence group: which check families, how often (scheduler configuration)
      cadence text not null,
      -- the domain's next turn for this cadence (src/scan/cadence.ts)
      next_at timestamptz not null,
      last_enqueued_at timestamptz,
      primary key (domain, cadence)
    )`.execute(db);
  await sql`create index scan_schedule_next_idx on scan_schedule (next_at)`.execute(db);

  await sql`
    create table snapshot (
      id bigserial primary key,
      name text not null unique check (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
      taken_at timestamptz not null,
      created_by text not null,
      note text,
      domains integer not null,
      results integer not null
    )`.execute(db);

  await sql`
    create table snapshot_result (
      -- no foreign key: checking it per row doubles the time to copy 760,000 results; only createSnapshot
      -- writes here, in the statement that inserts the snapshot, and the triggers forbid deleting one
      snapshot_id bigint not null,
      domain text not null,
      check_id text not null,
      status text not null,
      known_status text,
      reason text not null,
      since timestamptz not null,
      last_seen timestamptz not null,
      primary key (snapshot_id, domain, check_id)
    )`.execute(db);

  // Snapshots are published figures: once written, neither a snapshot nor its results can change.
  await sql`
    create function thorbecke_snapshot_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'snapshots are immutable: % on % is not allowed', tg_op, tg_table_name
        using errcode = 'integrity_constraint_violation';
    end
    $$`.execute(db);
  await sql`create trigger snapshot_immutable before update or delete on snapshot for each row execute function thorbecke_snapshot_immutable()`.execute(db);
  await sql`create trigger snapshot_result_immutable before update or delete on snapshot_result for each row execute function thorbecke_snapshot_immutable()`.execute(db);
  await sql`create trigger snapshot_truncate before truncate on snapshot for each statement execute function thorbecke_snapshot_immutable()`.execute(db);
  await sql`create trigger snapshot_result_truncate before truncate on snapshot_result for each statement execute function thorbecke_snapshot_immutable()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists snapshot_result`.execute(db);
  await sql`drop table if exists snapshot`.execute(db);
  await sql`drop function if exists thorbecke_snapshot_immutable()`.execute(db);
  await sql`drop table if exists scan_schedule`.execute(db);
  await sql`drop table if exists scan_run`.execute(db);
}
