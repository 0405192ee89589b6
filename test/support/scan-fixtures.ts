/**
 * Shared helpers for the scanning tests: registered domains, a queue that records what is enqueued, a fake
 * DNS client, reports built from a table, and polling.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import { pino } from 'pino';
import type { DnsClient } from '../../src/checks/dns/client.js';
import type { CheckResult, CheckStatus } from '../../src/domain/check.js';
import type { DomainReport } from '../../src/scan/check-domain.js';
import type { BatchJob, ScanQueue } from '../../src/scan/queue.js';
import type { Database } from '../../src/store/schema.js';

/** A logger that writes nothing. */
export const silentLogger = pino({ level: 'silent' });

/** Registers `domain` for each kind to each owner (organisations must exist). */
export async function registerDomain(db: Kysely<Database>, domain: string, kinds: readonly ('web' | 'mail')[], owners: readonly string[]): Promise<void> {
  for (const kind of kinds) {
    const existing = await db.selectFrom('asset').select('id').where('kind', '=', kind).where('name', '=', domain).executeTakeFirst();
    const id = existing?.id ?? (await db.insertInto('asset').values({ kind, name: domain }).returning('id').executeTakeFirstOrThrow()).id;
    await db
      .insertInto('asset_owner')
      .values(owners.map((organisation_code) => ({ asset_id: id, organisation_code, source: 'test' })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/** Empties the tables of the federation, observations and scanning (the engines' reset leaves scan tables). */
export async function resetScanTables(db: Kysely<Database>): Promise<void> {
  await sql`truncate scan_schedule, scan_run, observation_evidence, observation, asset_owner, asset, organisation_change, organisation, import_run restart identity cascade`.execute(db);
}

/** A queue that only records enqueued batches (the scheduler and the handler need nothing else). */
export interface RecorderQueue extends Pick<ScanQueue, 'enqueueMany'> {
  batches: BatchJob[][];
  /** Every job of every batch, in order. */
  all(): BatchJob[];
  clear(): void;
}

export function recorderQueue(): RecorderQueue {
  const batches: BatchJob[][] = [];
  return {
    batches,
    enqueueMany: (jobs) => {
      if (jobs.length > 0) batches.push([...jobs]);
      return Promise.resolve();
    },
    all: () => batches.flat(),
    clear: () => {
      batches.length = 0;
    },
  };
}

/** A DNS client that answers every question with NOERROR and no records (no addresses, no per-IP keys). */
export const emptyDns: DnsClient = {
  query: () =>
    Promise.resolve({ rcode: 'NOERROR', ad: false, tc: false, answers: [], authorities: [], additionals: [], elapsedMs: 0, transport: 'udp' as const }),
};

/** A DNS client whose every question fails. */
export const failingDns: DnsClient = {
  query: () => Promise.reject(new Error('no DNS in this test')),
};

/** A DNS client that gives each name the A records of `table` (others: no records). */
export function addressDns(table: Record<string, readonly string[]>): DnsClient {
  return {
    query: (name, type) =>
      Promise.resolve({
        rcode: 'NOERROR',
        ad: false,
        tc: false,
        answers: type === 'A' ? (table[name.toLowerCase().replace(/\.$/, '')] ?? []).map((data) => ({ type: 'A' as const, name, data, ttl: 60, class: 'IN' as const })) : [],
        authorities: [],
        additionals: [],
        elapsedMs: 0,
        transport: 'udp' as const,
      }),
  };
}

/** A report measured at `measuredAt` with the given statuses per check id. */
export function reportOf(domain: string, statuses: Record<string, CheckStatus>, measuredAt: Date = new Date()): DomainReport {
  return {
    domain,
    sets: {},
    measuredAt: measuredAt.toISOString(),
    scanner: { version: '0.0.0-test' },
    checks: Object.entries(statuses).map(([id, status]): CheckResult => ({ id, status, reason: `${id} is ${status}`, facts: { ok: status === 'pass' } })),
  };
}

/** Polls until `check` returns a value other than undefined; fails after `ms`. */
export async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('waitFor: timed out');
    await sleep(20);
  }
}

/** A promise with its resolve function, for handlers that wait on the test. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}
