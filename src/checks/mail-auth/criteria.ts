/**
 * The norms the mail-authentication checks apply, as data. Source: FACTS.md (Forum Standaardisatie,
 * "streefbeeldafspraken" end 2019): SPF strict is `~all` or `-all`, DMARC strict is `p=quarantine` or
 * `p=reject`. Like internet.nl we count `~all` (softfail) as sufficient, as FACTS.md states; `?all`, `+all`
 * and a record without `all` (and without `redirect=`) are insufficient.
 */
export const MAIL_AUTH_CRITERIA = {
  /** Qualifiers of the effective `all` that make an SPF policy strict. */
  spfStrictQualifiers: ['-', '~'],
  /** RFC 7208 section 4.6.4: at most 10 terms that cause DNS lookups, counted over includes and redirects. */
  spfLookupLimit: 10,
  /** How deep gathering follows include/redirect chains before it gives up. */
  spfMaxDepth: 10,
  /** DMARC policies that are strict. */
  dmarcStrictPolicies: ['quarantine', 'reject'],
  /** A strict DMARC policy must apply to all mail: `pct` absent or 100. */
  dmarcRequiredPct: 100,
  /** FACTS.md "no mail" setup: this exact SPF record plus DMARC `p=reject` (or a null MX). */
  noMailSpf: 'v=spf1 -all',
  noMailDmarcPolicy: 'reject',
} as const;

/** Plain words for SPF qualifiers in reason lines. */
export const QUALIFIER_NAMES = { '+': 'pass', '-': 'fail', '~': 'softfail', '?': 'neutral' } as const;
