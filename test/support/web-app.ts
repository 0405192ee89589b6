import { pino } from 'pino';
import type { Hono } from 'hono';
import { loadConfig } from '../../src/config/load.js';
import { OrganisationService } from '../../src/services/organisations.js';
import type { StrategyReader } from '../../src/services/strategy-types.js';
import { openStore, type Store } from '../../src/store/db.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import type { NewOrganisationRow } from '../../src/store/schema.js';
import { createApp } from '../../src/web/app.js';
import { fixedStrategyReader } from './sample-strategy.js';

export interface TestApp {
  app: Hono;
  store: Store;
}

/** The whole web application over an in-memory PGlite, for in-process HTTP tests (no port). */
export async function createTestApp(strategy: StrategyReader = fixedStrategyReader()): Promise<TestApp> {
  const store = await openStore({ engine: 'pglite', memory: true });
  await migrateToLatest(store.db);
  const config = loadConfig({});
  const app = createApp({
    db: store.db,
    strategy,
    organisations: new OrganisationService(store.db, strategy),
    config,
    logger: pino({ level: 'silent' }),
    appVersion: '0.0.0-test',
  });
  return { app, store };
}

/** Inserts organisations with sensible defaults. */
export async function insertOrganisations(store: Store, rows: (Partial<NewOrganisationRow> & { code: string; name: string; layer: string })[]): Promise<void> {
  await store.db
    .insertInto('organisation')
    .values(
      rows.map((r) => ({
        short_name: null,
        oin: null,
        province_code: null,
        parent_code: null,
        website: null,
        valid_from: null,
        valid_to: null,
        successor_code: null,
        source: 'test',
        ...r,
      })),
    )
    .execute();
}
