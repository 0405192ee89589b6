import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { StrategyDiffEntry } from '../strategy/diff.js';
import type { Database, StrategyVersionTable } from './schema.js';
import { markAllDirty } from './progress-dirty.js';

/** Queries on strategy_version and strategy_change: the history of the agreements. */

/** The database, or the caller's transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;

/** One recorded version, without its document. */
export interface StoredStrategyVersion {
  id: number;
  strategyId: string;
  version: string;
  contentHash: string;
  sourcePath: string | null;
  appliedBy: string;
  appliedAt: Date;
  note: string | null;
}

/** A version to record. */
export interface NewStrategyVersion {
  strategyId: string;
  version: string;
  /** The validated strategy, stored as JSON. */
  document: unknown;
  contentHash: string;
  sourcePath: string | null;
  appliedBy: string;
  note: string | null;
}

/** How one target changed in one version, as stored. */
export interface StoredTargetChange {
  version: StoredStrategyVersion;
  kind: 'added' | 'changed' | 'removed';
  fields: string[];
  /** The target's JSON before and after the change (null when added, resp. removed). */
  before: unknown;
  after: unknown;
}

const VERSION_COLUMNS = [
  'strategy_version.id',
  'strategy_version.strategy_id',
  'strategy_version.version',
  'strategy_version.content_hash',
  'strategy_version.source_path',
  'strategy_version.applied_by',
  'strategy_version.applied_at',
  'strategy_version.note',
] as const;

type VersionRow = Omit<Selectable<StrategyVersionTable>, 'document'>;

function toVersion(row: VersionRow): StoredStrategyVersion {
  return {
    id: row.id,
    strategyId: row.strategy_id,
    version: row.version,
    contentHash: row.content_hash,
    sourcePath: row.source_path,
    appliedBy: row.applied_by,
    appliedAt: row.applied_at,
    note: row.note,
  };
}

const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

/** An arbitrary, fixed key for the advisory lock that serialises strategy applies. */
const APPLY_LOCK_KEY = 7_468_726_801;

/**
 * Serialises writers of strategy versions until the end of the caller's transaction, so that two applies
 * at once cannot both compare against the same latest version. Call it inside a transaction.
 */
export async function lockStrategyVersions(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${APPLY_LOCK_KEY}::bigint)`.execute(trx);
}

/**
 * Records a version and its changes. Run it in a transaction (the caller's) so that a version is never
 * stored without its changes.
 */
export async function insertStrategyVersion(
  db: Executor,
  version: NewStrategyVersion,
  changes: readonly StrategyDiffEntry[],
): Promise<StoredStrategyVersion> {
  const row = await db
    .insertInto('strategy_version')
    .values({
      strategy_id: version.strategyId,
      version: version.version,
      document: JSON.stringify(version.document),
      content_hash: version.contentHash,
      source_path: version.sourcePath,
      applied_by: version.appliedBy,
      note: version.note,
    })
    .returning(VERSION_COLUMNS)
    .executeTakeFirstOrThrow();
  if (changes.length > 0) {
    await db
      .insertInto('strategy_change')
      .values(
        changes.map((c) => ({
          strategy_version_id: row.id,
          entity: c.entity,
          entity_id: c.entityId,
          kind: c.kind,
          fields: c.fields,
          before: json(c.before),
          after: json(c.after),
        })),
      )
      .execute();
  }
  // Targets, scopes or deadlines may have changed: every organisation's progress is recomputed.
  await markAllDirty(db);
  return toVersion(row);
}

/** The latest recorded version (of any strategy id) with its document, or undefined when there is none. */
export async function latestStrategyVersion(
  db: Executor,
): Promise<{ version: StoredStrategyVersion; document: unknown } | undefined> {
  const row = await db
    .selectFrom('strategy_version')
    .select([...VERSION_COLUMNS, 'strategy_version.document'])
    .orderBy('strategy_version.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { version: toVersion(row), document: row.document } : undefined;
}

/** The id of the latest version, or undefined: a cheap freshness check for caches. */
export async function latestStrategyVersionId(db: Executor): Promise<number | undefined> {
  const row = await db.selectFrom('strategy_version').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row?.id;
}

/** Every version, newest first. */
export async function listStrategyVersions(db: Executor): Promise<StoredStrategyVersion[]> {
  const rows = await db.selectFrom('strategy_version').select(VERSION_COLUMNS).orderBy('strategy_version.id', 'desc').execute();
  return rows.map(toVersion);
}

/** The changes recorded with one version, in the order they were recorded. */
export async function strategyVersionChanges(db: Executor, versionId: number): Promise<StrategyDiffEntry[]> {
  const rows = await db
    .selectFrom('strategy_change')
    .select(['entity', 'entity_id', 'kind', 'fields', 'before', 'after'])
    .where('strategy_version_id', '=', versionId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ entity: r.entity, entityId: r.entity_id, kind: r.kind, fields: r.fields, before: r.before, after: r.after }));
}

/** A target's changes across versions, newest first. */
export async function targetChanges(db: Executor, targetId: string): Promise<StoredTargetChange[]> {
  const rows = await db
    .selectFrom('strategy_change')
    .innerJoin('strategy_version', 'strategy_version.id', 'strategy_change.strategy_version_id')
    .select([
      ...VERSION_COLUMNS,
      'strategy_change.kind',
      'strategy_change.fields',
      'strategy_change.before',
      'strategy_change.after',
    ])
    .where('strategy_change.entity', '=', 'target')
    .where('strategy_change.entity_id', '=', targetId)
    .orderBy('strategy_version.id', 'desc')
    .orderBy('strategy_change.id', 'desc')
    .execute();
  return rows.map((r) => ({ version: toVersion(r), kind: r.kind, fields: r.fields, before: r.before, after: r.after }));
}
