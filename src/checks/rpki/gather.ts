/**
 * Gathers the addresses RPKI is judged on, per role, from Thorbecke's DNS client (share the per-domain
 * cache): the web name's A and AAAA, the name servers' (NS → A/AAAA) and the MX hosts' (MX → A/AAAA).
 * DNS failures become facts (`outcome: 'error'` or `'failure'`), never exceptions.
 */
import type { DnsClient } from '../dns/client.js';
import { addresses, mx, ns, type LookupOutcome } from '../dns/lookup.js';

export type RpkiRole = 'web' | 'nameserver' | 'mx';
export type RpkiOutcome = LookupOutcome | 'error';

export interface HostAddresses {
  name: string;
  role: RpkiRole;
  /** `records` when A or AAAA gave addresses; else the worse of the two outcomes. */
  outcome: RpkiOutcome;
  /** The rcode, or the error message. */
  detail: string;
  addresses: string[];
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

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function hostAddresses(dns: DnsClient, name: string, role: RpkiRole): Promise<HostAddresses> {
  try {
    const { ipv4, ipv6 } = await addresses(dns, name);
    const found = [...ipv4.addresses, ...ipv6.addresses];
    const worse = [ipv4, ipv6].find((facts) => facts.outcome === 'failure') ?? ipv4;
    return { name, role, outcome: found.length > 0 ? 'records' : worse.outcome, detail: worse.rcode, addresses: found };
  } catch (error) {
    return { name, role, outcome: 'error', detail: message(error), addresses: [] };
  }
}

async function hostList(name: string, role: RpkiRole, dns: DnsClient, list: () => Promise<{ outcome: LookupOutcome; rcode: string; names: string[] }>): Promise<HostList> {
  try {
    const { outcome, rcode, names } = await list();
    return { name, outcome, detail: rcode, hosts: await Promise.all(names.map((host) => hostAddresses(dns, host, role))) };
  } catch (error) {
    return { name, outcome: 'error', detail: message(error), hosts: [] };
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
