import type { CheckStatus } from '../domain/check.js';
import type { DomainOutcome, SupplierRole } from '../domain/progress.js';
import { domainOutcome } from './domain-outcome.js';

/**
 * Comply or explain: what an explanation rests on, and when a new measurement takes that away.
 *
 * When a coordinator approves an explanation, the store records its *basis*: what was measured of the thing
 * it explains. Later the same reading is taken again; when the measured result changed, the explanation
 * *lapses* (it explained a situation that no longer exists) and must be proposed anew. A result that could not
 * be measured (`error`, `blocked`, no current observation, an `unknown` outcome) never lapses an explanation:
 * disappearing from the scanner must not undo anything.
 *
 * Per scope:
 * - `finding`: the status and key facts of the one check on the one domain — a changed status or changed key
 *   facts lapse it;
 * - `domain`: the status of each of the target's required checks on the domain — any changed status lapses it;
 * - `target`: the outcome (pass/fail) of each of the organisation's domains for the target — a domain that
 *   went from fail to pass or from pass to fail lapses it;
 * - `supplier`: the explained checks on every domain hosted by the supplier — when an affected domain that
 *   failed now passes them all while still hosted there, the supplier fixed it and the explanation lapses.
 */

/** One check as measured: its status, its last definite status, and the hash of its key facts. */
export interface CheckReading {
  status: CheckStatus;
  knownStatus: CheckStatus | null;
  keyFactsHash: string | null;
}

export interface FindingBasis {
  scope: 'finding';
  domain: string;
  checkId: string;
  /** Null: no current observation. */
  status: CheckStatus | null;
  keyFactsHash: string | null;
}

export interface DomainBasis {
  scope: 'domain';
  domain: string;
  /** Per required check, its status (null: not measured). */
  checks: Record<string, CheckStatus | null>;
}

export interface TargetBasis {
  scope: 'target';
  /** The target's required checks, when the outcomes were derived from them (read again from observations). */
  checks?: string[] | undefined;
  /** Per domain of the organisation in the target's scope, its outcome. */
  domains: Record<string, DomainOutcome>;
}

export interface SupplierBasis {
  scope: 'supplier';
  supplier: string;
  role: SupplierRole;
  /** The explained checks. */
  checks: string[];
  /** Per domain hosted by the supplier, the status of each explained check (null: not measured). */
  domains: Record<string, Record<string, CheckStatus | null>>;
}

/** What an explanation rests on (stored as JSON in explanation.basis); a reading taken now has the same shape. */
export type ExplanationBasis = FindingBasis | DomainBasis | TargetBasis | SupplierBasis;

const UNMEASURED: ReadonlySet<CheckStatus> = new Set(['error', 'blocked']);
const PASSING: ReadonlySet<CheckStatus> = new Set(['pass', 'warning']);

/** A status that says something about the domain, or null (`error`, `blocked`, nothing measured). */
function definite(status: CheckStatus | null | undefined): CheckStatus | null {
  return status === null || status === undefined || UNMEASURED.has(status) ? null : status;
}

/**
 * The status to record in a basis: the current one, or — while the check cannot be measured — the last
 * definite one (what was known when the coordinator decided).
 */
export function recordedStatus(reading: CheckReading | undefined): CheckStatus | null {
  if (reading === undefined) return null;
  return definite(reading.status) ?? definite(reading.knownStatus) ?? reading.status;
}

/** The basis of a finding explanation from the current reading of its check (undefined: not measured). */
export function findingBasis(domain: string, checkId: string, reading: CheckReading | undefined): FindingBasis {
  const status = recordedStatus(reading);
  const measured = reading !== undefined && definite(reading.status) !== null;
  return { scope: 'finding', domain, checkId, status, keyFactsHash: measured ? reading.keyFactsHash : null };
}

/** A finding reading taken now: the raw status (no fallback), so that an unmeasurable check reads as such. */
export function findingNow(domain: string, checkId: string, reading: CheckReading | undefined): FindingBasis {
  return { scope: 'finding', domain, checkId, status: reading?.status ?? null, keyFactsHash: reading?.keyFactsHash ?? null };
}

function statusesOf(checks: readonly string[], readings: ReadonlyMap<string, CheckReading>, pick: (r: CheckReading | undefined) => CheckStatus | null) {
  return Object.fromEntries(checks.map((id) => [id, pick(readings.get(id))]));
}

/** The basis of a domain explanation: the recorded status of each required check. */
export function domainBasis(domain: string, checks: readonly string[], readings: ReadonlyMap<string, CheckReading>): DomainBasis {
  return { scope: 'domain', domain, checks: statusesOf(checks, readings, recordedStatus) };
}

/** A domain reading taken now. */
export function domainNow(domain: string, checks: readonly string[], readings: ReadonlyMap<string, CheckReading>): DomainBasis {
  return { scope: 'domain', domain, checks: statusesOf(checks, readings, (r) => r?.status ?? null) };
}

/** The basis (or a reading now) of a target explanation: the organisation's domain outcomes for the target. */
export function targetBasis(outcomes: ReadonlyMap<string, DomainOutcome>, checks?: readonly string[]): TargetBasis {
  const domains = Object.fromEntries([...outcomes].sort(([a], [b]) => a.localeCompare(b)));
  return checks === undefined ? { scope: 'target', domains } : { scope: 'target', checks: [...checks], domains };
}

