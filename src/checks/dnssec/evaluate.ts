/**
 * Pure evaluation of `web.dnssec`, `mail.dnssec` and `mail.dnssec.mx` from a validating resolver's answers
 * (criteria as data: which answer means what).
 */
import type { Verdict } from '../../domain/check.js';
import type { DnssecFacts } from './gather.js';

/** Rcodes of a name that answers (NXDOMAIN is signed too: authenticated denial carries AD). */
const ANSWERED = ['NOERROR', 'NXDOMAIN'] as const;

export function evaluateDnssecName(facts: DnssecFacts): Verdict {
  const { name, answer, unchecked } = facts;
  const detail = { name, type: facts.type, answer: answer ?? null, unchecked: unchecked ?? null };
  if (facts.error !== undefined || answer === undefined) {
    return { status: 'error', reason: `could not ask the resolver about ${name}: ${facts.error ?? 'no answer'}`, facts: detail };
  }
  const answered = (ANSWERED as readonly string[]).includes(answer.rcode);
  if (answered && answer.ad) return { status: 'pass', reason: `${name} is signed and validated (AD set)`, facts: detail };
  if (answered && !answer.rrsig) return { status: 'fail', reason: `${name} is not signed (no AD flag, no RRSIG)`, facts: detail };
  if (answered) return { status: 'fail', reason: `${name} carries signatures that the resolver did not validate (no AD flag)`, facts: detail };
  if (answer.rcode === 'SERVFAIL' && unchecked !== undefined && (ANSWERED as readonly string[]).includes(unchecked.rcode)) {
    return { status: 'fail', reason: `${name} is bogus: validation failed (SERVFAIL, but answers with checking disabled)`, facts: detail };
  }
  return { status: 'error', reason: `the resolver answered ${answer.rcode} for ${name}${unchecked ? ` (with CD=1: ${unchecked.rcode})` : ''}`, facts: detail };
}

/** `mail.dnssec.mx`: every MX name must pass; no MX names → not-applicable. */
export function evaluateDnssecMx(domain: string, names: readonly DnssecFacts[]): Verdict {
  if (names.length === 0) return { status: 'not-applicable', reason: `${domain} has no MX names to judge`, facts: { mx: [] } };
  const verdicts = names.map((n) => ({ name: n.name, ...evaluateDnssecName(n) }));
  const detail = { mx: verdicts.map((v) => ({ name: v.name, status: v.status, reason: v.reason })) };
  for (const status of ['fail', 'error'] as const) {
    const bad = verdicts.filter((v) => v.status === status);
    if (bad.length > 0) return { status, reason: bad.map((v) => v.reason).join('; '), facts: detail };
  }
  return { status: 'pass', reason: `all MX names are signed and validated (${names.map((n) => n.name).join(', ')})`, facts: detail };
}
