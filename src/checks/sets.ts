/**
 * Set verdicts: how the Forum Standaardisatie decides that a domain complies (FACTS.md "How the Forum
 * decides"): a domain passes a set only when it passes **every** mandatory check of that set.
 */
import type { CheckResult, CheckSet, CheckStatus } from '../domain/check.js';
import { checksInSet } from './catalogue.js';

/**
 * The ordered status scale, worst first (like internet.nl's, STYLE.md): a definite `fail`; then the
 * undecided `error` (could not measure) and `blocked` (refused); then `warning` (phase-out settings); `pass`; and `not-applicable`, which says nothing about the domain.
 */
export const STATUS_ORDER: readonly CheckStatus[] = ['fail', 'error', 'blocked', 'warning', 'pass', 'not-applicable'];

const RANK: ReadonlyMap<CheckStatus, number> = new Map(STATUS_ORDER.map((s, i) => [s, i]));

/** The worst of `statuses` on {@link STATUS_ORDER}; `not-applicable` when there are none. */
export function worstStatus(statuses: Iterable<CheckStatus>): CheckStatus {
  let worst: CheckStatus = 'not-applicable';
  for (const s of statuses) {
    if ((RANK.get(s) ?? 0) < (RANK.get(worst) ?? 0)) worst = s;
  }
  return worst;
}

/**
 * The verdict of one set over one domain's results. Only the set's mandatory checks count; informational
 * checks and results for checks outside the set are ignored. Per mandatory check (several results with
 * the same id: the worst counts; no result at all: `error`, since it was not measured):
 *
 * 1. any `fail` → `fail`;
 * 2. else any `error` or `blocked` → the worse of those (`error` before `blocked`): the set could not be
 *    decided, so it is never reported as passing nor as failing;
 * 3. else every check `not-applicable` → `not-applicable` (e.g. the mail set of a domain without mail);
 * 4. else → `pass`. A `warning` counts as passing: issue 3 makes phase-out settings a `warning` and
 *    only insufficient ones a `fail`, and internet.nl (which the Forum measures with) scores "phase out"
 *    as a notice, not a failed test. A `not-applicable` check counts as passing for that check.
 */
export function setVerdict(set: CheckSet, results: readonly CheckResult[]): CheckStatus {
  const statuses = checksInSet(set)
    .filter((check) => check.level === 'mandatory')
    .map((check) => {
      const own = results.filter((r) => r.id === check.id).map((r) => r.status);
      return own.length === 0 ? 'error' : worstStatus(own);
    });
  if (statuses.includes('fail')) return 'fail';
  const undecided = statuses.filter((s) => s === 'error' || s === 'blocked');
  if (undecided.length > 0) return worstStatus(undecided);
  if (statuses.every((s) => s === 'not-applicable')) return 'not-applicable';
  return 'pass';
}

/** Whether a set verdict counts as meeting the agreements (for exit statuses and headline figures). */
export function setPasses(verdict: CheckStatus): boolean {
  return verdict === 'pass' || verdict === 'not-applicable';
}
