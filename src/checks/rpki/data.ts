/**
 * The RPKI data of one command run: validated ROA payloads and the prefix-to-origin table, both indexed
 * by prefix for longest-match lookups. Load once ({@link loadRpkiData}) and share across domains.
 */
import { readFileSync } from 'node:fs';
import { RpkiDataError } from './errors.js';
import { parseOrigins, type Origin, type Route } from './origins.js';
import { PrefixIndex } from './prefix-index.js';
import type { IpAddress, Prefix } from './prefix.js';
import { parseRoas, type Roa } from './roas.js';

export interface RpkiData {
  /** How many ROAs and distinct routed prefixes were loaded. */
  roaCount: number;
  routeCount: number;
  /** The most specific route containing `address`, with every origin announced for that prefix. */
  route(address: IpAddress): Route | undefined;
  /** Every ROA whose prefix contains (or equals) `prefix`, most specific first. */
  covering(prefix: Prefix): Roa[];
}

const originKey = (origin: Origin): string => ('asn' in origin ? String(origin.asn) : `{${origin.asSet.join(',')}}`);

/** Indexes parsed ROAs and routes (lines for the same prefix are merged). */
export function rpkiData(roas: readonly Roa[], routes: readonly Route[]): RpkiData {
  const roaIndex = new PrefixIndex<Roa>();
  for (const roa of roas) roaIndex.add(roa.prefix, roa);
  const routeIndex = new PrefixIndex<Origin>();
  for (const route of routes) for (const origin of route.origins) routeIndex.add(route.prefix, origin);
  return {
    roaCount: roas.length,
    routeCount: routeIndex.size,
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
    throw new RpkiDataError(`cannot read the ${what} ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Reads and validates a VRP export (rpki-client or Routinator JSON) and a pfx2as origin table; throws
 * {@link RpkiDataError} with the file and the entry or line when one cannot be used or is empty.
 */
export function loadRpkiData(roaFile: string, originFile: string): RpkiData {
  const roas = parseRoas(read(roaFile, 'ROA file'), roaFile);
  if (roas.length === 0) throw new RpkiDataError(`${roaFile}: contains no ROAs`);
  const routes = parseOrigins(read(originFile, 'origin table'), originFile);
  if (routes.length === 0) throw new RpkiDataError(`${originFile}: contains no routes`);
  return rpkiData(roas, routes);
}
