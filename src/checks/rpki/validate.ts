/**
 * Route origin validation (RFC 6811) of the route that carries one address: the route is the most
 * specific prefix of the origin table containing the address; the covering ROAs are those whose prefix
 * contains the route's. None: `not-found`. Each origin of the route is judged on its own: a covering ROA
 * whose AS is that origin (never AS0, never an AS set, RFC 6811 §2) and whose maxLength admits the route's
 * length makes it `valid`, else it is `invalid`. The route is `valid` only when every origin is.
 */
import type { RpkiData } from './data.js';
import type { Origin } from './origins.js';
import { parseAddress, type IpAddress, type Prefix } from './prefix.js';
import type { Roa } from './roas.js';
import { messageOf } from '../../domain/errors.js';

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

/** The RFC 6811 state of one (route prefix, origin) pair. */
export interface OriginFact {
  /** e.g. `AS64500`, `AS-set {AS64500,AS64501}`. */
  origin: string;
  state: OriginValidity;
}

export interface AddressValidation {
  address: string;
  /** The route (most specific prefix in the origin table), or null when there is none. */
  route: string | null;
  /** e.g. `AS64500`, `AS-set {AS64500,AS64501}`. */
  origins: string[];
  /** The state of every origin of the route on its own; the address's state is the worst of them. */
  byOrigin: OriginFact[];
  state: AddressValidity;
  /** The covering ROAs; `problem` null when the ROA authorises at least one origin of the route. */
  roas: RoaFact[];
  /** One line naming the address (and, for several origins, the origin that is not authorised). */
  reason: string;
}

export const originText = (origin: Origin): string => ('asn' in origin ? `AS${origin.asn}` : `AS-set {${origin.asSet.map((asn) => `AS${asn}`).join(',')}}`);
const roaText = (roa: RoaFact): string => `ROA ${roa.prefix} AS${roa.asn} maxLength ${roa.maxLength}`;

/** Why `roa` authorises none of `origins` for a route of `length` bits, or null when it authorises one. */
export function roaProblem(roa: Roa, length: number, origins: readonly Origin[]): string | null {
  const problems: string[] = [];
  const asns = origins.flatMap((origin) => ('asn' in origin ? [origin.asn] : []));
  if (roa.asn === 0) problems.push('AS0: the prefix must not be routed');
  else if (!asns.includes(roa.asn)) problems.push(`wrong AS (the route is originated by ${origins.map(originText).join(', ')})`);
  if (length > roa.maxLength) problems.push(`too specific: the route is /${length}, the ROA allows up to /${roa.maxLength}`);
  return problems.length === 0 ? null : problems.join(' and ');
}

/** One origin's verdict, with the covering ROAs and why each does not authorise it. */
export interface OriginResult extends OriginFact {
  roas: RoaFact[];
}

const roaFacts = (route: Prefix, origins: readonly Origin[], covering: readonly Roa[]): RoaFact[] =>
  covering.map((roa) => ({
    asn: roa.asn, prefix: roa.prefix.text, maxLength: roa.maxLength, ...(roa.ta === undefined ? {} : { ta: roa.ta }), problem: roaProblem(roa, route.length, origins),
  }));

const stateOf = (roas: readonly RoaFact[]): OriginValidity => (roas.length === 0 ? 'not-found' : roas.some((roa) => roa.problem === null) ? 'valid' : 'invalid');

/**
 * RFC 6811 for one route prefix and its origins against the covering ROAs. Each (prefix, origin) pair is
 * judged on its own (a hijacking origin of a MOAS route must not hide behind an authorised one): any
 * invalid origin makes the route `invalid`, it is `valid` only when every origin is, `not-found` when no
 * ROA covers it. `roas` tells, per covering ROA, whether it authorises any of the origins.
 */
export function validateOrigin(
  route: Prefix,
  origins: readonly Origin[],
  covering: readonly Roa[],
): { state: OriginValidity; roas: RoaFact[]; byOrigin: OriginResult[] } {
  const byOrigin = origins.map((origin) => {
    const roas = roaFacts(route, [origin], covering);
    return { origin: originText(origin), state: stateOf(roas), roas };
  });
  const states = new Set(byOrigin.map((result) => result.state));
  const state: OriginValidity = covering.length === 0 ? 'not-found' : states.has('invalid') || origins.length === 0 ? 'invalid' : 'valid';
  return { state, roas: roaFacts(route, origins, covering), byOrigin };
}

const problemList = (roas: readonly RoaFact[]): string => roas.map((roa) => `${roaText(roa)}: ${roa.problem ?? ''}`).join('; ');

/** Looks up the route of `address` and validates it. */
export function validateAddress(data: RpkiData, address: string): AddressValidation {
  let ip: IpAddress;
  try {
    ip = parseAddress(address);
  } catch (error) {
    return { address, route: null, origins: [], byOrigin: [], state: 'error', roas: [], reason: messageOf(error) };
  }
  const route = data.route(ip);
  if (route === undefined) return { address, route: null, origins: [], byOrigin: [], state: 'error', roas: [], reason: `no route for ${address} in the origin table, cannot judge` };
  const { state, roas, byOrigin } = validateOrigin(route.prefix, route.origins, data.covering(route.prefix));
  const origins = route.origins.map(originText);
  const of = `route ${route.prefix.text} of ${origins.join(', ')} (address ${address})`;
  const bad = byOrigin.filter((result) => result.state === 'invalid');
  const reasons: Record<OriginValidity, () => string> = {
    'not-found': () => `no ROA covers ${of}`,
    valid: () => `${of} is valid (${roas.filter((roa) => roa.problem === null).map(roaText).join(', ')})`,
    invalid: () =>
      byOrigin.length <= 1
        ? `${of} is invalid: ${problemList(bad[0]?.roas ?? roas)}`
        : `${of} is invalid: ${bad.map((result) => `origin ${result.origin} is not authorised (${problemList(result.roas)})`).join('; ')}`,
  };
  return { address, route: route.prefix.text, origins, byOrigin: byOrigin.map(({ origin, state: originState }) => ({ origin, state: originState })), state, roas, reason: reasons[state]() };
}
