import type { CheckStatus } from '../domain/check.js';
import type { DefiniteStatus } from './schema.js';

/**
 * What one check result does to the stored intervals of its domain and check: the pure half of
 * recordReport (observations.ts). The model:
 *
 * - Each domain and check has at most one `current` interval (the latest accepted result) and at most one
 *   `pending` one. The same status and key facts as the current interval only move its `last_seen`.
 * - The **known status** is the last definite status (pass, warning, fail, not-applicable). `error` and
 *   `blocked` are recorded as what they are — they become the current interval, so the page shows them —
 *   but they carry the known status over unchanged and never need confirmation: could not measure is
 *   never a fail.
 * - A definite result that would move the known status across the set verdict — to `fail` from a passing
 *   status, or from `fail` to a passing one (warning and not-applicable count as passing, sets.ts) — is
 *   stored as `pending`. A later result with the same status measured at least `confirmDelayMs` after the
 *   pending one was first seen confirms it: the pending row becomes the current interval from the time it
 *   was first seen. Any other definite result drops it (state `dropped`); error and blocked leave it be.
 * - pass ↔ warning and a change of key facts with the same status open a new interval at once.
 * - A result measured at or before the latest time already recorded for its domain and check is a
 *   re-delivery (or arrived out of order) and changes nothing.
 */

/** The open rows of one domain and check, as stored. */
export interface OpenInterval {
  id: number;
  status: CheckStatus;
  knownStatus: DefiniteStatus | null;
  keyFactsHash: string;
  firstSeen: Date;
  lastSeen: Date;
}

/** One check result to record. */
export interface Observed {
  status: CheckStatus;
  keyFactsHash: string;
  at: Date;
}

export type Decision =
  | { outcome: 'unchanged' }
  /** The current interval's last_seen moves; a pending row the result disagrees with is dropped. */
  | { outcome: 'extended'; extend: number; drop: number | null }
  /** A new current interval; the old one is closed. */
  | { outcome: 'opened'; close: number | null; drop: number | null; knownStatus: DefiniteStatus | null }
  /** A new pending row (`update` null) or the existing one seen again before the delay is over. */
  | { outcome: 'pending'; update: number | null; drop: number | null; since: Date }
  /** The pending row becomes the current interval. */
  | { outcome: 'confirmed'; close: number | null; promote: number };

export function isDefinite(status: CheckStatus): status is DefiniteStatus {
  return status !== 'error' && status !== 'blocked';
}

/** Whether moving the known status to `status` changes the verdict and so needs a re-check. */
export function needsConfirmation(known: DefiniteStatus | null, status: CheckStatus): boolean {
  return known !== null && isDefinite(status) && (known === 'fail') !== (status === 'fail');
}

export function decide(
  current: OpenInterval | undefined,
  pending: OpenInterval | undefined,
  result: Observed,
  confirmDelayMs: number,
): Decision {
  const latest = Math.max(current?.lastSeen.getTime() ?? -Infinity, pending?.lastSeen.getTime() ?? -Infinity);
  if (result.at.getTime() <= latest) return { outcome: 'unchanged' };
  const definite = isDefinite(result.status);
  if (current && current.status === result.status && current.keyFactsHash === result.keyFactsHash) {
    return { outcome: 'extended', extend: current.id, drop: pending && definite ? pending.id : null };
  }
  if (pending && pending.status === result.status) {
    return result.at.getTime() - pending.firstSeen.getTime() >= confirmDelayMs
      ? { outcome: 'confirmed', close: current?.id ?? null, promote: pending.id }
      : { outcome: 'pending', update: pending.id, drop: null, since: pending.firstSeen };
  }
  const drop = pending && definite ? pending.id : null;
  const known = current?.knownStatus ?? null;
  if (needsConfirmation(known, result.status)) return { outcome: 'pending', update: null, drop, since: result.at };
  return { outcome: 'opened', close: current?.id ?? null, drop, knownStatus: isDefinite(result.status) ? result.status : known };
}
