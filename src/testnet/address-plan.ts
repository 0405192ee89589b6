/**
 * Where the sealed test network puts things, inside one /16 of 127.0.0.0/8 (`base` = its first two octets,
 * e.g. `127.42`) plus ::1. The third octet says which announced route an address sits in, so that the RPKI
 * files (rpki-files.ts) can make a route valid, invalid or unknown: 1 and 2 are web and mail servers on
 * valid routes, 3 and 5 on invalid ones, 4 and 6 on routes no ROA covers, 255 the network's own services.
 */
export type RouteState = 'valid' | 'invalid' | 'not-found';

const BLOCKS: Record<'web' | 'mail', Record<RouteState, number>> = {
  web: { valid: 1, invalid: 3, 'not-found': 4 },
  mail: { valid: 2, invalid: 5, 'not-found': 6 },
};

/** The route (third octet) blocks and what the RPKI files say of them. */
export const ROUTE_BLOCKS: readonly { octet: number; state: RouteState }[] = [
  { octet: 1, state: 'valid' }, { octet: 2, state: 'valid' }, { octet: 3, state: 'invalid' },
  { octet: 4, state: 'not-found' }, { octet: 5, state: 'invalid' }, { octet: 6, state: 'not-found' }, { octet: 255, state: 'valid' },
];

export const IPV6_HOST = '::1';
export const MAX_HOSTS = 254;

export interface AddressPlan {
  base: string;
  /** The validating resolver (port 53). */
  resolver: string;
  /** The hostile authoritative DNS server that the resolver reaches by stub zones. */
  hostileDns: string;
  /** The address the scenario zones give their name servers (IPv4). */
  nameserver: string;
  /** The address of scenario number `index` (0-based) for web or mail on a route of the given state. */
  host(kind: 'web' | 'mail', index: number, route: RouteState): string;
  /** For --allow-targets: the /16 and ::1. */
  allowTargets: string;
}

/** Validates `base` (`127.N`) and lays the plan out. */
export function addressPlan(base: string): AddressPlan {
  const match = /^127\.(\d{1,3})$/.exec(base);
  const second = match ? Number(match[1]) : NaN;
  if (!(second >= 0 && second <= 255)) throw new Error(`the test network's base must look like 127.N (N 0–255), not "${base}"`);
  return {
    base,
    resolver: `${base}.255.53`,
    hostileDns: `${base}.255.54`,
    nameserver: `${base}.255.53`,
    host(kind, index, route) {
      if (!Number.isInteger(index) || index < 0 || index >= MAX_HOSTS) throw new Error(`the test network has room for ${MAX_HOSTS} hosts per block, not ${index + 1}`);
      return `${base}.${BLOCKS[kind][route]}.${index + 1}`;
    },
    allowTargets: `${base}.0.0/16,${IPV6_HOST}/128`,
  };
}
