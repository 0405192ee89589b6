/**
 * How `thorbecke scan` reaches the scan queue: directly in the database (PostgreSQL, or the embedded database
 * when no server holds it), or through the running embedded server's API with its local token.
 */
import { loadConfig } from '../../config/load.js';
import { createLogger } from '../../config/logger.js';
import type { Config } from '../../config/schema.js';
import { ConflictError, InputError } from '../../domain/errors.js';
import { cliActor } from '../actor.js';
import { callServer, remoteServer, type Server } from '../server-client.js';
import { openQueue } from '../../scan/queue.js';
import { scanControl, type RequestedScan } from '../../scan/request.js';
import { cadencesFromConfig, queueOptionsFromConfig, startScanning } from '../../scan/service.js';
import { runProgressJson, scanStatusJson, type RunProgressJson, type ScanStatusJson } from '../../scan/status-json.js';
import { statusReader } from '../../scan/status-read.js';
import { scanningUnavailable } from '../../scan/scanner.js';
import { openStore, storeTargetFromConfig, type Store } from '../../store/db.js';
import { migrateToLatest } from '../../store/migrate.js';
import type { ScanSelection } from '../../store/scan-targets.js';
import { readServerFile } from '../../web/local-token.js';

export interface ScanClient {
  /** Where the work goes, for the user: e.g. `the running server at http://…`. */
  readonly where: string;
  /** Whether this process scans the queued domains itself (embedded, no server running, --wait). */
  readonly scansHere: boolean;
  request(selection: ScanSelection): Promise<RequestedScan>;
  progress(run: number): Promise<RunProgressJson | undefined>;
  failures(run: number): Promise<{ domain: string; reason: string }[]>;
  status(): Promise<ScanStatusJson>;
  close(): Promise<void>;
}

async function direct(store: Store, config: Config, withWorkers: boolean): Promise<ScanClient> {
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  try {
    await migrateToLatest(store.db);
    if (withWorkers && scanningUnavailable(config) !== undefined) {
      throw new InputError(`Cannot scan: ${scanningUnavailable(config) ?? ''}.`);
    }
    const scanning = withWorkers ? await startScanning(store, config, logger, { workers: true, scheduler: false }) : undefined;
    const queue = scanning?.queue ?? (await openQueue(store, queueOptionsFromConfig(config), { onError: (error) => { logger.error({ err: error }, 'Scan queue error'); } }));
    const control = scanControl(store.db, queue);
    const reader = scanning?.status ?? statusReader({ db: store.db, queue, cadences: cadencesFromConfig(config), schedulerOn: false });
    return {
      where: store.engine === 'postgres' ? `the queue in ${store.location}` : `the embedded database in ${store.location}`,
      scansHere: scanning !== undefined,
      request: (selection) => control.request(selection, cliActor()),
      progress: async (run) => {
        const p = await control.progress(run);
        return p === undefined ? undefined : runProgressJson(p);
      },
      failures: (run) => queue.report.runFailures(run, 20),
      status: async () => scanStatusJson(await reader.status()),
      close: async () => {
        await (scanning ?? queue).stop();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

function viaServer(server: Server): ScanClient {
  return {
    where: `the running server at ${server.url}`,
    scansHere: false,
    request: (selection) => callServer<RequestedScan>(server, 'POST', 'scans', selection),
    progress: (run) => callServer<RunProgressJson>(server, 'GET', `scans/${String(run)}`),
    failures: async () => (await callServer<ScanStatusJson>(server, 'GET', 'scans/status')).recentFailures,
    status: () => callServer<ScanStatusJson>(server, 'GET', 'scans/status'),
    close: () => Promise.resolve(),
  };
}

/**
 * Opens the way to the queue. `scanHere`: with the embedded database and no server running, scan the
 * queued domains in this process (for `--wait`).
 */
export async function openScanClient(options: { scanHere: boolean }): Promise<ScanClient> {
  const remote = remoteServer();
  if (remote !== undefined) return viaServer(remote);
  const config = loadConfig();
  const target = storeTargetFromConfig(config);
  let store: Store;
  try {
    store = await openStore(target);
  } catch (error) {
    if (!(error instanceof ConflictError) || target.engine !== 'pglite' || !('dataDir' in target)) throw error;
    const server = readServerFile(target.dataDir);
    if (server === undefined) throw error;
    return viaServer(server);
  }
  return direct(store, config, options.scanHere && store.engine === 'pglite');
}
