import type { CheckStatus } from '../domain/check.js';
import type { DomainOutcome, ProgressStatus, SupplierRole } from '../domain/progress.js';
import type { Target } from '../strategy/schema.js';
import { explainedBy, type ActiveExplanation } from './coverage.js';
import { daysBetween, earlier } from './dates.js';
import { domainOutcome, failingChecks } from './domain-outcome.js';
import { reachDate, trendOf, valueAt, type TrendPoint } from './forecast.js';

/** One of the organisation's domains with its current check statuses. */
export interface DomainInput {
  domain: string;
  kinds: readonly ('web' | 'mail')[];
  statuses: ReadonlyMap<string, CheckStatus>;
  providers: Partial<Record<SupplierRole, readonly string[]>>;
}

export interface CommitmentInput {
  plannedDate: string;
  milestones: readonly { date: string; value: number }[];
}

export interface AssessInput {
  target: Target;
  /** Today (YYYY-MM-DD, UTC). */
  today: string;
  domains: readonly DomainInput[];
  commitment?: CommitmentInput | undefined;
  /** Approved explanations for this organisation and target (including supplier-level ones). */
  explanations: readonly ActiveExplanation[];
  /** Earlier weekly values of this organisation for this target, oldest first. */
  history: readonly TrendPoint[];
}

export interface DomainAssessment {
  domain: string;
  outcome: DomainOutcome;
  /** The required checks it fails. */
  failing: string[];
  explanationId: number | null;
}

export interface Assessment {
  status: ProgressStatus;
  /** Share of domains in scope that pass, 0–100; null when the target is not measured from domains or none are known. */
  value: number | null;
  domainsTotal: number;
  domainsMet: number;
  domainsFailing: number;
  domainsUnknown: number;
  domainsExplained: number;
  deadline: string;
  plannedDate: string | null;
  /** The earlier of the planned date and the deadline: the date the status is judged against. */
  effectiveDate: string;
  /** When the organisation's own trend reaches 100%, where it has one. */
  forecastDate: string | null;
  /** One line in English saying why (the UI words it from the figures). */
  reason: string;
  domains: DomainAssessment[];
}

/** With too little history for a trend, a target whose date is further away than this counts as on track. */
export const ON_TRACK_WITHOUT_TREND_DAYS = 180;

/** The domains a target measures: those of an asset kind in its scope (all, when it names none). */
export function domainsInScope(target: Target, domains: readonly DomainInput[]): DomainInput[] {
  const kinds = target.scope.assets;
  return kinds.length === 0 ? [...domains] : domains.filter((d) => d.kinds.some((k) => kinds.includes(k)));
}

/**
 * Where an organisation stands on a target (DESIGN.md "Progress is derived"). For check-based targets:
 *
 * 1. no domain in scope, or none that fails while some could not be measured → `unknown` (never `met`:
 *    hiding from the scanner must not improve a figure);
 * 2. every domain passes → `met`;
 * 3. the target allows explaining and an approved explanation covers the target → `explained`; one covers
 *    every failing domain → `explained` when every other domain passes, `unknown` when some could not be
 *    measured (explaining what shows must not beat hiding the rest);
 * 4. past the effective date (the earlier of its planned date and the deadline) → `overdue`;
 * 5. a milestone that has passed and was not reached, or a trend that does not reach 100% by the effective
 *    date → `at-risk`; without a trend, `at-risk` when less than {@link ON_TRACK_WITHOUT_TREND_DAYS} days
 *    remain; otherwise → `on-track`.
 *
 * Targets measured by self-assessment or register are `unknown` until such answers or imports exist.
 */
