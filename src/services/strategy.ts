import type { Kysely } from 'kysely';
import { diffStrategies, strategyContentHash, type StrategyDiffEntry } from '../strategy/diff.js';
import { loadStrategyFile } from '../strategy/load.js';
import { strategySchema, type Strategy, type Target } from '../strategy/schema.js';
import { appendAudit } from '../store/audit.js';
import { asActor, type ActorOrName } from '../store/audit-actor.js';
import type { Database } from '../store/schema.js';
import {
  insertStrategyVersion,
  latestStrategyVersion,
  latestStrategyVersionId,
  listStrategyVersions,
  lockStrategyVersions,
  targetChanges,
} from '../store/strategy-versions.js';
import type { CurrentStrategy, StrategyReader, StrategyVersionInfo, TargetChange } from './strategy-types.js';

/** Who applies a strategy, from where, and why. */
export interface ApplyMeta {
  /** Who applies it (recorded in the audit log; its name also as the version's `applied_by`). */
  appliedBy: ActorOrName;
  sourcePath?: string | undefined;
  note?: string | undefined;
}

/** The result of {@link StrategyService.apply}. */
export interface ApplyOutcome {
  /** True when the strategy equals the latest version: nothing was recorded. */
  unchanged: boolean;
  /** The new version, or the latest one when unchanged. */
  version: StrategyVersionInfo;
  /** What changed compared with the previous version (empty when unchanged). */
  changes: StrategyDiffEntry[];
}

/** The result of {@link StrategyService.ensureInitial}. */
export interface InitialOutcome {
  /** True when no version existed and the file has been applied. */
  applied: boolean;
  version: StrategyVersionInfo;
  /** True when a version existed and the file differs from it (hint: `thorbecke strategy apply`). */
  defaultDiffers: boolean;
}

/** A stored document, with today's defaults applied where it still validates (it did when it was applied). */
function previousStrategy(document: unknown): Strategy {
  const parsed = strategySchema.safeParse(document);
  return parsed.success ? parsed.data : (document as Strategy);
}

/** Changes listed in an audit entry (the full diff is in strategy_change). */
const MAX_AUDITED_CHANGES = 200;

function versionSummary(v: StrategyVersionInfo): Record<string, unknown> {
  return { id: v.id, strategyId: v.strategyId, version: v.version, contentHash: v.contentHash, sourcePath: v.sourcePath, note: v.note };
}

/**
 * The strategy as recorded in the database: reading the current version and its history, and applying a
 * new version. `current()` is cached in memory and refreshed when a newer version appears (also one
 * applied by another process: each call costs one small query).
 */
export class StrategyService implements StrategyReader {
  private cache: CurrentStrategy | undefined;

  constructor(private readonly db: Kysely<Database>) {}

  async current(): Promise<CurrentStrategy | undefined> {
    const latestId = await latestStrategyVersionId(this.db);
    if (latestId === undefined) {
      this.cache = undefined;
      return undefined;
    }
    if (this.cache?.version.id === latestId) return this.cache;
    const latest = await latestStrategyVersion(this.db);
    if (!latest) return undefined;
    this.cache = { strategy: strategySchema.parse(latest.document), version: latest.version };
    return this.cache;
  }

  async targetHistory(targetId: string): Promise<TargetChange[]> {
    const rows = await targetChanges(this.db, targetId);
    // The documents were validated when they were applied.
    return rows.map((r) => ({ ...r, before: r.before as Target | null, after: r.after as Target | null }));
  }

  versions(): Promise<StrategyVersionInfo[]> {
    return listStrategyVersions(this.db);
  }

  /**
   * Records `strategy` as a new version with its changes and an audit entry, in one transaction; records
   * nothing when its content equals the latest version.
   */
  async apply(strategy: Strategy, meta: ApplyMeta): Promise<ApplyOutcome> {
    const contentHash = strategyContentHash(strategy);
    const actor = asActor(meta.appliedBy);
    const outcome = await this.db.transaction().execute(async (trx): Promise<ApplyOutcome> => {
      await lockStrategyVersions(trx);
      const latest = await latestStrategyVersion(trx);
      if (latest?.version.contentHash === contentHash) {
        return { unchanged: true, version: latest.version, changes: [] };
      }
      const before = latest ? previousStrategy(latest.document) : undefined;
      const changes = diffStrategies(before, strategy);
      const version = await insertStrategyVersion(
        trx,
        {
          strategyId: strategy.id,
          version: strategy.version,
          document: strategy,
          contentHash,
          sourcePath: meta.sourcePath ?? null,
          appliedBy: actor.name,
          note: meta.note ?? null,
        },
        changes,
      );
      await appendAudit(trx, actor, {
        action: 'strategy.apply',
        subject: `strategy version ${version.id}`,
        before: latest ? versionSummary(latest.version) : null,
        after: {
          ...versionSummary(version),
          changes: changes.slice(0, MAX_AUDITED_CHANGES).map((c) => ({ kind: c.kind, entity: c.entity, id: c.entityId })),
          changeCount: changes.length,
        },
      });
      return { unchanged: false, version, changes };
    });
    if (!outcome.unchanged) this.cache = undefined;
    return outcome;
  }

  /**
   * At server start: applies `file` when no version exists yet; otherwise only reports whether the file
   * differs from the latest version.
   */
  async ensureInitial(file: string, appliedBy: ActorOrName): Promise<InitialOutcome> {
    const strategy = await loadStrategyFile(file);
    const latest = await latestStrategyVersion(this.db);
    if (latest) {
      return { applied: false, version: latest.version, defaultDiffers: latest.version.contentHash !== strategyContentHash(strategy) };
    }
    // Another process may apply at the same time: apply() compares under a lock, so only one version results.
    const outcome = await this.apply(strategy, { appliedBy, sourcePath: file, note: 'initial strategy' });
    return { applied: !outcome.unchanged, version: outcome.version, defaultDiffers: false };
  }
}
