/**
 * What the admin page, `thorbecke scan status` and the API show about scanning: the queue, the rate, recent
 * failures, requested runs and the scheduler's cadences. Produced by src/scan/status-read.ts.
 */
import type { CheckFamily } from '../domain/check.js';

export interface QueueFigures {
  /** Queued, or waiting for a retry. */
  waiting: number;
  running: number;
  /** Failed for good (retries used up, or a permanent error), still in the queue's tables. */
  failed: number;
  completed: number;
  /** Jobs finished (completed or failed) per minute over the last ten minutes. */
  perMinute: number;
}

export interface RecentFailure {
  domain: string;
  reason: string;
  at: Date;
}

export interface RunProgress {
  id: number;
  kind: 'scheduled' | 'requested';
  requestedBy: string;
  /** A short description of what was asked for, e.g. `organisation gm0363`, `all`. */
  selection: string;
  createdAt: Date;
  total: number;
  done: number;
  failed: number;
  running: number;
  waiting: number;
}

export interface CadenceStatus {
  /** The families of the group joined by `+`, e.g. `dns+ipv6+web`. */
  name: string;
  families: CheckFamily[];
  periodMs: number;
  /** Domains that have been scheduled in the current period of this cadence. */
  scheduledThisPeriod: number;
  domains: number;
}

export interface ScanStatus {
  /** False when no validating resolver is configured: nothing is scanned. */
  scanning: boolean;
  /** Why not, when not. */
  note?: string;
  queue: QueueFigures;
  recentFailures: RecentFailure[];
  /** The newest requested runs first. */
  runs: RunProgress[];
  scheduler: { on: boolean; cadences: CadenceStatus[] };
}

export interface ScanStatusReader {
  status(): Promise<ScanStatus>;
}
