/**
 * Progress: where an organisation stands on a target, derived from measurements, its own planned date and
 * its explanations — never typed in (DESIGN.md). The vocabulary is closed and ordered best first.
 */
export const PROGRESS_STATUSES = ['met', 'explained', 'on-track', 'at-risk', 'overdue', 'unknown'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

/**
 * Statuses from good to bad for "did it get worse?": `unknown` sits apart (not measurable) and counts as worse
 * than everything but `overdue`, so that disappearing from the scanner is never an improvement.
 */
export const PROGRESS_RANK: Readonly<Record<ProgressStatus, number>> = {
  met: 0,
  explained: 1,
  'on-track': 2,
  'at-risk': 3,
  unknown: 4,
  overdue: 5,
};

export function isWorse(after: ProgressStatus, before: ProgressStatus): boolean {
  return PROGRESS_RANK[after] > PROGRESS_RANK[before];
}

/**
 * A domain's outcome for one target: `pass` when it passes every required check (a warning or
 * not-applicable check counts as passing, as the Forum counts), `fail` when any required check fails,
 * `unknown` when none fails but one could not be measured (error, blocked, or never measured).
 */
export const DOMAIN_OUTCOMES = ['pass', 'fail', 'unknown'] as const;
export type DomainOutcome = (typeof DOMAIN_OUTCOMES)[number];

/** Scopes of an explanation (comply or explain). */
export const EXPLANATION_SCOPES = ['target', 'domain', 'finding', 'supplier'] as const;
export type ExplanationScope = (typeof EXPLANATION_SCOPES)[number];

/** proposed → approved | rejected (by a coordinator); approved → expired (its date passed) | lapsed (the result it explains changed). */
export const EXPLANATION_STATES = ['proposed', 'approved', 'rejected', 'expired', 'lapsed'] as const;
export type ExplanationState = (typeof EXPLANATION_STATES)[number];

/** Which hosting check names the supplier of a supplier-level explanation. */
export const SUPPLIER_ROLES = ['mail', 'dns', 'web'] as const;
export type SupplierRole = (typeof SUPPLIER_ROLES)[number];

/** Kinds of progress events: kept for the Atom feed and sent to subscribers. */
export const PROGRESS_EVENT_KINDS = [
  'status-worsened',
  'status-improved',
  'finding-regressed',
  'deadline-approaching',
  'planned-date-approaching',
  'explanation-expiring',
  'explanation-changed',
] as const;
export type ProgressEventKind = (typeof PROGRESS_EVENT_KINDS)[number];

/** Counts of organisations per status, and of their domains, for one scope and target (pre-aggregated). */
export interface StatusCounts {
  organisations: number;
  met: number;
  explained: number;
  on_track: number;
  at_risk: number;
  overdue: number;
  unknown: number;
  domains_total: number;
  domains_met: number;
  domains_unknown: number;
}

/** Scopes of a pre-aggregated figure. */
export const AGGREGATE_SCOPES = ['nation', 'layer', 'province'] as const;
export type AggregateScope = (typeof AGGREGATE_SCOPES)[number];
