/**
 * Pure evaluation of `mail.spf`, `mail.spf.policy`, `mail.dmarc`, `mail.dmarc.policy` and `mail.dkim` from
 * the facts {@link gatherMailAuth} collected. A DNS failure yields `error`, never `fail`.
 */
import type { Verdict } from '../../domain/check.js';
import { MAIL_AUTH_CRITERIA, QUALIFIER_NAMES } from './criteria.js';
import { parseDmarc, type DmarcRecord } from './dmarc.js';
import { domainkeyPresence, isNoMailDomain } from './dkim.js';
import type { MailAuthFacts, TxtAnswer } from './facts.js';
import { parseSpf, type SpfQualifier, type SpfRecord } from './spf.js';

type SpfFacts = Pick<MailAuthFacts, 'domain' | 'spf' | 'spfRecords' | 'spfLookups'>;
type DmarcFacts = Pick<MailAuthFacts, 'domain' | 'dmarc' | 'dmarcRecords'>;

const failedLookup = (answer: { outcome: string }): boolean => answer.outcome === 'error' || answer.outcome === 'failure';
const unreadable = (answer: TxtAnswer, what: string): Verdict => ({
  status: 'error',
  reason: `could not read ${what} at ${answer.name} (${answer.detail})`,
  facts: { name: answer.name, outcome: answer.outcome, detail: answer.detail },
});
const strict = (list: readonly string[], value: string): boolean => list.includes(value);

/** The one valid SPF record with its lookup facts, or the verdict that says why there is none. */
function validSpf(facts: SpfFacts): { record: string; parsed: SpfRecord; detail: Record<string, unknown> } | { verdict: Verdict } {
  const { spfRecords: records, spfLookups: walk, domain } = facts;
  if (failedLookup(facts.spf)) return { verdict: unreadable(facts.spf, 'the TXT records') };
  const fail = (reason: string, extra: Record<string, unknown> = {}): { verdict: Verdict } => ({ verdict: { status: 'fail', reason, facts: { records, ...extra } } });
  const [record] = records;
  if (record === undefined) return fail(`${domain} publishes no SPF record (v=spf1)`);
  if (records.length > 1) return fail(`${domain} publishes ${records.length} SPF records; exactly one is allowed (RFC 7208 permerror)`);
  const parsed = parseSpf(record);
  if (parsed.errors.length > 0) return fail(`the SPF record "${record}" is invalid: ${parsed.errors.join('; ')}`, { errors: parsed.errors });
  const lookups = { count: walk.count, limit: MAIL_AUTH_CRITERIA.spfLookupLimit };
  const [loop] = walk.loops;
  if (loop !== undefined) return fail(`the SPF record includes itself: ${loop} appears again in its own include/redirect chain (permerror)`, { lookups, loops: walk.loops });
  if (walk.exceeded) {
    return fail(`SPF needs more than ${lookups.limit} DNS lookups (${walk.count} counted before stopping); at most ${lookups.limit} are allowed (RFC 7208 section 4.6.4)`, { lookups });
  }
  const broken = walk.unresolved.find(failedLookup);
  if (broken !== undefined) {
    return { verdict: { status: 'error', reason: `could not read the SPF record of ${broken.via} target ${broken.name} (${broken.detail})`, facts: { records, unresolved: walk.unresolved } } };
  }
  const [missing] = walk.unresolved;
  if (missing !== undefined) {
    const found = missing.records === 0 ? 'has no SPF record' : `has ${missing.records} SPF records`;
    return fail(`${missing.via} target ${missing.name} ${found} (permerror)`, { lookups, unresolved: walk.unresolved });
  }
  return { record, parsed, detail: { record, lookups, ...(walk.macros.length > 0 ? { macros: walk.macros } : {}) } };
}

/** `mail.spf`: exactly one syntactically valid SPF record within the DNS-lookup limit. */
export function evaluateSpf(facts: SpfFacts): Verdict {
  const spf = validSpf(facts);
  if ('verdict' in spf) return spf.verdict;
  return { status: 'pass', reason: `SPF record "${spf.record}" is valid (${facts.spfLookups.count} of ${MAIL_AUTH_CRITERIA.spfLookupLimit} DNS lookups)`, facts: spf.detail };
}

/** The `all` that ends evaluation: the record's own, else the one at the end of its redirect chain. */
function effectiveAll(parsed: SpfRecord, redirects: MailAuthFacts['spfLookups']['redirects']): SpfQualifier | { unfollowed: string } | undefined {
  let current = parsed;
  for (const step of [undefined, ...redirects]) {
    if (step !== undefined) current = parseSpf(step.record ?? '');
    if (current.all !== undefined || current.redirect === undefined) return current.all;
  }
  return { unfollowed: current.redirect ?? '' }; // a macro in the redirect target: it depends on the message
}

