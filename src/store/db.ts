import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import { ConflictError } from '../domain/errors.js';
import type { Database } from './schema.js';

export type Engine = 'pglite' | 'postgres';

/** An open database: the typed query builder and how to close it. */
export interface Store {
  db: Kysely<Database>;
  engine: Engine;
  /** Where it lives, without secrets: a folder or a server/database name. */
  location: string;
  /** PostgreSQL only: the connection URL, for components that open their own connections (the job queue). */
  readonly url?: string;
  /** PGlite only: the embedded client, for components that talk to it directly (the job queue's adapter). */
  readonly pglite?: PGlite;
  close(): Promise<void>;
}

export type StoreTarget =
  | { engine: 'pglite'; dataDir: string }
  | { engine: 'pglite'; memory: true }
  | { engine: 'postgres'; url: string; poolSize?: number };

/**
 * The same values come back from both engines: `date` as `YYYY-MM-DD`, `int8` (counts, bigserial ids)
 * as numbers, `timestamptz` as Date.
 */
const parseDate = (value: string): string => value;
const parseInt8 = (value: string): number => Number(value);

const PG_DATE = 1082;
const PG_INT8 = 20;

const builtinParser = pg.types.getTypeParser.bind(pg.types) as (oid: number, format?: 'text' | 'binary') => unknown;

function pgTypes(): pg.CustomTypesConfig {
  const getTypeParser = (oid: number, format?: 'text' | 'binary'): unknown => {
    if (oid === PG_DATE) return parseDate;
    if (oid === PG_INT8) return parseInt8;
    return builtinParser(oid, format);
  };
  return { getTypeParser: getTypeParser as pg.CustomTypesConfig['getTypeParser'] };
}

/** Opens the embedded database in a folder, or in memory; the folder is held by this process alone. */
async function openPglite(target: { dataDir: string } | { memory: true }): Promise<Store> {
  const parsers = { [pgliteTypes.DATE]: parseDate, [pgliteTypes.INT8]: parseInt8 };
  if ('memory' in target) {
    const client = await PGlite.create({ parsers });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
    return { db, engine: 'pglite', location: 'memory', pglite: client, close: () => db.destroy() };
  }
  const dir = path.resolve(target.dataDir);
  await mkdir(dir, { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dir, { lockfilePath: path.join(dir, 'thorbecke.lock'), stale: 15_000 });
  } catch (error) {
    if ((error as { code?: string }).code === 'ELOCKED') {
      throw new ConflictError(
        `The embedded database in ${dir} is in use by another Thorbecke process (is \`npm start\` running?). ` +
          'Only one process can open it at a time. Stop that process and try again, or run Thorbecke against ' +
          'a PostgreSQL server (DATABASE_URL), where any number of processes can share the database.',
      );
    }
    throw error;
  }
  try {
    const client = await PGlite.create({ dataDir: path.join(dir, 'pglite'), parsers });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
    return {
      db,
      engine: 'pglite',
      location: dir,
      pglite: client,
      close: async () => {
        await db.destroy();
        await release();
      },
    };
  } catch (error) {
    await release();
    throw error;
  }
}

function openPostgres(url: string, poolSize = 10): Store {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: pgTypes() });
  // An idle connection the server ends (a restart, a dropped database) must not crash the process:
  // the pool replaces it, and a query on it fails with its own error.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const parsed = new URL(url);
  return {
    db,
    engine: 'postgres',
    location: `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`,
    url,
    close: () => db.destroy(),
  };
}

export async function openStore(target: StoreTarget): Promise<Store> {
  return target.engine === 'postgres' ? openPostgres(target.url, target.poolSize) : openPglite(target);
}

/** The store the configuration asks for: PostgreSQL when DATABASE_URL is set, else the embedded database. */
export function storeTargetFromConfig(config: { DATABASE_URL?: string | undefined; THORBECKE_DATA_DIR: string }): StoreTarget {
  return config.DATABASE_URL !== undefined
    ? { engine: 'postgres', url: config.DATABASE_URL }
    : { engine: 'pglite', dataDir: config.THORBECKE_DATA_DIR };
}
