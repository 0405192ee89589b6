/** Builds the scan status (src/scan/status.ts) from the queue's tables, the requested runs and the schedule. */
import type { Kysely } from 'kysely';
import { recentScanRuns } from '../store/scan-runs.js';
import { scheduleCounts } from '../store/scan-schedule.js';
import type { Database } from '../store/schema.js';
import type { Cadence } from './cadence.js';
import type { ScanQueue } from './queue.js';
import type { RunProgress, ScanStatus, ScanStatusReader } from './status.js';

export interface StatusContext {
  db: Kysely<Database>;
  queue: Pick<ScanQueue, 'stats' | 'report'>;
  cadences: readonly Cadence[];
  schedulerOn: boolean;
  /** Why nothing is scanned, when nothing is. */
  unavailable?: string;
}

const RATE_WINDOW_MS = 10 * 60_000;

/** Progress of the newest requested runs. */
export async function runProgress(ctx: Pick<StatusContext, 'db' | 'queue'>, limit: number): Promise<RunProgress[]> {
  const runs = await recentScanRuns(ctx.db, limit);
  const counts = await ctx.queue.report.runs(runs.map((r) => r.id));
  return runs.map((r) => ({ ...r, ...(counts.get(r.id) ?? { done: 0, failed: 0, running: 0, waiting: 0 }) }));
}

export function statusReader(ctx: StatusContext): ScanStatusReader {
  return {
    async status(): Promise<ScanStatus> {
      const now = Date.now();
      const [stats, finished, recentFailures, runs] = await Promise.all([
        ctx.queue.stats(),
        ctx.queue.report.finishedSince(new Date(now - RATE_WINDOW_MS)),
        ctx.queue.report.recentFailures(10),
        runProgress(ctx, 10),
      ]);
      const cadences = await Promise.all(
        ctx.cadences.map(async (c) => {
          const counts = await scheduleCounts(ctx.db, c.name, new Date(now - c.periodMs));
          return { name: c.name, families: c.families, periodMs: c.periodMs, scheduledThisPeriod: counts.scheduled, domains: counts.domains };
        }),
      );
      return {
        scanning: ctx.unavailable === undefined,
        ...(ctx.unavailable !== undefined ? { note: ctx.unavailable } : {}),
        queue: { waiting: stats.waiting, running: stats.running, failed: stats.failed, completed: stats.completed, perMinute: finished / (RATE_WINDOW_MS / 60_000) },
        recentFailures,
        runs,
        scheduler: { on: ctx.schedulerOn, cadences },
      };
    },
  };
}
