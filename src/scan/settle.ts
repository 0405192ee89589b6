/**
 * Turns one gather-and-evaluate step into exactly one result per check id: a throwing gather, a missing
 * verdict or the per-domain deadline all become `error` with the reason, never a crash.
 */
import type { CheckResult, Verdict } from '../domain/check.js';
import { messageOf } from '../domain/errors.js';

export type Verdicts = Record<string, Verdict>;

/** A promise that rejects once `ms` have passed, and a way to stop its timer. */
export function deadline(ms: number): { expired: Promise<never>; clear: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`the per-domain time budget of ${ms} ms ran out`));
    }, ms);
  });
  expired.catch(() => undefined); // observed by the races; never an unhandled rejection
  return {
    expired,
    clear: () => {
      clearTimeout(timer);
    },
  };
}

/** Runs `work` against the deadline; every id in `ids` gets one result. */
export async function settle(ids: readonly string[], work: () => Promise<Verdicts>, expired: Promise<never>): Promise<CheckResult[]> {
  let verdicts: Verdicts;
  try {
    verdicts = await Promise.race([work(), expired]);
  } catch (error) {
    const reason = `could not measure: ${messageOf(error)}`;
    return ids.map((id) => ({ id, status: 'error', reason, facts: {} }));
  }
  return ids.map((id) => {
    const verdict = verdicts[id];
    return verdict ? { id, ...verdict } : { id, status: 'error', reason: 'not measured', facts: {} };
  });
}

/**
 * Runs `step` only when one of its check ids is wanted (a scan of some check families); else no results.
 * checkDomain keeps only the wanted ids of what a step returns.
 */
export function when(wanted: (id: string) => boolean, ids: readonly string[], step: () => Promise<CheckResult[]>): Promise<CheckResult[]> {
  return ids.some(wanted) ? step() : Promise.resolve([]);
}

/** `error` for every id, with one reason (e.g. data the scanner does not have). */
export function unmeasurable(ids: readonly string[], reason: string): CheckResult[] {
  return ids.map((id) => ({ id, status: 'error', reason, facts: {} }));
}