/** A target basis (or reading now) from the current readings of the required checks on each domain in scope. */
export function targetFromReadings(checks: readonly string[], domains: ReadonlyMap<string, ReadonlyMap<string, CheckReading>>): TargetBasis {
  const outcomes = new Map<string, DomainOutcome>();
  for (const [domain, readings] of domains) {
    outcomes.set(domain, domainOutcome(checks, new Map([...readings].map(([id, r]) => [id, r.status]))));
  }
  return targetBasis(outcomes, checks);
}

/** The basis of a supplier explanation: per domain hosted by the supplier, the recorded status of each explained check. */
export function supplierBasis(
  supplier: string,
  role: SupplierRole,
  checks: readonly string[],
  domains: ReadonlyMap<string, ReadonlyMap<string, CheckReading>>,
  pick: (r: CheckReading | undefined) => CheckStatus | null = recordedStatus,
): SupplierBasis {
  const entries = [...domains].sort(([a], [b]) => a.localeCompare(b)).map(([domain, readings]) => [domain, statusesOf(checks, readings, pick)] as const);
  return { scope: 'supplier', supplier, role, checks: [...checks], domains: Object.fromEntries(entries) };
}

/** A supplier reading taken now (raw statuses of the domains hosted by the supplier now). */
export function supplierNow(supplier: string, role: SupplierRole, checks: readonly string[], domains: ReadonlyMap<string, ReadonlyMap<string, CheckReading>>): SupplierBasis {
  return supplierBasis(supplier, role, checks, domains, (r) => r?.status ?? null);
}

function changedStatus(what: string, before: CheckStatus | null, now: CheckStatus | null): string | null {
  const b = definite(before);
  const n = definite(now);
  return b !== null && n !== null && b !== n ? `${what} changed from ${b} to ${n}` : null;
}

function findingLapse(basis: FindingBasis, now: FindingBasis): string | null {
  const what = `${basis.checkId} on ${basis.domain}`;
  const status = changedStatus(what, basis.status, now.status);
  if (status !== null) return status;
  if (definite(now.status) === null || basis.keyFactsHash === null || now.keyFactsHash === null) return null;
  return basis.keyFactsHash === now.keyFactsHash ? null : `the measured facts of ${what} changed (still ${String(now.status)})`;
}

function domainLapse(basis: DomainBasis, now: DomainBasis): string | null {
  for (const [checkId, before] of Object.entries(basis.checks)) {
    const changed = changedStatus(`${checkId} on ${basis.domain}`, before, now.checks[checkId] ?? null);
    if (changed !== null) return changed;
  }
  return null;
}

function targetLapse(basis: TargetBasis, now: TargetBasis): string | null {
  for (const [domain, before] of Object.entries(basis.domains)) {
    const after = now.domains[domain];
    if (before !== 'unknown' && after !== undefined && after !== 'unknown' && after !== before) {
      return `${domain} ${after === 'pass' ? 'now passes' : 'now fails'} the target (it ${before === 'pass' ? 'passed' : 'failed'})`;
    }
  }
  return null;
}

function supplierLapse(basis: SupplierBasis, now: SupplierBasis): string | null {
  for (const [domain, statuses] of Object.entries(now.domains)) {
    const before = basis.domains[domain];
    if (before === undefined) continue;
    const failedBefore = basis.checks.some((id) => before[id] === 'fail');
    const passesNow = basis.checks.every((id) => {
      const status = statuses[id];
      return status !== null && status !== undefined && PASSING.has(status);
    });
    if (failedBefore && passesNow) return `${domain}, hosted by ${basis.supplier}, now passes ${basis.checks.join(', ')}`;
  }
  return null;
}

/**
 * Why an explanation lapses: a reading taken now (of the same scope, built by the `…Now` functions or
 * {@link targetBasis}) against the basis recorded at approval. Returns one line in English saying what
 * changed, or null when the basis still holds.
 *
 * @example
 * const basis = findingBasis('a.nl', 'mail.dane', { status: 'fail', knownStatus: 'fail', keyFactsHash: 'h1' });
 * lapseReason(basis, findingNow('a.nl', 'mail.dane', { status: 'pass', knownStatus: 'pass', keyFactsHash: 'h2' }));
 * // 'mail.dane on a.nl changed from fail to pass'
 */
export function lapseReason(basis: ExplanationBasis, now: ExplanationBasis): string | null {
  if (basis.scope === 'finding' && now.scope === 'finding') return findingLapse(basis, now);
  if (basis.scope === 'domain' && now.scope === 'domain') return domainLapse(basis, now);
  if (basis.scope === 'target' && now.scope === 'target') return targetLapse(basis, now);
  if (basis.scope === 'supplier' && now.scope === 'supplier') return supplierLapse(basis, now);
  return null;
}

/** The checks a basis reads (for the store: which observations to fetch). */
export function basisChecks(basis: ExplanationBasis): string[] {
  switch (basis.scope) {
    case 'finding':
      return [basis.checkId];
    case 'domain':
      return Object.keys(basis.checks);
    case 'supplier':
      return [...basis.checks];
    case 'target':
      return [...(basis.checks ?? [])];
  }
}
