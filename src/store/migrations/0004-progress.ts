import { sql, type Kysely } from 'kysely';

/**
 * Accountability: organisations' own planned dates (commitments), comply-or-explain explanations, the derived
 * progress per organisation and target with its pre-aggregated figures and weekly history, the events that
 * feed notifications and Atom feeds, subscriptions, and imported map geometry.
 *
 * Progress tables are derived (src/progress, src/store/progress-refresh.ts): they can be rebuilt from
 * observations, commitments and explanations at any time; nothing else writes them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table commitment (
      organisation_code text not null references organisation (code),
      target_id text not null,
      planned_date date not null,
      -- [{"date": "YYYY-MM-DD", "value": 0..100, "note": "..."}], ordered by date
      milestones jsonb not null default '[]',
      note text,
      set_by text not null,
      set_at timestamptz not null default now(),
      primary key (organisation_code, target_id)
    )`.execute(db);

  await sql`
    create table explanation (
      id bigserial primary key,
      scope text not null check (scope in ('target', 'domain', 'finding', 'supplier')),
      target_id text not null,
      organisation_code text references organisation (code),
      domain text check (domain = lower(domain)),
      check_id text,
      supplier text,
      supplier_role text check (supplier_role in ('mail', 'dns', 'web')),
      reason text not null check (length(reason) between 10 and 4000),
      author text not null,
      state text not null check (state in ('proposed', 'approved', 'rejected', 'expired', 'lapsed')),
      expires_on date not null,
      -- what was measured when it was approved; a change lapses it (src/progress/lapse.ts)
      basis jsonb,
      created_at timestamptz not null default now(),
      decided_by text,
      decided_at timestamptz,
      decision_note text,
      ended_at timestamptz,
      ended_reason text,
      check ((scope = 'supplier') = (organisation_code is null)),
      check ((scope in ('domain', 'finding')) = (domain is not null)),
      check (scope <> 'finding' or check_id is not null),
      check ((scope = 'supplier') = (supplier is not null and supplier_role is not null))
    )`.execute(db);
  await sql`create index explanation_org_idx on explanation (organisation_code, target_id)`.execute(db);
  await sql`create index explanation_state_idx on explanation (state, expires_on)`.execute(db);

  await sql`
    create table progress (
      organisation_code text not null,
      target_id text not null,
      status text not null check (status in ('met', 'explained', 'on-track', 'at-risk', 'overdue', 'unknown')),
      -- share of domains in scope that pass (0..100); null when nothing could be counted
      value double precision check (value between 0 and 100),
      domains_total integer not null default 0,
      domains_met integer not null default 0,
      domains_failing integer not null default 0,
      domains_unknown integer not null default 0,
      domains_explained integer not null default 0,
      deadline date,
      planned_date date,
      effective_date date,
      forecast_date date,
      reason text not null,
      updated_at timestamptz not null default now(),
      primary key (organisation_code, target_id)
    )`.execute(db);
  await sql`create index progress_target_idx on progress (target_id, status)`.execute(db);

  await sql`
    create table progress_domain (
      organisation_code text not null,
      target_id text not null,
      domain text not null,
      outcome text not null check (outcome in ('pass', 'fail', 'unknown')),
      -- the approved explanation that covers this domain's failure, if any
      explanation_id bigint,
      primary key (organisation_code, target_id, domain)
    )`.execute(db);
  await sql`create index progress_domain_domain_idx on progress_domain (domain)`.execute(db);

  await sql`
    create table progress_aggregate (
      scope_kind text not null check (scope_kind in ('nation', 'layer', 'province')),
      scope_id text not null,
      target_id text not null,
      organisations integer not null,
      met integer not null,
      explained integer not null,
      on_track integer not null,
      at_risk integer not null,
      overdue integer not null,
      unknown integer not null,
      domains_total integer not null,
      domains_met integer not null,
      domains_unknown integer not null,
      updated_at timestamptz not null default now(),
      primary key (scope_kind, scope_id, target_id)
    )`.execute(db);

  await sql`
    create table progress_history (
      -- the Monday (UTC) that starts the week
      period date not null,
      organisation_code text not null,
      target_id text not null,
      status text not null check (status in ('met', 'explained', 'on-track', 'at-risk', 'overdue', 'unknown')),
      value double precision,
      domains_total integer not null,
      domains_met integer not null,
      primary key (organisation_code, target_id, period)
    )`.execute(db);

  await sql`
    create table progress_aggregate_history (
      period date not null,
      scope_kind text not null check (scope_kind in ('nation', 'layer', 'province')),
      scope_id text not null,
      target_id text not null,
      organisations integer not null,
      met integer not null,
      explained integer not null,
      on_track integer not null,
      at_risk integer not null,
      overdue integer not null,
      unknown integer not null,
      domains_total integer not null,
      domains_met integer not null,
      domains_unknown integer not null,
      primary key (scope_kind, scope_id, target_id, period)
    )`.execute(db);

  // Marks: an organisation whose progress must be recomputed. Insert-only (no upsert), so that scan workers
  // marking the same organisation never wait for each other or for the refresh; the refresh removes the
  // marks up to the highest id it read, so a mark made while it computed survives.
  await sql`
    create table progress_dirty (
      id bigserial primary key,
      organisation_code text not null,
      marked_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index progress_dirty_org_idx on progress_dirty (organisation_code, id)`.execute(db);

  // The day every organisation was last recomputed (a server recomputes everyone once a day, not at each start).
  await sql`
    create table progress_full_refresh (
      singleton boolean primary key default true check (singleton),
      day date not null,
      at timestamptz not null
    )`.execute(db);

  await sql`
    create table progress_event (
      id bigserial primary key,
      organisation_code text not null,
      target_id text,
      kind text not null check (kind in ('status-worsened', 'status-improved', 'finding-regressed', 'deadline-approaching',
        'planned-date-approaching', 'explanation-expiring', 'explanation-changed')),
      -- the same event is recorded once (e.g. 'explanation-expiring:42:30d')
      dedupe_key text not null unique,
      detail jsonb not null default '{}',
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index progress_event_org_idx on progress_event (organisation_code, id desc)`.execute(db);

  await sql`
    create table subscription (
      id bigserial primary key,
      organisation_code text not null references organisation (code),
      channel text not null check (channel in ('email', 'webhook')),
      address text not null,
      -- webhook: HMAC-SHA256 key for the X-Thorbecke-Signature header
      secret text,
      created_by text not null,
      created_at timestamptz not null default now(),
      unique (organisation_code, channel, address)
    )`.execute(db);

  await sql`
    create table notification_delivery (
      event_id bigint not null references progress_event (id) on delete cascade,
      subscription_id bigint not null references subscription (id) on delete cascade,
      state text not null check (state in ('sent', 'failed')),
      attempts integer not null default 1,
      last_error text,
      updated_at timestamptz not null default now(),
      primary key (event_id, subscription_id)
    )`.execute(db);

  await sql`
    create table map_geometry (
      name text primary key,
      -- the TopoJSON topology as imported
      topology jsonb not null,
      source text not null,
      imported_by text not null,
      imported_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'map_geometry', 'notification_delivery', 'subscription', 'progress_event', 'progress_full_refresh', 'progress_dirty', 'progress_aggregate_history',
    'progress_history', 'progress_aggregate', 'progress_domain', 'progress', 'explanation', 'commitment',
  ]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
