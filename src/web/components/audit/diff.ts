/**
 * The readable difference between an audit entry's before and after: only the keys whose values
 * changed, each as `key: old → new`. A value that is not an object on both sides is one change without
 * a key. Values stay JSON; the page escapes and shortens them.
 */

/** A side on which the key does not exist (created, removed). */
export const ABSENT: unique symbol = Symbol('absent');

export interface KeyChange {
  /** The changed key, or null when the whole value changed (not an object on both sides). */
  key: string | null;
  /** The old value, or ABSENT. */
  before: unknown;
  /** The new value, or ABSENT. */
  after: unknown;
}

type Plain = Record<string, unknown>;

const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** What changed from `before` to `after` (null/undefined: did not exist), in the after side's key order. */
export function changedKeys(before: unknown, after: unknown): KeyChange[] {
  const b = before ?? null;
  const a = after ?? null;
  if ((isPlain(b) || b === null) && (isPlain(a) || a === null) && !(b === null && a === null)) {
    const keys = [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])];
    return keys.flatMap((key): KeyChange[] => {
      const old = b !== null && Object.hasOwn(b, key) ? b[key] : ABSENT;
      const now = a !== null && Object.hasOwn(a, key) ? a[key] : ABSENT;
      return old !== ABSENT && now !== ABSENT && same(old, now) ? [] : [{ key, before: old, after: now }];
    });
  }
  if (same(b, a)) return [];
  return [{ key: null, before: b === null ? ABSENT : b, after: a === null ? ABSENT : a }];
}

/** Values longer than this (as JSON) are shortened, with the whole value one click away. */
export const SHORT_VALUE = 80;

/** A value as compact JSON, and whether it had to be shortened. */
export function compactJson(value: unknown): { text: string; full: string | undefined } {
  const json = value === undefined ? 'null' : JSON.stringify(value);
  if (json.length <= SHORT_VALUE) return { text: json, full: undefined };
  return { text: `${json.slice(0, SHORT_VALUE - 1)}…`, full: JSON.stringify(value, null, 2) };
}
