import { loadConfig } from '../config/load.js';
import { createLogger, type Logger } from '../config/logger.js';
import type { Config } from '../config/schema.js';
import { openStore, storeTargetFromConfig, type Store } from '../store/db.js';
import { migrateToLatest } from '../store/migrate.js';

export interface CliContext {
  config: Config;
  logger: Logger;
  store: Store;
}

/**
 * Opens the configured database (migrating it first), runs `fn`, and closes it again — also when `fn`
 * throws. With the embedded database this fails with a clear message while `npm start` holds it.
 */
export async function withStore<T>(fn: (ctx: CliContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const store = await openStore(storeTargetFromConfig(config));
  try {
    await migrateToLatest(store.db);
    return await fn({ config, logger, store });
  } finally {
    await store.close();
  }
}

/** Writes a line to stdout (command output; logs go to stderr). */
export function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}
