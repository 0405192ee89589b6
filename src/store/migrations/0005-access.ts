import { sql, type Kysely } from 'kysely';

/**
 * Who may change what: accounts (local with argon2id and TOTP, or from an organisation's OpenID Connect
 * provider), their roles per organisation, server-side sessions, API tokens, pending OIDC logins, and the
 * append-only, hash-chained audit log of every change (ADR 0011).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table account (
      id bigserial primary key,
      email text not null unique check (email = lower(email) and length(email) between 3 and 254),
      display_name text not null check (length(display_name) between 1 and 200),
      -- argon2id (PHC string); null for accounts that only log in through OpenID Connect
      password_hash text,
      password_changed_at timestamptz,
      -- TOTP (RFC 6238) secret in base32 once confirmed; the pending one during enrolment
      totp_secret text,
      totp_pending_secret text,
      -- the last accepted time step: a code is accepted once (no replay)
      totp_last_step bigint,
      global_role text check (global_role in ('coordinator', 'administrator')),
      oidc_issuer text,
      oidc_subject text,
      failed_logins integer not null default 0,
      locked_until timestamptz,
      created_at timestamptz not null default now(),
      disabled_at timestamptz,
      unique (oidc_issuer, oidc_subject),
      check ((oidc_issuer is null) = (oidc_subject is null))
    )`.execute(db);

  await sql`
    create table membership (
      account_id bigint not null references account (id),
      organisation_code text not null references organisation (code),
      role text not null check (role in ('editor', 'admin')),
      -- 'oidc': set from the identity provider's claims at each login (and replaced then)
      source text not null default 'local' check (source in ('local', 'oidc')),
      granted_by text not null,
      granted_at timestamptz not null default now(),
      primary key (account_id, organisation_code)
    )`.execute(db);
  await sql`create index membership_organisation_idx on membership (organisation_code)`.execute(db);

  await sql`
    create table session (
      -- SHA-256 (hex) of the secret in the cookie: a stolen database holds no usable session
      id text primary key,
      account_id bigint not null references account (id),
      csrf_token text not null,
      method text not null check (method in ('password', 'oidc')),
      -- password accepted, second factor still to come: such a session authorises nothing
      awaiting_second_factor boolean not null default false,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      ip text,
      user_agent text
    )`.execute(db);
  await sql`create index session_account_idx on session (account_id)`.execute(db);
  await sql`create index session_expires_idx on session (expires_at)`.execute(db);

  await sql`
    create table api_token (
      id bigserial primary key,
      account_id bigint not null references account (id),
      name text not null check (length(name) between 1 and 100),
      -- the organisation the token acts for; null for a coordinator's or administrator's token
      organisation_code text references organisation (code),
      role text not null check (role in ('editor', 'admin', 'coordinator', 'administrator')),
      -- SHA-256 (hex) of the token; the token itself is shown once
      token_hash text not null unique,
      -- the token's first characters, to recognise it in lists
      prefix text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz,
      last_used_at timestamptz,
      check ((organisation_code is null) = (role in ('coordinator', 'administrator')))
    )`.execute(db);
  await sql`create index api_token_account_idx on api_token (account_id)`.execute(db);

  await sql`
    create table oidc_login (
      state text primary key,
      provider text not null,
      nonce text not null,
      code_verifier text not null,
      return_to text,
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table audit_log (
      id bigserial primary key,
      at timestamptz not null,
      actor_account_id bigint,
      actor text not null,
      via text not null check (via in ('web', 'api', 'cli', 'system')),
      ip text,
      action text not null,
      organisation_code text,
      subject text not null,
      before jsonb,
      after jsonb,
      -- SHA-256 (hex) chain: hash = sha256(prev_hash || canonical JSON of this entry) (src/store/audit-chain.ts)
      prev_hash text not null,
      hash text not null unique
    )`.execute(db);
  await sql`create index audit_log_organisation_idx on audit_log (organisation_code, id)`.execute(db);
  await sql`create index audit_log_account_idx on audit_log (actor_account_id, id)`.execute(db);
  // Append-only: the database itself refuses to change or remove an entry (audit verify finds what a
  // superuser might still do behind its back).
  await sql`
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only';
    end
    $$`.execute(db);
  await sql`create trigger audit_log_no_change before update or delete on audit_log for each row execute function audit_log_append_only()`.execute(db);
  await sql`create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists audit_log`.execute(db);
  await sql`drop function if exists audit_log_append_only()`.execute(db);
  for (const table of ['oidc_login', 'api_token', 'session', 'membership', 'account']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
