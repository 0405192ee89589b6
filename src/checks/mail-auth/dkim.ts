/**
 * DKIM presence as internet.nl tests it, and the "no mail" decision. Selectors cannot be enumerated, so the
 * test asks for `_domainkey.DOMAIN`: NXDOMAIN proves that no key exists under any selector (RFC 8020: nothing
 * exists below a name that does not exist); NOERROR, with or without records, means the node exists.
 */
import { MAIL_AUTH_CRITERIA } from './criteria.js';
import { parseDmarc } from './dmarc.js';
import type { MailAuthFacts, QueryOutcome } from './facts.js';

export type DomainkeyPresence = 'present' | 'absent' | 'unknown';

/** `_domainkey` exists (records or NODATA), does not (NXDOMAIN), or could not be measured. */
export function domainkeyPresence(outcome: QueryOutcome): DomainkeyPresence {
  if (outcome === 'nxdomain') return 'absent';
  return outcome === 'records' || outcome === 'nodata' ? 'present' : 'unknown';
}

export interface NoMailDecision {
  noMail: boolean;
  /** Why, in plain English (also when the answer is no). */
  why: string;
}

const normalised = (record: string): string => record.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * FACTS.md: a domain that says it sends no mail — a null MX (RFC 7505), or exactly `v=spf1 -all` together
 * with DMARC `p=reject` — is not-applicable for DKIM. SPF and DMARC themselves stay required on every domain
 * (FACTS.md: "SPF, DKIM and DMARC on all domains, also those that send no mail"); indeed they are what
 * declares the domain mail-less. A domain without any MX is not "no mail" here: it may still send.
 */
export function isNoMailDomain(facts: Pick<MailAuthFacts, 'mx' | 'spfRecords' | 'dmarcRecords'>): NoMailDecision {
  if (facts.mx.nullMx) return { noMail: true, why: `${facts.mx.name} has a null MX (RFC 7505): it accepts no mail` };
  const [spf, ...moreSpf] = facts.spfRecords;
  const [dmarc, ...moreDmarc] = facts.dmarcRecords;
  const spfNoMail = spf !== undefined && moreSpf.length === 0 && normalised(spf) === MAIL_AUTH_CRITERIA.noMailSpf;
  const dmarcReject = dmarc !== undefined && moreDmarc.length === 0 && parseDmarc(dmarc).policy === MAIL_AUTH_CRITERIA.noMailDmarcPolicy;
  if (spfNoMail && dmarcReject) return { noMail: true, why: `SPF is "${MAIL_AUTH_CRITERIA.noMailSpf}" and DMARC is p=reject: the domain sends no mail` };
  return { noMail: false, why: 'the domain has no null MX and not both "v=spf1 -all" and DMARC p=reject' };
}
