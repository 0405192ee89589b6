import type { ProgressStatus } from '../domain/progress.js';
import type { Strategy, Target } from '../strategy/schema.js';
import { assess, type Assessment, type CommitmentInput, type DomainInput } from './assess.js';
import type { ActiveExplanation } from './coverage.js';
import type { TrendPoint } from './forecast.js';

/** An organisation as the engine needs it. */
export interface OrganisationInput {
  code: string;
  layer: string;
}

/** The targets an organisation is measured on: in scope of its layer, and not measured for the nation only. */
export function targetsFor(strategy: Strategy, layer: string): Target[] {
  return strategy.targets.filter((t) => t.indicator.kind !== 'national' && (t.scope.layers as readonly string[]).includes(layer));
}

export interface OrganisationInputs {
  organisation: OrganisationInput;
  today: string;
  domains: readonly DomainInput[];
  commitments: ReadonlyMap<string, CommitmentInput>;
  explanations: readonly ActiveExplanation[];
  /** Earlier weekly values per target, oldest first. */
  history: ReadonlyMap<string, readonly TrendPoint[]>;
}

/** Every target's assessment for one organisation, keyed by target id. */
export function assessOrganisation(strategy: Strategy, inputs: OrganisationInputs): Map<string, Assessment> {
  const result = new Map<string, Assessment>();
  const explanations = inputs.explanations.filter((e) => e.organisationCode === null || e.organisationCode === inputs.organisation.code);
  for (const target of targetsFor(strategy, inputs.organisation.layer)) {
    result.set(
      target.id,
      assess({
        target,
        today: inputs.today,
        domains: inputs.domains,
        commitment: inputs.commitments.get(target.id),
        explanations,
        history: inputs.history.get(target.id) ?? [],
      }),
    );
  }
  return result;
}

/** A change worth telling an organisation's subscribers about. */
export interface StatusChange {
  targetId: string;
  from: ProgressStatus;
  to: ProgressStatus;
}

/** Domains that passed a target before and fail it now, per target. */
export interface Regression {
  targetId: string;
  domains: { domain: string; checks: string[] }[];
}

/**
 * What changed between an organisation's previous and new assessments: status changes (a first assessment is
 * not a change) and domains that regressed from pass to fail.
 */
export function changesOf(
  previous: ReadonlyMap<string, { status: ProgressStatus; passing: ReadonlySet<string> }>,
  next: ReadonlyMap<string, Assessment>,
): { statuses: StatusChange[]; regressions: Regression[] } {
  const statuses: StatusChange[] = [];
  const regressions: Regression[] = [];
  for (const [targetId, assessment] of next) {
    const before = previous.get(targetId);
    if (before === undefined) continue;
    if (before.status !== assessment.status) statuses.push({ targetId, from: before.status, to: assessment.status });
    const regressed = assessment.domains.filter((d) => d.outcome === 'fail' && before.passing.has(d.domain)).map((d) => ({ domain: d.domain, checks: d.failing }));
    if (regressed.length > 0) regressions.push({ targetId, domains: regressed });
  }
  return { statuses, regressions };
}
