import { sql, type Kysely } from 'kysely';

/**
 * Observations: each check's result for a domain as intervals (first seen, last seen), a new row only when
 * the result changes; and the raw facts under them, kept for a retention period (src/store/observations.ts).
 *
 * Observations refer to the domain by name, not to an `asset` row: a domain can be checked before it is
 * attached to an organisation (`thorbecke check`), one name is both a web and a mail asset, and an import
 * that removes and re-adds an asset must not lose its history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table observation (
      id bigserial primary key,
      domain text not null check (domain <> '' and domain = lower(domain)),
      check_id text not null,
      -- current: the open interval (one per domain and check); closed: history;
      -- pending: a changed verdict awaiting a re-check; dropped: a pending change the re-check did not confirm
      state text not null check (state in ('current', 'closed', 'pending', 'dropped')),
      status text not null check (status in ('pass', 'warning', 'fail', 'not-applicable', 'error', 'blocked')),
      -- the last definite status (not error/blocked) when this interval was seen; null before any
      known_status text check (known_status in ('pass', 'warning', 'fail', 'not-applicable')),
      reason text not null,
      -- sha256 of the canonical JSON of the facts without volatile values (observations-key.ts)
      key_facts_hash text not null,
      first_seen timestamptz not null,
      last_seen timestamptz not null,
      scanner_version text not null,
      check (last_seen >= first_seen)
    )`.execute(db);
  await sql`create unique index observation_current_uq on observation (domain, check_id) where state = 'current'`.execute(db);
  await sql`create unique index observation_pending_uq on observation (domain, check_id) where state = 'pending'`.execute(db);
  await sql`create index observation_history_idx on observation (domain, check_id, last_seen desc)`.execute(db);

  await sql`
    create table observation_evidence (
      id bigserial primary key,
      observation_id bigint not null references observation (id) on delete cascade,
      measured_at timestamptz not null,
      facts jsonb not null,
      unique (observation_id, measured_at)
    )`.execute(db);
  await sql`create index observation_evidence_measured_idx on observation_evidence (measured_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists observation_evidence`.execute(db);
  await sql`drop table if exists observation`.execute(db);
}
