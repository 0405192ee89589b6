import type { StoredStrategyVersion } from '../store/strategy-versions.js';
import type { Strategy, Target } from '../strategy/schema.js';

/** One recorded version of the agreements (a `thorbecke strategy apply`), as the store keeps it. */
export type StrategyVersionInfo = StoredStrategyVersion;

export interface CurrentStrategy {
  strategy: Strategy;
  version: StrategyVersionInfo;
}

/** How one target changed in one version. */
export interface TargetChange {
  version: StrategyVersionInfo;
  kind: 'added' | 'changed' | 'removed';
  /** Top-level fields of the target that changed (`deadline`, `scope`, ...); empty for added/removed. */
  fields: string[];
  before: Target | null;
  after: Target | null;
}

/** What pages and the API need to read the strategy. Implemented by StrategyService. */
export interface StrategyReader {
  /** The latest applied version, or undefined when none has been applied yet. */
  current(): Promise<CurrentStrategy | undefined>;
  /** A target's changes across versions, newest first. */
  targetHistory(targetId: string): Promise<TargetChange[]>;
  /** Every version, newest first. */
  versions(): Promise<StrategyVersionInfo[]>;
}
