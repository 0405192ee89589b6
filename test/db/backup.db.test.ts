import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Actor } from '../../src/domain/access.js';
import { InputError } from '../../src/domain/errors.js';
import { appendAudit } from '../../src/store/audit.js';
import { verifyAudit } from '../../src/store/audit-verify.js';
import { writeBackup } from '../../src/store/backup.js';
import { restoreBackup } from '../../src/store/backup-restore.js';
import { BACKUP_SCHEMA, backupTables, dependencyOrder } from '../../src/store/backup-tables.js';
import { openStore, type Engine, type Store } from '../../src/store/db.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import type { Database } from '../../src/store/schema.js';
import { createPostgresDatabase, describeEachEngine, postgresAvailable } from '../support/engines.js';

const alice: Actor = { accountId: 1, name: 'alice@example.nl', via: 'web', ip: '192.0.2.7' };
const restorer: Actor = { accountId: null, name: 'cli:test', via: 'cli' };

/** A fresh, migrated, empty database of `engine`, and how to get rid of it. */
async function freshStore(engine: Engine): Promise<{ store: Store; dispose: () => Promise<void> }> {
  if (engine === 'pglite') {
    const store = await openStore({ engine: 'pglite', memory: true });
    await migrateToLatest(store.db);
    return { store, dispose: () => store.close() };
  }
  const created = await createPostgresDatabase();
  const store = await openStore({ engine: 'postgres', url: created.url, poolSize: 2 });
  await migrateToLatest(store.db);
  return {
    store,
    dispose: async () => {
      await store.close();
      await created.drop();
    },
  };
}

/** Every table's rows as JSON text in primary-key order, timestamps in UTC (both engines print alike). */
async function dump(db: Kysely<Database>): Promise<Record<string, string[]>> {
  return db.transaction().execute(async (trx) => {
    await sql`set local timezone = 'UTC'`.execute(trx);
    const out: Record<string, string[]> = {};
    for (const table of await backupTables(trx)) {
      const key = sql.join(table.primaryKey.map((k) => sql.id(k.name)));
      const { rows } = await sql<{ line: string }>`select to_jsonb(t)::text as line from ${sql.id(BACKUP_SCHEMA, table.name)} t order by ${key}`.execute(trx);
      out[table.name] = rows.map((r) => r.line);
    }
    return out;
  });
}

async function seed(db: Kysely<Database>): Promise<void> {
  await sql`insert into organisation (code, name, layer, source, successor_code, valid_from) values
    ('gm0001', 'Oudgemeente', 'gemeente', 'test', 'gm0363', '1990-01-01'),
    ('gm0363', 'Amsterdam', 'gemeente', 'test', null, null),
    ('pv27', 'Noord-Holland', 'provincie', 'test', null, null)`.execute(db);
  await sql`insert into asset (kind, name) values ('web', 'amsterdam.nl'), ('mail', 'amsterdam.nl'), ('web', 'noord-holland.nl')`.execute(db);
  await sql`insert into asset_owner (asset_id, organisation_code, source) select id, case when name = 'amsterdam.nl' then 'gm0363' else 'pv27' end, 'test' from asset`.execute(db);
  // More rows than one read or write batch, to cross keyset boundaries (single and composite keys).
  await sql`insert into observation (domain, check_id, state, status, known_status, reason, key_facts_hash, first_seen, last_seen, scanner_version)
    select 'd' || g || '.nl', 'web.https', 'current', 'pass', 'pass', 'ok', 'h' || g,
      timestamptz '2026-03-02 08:00:00.123456+00' + g * interval '1 second', timestamptz '2026-03-02 09:00:00.654321+00', '0.1.0'
    from generate_series(1, 2500) g`.execute(db);
  await sql`insert into observation_evidence (observation_id, measured_at, facts)
    select id, first_seen, ${JSON.stringify({ tls: ['1.3'], note: 'line\nbreak "quoted" ✓ \u2028', big: 12345678901234, x: 0.1 })}::jsonb
    from observation where id <= 3`.execute(db);
  await sql`insert into snapshot (name, taken_at, created_by, domains, results) values ('2026-Q1', now(), 'cli:test', 2500, 2500)`.execute(db);
  await sql`insert into snapshot_result (snapshot_id, domain, check_id, status, known_status, reason, since, last_seen)
    select s.id, o.domain, o.check_id, o.status, o.known_status, o.reason, o.first_seen, o.last_seen from observation o, snapshot s`.execute(db);
  await sql`insert into strategy_version (strategy_id, version, document, content_hash, applied_by) values ('nl', '1', '{"targets": [{"id": "t1"}]}', 'abc', 'test')`.execute(db);
  await sql`insert into strategy_change (strategy_version_id, entity, entity_id, kind, fields, after)
    select id, 'target', 't1', 'added', '{name,deadline}', '{"deadline": "2027-01-01"}' from strategy_version`.execute(db);
  await sql`insert into commitment (organisation_code, target_id, planned_date, milestones, set_by) values ('gm0363', 't1', '2026-12-31', '[{"date": "2026-06-01", "value": 50}]', 'alice')`.execute(db);
  await sql`insert into progress (organisation_code, target_id, status, value, reason, deadline) values ('gm0363', 't1', 'on-track', 33.333333333333336, 'r', '2027-01-01')`.execute(db);
  await sql`insert into progress_full_refresh (day, at) values ('2026-11-29', now())`.execute(db);
  await sql`insert into account (email, display_name, password_hash, totp_last_step, global_role) values
    ('alice@example.nl', 'Alice', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', 59012345, 'coordinator'),
    ('bob@example.nl', 'Bob', null, null, null)`.execute(db);
  await sql`insert into membership (account_id, organisation_code, role, granted_by) select id, 'gm0363', 'editor', 'alice' from account where email = 'bob@example.nl'`.execute(db);
  // A removed row: its id must not be given out again after a restore.
  await sql`delete from asset where name = 'noord-holland.nl'`.execute(db);
  await db.transaction().execute(async (trx) => {
    await appendAudit(trx, alice, { action: 'commitment.set', organisationCode: 'gm0363', subject: 'commitment gm0363/t1', before: null, after: { plannedDate: '2026-12-31' } });
    await appendAudit(trx, alice, { action: 'account.add', subject: 'account 2', after: { email: 'bob@example.nl' } });
  });
}

