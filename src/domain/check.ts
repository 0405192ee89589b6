/**
 * What a check yields: a status from a closed, ordered vocabulary, a one-line reason, and the facts that
 * justify it. `error` means Thorbecke could not measure; `blocked` means it refused or was refused (SSRF
 * guard, a target that blocks scanners). Neither is ever reported as `fail`.
 */
export const CHECK_STATUSES = ['pass', 'warning', 'fail', 'not-applicable', 'error', 'blocked'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** Check families: one folder each under src/checks. */
export const CHECK_FAMILIES = ['dns', 'ipv6', 'web', 'tls', 'cert', 'mail', 'rpki', 'security-txt', 'hosting'] as const;
export type CheckFamily = (typeof CHECK_FAMILIES)[number];

/** The check sets of the Forum Standaardisatie that decide whether a domain complies. */
export const CHECK_SETS = ['forum-web', 'forum-mail'] as const;
export type CheckSet = (typeof CHECK_SETS)[number];

/** JSON-safe facts a check gathered (DNS answers, TLS parameters, headers). */
export type Facts = Record<string, unknown>;

/** The outcome of one check on one domain. */
export interface CheckResult {
  /** A catalogue id, e.g. `web.https.hsts`. */
  id: string;
  status: CheckStatus;
  /** One line in plain English; the UI words it per language from the id, status and facts. */
  reason: string;
  facts: Facts;
}

/** Outcomes of an evaluation before the id is attached. */
export type Verdict = Omit<CheckResult, 'id'>;

/** Whether an address may be connected to, and if not, why (the SSRF guard's answer). */
export type AddressDecision = { allowed: true } | { allowed: false; reason: string };

/** Decides whether the scanner may connect to an IP address (v4 or v6, textual). */
export type AddressPolicy = (address: string) => AddressDecision;
