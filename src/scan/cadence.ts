/**
 * Cadences: how often each check family is measured (THORBECKE_SCAN_CADENCE), and when in its period a
 * domain's turn comes. Each domain has a fixed offset inside the period (from a hash of its name), so a
 * round of 20,000 domains is spread over the day or week instead of starting all at once. Pure.
 */
import { createHash } from 'node:crypto';
import ms from 'ms';
import { CHECK_FAMILIES, type CheckFamily } from '../domain/check.js';
import { InputError } from '../domain/errors.js';

export interface Cadence {
  /** The families joined by `+` in catalogue order, e.g. `dns+ipv6+web`: the key of the schedule. */
  name: string;
  families: CheckFamily[];
  periodMs: number;
}

const MIN_PERIOD_MS = 60_000;

/**
 * Parses `dns,ipv6,web=1d; tls,cert,mail=7d`: groups of families with a period (`ms` notation), separated by
 * `;`. Each family at most once; families not listed are not scheduled (a requested scan still checks them).
 */
export function parseCadences(text: string): Cadence[] {
  const seen = new Set<CheckFamily>();
  const groups = text.split(';').map((g) => g.trim()).filter((g) => g !== '');
  if (groups.length === 0) throw new InputError('THORBECKE_SCAN_CADENCE is empty: give groups such as "dns,web=1d; tls,mail=7d"');
  return groups.map((group) => {
    const [list, period, extra] = group.split('=').map((p) => p.trim());
    if (list === undefined || period === undefined || extra !== undefined || list === '' || period === '') {
      throw new InputError(`THORBECKE_SCAN_CADENCE: "${group}" is not of the form "family,family=period" (e.g. "dns,web=1d")`);
    }
    const periodMs = ms(period as ms.StringValue) as number | undefined;
    if (typeof periodMs !== 'number' || !Number.isFinite(periodMs) || periodMs < MIN_PERIOD_MS) {
      throw new InputError(`THORBECKE_SCAN_CADENCE: "${period}" is not a period of at least a minute (e.g. 30m, 1d, 7d)`);
    }
    const named = list.split(',').map((f) => f.trim()).filter((f) => f !== '');
    if (named.length === 0) throw new InputError(`THORBECKE_SCAN_CADENCE: "${group}" names no check family (e.g. "dns,web=1d")`);
    for (const family of named) {
      if (!(CHECK_FAMILIES as readonly string[]).includes(family)) {
        throw new InputError(`THORBECKE_SCAN_CADENCE: unknown check family "${family}"; known: ${CHECK_FAMILIES.join(', ')}`);
      }
      if (seen.has(family as CheckFamily)) throw new InputError(`THORBECKE_SCAN_CADENCE: family "${family}" appears twice`);
      seen.add(family as CheckFamily);
    }
    const families = CHECK_FAMILIES.filter((f) => named.includes(f));
    return { name: families.join('+'), families, periodMs };
  });
}

/** A stable number in [0, range) for a domain and a salt. */
function spread(domain: string, salt: string, range: number): number {
  const digest = createHash('sha256').update(`${salt}\0${domain}`).digest();
  return digest.readUIntBE(0, 6) % Math.max(1, Math.floor(range));
}

/** The domain's fixed offset inside the cadence's period. */
export function offsetOf(domain: string, cadence: Cadence): number {
  return spread(domain, cadence.name, cadence.periodMs);
}

/** The first of the domain's turns strictly after `now`: offset + k · period. */
export function nextTurn(domain: string, cadence: Cadence, now: Date): Date {
  const offset = offsetOf(domain, cadence);
  const k = Math.floor((now.getTime() - offset) / cadence.periodMs) + 1;
  return new Date(k * cadence.periodMs + offset);
}

/**
 * When a domain the scheduler sees for the first time gets its first scan: soon, but spread over the first
 * `window` (at most the period), so that importing 20,000 domains does not start 20,000 scans at once.
 */
export function firstTurn(domain: string, cadence: Cadence, now: Date, windowMs: number): Date {
  return new Date(now.getTime() + spread(domain, `first:${cadence.name}`, Math.min(windowMs, cadence.periodMs)));
}
