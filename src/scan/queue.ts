import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import { z } from 'zod';
import { InputError } from '../domain/errors.js';
import type { Store } from '../store/db.js';
import { pgliteExecutor, type QueueExecutor } from './queue-db.js';
import { jobIdForKey, PermanentError, ScanJobSchema, scanJobKey, type ScanJob } from './queue-job.js';
import { queueReport, type QueueReport } from './queue-report.js';

export { PermanentError, ScanJobSchema, scanJobKey, type ScanJob } from './queue-job.js';

/**
 * The scan queue: pg-boss 10 on the store's own database, through one code path on both engines
 * (docs/adr/0008-job-queue.md). PostgreSQL: pg-boss opens its own small pool on the store's URL.
 * PGlite: pg-boss talks to the store's embedded client through an adapter (./queue-db.ts).
 */
export const QueueOptionsSchema = z
  .object({
    /** The pg-boss queue name. */
    queue: z.string().regex(/^[a-z][a-z0-9_-]{0,49}$/).default('scan'),
    /** The database schema pg-boss keeps its tables in. */
    schema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).default('pgboss'),
    /** Retries after the first attempt for transient errors. */
    retryLimit: z.number().int().min(0).max(20).default(3),
    /** Seconds before the first retry; with backoff it doubles each attempt (with jitter). */
    retryDelaySeconds: z.number().int().min(0).default(30),
    retryBackoff: z.boolean().default(true),
    /** A running job that takes longer fails (and is retried). */
    expireInSeconds: z.number().int().min(1).max(86_400).default(900),
    /** How often an idle worker asks for work; enqueueing in the same process wakes it at once. */
    pollingIntervalSeconds: z.number().min(0.05).max(600).default(2),
    /** pg-boss maintenance (expire stuck jobs, archive, delete); every process may run it. */
    supervise: z.boolean().default(true),
    maintenanceIntervalSeconds: z.number().int().min(1).default(120),
    /** PostgreSQL only: connections in pg-boss's own pool. */
    poolSize: z.number().int().min(1).max(100).default(4),
    /** How long `stop()` waits for running handlers. */
    stopTimeoutSeconds: z.number().min(0).default(30),
  })
  .strict();

export type QueueOptions = z.input<typeof QueueOptionsSchema>;
type Settings = z.output<typeof QueueOptionsSchema>;

export interface EnqueueOptions {
  /** Idempotency key; default: the round and the domain (`scanJobKey`). */
  key?: string;
  /** Start no earlier than this many seconds from now. */
  startAfterSeconds?: number;
}

export interface Enqueued {
  id: string;
  /** False when a job with the same key was already in the queue: nothing was added. */
  created: boolean;
}

export interface JobContext {
  id: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Aborted when the job's time is up or the queue stops without waiting. */
  signal: AbortSignal;
}

export type ScanHandler = (job: ScanJob, context: JobContext) => Promise<void>;

export interface QueueStats {
  queue: string;
  /** Queued or waiting for a retry. */
  waiting: number;
  running: number;
  failed: number;
  completed: number;
}

export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

export interface JobInfo {
  id: string;
  state: JobState;
  data: unknown;
  /** Retries so far (0 on the first attempt). */
  retryCount: number;
  retryLimit: number;
  /** Why the last attempt failed, if it did. */
  reason?: string;
  /** Whether the last failure was a PermanentError. */
  permanent: boolean;
}

/** One job of a batch: the job, its idempotency key, and when it may start. */
export interface BatchJob {
  job: ScanJob;
  key?: string;
  startAfter?: Date;
}

export interface ScanQueue {
  readonly name: string;
  /** Progress per run, recent failures, the rate. */
  readonly report: QueueReport;
  enqueue(job: ScanJob, options?: EnqueueOptions): Promise<Enqueued>;
  /** Many jobs in few statements (1,000 per insert), in this order; keys already queued add nothing. */
  enqueueMany(jobs: readonly BatchJob[]): Promise<void>;
  /** Starts `concurrency` workers in this process; call once per queue object. */
  work(handler: ScanHandler, options?: { concurrency?: number }): void;
  stats(): Promise<QueueStats>;
  job(id: string): Promise<JobInfo | undefined>;
  /** Stops fetching, waits for running handlers (up to stopTimeoutSeconds), then stops pg-boss. */
  stop(): Promise<void>;
}

export interface OpenQueueDeps {
  /** Where errors of the background machinery go (a pino logger fits). */
  onError?: (error: unknown) => void;
}

