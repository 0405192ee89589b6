/**
 * Requested scans: a selection of organisations, a layer, domains or everything becomes one scan run with a
 * job per domain (ordered so that consecutive jobs belong to different organisations), and its progress.
 */
import type { Kysely } from 'kysely';
import type { ActorOrName } from '../store/audit-actor.js';
import { createScanRun, findScanRun } from '../store/scan-runs.js';
import { interleaveByOrganisation, scanTargets, type ScanSelection } from '../store/scan-targets.js';
import type { Database } from '../store/schema.js';
import type { ScanQueue } from './queue.js';
import type { RunProgress } from './status.js';

export interface RequestedScan {
  run: number;
  /** Domains queued. */
  total: number;
  /** Names asked for that are not registered to an organisation (scanned for web and mail all the same). */
  unregistered: string[];
}

export interface ScanControl {
  /** Queues a run; `requestedBy` is recorded with it and in the audit log (one entry per run). */
  request(selection: ScanSelection, requestedBy: ActorOrName): Promise<RequestedScan>;
  progress(run: number): Promise<RunProgress | undefined>;
}

export function scanControl(db: Kysely<Database>, queue: Pick<ScanQueue, 'enqueueMany' | 'report'>): ScanControl {
  return {
    async request(selection, requestedBy) {
      const targets = await scanTargets(db, selection);
      const run = await createScanRun(db, { requestedBy, selection, total: targets.length });
      await queue.enqueueMany(
        interleaveByOrganisation(targets).map((t) => ({
          job: { domain: t.domain, kinds: t.kinds, run, ...(t.organisation !== null ? { organisation: t.organisation } : {}) },
        })),
      );
      return { run, total: targets.length, unregistered: targets.filter((t) => t.organisation === null).map((t) => t.domain) };
    },
    async progress(id) {
      const run = await findScanRun(db, id);
      if (run === undefined) return undefined;
      const counts = (await queue.report.runs([id])).get(id) ?? { done: 0, failed: 0, running: 0, waiting: 0 };
      return { ...run, ...counts };
    },
  };
}

/** Whether every job of the run has finished (completed or failed for good). */
export function runFinished(p: Pick<RunProgress, 'total' | 'done' | 'failed'>): boolean {
  return p.done + p.failed >= p.total;
}
