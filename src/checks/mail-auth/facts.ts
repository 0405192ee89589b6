/** The plain facts mail-authentication gathering hands to evaluation (JSON-safe). */
import type { LookupOutcome } from '../dns/lookup.js';

/** A lookup's outcome, or `error` when the DNS client threw (timeout, unreadable reply, no route). */
export type QueryOutcome = LookupOutcome | 'error';

/** TXT records at one name. `detail`: the rcode, or the error message. */
export interface TxtAnswer {
  name: string;
  outcome: QueryOutcome;
  detail: string;
  texts: string[];
}

/** MX of the domain; `nullMx` per RFC 7505. */
export interface MxAnswer {
  name: string;
  outcome: QueryOutcome;
  detail: string;
  hosts: string[];
  nullMx: boolean;
}

/** An include or redirect target that did not yield exactly one SPF record. */
export interface SpfUnresolved {
  name: string;
  via: 'include' | 'redirect';
  outcome: QueryOutcome;
  detail: string;
  /** SPF records found there (0 = none, more than 1 = permerror). */
  records: number;
}

/** What following the SPF tree found (RFC 7208 section 4.6.4). */
export interface SpfLookupFacts {
  /** Terms that cause DNS lookups (include, a, mx, ptr, exists, redirect), counted until the limit is passed. */
  count: number;
  exceeded: boolean;
  /** Names that appeared again on their own include/redirect path. */
  loops: string[];
  /** Targets not followed because they hold macros (`%{d}`). */
  macros: string[];
  unresolved: SpfUnresolved[];
  /** The redirect chain of the domain's own record, in order: each target and its SPF record. */
  redirects: { name: string; record?: string }[];
}

export interface MailAuthFacts {
  domain: string;
  /** The TXT answer at the domain and the `v=spf1` records among it. */
  spf: TxtAnswer;
  spfRecords: string[];
  spfLookups: SpfLookupFacts;
  /** The TXT answer at `_dmarc.DOMAIN` and the `v=DMARC1` records among it. */
  dmarc: TxtAnswer;
  dmarcRecords: string[];
  /** The outcome of asking `_domainkey.DOMAIN`: NXDOMAIN means no DKIM keys at all. */
  domainkey: TxtAnswer;
  mx: MxAnswer;
  /** Every DNS failure met, one line each. */
  errors: string[];
}
