/**
 * The scan job's work: measure the domain (within the per-organisation and per-IP limits), record the report
 * as observations, and queue the re-checks that confirm a changed verdict. Idempotent: a job that runs twice
 * (a worker died after recording) records a second report, which observations treat as a re-delivery or
 * as one more sighting — never as a second change.
 */
import type { Kysely } from 'kysely';
import type { Logger } from '../config/logger.js';
import { findCheck } from '../checks/catalogue.js';
import { createDnsCache } from '../checks/dns/cache.js';
import type { DnsClient } from '../checks/dns/client.js';
import { addresses } from '../checks/dns/lookup.js';
import type { CheckFamily } from '../domain/check.js';
import { recordReport, type Recheck } from '../store/observations.js';
import type { Database } from '../store/schema.js';
import { expectedIds } from './check-domain.js';
import { KeyedLimiter } from './limits.js';
import { PermanentError, type ScanJob } from './queue-job.js';
import type { BatchJob, JobContext, ScanHandler, ScanQueue } from './queue.js';
import type { Scanner } from './scanner.js';

export interface ScanHandlerOptions {
  /** Domains at once whose web server shares an IP address. */
  perIp: number;
  /** Domains of one organisation at once. */
  perOrganisation: number;
  /** How long after a changed verdict a re-check may confirm it. */
  confirmDelayMs: number;
}

export interface ScanHandlerDeps {
  db: Kysely<Database>;
  /** Each scanned domain is logged at debug level (domain, milliseconds, what changed). */
  logger?: Pick<Logger, 'debug'>;
  queue: Pick<ScanQueue, 'enqueueMany'>;
  scanner: Scanner;
}

/** The web addresses a domain's checks will connect to most (each gets many TLS handshakes). */
async function webAddressKeys(dns: DnsClient, job: ScanJob): Promise<string[]> {
  if (!job.kinds.includes('web')) return [];
  try {
    const { ipv4, ipv6 } = await addresses(dns, job.domain);
    return [...ipv4.addresses, ...ipv6.addresses].slice(0, 8).map((a) => `ip:${a}`);
  } catch {
    return []; // the checks themselves will report that the name does not resolve
  }
}

/** Re-check jobs: per domain, the families of the checks whose change awaits confirmation, at the earliest time. */
export function recheckJobs(job: ScanJob, rechecks: readonly Recheck[]): BatchJob[] {
  if (rechecks.length === 0) return [];
  const families = new Set<CheckFamily>();
  let notBefore = rechecks[0]?.notBefore ?? new Date();
  for (const r of rechecks) {
    const family = findCheck(r.checkId)?.family;
    if (family !== undefined) families.add(family);
    if (r.notBefore > notBefore) notBefore = r.notBefore;
  }
  if (families.size === 0) return [];
  const list = [...families].sort();
  return [{
    job: { domain: job.domain, kinds: job.kinds, families: list, ...(job.organisation !== undefined ? { organisation: job.organisation } : {}) },
    key: `recheck/${job.domain}/${list.join('+')}/${String(notBefore.getTime())}`,
    startAfter: notBefore,
  }];
}

export function createScanHandler(deps: ScanHandlerDeps, options: ScanHandlerOptions): ScanHandler {
  const perIp = new KeyedLimiter(options.perIp);
  const perOrganisation = new KeyedLimiter(options.perOrganisation);
  return async (job: ScanJob, context: JobContext) => {
    const web = job.kinds.includes('web');
    const mail = job.kinds.includes('mail');
    // One cache for the job: the addresses looked up for the per-IP limit are not asked again by the checks.
    const dns = createDnsCache(deps.scanner.dns);
    const what = { web, mail, dns, ...(job.families ? { families: job.families } : {}) };
    if (expectedIds({ web, mail, ...(job.families ? { families: new Set(job.families) } : {}) }).length === 0) {
      throw new PermanentError(`no check of ${job.families?.join(', ') ?? 'any family'} applies to the ${job.kinds.join(' and ')} of ${job.domain}`);
    }
    const releaseOrganisation = await perOrganisation.acquire(job.organisation === undefined ? [] : [`org:${job.organisation}`], context.signal);
    try {
      const releaseIp = await perIp.acquire(await webAddressKeys(dns, job), context.signal);
      const started = performance.now();
      let report;
      try {
        report = await deps.scanner.check(job.domain, what);
      } finally {
        releaseIp();
      }
      // A job whose time ran out is retried; its late report must not be recorded after the retry's.
      context.signal.throwIfAborted();
      const outcome = await recordReport(deps.db, report, { confirmDelayMs: options.confirmDelayMs });
      const rechecks = recheckJobs(job, outcome.recheck);
      if (rechecks.length > 0) await deps.queue.enqueueMany(rechecks);
      const { unchanged, extended, opened, pending, confirmed, dropped } = outcome;
      deps.logger?.debug(
        { domain: job.domain, job: context.id, attempt: context.attempt, ms: Math.round(performance.now() - started), unchanged, extended, opened, pending, confirmed, dropped },
        'Scanned',
      );
    } finally {
      releaseOrganisation();
    }
  };
}
