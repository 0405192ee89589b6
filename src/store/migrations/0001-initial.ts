import { sql, type Kysely } from 'kysely';

/** The federation (organisations, their domains), strategy versions and import runs. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table import_run (
      id bigserial primary key,
      kind text not null check (kind in ('organisations', 'domains')),
      source text not null,
      format text not null,
      full_import boolean not null,
      actor text not null,
      started_at timestamptz not null default now(),
      finished_at timestamptz,
      added integer not null default 0,
      changed integer not null default 0,
      ended integer not null default 0,
      reinstated integer not null default 0,
      unchanged integer not null default 0,
      -- what the import left out and why, e.g. {"skipped": {"no name": 2}}
      detail jsonb not null default '{}'
    )`.execute(db);

  await sql`
    create table organisation (
      code text primary key check (code ~ '^(gm[0-9]{4}|pv[0-9]{2}|ws[0-9]{4}|mnre[0-9]{4}|oorg[0-9]{5}|col[0-9]{2})$'),
      name text not null,
      short_name text,
      layer text not null check (layer in ('rijk', 'provincie', 'gemeente', 'waterschap', 'publieke-dienstverlener', 'caribisch-openbaar-lichaam')),
      oin text check (oin ~ '^[0-9]{20}$'),
      province_code text,
      parent_code text,
      website text,
      valid_from date,
      valid_to date,
      successor_code text references organisation (code) deferrable initially deferred,
      source text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index organisation_layer_idx on organisation (layer)`.execute(db);
  await sql`create index organisation_province_idx on organisation (province_code)`.execute(db);
  await sql`create index organisation_successor_idx on organisation (successor_code)`.execute(db);

  await sql`
    create table organisation_change (
      id bigserial primary key,
      organisation_code text not null references organisation (code),
      import_run_id bigint references import_run (id),
      kind text not null check (kind in ('added', 'changed', 'ended', 'reinstated')),
      before jsonb,
      after jsonb,
      changed_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index organisation_change_org_idx on organisation_change (organisation_code, id)`.execute(db);

  await sql`
    create table asset (
      id bigserial primary key,
      kind text not null check (kind in ('web', 'mail')),
      name text not null,
      created_at timestamptz not null default now(),
      unique (kind, name)
    )`.execute(db);

  await sql`
    create table asset_owner (
      asset_id bigint not null references asset (id) on delete cascade,
      organisation_code text not null references organisation (code),
      source text not null,
      added_at timestamptz not null default now(),
      primary key (asset_id, organisation_code)
    )`.execute(db);
  await sql`create index asset_owner_org_idx on asset_owner (organisation_code)`.execute(db);

  await sql`
    create table strategy_version (
      id serial primary key,
      strategy_id text not null,
      version text not null,
      document jsonb not null,
      content_hash text not null,
      source_path text,
      applied_by text not null,
      applied_at timestamptz not null default now(),
      note text
    )`.execute(db);

  await sql`
    create table strategy_change (
      id bigserial primary key,
      strategy_version_id integer not null references strategy_version (id),
      entity text not null check (entity in ('strategy', 'priority', 'target', 'context')),
      entity_id text not null,
      kind text not null check (kind in ('added', 'changed', 'removed')),
      fields text[] not null default '{}',
      before jsonb,
      after jsonb
    )`.execute(db);
  await sql`create index strategy_change_entity_idx on strategy_change (entity, entity_id, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'strategy_change',
    'strategy_version',
    'asset_owner',
    'asset',
    'organisation_change',
    'organisation',
    'import_run',
  ]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
