/**
 * Pure evaluation of `web.rpki` (the web server's and the name servers' addresses) and `mail.rpki` (every
 * MX host's and the name servers' addresses) from gathered addresses and route origin validation over the
 * loaded data. Criteria as data: the first address state present, in {@link RPKI_CRITERIA} order, decides.
 */
import type { CheckStatus, Verdict } from '../../domain/check.js';
import type { RpkiData } from './data.js';
import type { AddressType, HostAddresses, HostList, RpkiFacts, RpkiRole } from './gather.js';
import { validateAddress, type AddressValidation, type AddressValidity } from './validate.js';

/**
 * Any invalid route fails; then any route without a ROA fails; then an address that could not be judged
 * (including an address family whose lookup failed) is an error; else pass.
 */
export const RPKI_CRITERIA: { decisive: readonly { state: AddressValidity; status: CheckStatus }[] } = {
  decisive: [
    { state: 'invalid', status: 'fail' },
    { state: 'not-found', status: 'fail' },
    { state: 'error', status: 'error' },
  ],
};

/** The facts per address (address null: a host or list that gave no address to judge). */
export interface RpkiAddressFact extends Omit<AddressValidation, 'address'> {
  address: string | null;
  role: RpkiRole;
  host: string;
}

const failed = (answer: { outcome: string }): boolean => answer.outcome === 'error' || answer.outcome === 'failure';
const unjudged = (role: RpkiRole, host: string, reason: string): RpkiAddressFact => ({ address: null, role, host, route: null, origins: [], byOrigin: [], state: 'error', roas: [], reason });
const FAMILY: Record<AddressType, string> = { A: 'IPv4', AAAA: 'IPv6' };
/** The families whose lookup failed (SERVFAIL, timeout; not NODATA or NXDOMAIN). */
const failedTypes = (host: HostAddresses): AddressType[] => (['A', 'AAAA'] as const).filter((type) => failed(host.lookups[type]));

function noAddress(host: HostAddresses): string {
  const types = failedTypes(host);
  if (types.length === 2 && host.lookups.A.detail === host.lookups.AAAA.detail) return `could not read the A and AAAA records of ${host.name} (${host.detail})`;
  if (types.length > 0) return types.map((type) => `could not read the ${type} records of ${host.name} (${host.lookups[type].detail})`).join(', ');
  return failed(host) ? `could not read the A and AAAA records of ${host.name} (${host.detail})` : `${host.name} has no A or AAAA record`;
}

/** Each address validated, and an `error` fact for each family whose lookup failed: its addresses were never judged. */
function hostFacts(host: HostAddresses, data: RpkiData): RpkiAddressFact[] {
  if (host.addresses.length === 0) return [unjudged(host.role, host.name, noAddress(host))];
  const judged = host.addresses.map((address) => ({ ...validateAddress(data, address), role: host.role, host: host.name }));
  const unread = failedTypes(host).map((type) =>
    unjudged(host.role, host.name, `could not read the ${type} records of ${host.name} (${host.lookups[type].detail}): its ${FAMILY[type]} addresses cannot be judged`),
  );
  return [...judged, ...unread];
}

function nameserverFacts(list: HostList, data: RpkiData): RpkiAddressFact[] {
  if (failed(list)) return [unjudged('nameserver', list.name, `could not read the NS records of ${list.name} (${list.detail})`)];
  if (list.hosts.length === 0) return [unjudged('nameserver', list.name, `${list.name} has no NS records (${list.detail})`)];
  return list.hosts.flatMap((host) => hostFacts(host, data));
}

function judge(items: readonly RpkiAddressFact[]): Verdict {
  const facts = { addresses: items };
  for (const { state, status } of RPKI_CRITERIA.decisive) {
    const bad = items.filter((item) => item.state === state);
    if (bad.length > 0) return { status, reason: bad.map((item) => `${item.role} ${item.host}: ${item.reason}`).join('; '), facts };
  }
  const named = items.map((item) => `${item.address ?? ''} (${item.role} ${item.host})`).join(', ');
  return { status: 'pass', reason: `every address has a route with a valid origin: ${named}`, facts };
}

/** `web.rpki`. */
export function evaluateWebRpki(facts: RpkiFacts, data: RpkiData): Verdict {
  const { web } = facts;
  if (web === undefined) return { status: 'error', reason: 'the web addresses were not gathered', facts: {} };
  if (web.addresses.length === 0) return { status: 'error', reason: noAddress(web), facts: { addresses: [] } };
  return judge([...hostFacts(web, data), ...nameserverFacts(facts.nameservers, data)]);
}

/** `mail.rpki`; a null MX or no MX: not-applicable. */
export function evaluateMailRpki(facts: RpkiFacts, data: RpkiData): Verdict {
  const { mx } = facts;
  if (mx === undefined) return { status: 'error', reason: 'the MX hosts were not gathered', facts: {} };
  if (failed(mx)) return { status: 'error', reason: `could not read the MX records of ${mx.name} (${mx.detail})`, facts: { addresses: [] } };
  if (mx.nullMx) return { status: 'not-applicable', reason: `${mx.name} has a null MX: it accepts no mail`, facts: { addresses: [] } };
  if (mx.hosts.length === 0) return { status: 'not-applicable', reason: `${mx.name} has no MX records`, facts: { addresses: [] } };
  return judge([...mx.hosts.flatMap((host) => hostFacts(host, data)), ...nameserverFacts(facts.nameservers, data)]);
}
