import type { Kysely } from 'kysely';
import type { CheckStatus } from '../domain/check.js';
import type { DomainOutcome } from '../domain/progress.js';
import { failingChecks } from '../progress/domain-outcome.js';
import type { LatestObservation } from '../store/observations-read.js';
import {
  aggregates,
  organisationHistory,
  progressDomains,
  progressOfOrganisation,
  type HistoryRow,
  type ProgressRow,
} from '../store/progress-read.js';
import { explanationsForOrganisation, type ExplanationSummary } from '../store/scorecard-read.js';
import type { AggregateCounts, Database } from '../store/schema.js';
import type { Priority, Strategy, Target } from '../strategy/schema.js';

/**
 * The organisation scorecard: per priority and target where the organisation stands (from the derived
 * progress tables), the explanations that apply, the exact findings per domain below each target that is
 * not met, its weekly history, and the figures of its layer and province to compare with.
 */

/** One required check that a domain does not pass: failing, or not measurable. */
export interface Finding {
  checkId: string;
  /** The current status; null when the check was never measured on the domain. */
  status: CheckStatus | null;
  reason: string | null;
  since: Date | null;
}

/** A domain in the target's scope that does not pass it. */
export interface DomainFindings {
  domain: string;
  outcome: Exclude<DomainOutcome, 'pass'>;
  findings: Finding[];
  /** The approved explanation that covers this domain's failure, if any (the finding stays visible). */
  explanation: ExplanationSummary | null;
  /** The id recorded in progress_domain when the explanation itself could not be read. */
  explanationId: number | null;
}

export interface ScorecardTarget {
  target: Target;
  /** Undefined until progress has been computed for the organisation. */
  progress: ProgressRow | undefined;
  /** Approved or proposed explanations of this organisation for the target, and those covering its domains. */
  explanations: ExplanationSummary[];
  /** Domains that fail or could not be measured, by name; empty when met or not measured from domains. */
  domains: DomainFindings[];
  /** The layer's and the province's pre-aggregated figures for the target, where computed. */
  layer: AggregateCounts | undefined;
  province: AggregateCounts | undefined;
}

export interface Scorecard {
  /** Priorities by number; each target of the organisation's scope once, under its lowest-numbered priority. */
  priorities: { priority: Priority; targets: ScorecardTarget[] }[];
  /** Weekly history of every target, oldest first per target. */
  history: HistoryRow[];
}

/** What the scorecard is built from besides the database: the organisation and its current observations. */
export interface ScorecardSubject {
  code: string;
  layer: string;
  provinceCode: string | null;
  /** Targets of the current strategy whose scope includes the organisation's layer. */
  targets: readonly Target[];
  /** The latest observations per domain name. */
  latest: ReadonlyMap<string, readonly LatestObservation[]>;
}

/** The required checks a domain fails, or (when none fails) those that could not be measured. */
export function findingsOf(checks: readonly string[], observations: readonly LatestObservation[]): Finding[] {
  const byCheck = new Map(observations.map((o) => [o.checkId, o]));
  const statuses = new Map(observations.map((o) => [o.checkId, o.status]));
  const failing = failingChecks(checks, statuses);
  const ids = failing.length > 0 ? failing : checks.filter((id) => !['pass', 'warning', 'not-applicable'].includes(statuses.get(id) ?? 'error'));
  return ids.map((checkId) => {
    const o = byCheck.get(checkId);
    return { checkId, status: o?.status ?? null, reason: o?.reason ?? null, since: o?.since ?? null };
  });
}

/** Each target once, under the lowest-numbered priority it serves, priorities by number. */
export function groupByPriority<T extends { target: Target }>(strategy: Strategy, items: readonly T[]): { priority: Priority; targets: T[] }[] {
  const priorities = [...strategy.priorities].sort((a, b) => a.number - b.number);
  const rank = new Map(priorities.map((p, i) => [p.id, i]));
  const first = (t: Target): number => Math.min(...t.priorities.map((p) => rank.get(p) ?? Number.MAX_SAFE_INTEGER));
  return priorities
    .map((priority, i) => ({ priority, targets: items.filter((item) => first(item.target) === i) }))
    .filter((group) => group.targets.length > 0);
}

/** Builds scorecards from the derived progress tables. */
export class ScorecardService {
  constructor(private readonly db: Kysely<Database>) {}

  async scorecard(strategy: Strategy, subject: ScorecardSubject): Promise<Scorecard> {
    const [progress, domains, explanations, history, layerFigures, provinceFigures] = await Promise.all([
      progressOfOrganisation(this.db, subject.code),
      progressDomains(this.db, subject.code),
      explanationsForOrganisation(this.db, subject.code),
      organisationHistory(this.db, subject.code),
      aggregates(this.db, { scopeKind: 'layer', scopeId: subject.layer }),
      subject.provinceCode === null ? Promise.resolve([]) : aggregates(this.db, { scopeKind: 'province', scopeId: subject.provinceCode }),
    ]);
    const explanationById = new Map(explanations.map((e) => [e.id, e]));
    const items = subject.targets.map((target): ScorecardTarget => {
      const row = progress.find((p) => p.targetId === target.id);
      const checks = target.indicator.kind === 'checks' ? target.indicator.checks : [];
      const own = domains.filter((d) => d.targetId === target.id);
      const coveringIds = new Set(own.map((d) => d.explanationId).filter((id): id is number => id !== null));
      const notMet = row !== undefined && row.status !== 'met';
      return {
        target,
        progress: row,
        explanations: explanations.filter((e) => e.targetId === target.id && (e.organisationCode === subject.code || coveringIds.has(e.id))),
        domains: notMet
          ? own.flatMap((d) =>
              d.outcome === 'pass'
                ? []
                : [
                    {
                      domain: d.domain,
                      outcome: d.outcome,
                      findings: findingsOf(checks, subject.latest.get(d.domain) ?? []),
                      explanation: d.explanationId === null ? null : (explanationById.get(d.explanationId) ?? null),
                      explanationId: d.explanationId,
                    },
                  ],
            )
          : [],
        layer: layerFigures.find((a) => a.targetId === target.id)?.counts,
        province: provinceFigures.find((a) => a.targetId === target.id)?.counts,
      };
    });
    return { priorities: groupByPriority(strategy, items), history };
  }
}
