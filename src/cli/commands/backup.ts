import { access, constants } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { Actor } from '../../domain/access.js';
import { ConflictError, InputError } from '../../domain/errors.js';
import { loadConfig } from '../../config/load.js';
import { appVersion } from '../../config/version.js';
import { writeBackup } from '../../store/backup.js';
import { restoreBackup } from '../../store/backup-restore.js';
import { openStore, storeTargetFromConfig, type Store } from '../../store/db.js';
import { migrateToLatest } from '../../store/migrate.js';
import { say } from '../context.js';

/**
 * `thorbecke backup FILE` and `thorbecke restore FILE` (src/store/backup.ts, backup-restore.ts): one portable
 * file for both engines, so a backup also moves a Thorbecke from the embedded database to PostgreSQL.
 */

const QUEUE_NOTE =
  'The job queue (pg-boss) is not included: queued scans are transient, and the scheduler queues them again.';

/** Opens and migrates the configured database like withStore, with a message for a data folder held by a running server. */
async function withDatabase<T>(command: 'backup' | 'restore', fn: (store: Store) => Promise<T>): Promise<T> {
  const config = loadConfig();
  let store: Store;
  try {
    store = await openStore(storeTargetFromConfig(config));
  } catch (error) {
    if (error instanceof ConflictError && config.DATABASE_URL === undefined) {
      throw new ConflictError(
        `The embedded database in ${config.THORBECKE_DATA_DIR} is in use by a running Thorbecke (npm start, thorbecke serve or ` +
          `a worker). Stop it, run thorbecke ${command} again, then start it again. (With PostgreSQL, DATABASE_URL, a backup ` +
          'can be made while Thorbecke runs.)',
      );
    }
    throw error;
  }
  try {
    await migrateToLatest(store.db);
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** `cli:<OS user name>`, as the audit trail records it. */
function cliActor(): Actor {
  let name: string;
  try {
    name = userInfo().username;
  } catch {
    name = process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
  return { accountId: null, name: `cli:${name}`, via: 'cli' };
}

function rowCount(tables: Record<string, number>): number {
  return Object.values(tables).reduce((a, b) => a + b, 0);
}

async function backup(file: string): Promise<void> {
  await withDatabase('backup', async (store) => {
    const summary = await writeBackup(store.db, file, { engine: store.engine, appVersion: appVersion() });
    const tables = Object.keys(summary.tables).length;
    say(
      `Backup of the ${store.engine} database (${store.location}) written to ${summary.file}: ` +
        `${tables} tables, ${rowCount(summary.tables)} rows, ${summary.bytes} bytes. It holds password and token hashes: keep it safe.`,
    );
  });
}

async function restore(file: string): Promise<void> {
  try {
    await access(file, constants.R_OK);
  } catch {
    throw new InputError(`Cannot read ${file}: there is no such file, or it is not readable.`);
  }
  await withDatabase('restore', async (store) => {
    const summary = await restoreBackup(store.db, file, cliActor());
    const tables = Object.keys(summary.tables).length;
    say(
      `Restored ${file} (made ${summary.header.createdAt} by Thorbecke ${summary.header.appVersion} on ${summary.header.engine}) ` +
        `into the ${store.engine} database (${store.location}): ${tables} tables, ${rowCount(summary.tables)} rows.`,
    );
  });
}

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description(
      'write the whole database to FILE (gzip-compressed JSON lines, the same format for both engines), from one ' +
        `consistent snapshot. ${QUEUE_NOTE} The file holds password and token hashes; it is written readable by its owner only.`,
    )
    .argument('<file>', 'where to write the backup, e.g. thorbecke-2026-11-29.backup.gz (replaced only once complete)')
    .action(backup);

  program
    .command('restore')
    .description(
      'load a backup made by thorbecke backup (with either engine) into an empty database: a new data folder ' +
        `(THORBECKE_DATA_DIR) or an empty PostgreSQL database (DATABASE_URL). All or nothing. ${QUEUE_NOTE}`,
    )
    .argument('<file>', 'the backup file')
    .action(restore);
}
