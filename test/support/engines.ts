import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openStore, type Engine, type Store } from '../../src/store/db.js';
import { migrateToLatest } from '../../src/store/migrate.js';

/**
 * Runs a database test suite on every engine: PGlite (in memory) and PostgreSQL. The PostgreSQL leg uses
 * a fresh database per suite on TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres)
 * and drops it afterwards. Without a server the leg is skipped with a notice — except with CI=true,
 * where a missing server fails the run.
 */
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function probePostgres(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (error) {
    if (process.env.CI === 'true') {
      throw new Error(`CI=true but no PostgreSQL server answers at ${ADMIN_URL}: ${String(error)}`);
    }
    console.warn(`NOTICE: PostgreSQL not reachable at ${ADMIN_URL}; the PostgreSQL leg of the database tests is skipped.`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Whether the PostgreSQL leg runs (with CI=true, a missing server has already failed the run). */
export const postgresAvailable = await probePostgres();

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates a fresh, migrated PostgreSQL database; returns its URL and a function that drops it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `thorbecke_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return {
    url: withDatabase(ADMIN_URL, name),
    drop: async () => {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface EngineContext {
  engine: Engine;
  /** The migrated store of this suite; valid inside tests and hooks. */
  store(): Store;
  /** Empties every table (between tests). */
  reset(): Promise<void>;
}

const TABLES = [
  'oidc_login',
  'api_token',
  'session',
  'membership',
  'account',
  'observation_evidence',
  'observation',
  'strategy_change',
  'strategy_version',
  'asset_owner',
  'asset',
  'organisation_change',
  'organisation',
  'import_run',
];

/**
 * `describeEachEngine('organisations', (ctx) => { it(...) })` defines the suite once per engine.
 */
export function describeEachEngine(name: string, suite: (ctx: EngineContext) => void): void {
  for (const engine of ['pglite', 'postgres'] as const) {
    describe.skipIf(engine === 'postgres' && !postgresAvailable)(`${name} [${engine}]`, () => {
      let store: Store | undefined;
      let drop: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        if (engine === 'postgres') {
          const created = await createPostgresDatabase();
          drop = created.drop;
          store = await openStore({ engine: 'postgres', url: created.url, poolSize: 4 });
        } else {
          store = await openStore({ engine: 'pglite', memory: true });
        }
        await migrateToLatest(store.db);
      });
      afterAll(async () => {
        await store?.close();
        await drop?.();
      });
      suite({
        engine,
        store: () => {
          if (!store) throw new Error('store not open yet: use ctx.store() inside a test or hook');
          return store;
        },
        reset: async () => {
          if (!store) return;
          const { sql } = await import('kysely');
          await sql`truncate ${sql.join(TABLES.map((t) => sql.table(t)))} restart identity cascade`.execute(store.db);
          // The audit log refuses truncation (append-only); a test database may empty it behind that trigger.
          await sql`alter table audit_log disable trigger audit_log_no_truncate`.execute(store.db);
          await sql`truncate audit_log restart identity`.execute(store.db);
          await sql`alter table audit_log enable trigger audit_log_no_truncate`.execute(store.db);
        },
      });
    });
  }
}
