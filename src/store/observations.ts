import { sql, type Kysely, type Transaction } from 'kysely';
import type { CheckResult } from '../domain/check.js';
import { InputError } from '../domain/errors.js';
import { keyFactsHash } from './observations-key.js';
import { markDomainOwnersDirty } from './progress-dirty.js';
import { decide, isDefinite, type Decision, type OpenInterval } from './observations-rules.js';
import type { Database } from './schema.js';

/**
 * Recording check results as observations: intervals that grow while the result stays the same. The model
 * (known status, pending changes, confirmation) is described in observations-rules.ts; reading them back
 * in observations-read.ts.
 */

/** What recordReport needs of a report; src/scan's DomainReport fits it. */
export interface ObservedReport {
  domain: string;
  /** ISO 8601: when the domain was measured. Observations take this time, not the time of recording. */
  measuredAt: string;
  scanner: { version: string };
  checks: readonly CheckResult[];
}

export interface RecordOptions {
  /** How long after a changed verdict was first seen an agreeing re-check confirms it. */
  confirmDelayMs: number;
  /** The clock, for refusing reports measured in the future (default: now). */
  now?: Date;
  /** Raw facts are kept when a row is opened, pending or confirmed (`changes`, the default), or for every result. */
  evidence?: 'changes' | 'every-report';
}

/** A domain and check with a pending change: the scheduler should re-check it at or after `notBefore`. */
export interface Recheck {
  domain: string;
  checkId: string;
  notBefore: Date;
}

/**
 * What a report did. Each result counts once as unchanged (already recorded: a re-delivery), extended,
 * opened, pending or confirmed; `dropped` counts pending changes that a result did not confirm.
 */
export interface RecordOutcome {
  unchanged: number;
  extended: number;
  opened: number;
  pending: number;
  confirmed: number;
  dropped: number;
  recheck: Recheck[];
}

/** Clocks of scan workers may differ a little; a report further in the future than this is refused. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** Lock class of pg_advisory_xact_lock(class, hashtext(domain)): one writer per domain at a time. */
const OBSERVATION_LOCK_CLASS = 7_468_727;

export function normaliseDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.$/, '');
}

function validated(report: ObservedReport, now: Date): { domain: string; at: Date } {
  const domain = normaliseDomain(report.domain);
  const at = new Date(report.measuredAt);
  if (domain === '') throw new InputError('A report without a domain cannot be recorded.');
  if (Number.isNaN(at.getTime())) throw new InputError(`The report for ${domain} has an invalid measuredAt: ${report.measuredAt}`);
  if (at.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
    throw new InputError(`The report for ${domain} was measured in the future (${report.measuredAt}); check the scan worker's clock.`);
  }
  const ids = report.checks.map((c) => c.id);
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (twice.length > 0) throw new InputError(`The report for ${domain} has more than one result for ${[...new Set(twice)].join(', ')}.`);
  return { domain, at };
}

type OpenRows = Map<string, { current?: OpenInterval; pending?: OpenInterval }>;

async function openRows(trx: Transaction<Database>, domain: string): Promise<OpenRows> {
  const rows = await trx
    .selectFrom('observation')
    .select(['id', 'check_id', 'state', 'status', 'known_status', 'key_facts_hash', 'first_seen', 'last_seen'])
    .where('domain', '=', domain)
    .where('state', 'in', ['current', 'pending'])
    .execute();
  const open: OpenRows = new Map();
  for (const r of rows) {
    const entry = open.get(r.check_id) ?? {};
    const interval = { id: r.id, status: r.status, knownStatus: r.known_status, keyFactsHash: r.key_facts_hash, firstSeen: r.first_seen, lastSeen: r.last_seen };
    if (r.state === 'current') entry.current = interval;
    else entry.pending = interval;
    open.set(r.check_id, entry);
  }
  return open;
}

interface Planned {
  result: CheckResult;
  hash: string;
  decision: Decision;
}

/**
 * Records one domain's report in one transaction (serialised per domain). Unchanged results only move
 * `last_seen`; see observations-rules.ts for what a change does. Recording the same report again changes
 * nothing. Throws InputError for a report without a domain, with an invalid or future `measuredAt`, or with
 * two results for one check.
 */
