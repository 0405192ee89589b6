import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CHECK_FAMILIES } from '../domain/check.js';

/**
 * One domain to scan: its web and/or mail checks, all of them or those of some check families (a cadence),
 * as part of a requested run or on the scheduler's behalf.
 */
export const ScanJobSchema = z
  .object({
    domain: z
      .string()
      .trim()
      .toLowerCase()
      .min(1)
      .max(253)
      .transform((d) => d.replace(/\.$/, '')),
    /** Which of the domain's uses to check: its web site, its mail, or both. */
    kinds: z.array(z.enum(['web', 'mail'])).min(1).max(2),
    /** Only the checks of these families; absent: every check of the kinds. */
    families: z.array(z.enum(CHECK_FAMILIES)).min(1).optional(),
    /** The scan_run this job belongs to (requested scans); absent for scheduled scans and re-checks. */
    run: z.number().int().positive().optional(),
    /** The organisation the domain was selected for: the per-organisation limit counts it there. */
    organisation: z.string().min(1).max(100).optional(),
  })
  .strict();

export type ScanJob = z.infer<typeof ScanJobSchema>;

/**
 * A job that can never succeed as it stands (invalid input, a domain that does not exist in the
 * register): the queue marks it failed at once, without retries. Any other error is transient and
 * retried with backoff.
 */
export class PermanentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

/** The default idempotency key: one job per domain and run (`adhoc` when there is no run). */
export function scanJobKey(job: ScanJob): string {
  return `${job.run === undefined ? 'adhoc' : `run-${String(job.run)}`}/${job.domain}`;
}

/**
 * A job id derived from the queue and the idempotency key (a name-based UUID, RFC 9562 version 8
 * layout over SHA-256). pg-boss inserts jobs with `ON CONFLICT DO NOTHING`, so sending the same key
 * again while the job is in the job table (waiting, running, retrying, or finished and not yet
 * archived) inserts nothing, on every process that shares the database.
 */
export function jobIdForKey(queue: string, key: string): string {
  const bytes = createHash('sha256').update(`thorbecke-scan-job\0${queue}\0${key}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
