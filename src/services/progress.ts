import type { Logger } from '../config/logger.js';
import { isoDay } from '../progress/dates.js';
import { lastFullRefreshDay, refreshProgress, type RefreshOutcome } from '../store/progress-refresh.js';
import { progressUpdatedAt } from '../store/progress-read.js';
import type { Database } from '../store/schema.js';
import type { Kysely } from 'kysely';
import type { StrategyReader } from './strategy-types.js';

/**
 * Keeps derived progress current in a long-running server: every `intervalMs` it recomputes the organisations
 * marked as changed, and once a day (by the database's record, so also across restarts) every organisation (deadlines, planned dates and expiries move with the
 * calendar; it also writes each organisation's row of weekly history). On PostgreSQL several servers may run
 * it at once; their writes are serialised (progress-write.ts) and the result is the same.
 *
 * `version()` changes whenever the figures may have changed — also when another server refreshed them — so
 * that caches of pages built from them know when to rebuild.
 */
export interface ProgressKeeper {
  version(): number;
  /** Recomputes now (what the loop does); resolves when done. */
  refreshNow(options?: { all?: boolean }): Promise<RefreshOutcome | undefined>;
  stop(): Promise<void>;
}

export interface ProgressKeeperOptions {
  db: Kysely<Database>;
  strategy: StrategyReader;
  logger: Logger;
  intervalMs: number;
  /** The clock (tests). */
  now?: () => Date;
}

export async function startProgressKeeper(options: ProgressKeeperOptions): Promise<ProgressKeeper> {
  const { db, strategy, logger, intervalMs } = options;
  const now = options.now ?? (() => new Date());
  let version = (await progressUpdatedAt(db))?.getTime() ?? 0;
  // A restart on a day that already had its full recomputation does not repeat it (a minute for 1,500 organisations).
  let lastFullDay: string | undefined = await lastFullRefreshDay(db);
  let running: Promise<RefreshOutcome | undefined> | undefined;
  let stopped = false;

  const refresh = async (all: boolean): Promise<RefreshOutcome | undefined> => {
    const current = await strategy.current();
    if (current === undefined) return undefined;
    const at = now();
    const day = isoDay(at);
    const full = all || lastFullDay !== day;
    const outcome = await refreshProgress(db, current.strategy, { now: at, all: full });
    if (full) lastFullDay = day;
    const updated = (await progressUpdatedAt(db))?.getTime() ?? 0;
    if (outcome.organisations > 0 || updated !== version) version = Math.max(updated, version + 1);
    if (outcome.organisations > 0) {
      logger.info({ organisations: outcome.organisations, events: outcome.events, explanationsEnded: outcome.explanationsEnded, ms: Math.round(outcome.durationMs) }, 'progress refreshed');
    }
    return outcome;
  };

  const once = (all: boolean): Promise<RefreshOutcome | undefined> => {
    // One refresh at a time in this process; a request while one runs waits for it and then runs its own.
    const previous = running ?? Promise.resolve(undefined);
    const next = previous.catch(() => undefined).then(() => refresh(all));
    running = next.finally(() => {
      if (running === tracked) running = undefined;
    });
    const tracked = running;
    return next;
  };

  const timer = setInterval(() => {
    if (stopped || running !== undefined) return;
    once(false).catch((error: unknown) => {
      logger.error({ err: error }, 'progress refresh failed; it is tried again');
    });
  }, intervalMs);
  timer.unref();
  // The first refresh at start: recomputes everything once a day, and picks up what was marked while no server ran.
  once(false).catch((error: unknown) => {
    logger.error({ err: error }, 'progress refresh failed; it is tried again');
  });

  return {
    version: () => version,
    refreshNow: (o) => once(o?.all ?? false),
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
