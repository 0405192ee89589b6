/**
 * The scheduler: every tick, each registered domain whose turn has come for a cadence gets a job for that
 * cadence's check families, and its next turn is written back. Several server processes may run it at once:
 * a turn is moved on only from the value that was read, and the job's key names the turn, so a turn is
 * queued once. Evidence older than the retention period is pruned once an hour.
 */
import type { Kysely } from 'kysely';
import type { Logger } from '../config/logger.js';
import { pruneEvidence } from '../store/observations-read.js';
import { addToSchedule, advanceSchedule, dueDomains, pruneSchedule, unscheduledDomains } from '../store/scan-schedule.js';
import { interleaveByOrganisation, targetsNamed } from '../store/scan-targets.js';
import type { Database } from '../store/schema.js';
import { firstTurn, nextTurn, type Cadence } from './cadence.js';
import { expectedIds } from './check-domain.js';
import type { BatchJob, ScanQueue } from './queue.js';

export interface SchedulerOptions {
  cadences: readonly Cadence[];
  /** How often the scheduler looks for due domains. */
  tickMs?: number;
  /** New domains get their first scan spread over this window (at most the period). */
  firstWindowMs?: number;
  /** Raw facts older than this are deleted (the newest of each current status is kept). */
  evidenceRetentionMs: number;
  /** The clock (tests). */
  now?: () => Date;
}

export interface TickOutcome {
  added: number;
  enqueued: number;
}

export interface Scheduler {
  /** One round of scheduling now (the loop calls it every tick). */
  tick(): Promise<TickOutcome>;
  stop(): Promise<void>;
}

const BATCH = 2000;
const HOUR = 3_600_000;

async function scheduleCadence(db: Kysely<Database>, queue: Pick<ScanQueue, 'enqueueMany'>, cadence: Cadence, now: Date, firstWindowMs: number): Promise<TickOutcome> {
  const outcome = { added: 0, enqueued: 0 };
  for (;;) {
    const fresh = await unscheduledDomains(db, cadence.name, BATCH);
    await addToSchedule(db, cadence.name, fresh.map((domain) => ({ domain, nextAt: firstTurn(domain, cadence, now, firstWindowMs) })));
    outcome.added += fresh.length;
    if (fresh.length < BATCH) break;
  }
  const families = new Set(cadence.families);
  for (;;) {
    const due = await dueDomains(db, cadence.name, now, BATCH);
    const targets = await targetsNamed(db, due.map((d) => d.domain));
    const jobs: (BatchJob & { organisation: string | null })[] = [];
    for (const { domain, nextAt } of due) {
      const target = targets.get(domain);
      if (target === undefined) continue;
      const web = target.kinds.includes('web');
      const mail = target.kinds.includes('mail');
      if (expectedIds({ web, mail, families }).length === 0) continue; // e.g. mail families for a web-only domain
      jobs.push({
        organisation: target.organisation,
        job: { domain, kinds: target.kinds, families: cadence.families, ...(target.organisation !== null ? { organisation: target.organisation } : {}) },
        key: `cadence/${cadence.name}/${String(nextAt.getTime())}/${domain}`,
      });
    }
    await queue.enqueueMany(interleaveByOrganisation(jobs).map(({ job, key }) => ({ job, ...(key !== undefined ? { key } : {}) })));
    await advanceSchedule(db, cadence.name, due.map((d) => ({ domain: d.domain, from: d.nextAt, to: nextTurn(d.domain, cadence, now) })), now);
    outcome.enqueued += jobs.length;
    if (due.length < BATCH) break;
  }
  return outcome;
}

export function startScheduler(db: Kysely<Database>, queue: Pick<ScanQueue, 'enqueueMany'>, options: SchedulerOptions, logger: Logger): Scheduler {
  const clock = options.now ?? (() => new Date());
  // setInterval fires at once for more than 2^31 - 1 ms; a tick longer than a day makes no sense anyway.
  const tickMs = Math.min(Math.max(options.tickMs ?? 60_000, 10), 86_400_000);
  const firstWindowMs = options.firstWindowMs ?? HOUR;
  let lastHousekeeping = 0;
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();

  const tick = async (): Promise<TickOutcome> => {
    const now = clock();
    const total = { added: 0, enqueued: 0 };
    if (now.getTime() - lastHousekeeping >= HOUR) {
      lastHousekeeping = now.getTime();
      const forgotten = await pruneSchedule(db, options.cadences.map((c) => c.name));
      const pruned = await pruneEvidence(db, new Date(now.getTime() - options.evidenceRetentionMs));
      if (forgotten + pruned > 0) logger.info({ forgotten, pruned }, 'Scheduler housekeeping: schedule rows forgotten, evidence pruned');
    }
    for (const cadence of options.cadences) {
      const outcome = await scheduleCadence(db, queue, cadence, now, firstWindowMs);
      total.added += outcome.added;
      total.enqueued += outcome.enqueued;
    }
    if (total.added + total.enqueued > 0) logger.info(total, 'Scheduled scans');
    return total;
  };

  const timer = setInterval(() => {
    running = running.then(() => (stopped ? undefined : tick())).catch((error: unknown) => {
      logger.error({ err: error }, 'Scheduling scans failed; trying again at the next tick');
    });
  }, tickMs);
  timer.unref();
  // The first tick right away, so that a fresh start schedules without waiting a whole tick.
  running = tick().catch((error: unknown) => {
    logger.error({ err: error }, 'Scheduling scans failed; trying again at the next tick');
  });

  return {
    tick: () => {
      const next = running.then(tick);
      running = next.catch(() => undefined);
      return next;
    },
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