export async function recordReport(db: Kysely<Database>, report: ObservedReport, options: RecordOptions): Promise<RecordOutcome> {
  const { domain, at } = validated(report, options.now ?? new Date());
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${OBSERVATION_LOCK_CLASS}::int, hashtext(${domain}))`.execute(trx);
    const open = await openRows(trx, domain);
    const planned: Planned[] = report.checks.map((result) => {
      const hash = keyFactsHash(result.facts);
      const rows = open.get(result.id);
      return { result, hash, decision: decide(rows?.current, rows?.pending, { status: result.status, keyFactsHash: hash, at }, options.confirmDelayMs) };
    });
    await apply(trx, { domain, at, scannerVersion: report.scanner.version, evidence: options.evidence ?? 'changes' }, planned);
    // A new current interval (a first result or a confirmed change) changes what progress is derived from.
    if (planned.some((p) => p.decision.outcome === 'opened' || p.decision.outcome === 'confirmed')) await markDomainOwnersDirty(trx, domain);
    return outcome(domain, planned, options.confirmDelayMs);
  });
}

function outcome(domain: string, planned: readonly Planned[], confirmDelayMs: number): RecordOutcome {
  const counts: RecordOutcome = { unchanged: 0, extended: 0, opened: 0, pending: 0, confirmed: 0, dropped: 0, recheck: [] };
  for (const { result, decision } of planned) {
    counts[decision.outcome] += 1;
    if ('drop' in decision && decision.drop !== null) counts.dropped += 1;
    if (decision.outcome === 'pending') {
      counts.recheck.push({ domain, checkId: result.id, notBefore: new Date(decision.since.getTime() + confirmDelayMs) });
    }
  }
  return counts;
}

interface Context {
  domain: string;
  at: Date;
  scannerVersion: string;
  evidence: 'changes' | 'every-report';
}

/** Writes the planned changes: closes and drops first, so that the partial unique indexes hold throughout. */
async function apply(trx: Transaction<Database>, ctx: Context, planned: readonly Planned[]): Promise<void> {
  const ids = (pick: (d: Decision) => number | null | undefined): number[] =>
    planned.map((p) => pick(p.decision)).filter((id): id is number => typeof id === 'number');
  const close = ids((d) => ('close' in d ? d.close : null));
  const drop = ids((d) => ('drop' in d ? d.drop : null));
  const extend = ids((d) => (d.outcome === 'extended' ? d.extend : null));
  if (close.length > 0) await trx.updateTable('observation').set({ state: 'closed' }).where('id', 'in', close).execute();
  if (drop.length > 0) await trx.updateTable('observation').set({ state: 'dropped' }).where('id', 'in', drop).execute();
  if (extend.length > 0) await trx.updateTable('observation').set({ last_seen: ctx.at }).where('id', 'in', extend).execute();

  const evidence: { observation_id: number; facts: unknown }[] = [];
  for (const { result, hash, decision } of planned) {
    const id = decision.outcome === 'confirmed' ? decision.promote : decision.outcome === 'pending' ? decision.update : null;
    if (id === null) continue;
    await trx
      .updateTable('observation')
      .set({ last_seen: ctx.at, key_facts_hash: hash, reason: result.reason, ...(decision.outcome === 'confirmed' ? { state: 'current' as const } : {}) })
      .where('id', '=', id)
      .execute();
    evidence.push({ observation_id: id, facts: result.facts });
  }
  if (ctx.evidence === 'every-report') {
    for (const { result, decision } of planned) if (decision.outcome === 'extended') evidence.push({ observation_id: decision.extend, facts: result.facts });
  }
  evidence.push(...(await insertRows(trx, ctx, planned)));
  if (evidence.length > 0) {
    await trx
      .insertInto('observation_evidence')
      .values(evidence.map((e) => ({ observation_id: e.observation_id, measured_at: ctx.at, facts: JSON.stringify(e.facts) })))
      .onConflict((oc) => oc.columns(['observation_id', 'measured_at']).doNothing())
      .execute();
  }
}

/** Inserts the opened intervals and new pending rows; returns their evidence. */
async function insertRows(trx: Transaction<Database>, ctx: Context, planned: readonly Planned[]): Promise<{ observation_id: number; facts: unknown }[]> {
  const fresh = planned.filter((p) => p.decision.outcome === 'opened' || (p.decision.outcome === 'pending' && p.decision.update === null));
  if (fresh.length === 0) return [];
  const inserted = await trx
    .insertInto('observation')
    .values(
      fresh.map(({ result, hash, decision }) => ({
        domain: ctx.domain,
        check_id: result.id,
        state: decision.outcome === 'opened' ? ('current' as const) : ('pending' as const),
        status: result.status,
        known_status: decision.outcome === 'opened' ? decision.knownStatus : isDefinite(result.status) ? result.status : null,
        reason: result.reason,
        key_facts_hash: hash,
        first_seen: ctx.at,
        last_seen: ctx.at,
        scanner_version: ctx.scannerVersion,
      })),
    )
    .returning(['id', 'check_id'])
    .execute();
  const idOf = new Map(inserted.map((r) => [r.check_id, r.id]));
  return fresh.map(({ result }) => ({ observation_id: idOf.get(result.id) ?? -1, facts: result.facts }));
}