/** `mail.spf.policy`: the effective `all` must be `-all` or `~all` (FACTS.md; see criteria.ts). */
export function evaluateSpfPolicy(facts: SpfFacts): Verdict {
  const spf = validSpf(facts);
  if ('verdict' in spf) {
    const { status, reason, facts: detail } = spf.verdict;
    return status === 'fail' ? { status, reason: `no valid SPF record, so no SPF policy: ${reason}`, facts: detail } : spf.verdict;
  }
  const all = effectiveAll(spf.parsed, facts.spfLookups.redirects);
  const via = facts.spfLookups.redirects.length > 0 ? ` (via redirect to ${facts.spfLookups.redirects.map((r) => r.name).join(' → ')})` : '';
  if (typeof all === 'object') {
    return { status: 'error', reason: `the SPF policy ends in redirect=${all.unfollowed}, whose macros cannot be expanded without a message`, facts: spf.detail };
  }
  const detail = { ...spf.detail, all: all ?? null };
  if (all === undefined) {
    return { status: 'fail', reason: `SPF has no all mechanism${via}, so it ends in ?all (neutral); -all or ~all is required`, facts: detail };
  }
  const words = `${all}all (${QUALIFIER_NAMES[all]})${via}`;
  if (strict(MAIL_AUTH_CRITERIA.spfStrictQualifiers, all)) return { status: 'pass', reason: `SPF ends in ${words}`, facts: detail };
  return { status: 'fail', reason: `SPF ends in ${words}; -all or ~all is required`, facts: detail };
}

/** The one valid DMARC record, or the verdict that says why there is none. */
function validDmarc(facts: DmarcFacts): { record: string; parsed: DmarcRecord } | { verdict: Verdict } {
  const { dmarcRecords: records, dmarc } = facts;
  if (failedLookup(dmarc)) return { verdict: unreadable(dmarc, 'the DMARC record') };
  const fail = (reason: string, extra: Record<string, unknown> = {}): { verdict: Verdict } => ({ verdict: { status: 'fail', reason, facts: { records, ...extra } } });
  const [record] = records;
  if (record === undefined) return fail(`${dmarc.name} holds no DMARC record (v=DMARC1)`);
  if (records.length > 1) return fail(`${dmarc.name} holds ${records.length} DMARC records; exactly one is allowed (RFC 7489 section 6.6.3)`);
  const parsed = parseDmarc(record);
  if (parsed.errors.length > 0) return fail(`the DMARC record "${record}" is invalid: ${parsed.errors.join('; ')}`, { errors: parsed.errors });
  return { record, parsed };
}

const dmarcDetail = (record: string, parsed: DmarcRecord) => ({ record, p: parsed.policy, sp: parsed.subdomainPolicy, pct: parsed.pct, rua: parsed.rua });

/** `mail.dmarc`: exactly one valid DMARC record at `_dmarc.DOMAIN` (no organisational-domain fallback). */
export function evaluateDmarc(facts: DmarcFacts): Verdict {
  const dmarc = validDmarc(facts);
  if ('verdict' in dmarc) return dmarc.verdict;
  return { status: 'pass', reason: `DMARC record "${dmarc.record}" is valid (p=${dmarc.parsed.policy ?? '?'})`, facts: dmarcDetail(dmarc.record, dmarc.parsed) };
}

/** `mail.dmarc.policy`: `p` (and `sp` when present) quarantine or reject, on all mail (pct 100). */
export function evaluateDmarcPolicy(facts: DmarcFacts): Verdict {
  const dmarc = validDmarc(facts);
  if ('verdict' in dmarc) {
    const { status, reason, facts: detail } = dmarc.verdict;
    return status === 'fail' ? { status, reason: `no valid DMARC record, so no DMARC policy: ${reason}`, facts: detail } : dmarc.verdict;
  }
  const { policy = 'none', subdomainPolicy, pct } = dmarc.parsed;
  const detail = dmarcDetail(dmarc.record, dmarc.parsed);
  const fail = (reason: string): Verdict => ({ status: 'fail', reason, facts: detail });
  const policies = MAIL_AUTH_CRITERIA.dmarcStrictPolicies;
  if (!strict(policies, policy)) return fail(`DMARC policy is p=${policy} (monitoring only); p=quarantine or p=reject is required`);
  if (subdomainPolicy !== undefined && !strict(policies, subdomainPolicy)) {
    return fail(`DMARC subdomain policy is sp=${subdomainPolicy}; sp=quarantine or sp=reject (or no sp) is required`);
  }
  if (pct !== MAIL_AUTH_CRITERIA.dmarcRequiredPct) return fail(`DMARC p=${policy} applies to only pct=${pct} of mail; pct=100 (or no pct) is required`);
  return { status: 'pass', reason: `DMARC policy is p=${policy}${subdomainPolicy === undefined ? '' : `, sp=${subdomainPolicy}`}`, facts: detail };
}

/** `mail.dkim`: `_domainkey.DOMAIN` exists; not-applicable for a domain that sends no mail (see dkim.ts). */
export function evaluateDkim(facts: Pick<MailAuthFacts, 'domain' | 'domainkey' | 'mx' | 'spfRecords' | 'dmarcRecords'>): Verdict {
  const noMail = isNoMailDomain(facts);
  const { domainkey } = facts;
  const detail = { name: domainkey.name, outcome: domainkey.outcome, noMail: noMail.noMail };
  if (noMail.noMail) return { status: 'not-applicable', reason: `DKIM does not apply: ${noMail.why}`, facts: detail };
  const presence = domainkeyPresence(domainkey.outcome);
  if (presence === 'unknown') return unreadable(domainkey, 'the DKIM node');
  if (presence === 'present') {
    return { status: 'pass', reason: `${domainkey.name} exists (${domainkey.detail}), so the domain publishes DKIM keys under its selectors`, facts: detail };
  }
  if (failedLookup(facts.mx)) {
    return { status: 'error', reason: `${domainkey.name} does not exist, and the MX of ${facts.domain} could not be read to tell whether it takes mail (${facts.mx.detail})`, facts: detail };
  }
  return { status: 'fail', reason: `${domainkey.name} does not exist (NXDOMAIN): the domain publishes no DKIM keys`, facts: detail };
}
