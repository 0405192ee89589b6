import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-initial.js';
import * as m0002 from './0002-observations.js';
import * as m0003 from './0003-scanning.js';
import * as m0004 from './0004-progress.js';
import * as m0005 from './0005-access.js';

/**
 * Every migration, in order. Names are permanent: never rename or edit a migration that has been
 * released; add a new one.
 */
export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-observations': m0002,
  '0003-scanning': m0003,
  '0004-progress': m0004,
  '0005-access': m0005,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
