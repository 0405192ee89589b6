/**
 * Route origin validation (RFC 6811) of the route that carries one address: the route is the most
 * specific prefix of the origin table containing the address; the covering ROAs are those whose prefix
 * contains the route's. None: `not-found`. A covering ROA whose AS is an origin of the route (never AS0,
 * never an AS set, RFC 6811 §2) and whose maxLength admits the route's length: `valid`. Else `invalid`.
 */
import type { RpkiData } from './data.js';
import type { Origin } from './origins.js';
import { parseAddress, type IpAddress, type Prefix } from './prefix.js';
import type { Roa } from './roas.js';

export type OriginValidity = 'valid' | 'invalid' | 'not-found';
/** `error`: the address could not be judged (not an address, no route). */
export type AddressValidity = OriginValidity | 'error';

/** A covering ROA and why it does or does not authorise the route (`null`: it does). */
export interface RoaFact {
  asn: number;
  prefix: string;
  maxLength: number;
  ta?: string;
  problem: string | null;
}

export interface AddressValidation {
  address: string;
  /** The route (most specific prefix in the origin table), or null when there is none. */
  route: string | null;
  /** e.g. `AS64500`, `AS-set {AS64500,AS64501}`. */
  origins: string[];
  state: AddressValidity;
  roas: RoaFact[];
  /** One line naming the address. */
  reason: string;
}

export const originText = (origin: Origin): string => ('asn' in origin ? `AS${origin.asn}` : `AS-set {${origin.asSet.map((asn) => `AS${asn}`).join(',')}}`);
const roaText = (roa: RoaFact): string => `ROA ${roa.prefix} AS${roa.asn} maxLength ${roa.maxLength}`;

/** Why `roa` does not authorise a route of `length` bits from `origins`, or null when it does. */
export function roaProblem(roa: Roa, length: number, origins: readonly Origin[]): string | null {
  const problems: string[] = [];
  const asns = origins.flatMap((origin) => ('asn' in origin ? [origin.asn] : []));
  if (roa.asn === 0) problems.push('AS0: the prefix must not be routed');
  else if (!asns.includes(roa.asn)) problems.push(`wrong AS (the route is originated by ${origins.map(originText).join(', ')})`);
  if (length > roa.maxLength) problems.push(`too specific: the route is /${length}, the ROA allows up to /${roa.maxLength}`);
  return problems.length === 0 ? null : problems.join(' and ');
}

/** RFC 6811 for one route prefix and its origins against the covering ROAs. */
export function validateOrigin(route: Prefix, origins: readonly Origin[], covering: readonly Roa[]): { state: OriginValidity; roas: RoaFact[] } {
  const roas = covering.map((roa) => ({
    asn: roa.asn, prefix: roa.prefix.text, maxLength: roa.maxLength, ...(roa.ta === undefined ? {} : { ta: roa.ta }), problem: roaProblem(roa, route.length, origins),
  }));
  const state: OriginValidity = roas.length === 0 ? 'not-found' : roas.some((roa) => roa.problem === null) ? 'valid' : 'invalid';
  return { state, roas };
}

/** Looks up the route of `address` and validates it. */
export function validateAddress(data: RpkiData, address: string): AddressValidation {
  let ip: IpAddress;
  try {
    ip = parseAddress(address);
  } catch (error) {
    return { address, route: null, origins: [], state: 'error', roas: [], reason: error instanceof Error ? error.message : String(error) };
  }
  const route = data.route(ip);
  if (route === undefined) return { address, route: null, origins: [], state: 'error', roas: [], reason: `no route for ${address} in the origin table, cannot judge` };
  const { state, roas } = validateOrigin(route.prefix, route.origins, data.covering(route.prefix));
  const origins = route.origins.map(originText);
  const of = `route ${route.prefix.text} of ${origins.join(', ')} (address ${address})`;
  const reasons: Record<OriginValidity, () => string> = {
    'not-found': () => `no ROA covers ${of}`,
    valid: () => `${of} is valid (${roas.filter((roa) => roa.problem === null).map(roaText).join(', ')})`,
    invalid: () => `${of} is invalid: ${roas.map((roa) => `${roaText(roa)}: ${roa.problem ?? ''}`).join('; ')}`,
  };
  return { address, route: route.prefix.text, origins, state, roas, reason: reasons[state]() };
}
