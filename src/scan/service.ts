/**
 * Scanning in a long-running process: the queue, scan workers (`thorbecke serve` embedded, `thorbecke
 * worker`), the scheduler (`thorbecke serve`), and the status the pages and the CLI show.
 */
import { ConfigError } from '../config/load.js';
import type { Logger } from '../config/logger.js';
import type { Config } from '../config/schema.js';
import { InputError } from '../domain/errors.js';
import type { Store } from '../store/db.js';
import { parseCadences, type Cadence } from './cadence.js';
import { openQueue, type QueueOptions, type ScanQueue } from './queue.js';
import { createScanHandler } from './scan-handler.js';
import { createScanner, scanningUnavailable } from './scanner.js';
import { startScheduler, type Scheduler } from './scheduler.js';
import type { ScanStatusReader } from './status.js';
import { statusReader } from './status-read.js';

export interface ScanningOptions {
  /** Run scan workers in this process. */
  workers: boolean;
  /** Run the scheduler in this process. */
  scheduler: boolean;
  /** Workers in this process (default THORBECKE_SCAN_CONCURRENCY). */
  concurrency?: number;
  queue?: QueueOptions;
  schedulerTickMs?: number;
}

export interface Scanning {
  queue: ScanQueue;
  status: ScanStatusReader;
  /** Whether this process measures (a resolver is configured and workers were asked for). */
  working: boolean;
  scheduler?: Scheduler;
  stop(): Promise<void>;
}

export function cadencesFromConfig(config: Pick<Config, 'THORBECKE_SCAN_CADENCE'>): Cadence[] {
  try {
    return parseCadences(config.THORBECKE_SCAN_CADENCE);
  } catch (error) {
    if (error instanceof InputError) throw new ConfigError(`Invalid configuration:\n  ${error.message}`);
    throw error;
  }
}

/**
 * The queue's settings from the configuration. Every process that opens the queue must use these: opening
 * it writes the retry and expiry settings to the shared queue.
 */
export function queueOptionsFromConfig(config: Pick<Config, 'THORBECKE_SCAN_JOB_EXPIRY' | 'THORBECKE_SCAN_RETRY_DELAY'>): QueueOptions {
  const expiry = config.THORBECKE_SCAN_JOB_EXPIRY;
  return {
    expireInSeconds: expiry,
    retryDelaySeconds: config.THORBECKE_SCAN_RETRY_DELAY,
    // Expired jobs (of a worker that died) are found by the queue's maintenance: run it often enough.
    maintenanceIntervalSeconds: Math.min(120, Math.max(2, Math.floor(expiry / 4))),
  };
}

export async function startScanning(store: Store, config: Config, logger: Logger, options: ScanningOptions): Promise<Scanning> {
  const cadences = cadencesFromConfig(config);
  const unavailable = scanningUnavailable(config);
  // Built before the queue opens: a bad setting stops the process before anything runs.
  const scanner = options.workers && unavailable === undefined ? createScanner(config) : undefined;
  const queueOptions: QueueOptions = { ...queueOptionsFromConfig(config), ...options.queue };
  const queue = await openQueue(store, queueOptions, {
    onError: (error) => {
      logger.error({ err: error }, 'Scan queue error');
    },
  });
  if (unavailable !== undefined && (options.workers || options.scheduler)) logger.warn(unavailable);
  if (scanner !== undefined) {
    const handler = createScanHandler(
      { db: store.db, queue, scanner, logger },
      { perIp: config.THORBECKE_SCAN_PER_IP, perOrganisation: config.THORBECKE_SCAN_PER_ORGANISATION, confirmDelayMs: config.THORBECKE_CONFIRM_DELAY },
    );
    queue.work(handler, { concurrency: options.concurrency ?? config.THORBECKE_SCAN_CONCURRENCY });
  }
  const scheduler =
    options.scheduler && unavailable === undefined
      ? startScheduler(store.db, queue, { cadences, evidenceRetentionMs: config.THORBECKE_EVIDENCE_RETENTION, ...(options.schedulerTickMs !== undefined ? { tickMs: options.schedulerTickMs } : {}) }, logger)
      : undefined;
  const status = statusReader({ db: store.db, queue, cadences, schedulerOn: scheduler !== undefined, ...(unavailable !== undefined ? { unavailable } : {}) });
  return {
    queue,
    status,
    working: scanner !== undefined,
    ...(scheduler !== undefined ? { scheduler } : {}),
    stop: async () => {
      await scheduler?.stop();
      await queue.stop();
    },
  };
}
