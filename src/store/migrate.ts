import { Migrator, type Kysely, type MigrationResult } from 'kysely';
import { migrationProvider } from './migrations/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
const migratorFor = (db: Kysely<any>): Migrator =>
  new Migrator({
    db,
    provider: migrationProvider,
    migrationTableName: 'thorbecke_migration',
    migrationLockTableName: 'thorbecke_migration_lock',
  });

export interface MigrateOutcome {
  applied: string[];
}

/**
 * Brings the schema up to date. Safe when several processes start at once: Kysely's PostgreSQL
 * adapter runs all pending migrations in one transaction that holds an advisory lock, so a second
 * process waits and then finds nothing left to do.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
export async function migrateToLatest(db: Kysely<any>): Promise<MigrateOutcome> {
  const migrator = migratorFor(db);
  const { error, results } = await migrator.migrateToLatest();
  const applied = (results ?? [])
    .filter((r: MigrationResult) => r.status === 'Success')
    .map((r) => r.migrationName);
  if (error !== undefined) {
    const failed = (results ?? []).find((r) => r.status === 'Error');
    const cause = error instanceof Error ? error.message : JSON.stringify(error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`, { cause: error });
  }
  return { applied };
}

/** The migrations this version knows that the database has not applied yet (readiness: none). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const migrations = await migratorFor(db).getMigrations();
  return migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
