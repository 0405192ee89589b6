import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { z } from 'zod';
import { CHECK_STATUSES, type CheckStatus } from '../domain/check.js';
import { ConflictError, InputError } from '../domain/errors.js';
import { appendAudit } from './audit.js';
import { asActor, type ActorOrName } from './audit-actor.js';
import { normaliseDomain } from './observations.js';
import type { Database, DefiniteStatus, SnapshotTable } from './schema.js';

/**
 * Snapshots ("peilmomenten"): a measurement round frozen for reports. A snapshot copies the current
 * observation of every domain and check at one moment; the database refuses any later change to it
 * (migration 0003), so figures published from a snapshot can always be reproduced.
 */

/** The database, or the caller's transaction. */
type Executor = Kysely<Database> | Transaction<Database>;

/** The allowed snapshot names; the same pattern as the database's check constraint (migration 0003). */
export const SNAPSHOT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const NAME_RULE =
  'a snapshot name is 1 to 64 characters: letters A-Z and a-z, digits, ".", "_" and "-", starting with a letter or digit ' +
  `(pattern ${SNAPSHOT_NAME_PATTERN.source}), e.g. 2026-Q4 or peilmoment-2026-11`;

const SnapshotNameSchema = z.string().regex(SNAPSHOT_NAME_PATTERN);

const NewSnapshotSchema = z.object({
  name: SnapshotNameSchema,
  createdBy: z.string().trim().min(1, 'createdBy may not be empty'),
  note: z.string().trim().optional(),
});

export interface NewSnapshot {
  /** Unique and permanent, e.g. `2026-Q4`; see SNAPSHOT_NAME_PATTERN. */
  name: string;
  /** Who takes it (recorded in the audit log; its name, e.g. `cli:alice`, as `created_by`). */
  createdBy: ActorOrName;
  note?: string | undefined;
}

export interface Snapshot {
  id: number;
  name: string;
  /** The moment frozen: the start of the transaction that took the snapshot. */
  takenAt: Date;
  createdBy: string;
  note: string | null;
  /** Distinct domains with at least one result. */
  domains: number;
  results: number;
}

/** One check on one domain as it stood when the snapshot was taken. */
export interface SnapshotResult {
  domain: string;
  checkId: string;
  status: CheckStatus;
  /** The last definite status (what counts while the status is error or blocked); null before any. */
  knownStatus: DefiniteStatus | null;
  reason: string;
  /** Since when the status held (first seen of the observation's interval). */
  since: Date;
  lastSeen: Date;
}

/** The results of one check in a snapshot, counted per status. */
export interface SnapshotCheckSummary {
  checkId: string;
  total: number;
  /** Every status, 0 where none. */
  statuses: Record<CheckStatus, number>;
}

function toSnapshot(row: Selectable<SnapshotTable>): Snapshot {
  return {
    id: row.id,
    name: row.name,
    takenAt: row.taken_at,
    createdBy: row.created_by,
    note: row.note,
    domains: row.domains,
    results: row.results,
  };
}

/** The name, if it is a valid snapshot name; else an InputError that names the allowed pattern. */
export function parseSnapshotName(name: string): string {
  if (!SnapshotNameSchema.safeParse(name).success) throw new InputError(`"${name}" is not a valid snapshot name: ${NAME_RULE}.`);
  return name;
}

function conflict(name: string): ConflictError {
  return new ConflictError(`a snapshot named ${name} exists already; snapshots are immutable, choose another name`);
}

