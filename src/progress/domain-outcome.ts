import type { CheckStatus } from '../domain/check.js';
import type { DomainOutcome } from '../domain/progress.js';

/**
 * A domain's outcome for a target that requires `checks`, as the Forum counts: it complies only when it
 * passes every one of them (`warning` — phase-out settings — and `not-applicable` count as passing).
 * Any `fail` makes it `fail`; otherwise a check that could not be measured (`error`, `blocked`, or no
 * current observation at all) makes it `unknown`: never counted as passing.
 *
 * @example
 * domainOutcome(['web.https.available', 'web.https.hsts'], new Map([['web.https.available', 'pass']])) // 'unknown'
 */
export function domainOutcome(checks: readonly string[], statuses: ReadonlyMap<string, CheckStatus>): DomainOutcome {
  let unknown = false;
  for (const id of checks) {
    const status = statuses.get(id);
    if (status === 'fail') return 'fail';
    if (status === undefined || status === 'error' || status === 'blocked') unknown = true;
  }
  return unknown ? 'unknown' : 'pass';
}

/** The required checks a domain fails (for findings and for explanations that cover single checks). */
export function failingChecks(checks: readonly string[], statuses: ReadonlyMap<string, CheckStatus>): string[] {
  return checks.filter((id) => statuses.get(id) === 'fail');
}
