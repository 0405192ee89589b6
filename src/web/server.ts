import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Config } from '../config/schema.js';
import type { Logger } from '../config/logger.js';
import { defaultStrategyFile } from '../config/paths.js';
import { appVersion } from '../config/version.js';
import { OrganisationService } from '../services/organisations.js';
import { startNotifications } from '../services/notifications.js';
import { startProgressKeeper, type ProgressKeeper } from '../services/progress.js';
import { locale } from './i18n/index.js';
import { StrategyService } from '../services/strategy.js';
import { openStore, storeTargetFromConfig, type Store } from '../store/db.js';
import { migrateToLatest } from '../store/migrate.js';
import { purgeExpiredSessions } from '../store/sessions.js';
import { countOrganisations } from '../store/organisations.js';
import { startScanning, type Scanning } from '../scan/service.js';
import { scanControl } from '../scan/request.js';
import { createApp } from './app.js';
import { newLocalToken, writeServerFile } from './local-token.js';

export interface RunningServer {
  /** Where the server listens, e.g. `http://127.0.0.1:8080/`. */
  url: string;
  store: Store;
  scanning: Scanning;
  /** Keeps derived progress current (refreshNow for tests and benchmarks). */
  progress: ProgressKeeper;
  /** Stops accepting connections, finishes open requests, stops scanning and closes the database. */
  close(): Promise<void>;
}

/**
 * Starts Thorbecke: opens the configured database, migrates it, applies the default strategy on the
 * first start, and serves the pages and the API. Logs how to import the federation while it is empty.
 */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const store = await openStore(storeTargetFromConfig(config));
  try {
    await migrateToLatest(store.db);
    const strategy = new StrategyService(store.db);
    await applyDefaultStrategy(strategy, config, logger);
    await adviseWhenEmpty(store, config, logger);
    const scanning = await startScanning(store, config, logger, {
      workers: config.THORBECKE_SERVE_WORKERS === 'on',
      scheduler: config.THORBECKE_SCHEDULER === 'on',
    });
    const localToken = newLocalToken();
    // Expired sessions are refused when used; they are removed once an hour.
    const sessionSweep = setInterval(() => {
      purgeExpiredSessions(store.db).catch((error: unknown) => {
        logger.warn({ err: error }, 'Could not remove expired sessions');
      });
    }, 3_600_000);
    sessionSweep.unref();
    let removeServerFile = (): void => undefined;
    const progress = await startProgressKeeper({ db: store.db, strategy, logger, intervalMs: config.THORBECKE_PROGRESS_INTERVAL });
    // Services cannot import the web layer's messages: the e-mail texts are handed in.
    const notifications = startNotifications({ db: store.db, config, logger, strategy, texts: locale(config.THORBECKE_DEFAULT_LANG).t.notifications });
    try {
      const app = createApp({
        db: store.db,
        strategy,
        organisations: new OrganisationService(store.db, strategy),
        config,
        logger,
        appVersion: appVersion(),
        scans: scanning.status,
        scanControl: scanControl(store.db, scanning.queue),
        localToken,
        progressVersion: () => progress.version(),
      });
      const server = await listen(app.fetch, config);
      const { port } = server.address() as AddressInfo;
      const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
      const url = `http://${host}:${String(port)}/`;
      if (store.engine === 'pglite') removeServerFile = writeServerFile(config.THORBECKE_DATA_DIR, { url, token: localToken, pid: process.pid });
      logger.info({ url, database: store.engine, location: store.location, scanning: scanning.working }, 'Thorbecke is listening');
      return {
        url,
        store,
        scanning,
        progress,
        close: async () => {
          clearInterval(sessionSweep);
          removeServerFile();
          await new Promise<void>((resolve) => {
            server.close(() => {
              resolve();
            });
            // Idle keep-alive connections would hold close() open.
            if ('closeIdleConnections' in server) server.closeIdleConnections();
          });
          await scanning.stop();
          await notifications.stop();
          await progress.stop();
          await store.close();
        },
      };
    } catch (error) {
      clearInterval(sessionSweep);
      removeServerFile();
      await scanning.stop();
      await notifications.stop();
      await progress.stop();
      throw error;
    }
  } catch (error) {
    await store.close();
    throw error;
  }
}

function listen(fetch: Parameters<typeof serve>[0]['fetch'], config: Config): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: config.PORT, hostname: config.HOST }, () => {
      resolve(server);
    });
    server.once('error', reject);
  });
}

async function applyDefaultStrategy(strategy: StrategyService, config: Config, logger: Logger): Promise<void> {
  const file = config.THORBECKE_STRATEGY_FILE ?? defaultStrategyFile;
  const outcome = await strategy.ensureInitial(file, 'thorbecke (first start)');
  const { version } = outcome.version;
  if (outcome.applied) logger.info({ file, version }, 'Applied the default strategy');
  else if (outcome.defaultDiffers) {
    logger.info(
      { file, version },
      `The strategy file differs from the applied version; record it as a new version with \`thorbecke strategy apply ${file} --note "..."\``,
    );
  }
}

async function adviseWhenEmpty(store: Store, config: Config, logger: Logger): Promise<void> {
  if ((await countOrganisations(store.db)) > 0) return;
  const stopFirst =
    store.engine === 'pglite' ? ' Stop Thorbecke first: the embedded database is used by one process at a time.' : '';
  logger.warn(
    { registerUrl: config.THORBECKE_REGISTER_URL },
    'No organisations yet. Import the federation with `npx thorbecke import organisations --download` ' +
      '(the official register export) or `npx thorbecke import organisations FILE.csv`.' +
      stopFirst,
  );
}
