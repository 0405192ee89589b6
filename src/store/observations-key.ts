import { createHash } from 'node:crypto';
import type { Facts } from '../domain/check.js';

/**
 * The key facts of a check result: what decides whether a new observation is a change. They are the
 * evaluator's facts without values that differ on every measurement of the same situation — when it was
 * measured, how long it took, how many handshakes the probes needed. Such keys are left out at any depth;
 * everything else counts, arrays in their order (gatherers report in a stable order).
 */
export const VOLATILE_FACT_KEYS: ReadonlySet<string> = new Set(['measuredAt', 'elapsedMs', 'durationMs', 'handshakes']);

/** The value with object keys sorted and volatile keys left out; `undefined` members are dropped as in JSON. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : canonical(item)));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([key, item]) => item !== undefined && !VOLATILE_FACT_KEYS.has(key))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, item]) => [key, canonical(item)] as const);
    return Object.fromEntries(entries);
  }
  return value;
}

/**
 * A stable hash of the key facts: hex sha256 of their canonical JSON. Equal for facts that differ only in
 * key order or volatile values.
 *
 * @example keyFactsHash({ b: 1, a: [2], elapsedMs: 40 }) === keyFactsHash({ a: [2], b: 1, elapsedMs: 7 })
 */
export function keyFactsHash(facts: Facts): string {
  return createHash('sha256').update(JSON.stringify(canonical(facts))).digest('hex');
}
