import { mkdtemp, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../src/store/audit.js';
import { openStore } from '../../src/store/db.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { createPostgresDatabase, postgresAvailable } from '../support/engines.js';
import { runInProcess as run } from '../support/run-cli.js';

/** The rows of a few tables in a data folder, as JSON text. */
async function rowsIn(dataDir: string): Promise<Record<string, string[]>> {
  const store = await openStore({ engine: 'pglite', dataDir });
  try {
    const out: Record<string, string[]> = {};
    for (const table of ['organisation', 'account', 'observation', 'audit_log']) {
      const { rows } = await sql<{ line: string }>`select to_jsonb(t)::text as line from ${sql.table(table)} t order by 1`.execute(store.db);
      out[table] = rows.map((r) => r.line);
    }
    return out;
  } finally {
    await store.close();
  }
}

describe('thorbecke backup and restore (embedded data folders)', () => {
  let dir: string;
  const saved = { ...process.env };
  const source = (): string => path.join(dir, 'source');
  const file = (): string => path.join(dir, 'thorbecke.backup.gz');

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'thorbecke-backup-cli-'));
    delete process.env.DATABASE_URL;
    process.env.LOG_LEVEL = 'silent';
    const store = await openStore({ engine: 'pglite', dataDir: source() });
    try {
      await migrateToLatest(store.db);
      await sql`insert into organisation (code, name, layer, source) values ('gm0363', 'Amsterdam', 'gemeente', 'test')`.execute(store.db);
      await sql`insert into account (email, display_name, password_hash) values ('alice@example.nl', 'Alice', '$argon2id$x')`.execute(store.db);
      await sql`insert into observation (domain, check_id, state, status, reason, key_facts_hash, first_seen, last_seen, scanner_version)
        values ('amsterdam.nl', 'web.https', 'current', 'pass', 'ok', 'h', now(), now(), '0.1.0')`.execute(store.db);
      await store.db.transaction().execute(async (trx) => {
        await appendAudit(trx, { accountId: 1, name: 'alice@example.nl', via: 'web' }, { action: 'account.add', subject: 'account 1' });
      });
    } finally {
      await store.close();
    }
  });
  afterAll(async () => {
    process.env = saved;
    await rm(dir, { recursive: true, force: true });
  });

  it('says in its help that the job queue is left out', async () => {
    const help = await run('backup', '--help');
    expect(help.status).toBe(0);
    expect(help.out.replace(/\s+/g, ' ')).toContain('The job queue (pg-boss) is not included');
  });

  it('backs up one data folder and restores it into a new one', async () => {
    process.env.THORBECKE_DATA_DIR = source();
    const backup = await run('backup', file());
    expect(backup.err).toBe('');
    expect(backup.status).toBe(0);
    expect(backup.out).toMatch(/^Backup of the pglite database .* written to .*thorbecke\.backup\.gz: \d+ tables, 4 rows, \d+ bytes\./);
    expect((await stat(file())).mode & 0o777).toBe(0o600);

    process.env.THORBECKE_DATA_DIR = path.join(dir, 'target');
    const restore = await run('restore', file());
    expect(restore.err).toBe('');
    expect(restore.status).toBe(0);
    expect(restore.out).toMatch(/^Restored .* on pglite\) into the pglite database .*: \d+ tables, 4 rows\.\n$/);

    const before = await rowsIn(source());
    const after = await rowsIn(path.join(dir, 'target'));
    expect({ ...after, audit_log: after.audit_log?.slice(0, -1) }).toEqual(before);
    expect(after.audit_log?.at(-1)).toContain('"action": "database.restore"');
  }, 120_000);

  it.skipIf(!postgresAvailable)('moves the embedded database to a PostgreSQL server', async () => {
    const created = await createPostgresDatabase();
    try {
      process.env.DATABASE_URL = created.url;
      const restore = await run('restore', file());
      expect(restore.err).toBe('');
      expect(restore.out).toMatch(/on pglite\) into the postgres database .*: \d+ tables, 4 rows\.\n$/);
      const store = await openStore({ engine: 'postgres', url: created.url, poolSize: 1 });
      try {
        const { rows } = await sql<{ email: string }>`select email from account`.execute(store.db);
        expect(rows).toEqual([{ email: 'alice@example.nl' }]);
      } finally {
        await store.close();
      }
    } finally {
      delete process.env.DATABASE_URL;
      await created.drop();
    }
  }, 60_000);

  it('refuses to restore into a data folder that holds data', async () => {
    process.env.THORBECKE_DATA_DIR = path.join(dir, 'target');
    const again = await run('restore', file());
    expect(again.status).toBe(1);
    expect(again.err).toMatch(/already holds data.*new, empty data folder/);
  });

  it('refuses a file that does not exist, without creating a data folder', async () => {
    process.env.THORBECKE_DATA_DIR = path.join(dir, 'never');
    const missing = await run('restore', path.join(dir, 'missing.gz'));
    expect(missing.status).toBe(1);
    expect(missing.err).toMatch(/Cannot read .*missing\.gz/);
    expect(existsSync(path.join(dir, 'never'))).toBe(false);
  });

  it('tells to stop the server when it holds the data folder', async () => {
    const server = await openStore({ engine: 'pglite', dataDir: source() });
    try {
      process.env.THORBECKE_DATA_DIR = source();
      const held = await run('backup', path.join(dir, 'other.backup.gz'));
      expect(held.status).toBe(1);
      expect(held.err).toMatch(/in use by a running Thorbecke.*Stop it, run thorbecke backup again/);
      expect(existsSync(path.join(dir, 'other.backup.gz'))).toBe(false);
    } finally {
      await server.close();
    }
  });
});