export function assess(input: AssessInput): Assessment {
  const { target, today, commitment } = input;
  const deadline = target.deadline;
  const plannedDate = commitment?.plannedDate ?? null;
  const effectiveDate = earlier(deadline, plannedDate);
  const base = { deadline, plannedDate, effectiveDate, forecastDate: null, domains: [] as DomainAssessment[] };
  if (target.indicator.kind !== 'checks') {
    const reason = target.indicator.kind === 'national' ? 'measured for the nation, not per organisation' : `no ${target.indicator.kind} data recorded`;
    return { ...base, status: 'unknown', value: null, domainsTotal: 0, domainsMet: 0, domainsFailing: 0, domainsUnknown: 0, domainsExplained: 0, reason };
  }
  const checks = target.indicator.checks;
  const explanations = input.explanations.filter((e) => e.targetId === target.id);
  const targetWide = explanations.find((e) => e.scope === 'target');
  const domains: DomainAssessment[] = domainsInScope(target, input.domains).map((d) => {
    const outcome = domainOutcome(checks, d.statuses);
    const failing = failingChecks(checks, d.statuses);
    const explanationId = outcome === 'fail' ? (targetWide?.id ?? explainedBy(explanations, d, failing)) : null;
    return { domain: d.domain, outcome, failing, explanationId };
  });
  const total = domains.length;
  const met = domains.filter((d) => d.outcome === 'pass').length;
  const failingDomains = domains.filter((d) => d.outcome === 'fail');
  const unknown = domains.filter((d) => d.outcome === 'unknown').length;
  const explained = failingDomains.filter((d) => d.explanationId !== null).length;
  const counts = { domainsTotal: total, domainsMet: met, domainsFailing: failingDomains.length, domainsUnknown: unknown, domainsExplained: explained };
  const value = total === 0 ? null : (100 * met) / total;
  const withDomains = { ...base, ...counts, value, domains };

  if (total === 0) return { ...withDomains, status: 'unknown', reason: 'no domain of this kind is known for the organisation' };
  if (met === total) return { ...withDomains, status: 'met', reason: `all ${total} domains pass` };
  if (failingDomains.length === 0) {
    return { ...withDomains, status: 'unknown', reason: `${unknown} of ${total} domains could not be measured and none fails` };
  }
  if (target.explainAllowed && targetWide !== undefined) {
    return { ...withDomains, status: 'explained', reason: `explained for the whole target (explanation ${targetWide.id})` };
  }
  if (target.explainAllowed && explained === failingDomains.length) {
    // Explaining the failures it shows must not make an organisation look better than what it hides.
    return unknown > 0
      ? { ...withDomains, status: 'unknown', reason: `every failing domain is explained, but ${unknown} of ${total} domains could not be measured` }
      : { ...withDomains, status: 'explained', reason: 'every failing domain is explained' };
  }
  const figure = `${met} of ${total} domains pass`;
  if (today > effectiveDate) {
    const whose = plannedDate !== null && plannedDate < deadline ? 'its planned date' : 'the deadline';
    return { ...withDomains, status: 'overdue', reason: `${figure}; ${whose} ${effectiveDate} has passed` };
  }
  const trend = trendOf([...input.history, { day: today, value: value ?? 0 }]);
  const forecastDate = trend ? (reachDate(trend, today) ?? null) : null;
  const withForecast = { ...withDomains, forecastDate };
  const missed = (commitment?.milestones ?? []).filter((m) => m.date <= today && (value ?? 0) < m.value).at(-1);
  if (missed) return { ...withForecast, status: 'at-risk', reason: `${figure}; the milestone of ${missed.value}% by ${missed.date} was not reached` };
  if (trend) {
    return valueAt(trend, effectiveDate) >= 100
      ? { ...withForecast, status: 'on-track', reason: `${figure}; at the current pace 100% is reached by ${forecastDate ?? effectiveDate}` }
      : { ...withForecast, status: 'at-risk', reason: `${figure}; at the current pace 100% is not reached by ${effectiveDate}` };
  }
  const days = daysBetween(today, effectiveDate);
  return days > ON_TRACK_WITHOUT_TREND_DAYS
    ? { ...withForecast, status: 'on-track', reason: `${figure}; ${days} days remain and there is no trend yet` }
    : { ...withForecast, status: 'at-risk', reason: `${figure}; only ${days} days remain` };
}
