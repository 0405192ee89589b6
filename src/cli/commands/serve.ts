import type { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { createLogger } from '../../config/logger.js';
import { startServer } from '../../web/server.js';
import { say } from '../context.js';

/** `thorbecke serve` (what `npm start` runs): the web application until SIGINT or SIGTERM. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the web application (and, embedded, its database) until interrupted')
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger(config.LOG_LEVEL);
      const server = await startServer(config, logger);
      say(`Thorbecke is running at ${server.url} (database: ${server.store.engine}, ${server.store.location}). Stop it with Ctrl+C.`);
      await new Promise<void>((resolve, reject) => {
        const stop = (signal: NodeJS.Signals): void => {
          logger.info({ signal }, 'Stopping');
          server.close().then(resolve, reject);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