function bossFor(store: Store, s: Settings): PgBoss {
  const common = {
    schema: s.schema,
    migrate: true,
    supervise: s.supervise,
    maintenanceIntervalSeconds: s.maintenanceIntervalSeconds,
    schedule: false,
  };
  if (store.engine === 'postgres') {
    if (store.url === undefined) throw new Error('the PostgreSQL store has no URL for the job queue');
    return new PgBoss({ ...common, connectionString: store.url, max: s.poolSize, application_name: 'thorbecke-queue' });
  }
  if (store.pglite === undefined) throw new Error('the embedded store exposes no PGlite client for the job queue');
  const db: QueueExecutor = pgliteExecutor(store.db, store.pglite);
  return new PgBoss({ ...common, db });
}

/** Opens (and on first use creates or migrates) the queue in the store's database. */
export async function openQueue(store: Store, options: QueueOptions = {}, deps: OpenQueueDeps = {}): Promise<ScanQueue> {
  const parsed = QueueOptionsSchema.safeParse(options);
  if (!parsed.success) throw new InputError(`invalid queue options: ${z.prettifyError(parsed.error)}`);
  const s = parsed.data;
  const onError =
    deps.onError ??
    ((error: unknown) => {
      console.error('scan queue:', error);
    });
  const boss = bossFor(store, s);
  boss.on('error', onError);
  await boss.start();
  try {
    // The configuration is the source of truth: an existing queue takes the current retry settings.
    const settings = {
      name: s.queue,
      retryLimit: s.retryLimit,
      retryDelay: s.retryDelaySeconds,
      retryBackoff: s.retryBackoff,
      expireInSeconds: s.expireInSeconds,
    };
    // Processes starting together (workers, servers) may race to create the queue's table: the loser of
    // PostgreSQL's deadlock detection tries again and finds the queue there.
    for (let attempt = 1; ; attempt++) {
      try {
        if ((await boss.getQueue(s.queue)) === null) await boss.createQueue(s.queue, settings);
        await boss.updateQueue(s.queue, settings);
        break;
      } catch (error) {
        if (attempt >= 5) throw error;
        await sleep(50 * attempt + Math.random() * 200);
      }
    }
  } catch (error) {
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
    throw error;
  }
  return new BossQueue(boss, s, onError);
}

const jobRow = z.object({
  id: z.string(),
  state: z.enum(['created', 'retry', 'active', 'completed', 'cancelled', 'failed']),
  data: z.unknown(),
  retryCount: z.coerce.number(),
  retryLimit: z.coerce.number(),
  output: z.object({ message: z.string().optional(), name: z.string().optional() }).loose().nullable(),
});

const countRow = z.object({ state: z.string(), count: z.coerce.number() });

const BATCH_SIZE = 1000;

class BossQueue implements ScanQueue {
  readonly name: string;
  readonly report: QueueReport;
  #stopping = false;
  #stopped: Promise<void> | undefined;
  #wake = unlimited(new AbortController());
  #loops: Promise<void>[] = [];
  #running = new Set<AbortController>();

  constructor(
    private readonly boss: PgBoss,
    private readonly s: Settings,
    private readonly onError: (error: unknown) => void,
  ) {
    this.name = s.queue;
    this.report = queueReport((text, values) => this.#sql(text, values), s.schema, s.queue);
  }

  #sql(text: string, values: unknown[]): Promise<{ rows: unknown[] }> {
    return this.boss.getDb().executeSql(text, values);
  }