/** The SQLSTATE of a database error (both engines expose it as `code`), if any. */
function sqlState(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Freezes the current observation of every domain and check as a new snapshot, in one transaction. The
 * results are copied by the database in one statement (no rows pass through here), and the snapshot's
 * counts come from the very rows copied. A database without observations gives a snapshot of 0 results.
 *
 * Throws an InputError for an invalid name and a ConflictError when the name is taken; nothing is
 * written then.
 */
export async function createSnapshot(db: Kysely<Database>, input: NewSnapshot): Promise<Snapshot> {
  parseSnapshotName(input.name);
  const actor = asActor(input.createdBy);
  const parsed = NewSnapshotSchema.safeParse({ ...input, createdBy: actor.name });
  if (!parsed.success) {
    throw new InputError(
      'The snapshot cannot be taken.',
      parsed.error.issues.map((i) => ({ location: i.path.join('.'), message: i.message })),
    );
  }
  const { name, createdBy } = parsed.data;
  const note = parsed.data.note === undefined || parsed.data.note === '' ? null : parsed.data.note;

  try {
    return await db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('snapshot').select('id').where('name', '=', name).executeTakeFirst();
      if (existing) throw conflict(name);
      // One statement: the snapshot row cannot be updated afterwards (it is immutable), so its counts are
      // taken from the copied rows in the same statement. Every part of a statement sees the same data,
      // and the foreign key of the results is checked at the end of the statement, when the snapshot row
      // exists.
      const { rows } = await sql<Selectable<SnapshotTable>>`
        with new_snapshot as (
          select nextval(pg_get_serial_sequence('snapshot', 'id')) as id
        ),
        copied as (
          insert into snapshot_result (snapshot_id, domain, check_id, status, known_status, reason, since, last_seen)
          select s.id, o.domain, o.check_id, o.status, o.known_status, o.reason, o.first_seen, o.last_seen
          from observation o cross join new_snapshot s
          where o.state = 'current'
          returning domain
        ),
        counted as (
          select count(distinct domain)::int as domains, count(*)::int as results from copied
        )
        insert into snapshot (id, name, taken_at, created_by, note, domains, results)
        select s.id, ${name}, now(), ${createdBy}, ${note}, c.domains, c.results
        from new_snapshot s cross join counted c
        returning *`.execute(trx);
      const row = rows[0];
      if (!row) throw new Error(`the snapshot ${name} was not returned by the database`);
      const snapshot = toSnapshot(row);
      await appendAudit(trx, { ...actor, name: createdBy }, {
        action: 'snapshot.create',
        subject: `snapshot ${snapshot.name}`,
        after: { name: snapshot.name, takenAt: snapshot.takenAt.toISOString(), note: snapshot.note, domains: snapshot.domains, results: snapshot.results },
      });
      return snapshot;
    });
  } catch (error) {
    // Two processes taking the same name at once: the database's unique index decides.
    if (sqlState(error) === '23505') throw conflict(name);
    if (sqlState(error) === '23514') throw new InputError(`"${name}" is not a valid snapshot name: ${NAME_RULE}.`);
    throw error;
  }
}

/** Every snapshot, newest first. */
export async function listSnapshots(db: Executor): Promise<Snapshot[]> {
  const rows = await db.selectFrom('snapshot').selectAll().orderBy('taken_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(toSnapshot);
}

/** The snapshot with this name, or undefined. */
export async function findSnapshot(db: Executor, name: string): Promise<Snapshot | undefined> {
  const row = await db.selectFrom('snapshot').selectAll().where('name', '=', name).executeTakeFirst();
  return row ? toSnapshot(row) : undefined;
}

/** The results of a snapshot, of one domain and/or one check if given, by domain and check. */
export async function snapshotResults(
  db: Executor,
  snapshotId: number,
  filter: { domain?: string | undefined; checkId?: string | undefined } = {},
): Promise<SnapshotResult[]> {
  let query = db
    .selectFrom('snapshot_result')
    .select(['domain', 'check_id', 'status', 'known_status', 'reason', 'since', 'last_seen'])
    .where('snapshot_id', '=', snapshotId);
  if (filter.domain !== undefined) query = query.where('domain', '=', normaliseDomain(filter.domain));
  if (filter.checkId !== undefined) query = query.where('check_id', '=', filter.checkId);
  const rows = await query.orderBy('domain').orderBy('check_id').execute();
  return rows.map((r) => ({
    domain: r.domain,
    checkId: r.check_id,
    status: r.status,
    knownStatus: r.known_status,
    reason: r.reason,
    since: r.since,
    lastSeen: r.last_seen,
  }));
}

const emptyStatuses = (): Record<CheckStatus, number> =>
  Object.fromEntries(CHECK_STATUSES.map((s) => [s, 0])) as Record<CheckStatus, number>;

/** Per check (by check id): how many results of the snapshot have each status. */
export async function snapshotSummary(db: Executor, snapshotId: number): Promise<SnapshotCheckSummary[]> {
  const rows = await db
    .selectFrom('snapshot_result')
    .select(['check_id', 'status', sql<number>`count(*)::int`.as('n')])
    .where('snapshot_id', '=', snapshotId)
    .groupBy(['check_id', 'status'])
    .orderBy('check_id')
    .execute();
  const byCheck = new Map<string, SnapshotCheckSummary>();
  for (const r of rows) {
    let summary = byCheck.get(r.check_id);
    if (!summary) {
      summary = { checkId: r.check_id, total: 0, statuses: emptyStatuses() };
      byCheck.set(r.check_id, summary);
    }
    summary.statuses[r.status] += r.n;
    summary.total += r.n;
  }
  return [...byCheck.values()];
}
