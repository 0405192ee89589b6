/**
 * The RPKI data of one command run: validated ROA payloads and the prefix-to-origin table, both indexed
 * by prefix for longest-match lookups. Load once ({@link loadRpkiData}) and share across domains.
 */
import { readFileSync } from 'node:fs';
import { RpkiDataError } from './errors.js';
import { parseOrigins, type Origin, type Route } from './origins.js';
import { PrefixIndex } from './prefix-index.js';
import type { IpAddress, Prefix } from './prefix.js';
import { parseRoas, splitExpired, type Roa } from './roas.js';
import { messageOf } from '../../domain/errors.js';

export interface RpkiData {
  /** How many ROAs and distinct routed prefixes were loaded. */
  roaCount: number;
  routeCount: number;
  /** How many VRPs of the file were dropped because their `expires` had passed (0 when built from ROAs directly). */
  expiredCount: number;
  /** The most specific route containing `address`, with every origin announced for that prefix. */
  route(address: IpAddress): Route | undefined;
  /** Every ROA whose prefix contains (or equals) `prefix`, most specific first. */
  covering(prefix: Prefix): Roa[];
}

const originKey = (origin: Origin): string => ('asn' in origin ? String(origin.asn) : `{${origin.asSet.join(',')}}`);

/** Indexes parsed ROAs and routes (lines for the same prefix are merged); `expiredCount` is only reported. */
export function rpkiData(roas: readonly Roa[], routes: readonly Route[], expiredCount = 0): RpkiData {
  const roaIndex = new PrefixIndex<Roa>();
  for (const roa of roas) roaIndex.add(roa.prefix, roa);
  const routeIndex = new PrefixIndex<Origin>();
  for (const route of routes) for (const origin of route.origins) routeIndex.add(route.prefix, origin);
  return {
    roaCount: roas.length,
    routeCount: routeIndex.size,
    expiredCount,
    route(address) {
      const entry = routeIndex.longest(address);
      if (entry === undefined) return undefined;
      const unique = new Map(entry.values.map((origin) => [originKey(origin), origin]));
      return { prefix: entry.prefix, origins: [...unique.values()] };
    },
    covering: (prefix) => roaIndex.covering(prefix).flatMap((entry) => entry.values),
  };
}

function read(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new RpkiDataError(`cannot read the ${what} ${file}: ${messageOf(error)}`);
  }
}

/**
 * Reads and validates a VRP export (rpki-client or Routinator JSON) and a pfx2as origin table; throws
 * {@link RpkiDataError} with the file and the entry or line when one cannot be used or is empty. VRPs whose
 * `expires` (Unix seconds) is not after `now` are dropped and counted ({@link RpkiData.expiredCount}): an
 * expired VRP authorises nothing. A file whose VRPs have all expired is stale, and an error.
 */
export function loadRpkiData(roaFile: string, originFile: string, now: Date = new Date()): RpkiData {
  const roas = parseRoas(read(roaFile, 'ROA file'), roaFile);
  if (roas.length === 0) throw new RpkiDataError(`${roaFile}: contains no ROAs`);
  const { current, expired } = splitExpired(roas, Math.floor(now.getTime() / 1000));
  if (current.length === 0) {
    const newest = new Date(expired.reduce((max, roa) => Math.max(max, roa.expires ?? -Infinity), -Infinity) * 1000);
    const when = Number.isNaN(newest.getTime()) ? 'an unreadable time' : newest.toISOString();
    throw new RpkiDataError(`${roaFile}: the ROA file is stale: all ${expired.length} VRPs expired, the newest at ${when}`);
  }
  const routes = parseOrigins(read(originFile, 'origin table'), originFile);
  if (routes.length === 0) throw new RpkiDataError(`${originFile}: contains no routes`);
  return rpkiData(current, routes, expired.length);
}
