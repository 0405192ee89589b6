/**
 * `thorbecke worker [--concurrency N]`: scan workers against the PostgreSQL server in DATABASE_URL. Start it on
 * as many machines as needed; each job is done once, and a crashed worker's jobs go to the others once their
 * time runs out.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { ConfigError, loadConfig } from '../../config/load.js';
import { createLogger } from '../../config/logger.js';
import { startScanning } from '../../scan/service.js';
import { scanningUnavailable } from '../../scan/scanner.js';
import { openStore } from '../../store/db.js';
import { migrateToLatest } from '../../store/migrate.js';

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 512) throw new InvalidArgumentError('--concurrency must be a whole number from 1 to 512');
  return n;
}

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run scan workers against the PostgreSQL database in DATABASE_URL until interrupted')
    .option('--concurrency <n>', 'domains scanned at once by this process (default: THORBECKE_SCAN_CONCURRENCY)', positiveInteger)
    .action(async (options: { concurrency?: number }) => {
      const config = loadConfig();
      if (config.DATABASE_URL === undefined) {
        throw new ConfigError(
          'thorbecke worker needs a PostgreSQL server (DATABASE_URL): with the embedded database, `npm start` runs the scan workers itself.',
        );
      }
      const unavailable = scanningUnavailable(config);
      if (unavailable !== undefined) throw new ConfigError(`thorbecke worker cannot scan: ${unavailable}.`);
      const logger = createLogger(config.LOG_LEVEL);
      const store = await openStore({ engine: 'postgres', url: config.DATABASE_URL });
      try {
        await migrateToLatest(store.db);
        const scanning = await startScanning(store, config, logger, {
          workers: true,
          scheduler: false,
          ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
        });
        logger.info({ database: store.location, concurrency: options.concurrency ?? config.THORBECKE_SCAN_CONCURRENCY, pid: process.pid }, 'Scan worker running');
        await new Promise<void>((resolve) => {
          const stop = (signal: NodeJS.Signals): void => {
            logger.info({ signal }, 'Stopping: finishing the running scans');
            resolve();
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await scanning.stop();
      } finally {
        await store.close();
      }
    });
}