  async enqueue(job: ScanJob, options: EnqueueOptions = {}): Promise<Enqueued> {
    const parsed = ScanJobSchema.safeParse(job);
    if (!parsed.success) throw new InputError(`invalid scan job: ${z.prettifyError(parsed.error)}`);
    if (this.#stopping) throw new Error('the scan queue is stopping');
    const key = options.key ?? scanJobKey(parsed.data);
    const id = jobIdForKey(this.name, key);
    const sent = await this.boss.send(this.name, parsed.data, {
      id,
      singletonKey: key,
      ...(options.startAfterSeconds !== undefined ? { startAfter: options.startAfterSeconds } : {}),
    });
    if (sent !== null) this.#wakeWorkers();
    return { id, created: sent !== null };
  }

  async enqueueMany(jobs: readonly BatchJob[]): Promise<void> {
    if (this.#stopping) throw new Error('the scan queue is stopping');
    const rows = jobs.map(({ job, key, startAfter }) => {
      const parsed = ScanJobSchema.safeParse(job);
      if (!parsed.success) throw new InputError(`invalid scan job for ${job.domain}: ${z.prettifyError(parsed.error)}`);
      const k = key ?? scanJobKey(parsed.data);
      return { id: jobIdForKey(this.name, k), name: this.name, data: parsed.data, singletonKey: k, ...(startAfter ? { startAfter } : {}) };
    });
    for (let i = 0; i < rows.length; i += BATCH_SIZE) await this.boss.insert(rows.slice(i, i + BATCH_SIZE));
    if (rows.length > 0) this.#wakeWorkers();
  }

  work(handler: ScanHandler, options: { concurrency?: number } = {}): void {
    const concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new InputError('concurrency must be a positive integer');
    if (this.#loops.length > 0) throw new Error(`workers for queue ${this.name} are already running`);
    if (this.#stopping) throw new Error('the scan queue is stopping');
    for (let i = 0; i < concurrency; i++) this.#loops.push(this.#loop(handler));
  }

  #wakeWorkers(): void {
    const wake = this.#wake;
    this.#wake = new AbortController();
    // Every idle worker loop of this process waits on the same signal.
    setMaxListeners(0, this.#wake.signal);
    wake.abort();
  }

  async #loop(handler: ScanHandler): Promise<void> {
    while (!this.#stopping) {
      const wake = this.#wake.signal;
      let jobs: PgBoss.JobWithMetadata[] = [];
      try {
        jobs = await this.boss.fetch(this.name, { batchSize: 1, includeMetadata: true });
      } catch (error) {
        this.onError(error);
      }
      const job = jobs[0];
      if (job) {
        await this.#run(job, handler);
        continue;
      }
      await sleep(this.s.pollingIntervalSeconds * 1000, undefined, { signal: wake }).catch(() => undefined);
    }
  }

  async #run(job: PgBoss.JobWithMetadata, handler: ScanHandler): Promise<void> {
    const control = new AbortController();
    this.#running.add(control);
    // pg-boss types this as a number; both drivers return the numeric column as a string.
    const expireSeconds = asNumber(job.expireInSeconds);
    const timer = setTimeout(() => {
      control.abort(new Error(`the job exceeded its time of ${expireSeconds} s`));
    }, expireSeconds * 1000);
    try {
      const parsed = ScanJobSchema.safeParse(job.data);
      if (!parsed.success) throw new PermanentError(`invalid scan job: ${z.prettifyError(parsed.error)}`);
      const context: JobContext = { id: job.id, attempt: job.retryCount + 1, signal: control.signal };
      await Promise.race([handler(parsed.data, context), aborted(control.signal)]);
      await this.boss.complete(this.name, job.id);
    } catch (error) {
      await this.#fail(job.id, error).catch(this.onError);
    } finally {
      clearTimeout(timer);
      this.#running.delete(control);
    }
  }

  async #fail(id: string, error: unknown): Promise<void> {
    const permanent = error instanceof PermanentError;
    if (permanent) {
      // pg-boss retries while retry_count < retry_limit; a permanent failure has no retries left.
      await this.#sql(
        `UPDATE ${this.s.schema}.job SET retry_limit = retry_count WHERE name = $1 AND id = $2 AND state = 'active'`,
        [this.name, id],
      );
    }
    const err = error instanceof Error ? error : new Error(String(error));
    await this.boss.fail(this.name, id, { name: err.name, message: err.message, permanent });
  }

  async stats(): Promise<QueueStats> {
    const { rows } = await this.#sql(
      `SELECT state::text AS state, count(*) AS count FROM ${this.s.schema}.job WHERE name = $1 GROUP BY state`,
      [this.name],
    );
    const n = (state: string): number => rows.map((r) => countRow.parse(r)).find((r) => r.state === state)?.count ?? 0;
    return {
      queue: this.name,
      waiting: n('created') + n('retry'),
      running: n('active'),
      failed: n('failed'),
      completed: n('completed'),
    };
  }

  async job(id: string): Promise<JobInfo | undefined> {
    const found = await this.boss.getJobById(this.name, id, { includeArchive: true });
    if (found === null) return undefined;
    const row = jobRow.parse(found);
    const info: JobInfo = {
      id: row.id,
      state: row.state,
      data: row.data,
      retryCount: row.retryCount,
      retryLimit: row.retryLimit,
      permanent: row.output?.permanent === true,
    };
    if (row.state !== 'completed' && row.output?.message !== undefined) info.reason = row.output.message;
    return info;
  }

  stop(): Promise<void> {
    this.#stopped ??= this.#stop();
    return this.#stopped;
  }

  async #stop(): Promise<void> {
    this.#stopping = true;
    this.#wakeWorkers();
    const loops = Promise.all(this.#loops);
    const timeout = sleep(this.s.stopTimeoutSeconds * 1000, 'timeout' as const, { ref: false });
    if ((await Promise.race([loops.then(() => 'done' as const), timeout])) === 'timeout') {
      for (const control of this.#running) control.abort(new Error('the scan queue stopped'));
      await loops;
    }
    await this.boss.stop({ graceful: true, wait: true, timeout: 1000 });
  }
}

function unlimited(controller: AbortController): AbortController {
  setMaxListeners(0, controller.signal);
  return controller;
}

function asNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number.parseFloat(String(value));
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    });
  });
}
