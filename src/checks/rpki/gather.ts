/**
 * Gathers the addresses RPKI is judged on, per role, from Thorbecke's DNS client (share the per-domain
 * cache): the web name's A and AAAA, the name servers' (NS → A/AAAA) and the MX hosts' (MX → A/AAAA).
 * DNS failures become facts (`outcome: 'error'` or `'failure'`), never exceptions; A and AAAA keep their
 * own outcome, so that one family's failure is seen even when the other answers.
 */
import type { DnsClient } from '../dns/client.js';
import { lookup, mx, ns, type LookupOutcome } from '../dns/lookup.js';
import { messageOf } from '../../domain/errors.js';

export type RpkiRole = 'web' | 'nameserver' | 'mx';
export type RpkiOutcome = LookupOutcome | 'error';

/** How one address family's lookup went. */
export interface FamilyLookup {
  outcome: RpkiOutcome;
  /** The rcode, or the error message. */
  detail: string;
}

export type AddressType = 'A' | 'AAAA';

export interface HostAddresses {
  name: string;
  role: RpkiRole;
  /** `records` when A or AAAA gave addresses; else the worse of the two outcomes. */
  outcome: RpkiOutcome;
  /** The rcode, or the error message. */
  detail: string;
  addresses: string[];
  /** Each family on its own: a failed AAAA lookup must not hide behind an A answer (and the reverse). */
  lookups: Record<AddressType, FamilyLookup>;
}

export interface HostList {
  name: string;
  outcome: RpkiOutcome;
  detail: string;
  hosts: HostAddresses[];
}

export interface RpkiFacts {
  domain: string;
  /** Present when the web set is checked. */
  web?: HostAddresses;
  nameservers: HostList;
  /** Present when the mail set is checked. */
  mx?: HostList & { nullMx: boolean };
}

/** One family's addresses; a DNS error (timeout, network) becomes the `error` outcome. */
async function family(dns: DnsClient, name: string, type: AddressType): Promise<FamilyLookup & { addresses: string[] }> {
  try {
    const { outcome, rcode, records } = await lookup(dns, name, type);
    return { outcome, detail: rcode, addresses: records.flatMap((record) => ('data' in record && typeof record.data === 'string' ? [record.data] : [])) };
  } catch (error) {
    return { outcome: 'error', detail: messageOf(error), addresses: [] };
  }
}

const SEVERITY: Record<RpkiOutcome, number> = { error: 4, failure: 3, nxdomain: 2, nodata: 1, records: 0 };

async function hostAddresses(dns: DnsClient, name: string, role: RpkiRole): Promise<HostAddresses> {
  const [a, aaaa] = await Promise.all([family(dns, name, 'A'), family(dns, name, 'AAAA')]);
  const found = [...a.addresses, ...aaaa.addresses];
  const worse = SEVERITY[aaaa.outcome] > SEVERITY[a.outcome] ? aaaa : a;
  return {
    name, role, outcome: found.length > 0 ? 'records' : worse.outcome, detail: worse.detail, addresses: found,
    lookups: { A: { outcome: a.outcome, detail: a.detail }, AAAA: { outcome: aaaa.outcome, detail: aaaa.detail } },
  };
}

async function hostList(name: string, role: RpkiRole, dns: DnsClient, list: () => Promise<{ outcome: LookupOutcome; rcode: string; names: string[] }>): Promise<HostList> {
  try {
    const { outcome, rcode, names } = await list();
    return { name, outcome, detail: rcode, hosts: await Promise.all(names.map((host) => hostAddresses(dns, host, role))) };
  } catch (error) {
    return { name, outcome: 'error', detail: messageOf(error), hosts: [] };
  }
}

export async function gatherRpki(domain: string, dns: DnsClient, families: { web: boolean; mail: boolean }): Promise<RpkiFacts> {
  const name = domain.toLowerCase().replace(/\.$/, '');
  let nullMx = false;
  const [web, nameservers, mxHosts] = await Promise.all([
    families.web ? hostAddresses(dns, name, 'web') : undefined,
    hostList(name, 'nameserver', dns, async () => {
      const answer = await ns(dns, name);
      return { ...answer, names: answer.hosts };
    }),
    families.mail
      ? hostList(name, 'mx', dns, async () => {
          const answer = await mx(dns, name);
          nullMx = answer.nullMx;
          return { ...answer, names: answer.nullMx ? [] : answer.hosts.map((host) => host.exchange) };
        })
      : undefined,
  ]);
  return { domain: name, ...(web ? { web } : {}), nameservers, ...(mxHosts ? { mx: { ...mxHosts, nullMx } } : {}) };
}