describe('dependencyOrder', () => {
  it('puts a table after the tables it refers to, ignoring references to itself, and finds cycles', () => {
    const t = (name: string) => ({ name });
    expect(dependencyOrder([t('c'), t('b'), t('a')], [{ table: 'a', references: 'b' }, { table: 'b', references: 'c' }, { table: 'a', references: 'a' }]).map((x) => x.name)).toEqual(['c', 'b', 'a']);
    expect(() => dependencyOrder([t('a'), t('b')], [{ table: 'a', references: 'b' }, { table: 'b', references: 'a' }])).toThrow(/cycle/);
  });
});

describeEachEngine('backup and restore', (ctx) => {
  let dir: string;
  let file: string;
  let original: Record<string, string[]>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'thorbecke-backup-'));
    file = path.join(dir, 'thorbecke.backup.gz');
    await seed(ctx.store().db);
    original = await dump(ctx.store().db);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('knows every table, in foreign-key order, with no generated columns and no migration or queue tables', async () => {
    const tables = (await backupTables(ctx.store().db)).map((t) => t.name);
    expect(tables).not.toContain('thorbecke_migration');
    expect(tables).toEqual(expect.arrayContaining(['organisation', 'account', 'audit_log', 'observation_evidence', 'snapshot_result']));
    const before = (a: string, b: string): void => {
      expect(tables.indexOf(a)).toBeLessThan(tables.indexOf(b));
    };
    before('organisation', 'asset_owner');
    before('asset', 'asset_owner');
    before('observation', 'observation_evidence');
    before('account', 'membership');
    before('strategy_version', 'strategy_change');
    before('progress_event', 'notification_delivery');
    expect((await backupTables(ctx.store().db)).flatMap((t) => t.generated)).toEqual([]);
  });

  it('writes a gzip file readable by its owner only, with a header, sections and a trailer', async () => {
    const summary = await writeBackup(ctx.store().db, file, { engine: ctx.engine, appVersion: '9.9.9' });
    expect(summary.tables.observation).toBe(2500);
    expect(summary.tables.snapshot_result).toBe(2500);
    expect(summary.tables.audit_log).toBe(2);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const lines = gunzipSync(await readFile(file)).toString('utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ format: 'thorbecke-backup', formatVersion: 1, engine: ctx.engine, appVersion: '9.9.9' });
    expect((JSON.parse(lines[0] ?? '') as { migrations: string[] }).migrations).toContain('0001-initial');
    expect(JSON.parse(lines.at(-1) ?? '')).toMatchObject({ end: 'thorbecke-backup', tables: summary.tables });
    // The database itself is unchanged by a backup (no audit entry either).
    expect(await dump(ctx.store().db)).toEqual(original);
  });

  for (const targetEngine of ['pglite', 'postgres'] as const) {
    it.skipIf(targetEngine === 'postgres' && !postgresAvailable)(`restores into an empty ${targetEngine} database, equal row for row, and the ids continue`, async () => {
      const { store, dispose } = await freshStore(targetEngine);
      try {
        const summary = await restoreBackup(store.db, file, restorer);
        expect(summary.tables.observation).toBe(2500);
        const restored = await dump(store.db);
        const { audit_log: restoredAudit = [], ...restoredRest } = restored;
        const { audit_log: originalAudit = [], ...originalRest } = original;
        expect(restoredRest).toEqual(originalRest);
        // The audit trail is the original one plus the restore itself, still one unbroken chain.
        expect(restoredAudit.slice(0, -1)).toEqual(originalAudit);
        const last = JSON.parse(restoredAudit.at(-1) ?? '') as { action: string; subject: string; actor: string; after: { tables: Record<string, number> } };
        expect(last).toMatchObject({ action: 'database.restore', subject: 'thorbecke.backup.gz', actor: 'cli:test' });
        expect(last.after.tables.account).toBe(2);
        const verified = await verifyAudit(store.db);
        expect(verified.problems).toEqual([]);
        expect(verified.entries).toBe(3);

        // Sequences continue where they were: 3 assets were made and the third removed; its id is not reused.
        const asset = await store.db.insertInto('asset').values({ kind: 'web', name: 'new.nl' }).returning('id').executeTakeFirstOrThrow();
        expect(asset.id).toBe(4);
        const { rows } = await sql<{ id: number }>`insert into observation (domain, check_id, state, status, reason, key_facts_hash, first_seen, last_seen, scanner_version)
          values ('new.nl', 'web.https', 'current', 'pass', 'ok', 'h', now(), now(), '0.1.0') returning id`.execute(store.db);
        expect(Number(rows[0]?.id)).toBe(2501);
        await store.db.transaction().execute((trx) => appendAudit(trx, alice, { action: 'test', subject: 'after restore' }));
        expect((await verifyAudit(store.db)).problems).toEqual([]);
      } finally {
        await dispose();
      }
    }, 90_000);
  }

  it('refuses a database that already holds data, changing nothing', async () => {
    const before = await dump(ctx.store().db);
    const error = await restoreBackup(ctx.store().db, file, restorer).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/already holds data.*organisation.*empty data folder/s);
    expect(await dump(ctx.store().db)).toEqual(before);
  });

  it('refuses a truncated, altered, incomplete or foreign file, changing nothing', async () => {
    const { store, dispose } = await freshStore('pglite');
    onTestFinished(dispose);
    const empty = await dump(store.db);
    const bad = path.join(dir, 'bad.backup.gz');
    const refused = async (content: Buffer, message: RegExp): Promise<void> => {
      await writeFile(bad, content);
      const error = await restoreBackup(store.db, bad, restorer).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(message);
      expect(await dump(store.db)).toEqual(empty);
    };
    const gz = await readFile(file);
    const text = gunzipSync(gz).toString('utf8');
    const lines = text.trimEnd().split('\n');
    await refused(gz.subarray(0, Math.floor(gz.length * 0.7)), /truncated/);
    await refused(gzipSync(lines.slice(0, -1).join('\n') + '\n'), /truncated/);
    await refused(gzipSync(text.replace('amsterdam.nl', 'amsterdan.nl')), /checksum/);
    await refused(gzipSync([...lines.slice(0, -2), lines.at(-1), ''].join('\n')), /damaged|truncated|could not be restored/);
    await refused(Buffer.from('code,name\n'), /not a Thorbecke backup/);
    await refused(gzipSync('{"hello": "world"}\n'), /not a Thorbecke backup/);
    const header = JSON.parse(lines[0] ?? '') as { migrations: string[] };
    await refused(gzipSync([JSON.stringify({ ...header, migrations: [...header.migrations, '9999-future'] }), ...lines.slice(1)].join('\n')), /newer Thorbecke.*9999-future/);
    await refused(gzipSync([JSON.stringify({ ...header, migrations: ['0002-observations'] }), ...lines.slice(1)].join('\n')), /not an earlier state/);
  }, 120_000);
});
