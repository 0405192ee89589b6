import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { CheckStatus } from '../domain/check.js';
import { normaliseDomain } from './observations.js';
import type { Database, DefiniteStatus, ObservationState, ObservationTable } from './schema.js';

/** Reading observations back: the latest per check, the history of changes, the evidence; and pruning it. */

/** The database, or the caller's transaction. */
type Executor = Kysely<Database> | Transaction<Database>;

/** One stored interval. */
export interface ObservationInterval {
  id: number;
  checkId: string;
  state: ObservationState;
  status: CheckStatus;
  /** The last definite status when this interval was seen: what counts while the status is error or blocked. */
  knownStatus: DefiniteStatus | null;
  reason: string;
  firstSeen: Date;
  lastSeen: Date;
  scannerVersion: string;
}

/** The current state of one check on one domain. */
export interface LatestObservation {
  checkId: string;
  status: CheckStatus;
  knownStatus: DefiniteStatus | null;
  reason: string;
  /** Since when the current status holds (first seen of the current interval). */
  since: Date;
  lastSeen: Date;
  scannerVersion: string;
  /** A changed verdict awaiting its re-check. */
  pending: { status: CheckStatus; reason: string; since: Date; lastSeen: Date } | null;
}

const COLUMNS = ['id', 'check_id', 'state', 'status', 'known_status', 'reason', 'first_seen', 'last_seen', 'scanner_version'] as const;

function toInterval(r: Pick<Selectable<ObservationTable>, (typeof COLUMNS)[number]>): ObservationInterval {
  return {
    id: r.id,
    checkId: r.check_id,
    state: r.state,
    status: r.status,
    knownStatus: r.known_status,
    reason: r.reason,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    scannerVersion: r.scanner_version,
  };
}

/** Per check of the domain (by check id): the current status, since when, and a pending change if any. */
export async function latestFor(db: Executor, domain: string): Promise<LatestObservation[]> {
  const rows = await db
    .selectFrom('observation')
    .select(COLUMNS)
    .where('domain', '=', normaliseDomain(domain))
    .where('state', 'in', ['current', 'pending'])
    .orderBy('check_id')
    .execute();
  const pending = new Map(rows.filter((r) => r.state === 'pending').map((r) => [r.check_id, r]));
  return rows
    .filter((r) => r.state === 'current')
    .map((r) => {
      const p = pending.get(r.check_id);
      return {
        checkId: r.check_id,
        status: r.status,
        knownStatus: r.known_status,
        reason: r.reason,
        since: r.first_seen,
        lastSeen: r.last_seen,
        scannerVersion: r.scanner_version,
        pending: p ? { status: p.status, reason: p.reason, since: p.first_seen, lastSeen: p.last_seen } : null,
      };
    });
}

/**
 * The intervals of a domain (of one check, or all), newest first: pending, current, then closed ones.
 * Dropped pending changes (measurement noise) only with `includeDropped`.
 */
export async function historyFor(
  db: Executor,
  domain: string,
  checkId?: string,
  options: { includeDropped?: boolean } = {},
): Promise<ObservationInterval[]> {
  let query = db.selectFrom('observation').select(COLUMNS).where('domain', '=', normaliseDomain(domain));
  if (checkId !== undefined) query = query.where('check_id', '=', checkId);
  if (options.includeDropped !== true) query = query.where('state', '<>', 'dropped');
  const rows = await query.orderBy('last_seen', 'desc').orderBy('id', 'desc').execute();
  return rows.map(toInterval);
}

/** The raw facts stored for one observation, newest first. */
export async function evidenceFor(db: Executor, observationId: number): Promise<{ measuredAt: Date; facts: unknown }[]> {
  const rows = await db
    .selectFrom('observation_evidence')
    .select(['measured_at', 'facts'])
    .where('observation_id', '=', observationId)
    .orderBy('measured_at', 'desc')
    .execute();
  return rows.map((r) => ({ measuredAt: r.measured_at, facts: r.facts }));
}

/**
 * Deletes raw facts measured before `olderThan` (the retention period); returns how many. The newest
 * evidence of each current or pending observation is kept, however old, so that every status shown still
 * links to the facts under it.
 */
export async function pruneEvidence(db: Executor, olderThan: Date): Promise<number> {
  const result = await sql`
    delete from observation_evidence e
    where e.measured_at < ${olderThan}
      and not exists (
        select 1 from observation o
        where o.id = e.observation_id
          and o.state in ('current', 'pending')
          and not exists (
            select 1 from observation_evidence n where n.observation_id = e.observation_id and n.measured_at > e.measured_at
          )
      )`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
