/**
 * Gathers the IPv6 facts of one domain with injected lookups ({@link dnsLookups} binds them to Thorbecke's
 * DNS client): the name servers' AAAA and whether each answers DNS over IPv6; the web name's A and AAAA and
 * an HTTP(S) request per address (IPv4 baseline, every IPv6 address) to compare content; the MX hosts' AAAA
 * and their SMTP banner over IPv6. Every connection passes the address policy. DNS failures become facts.
 */
import type { AddressPolicy } from '../../domain/check.js';
import type { DnsClient } from '../dns/client.js';
import { addresses, mx, ns } from '../dns/lookup.js';
import type { AddressAnswer, Ipv6MailFacts, Ipv6NameserverFacts, Ipv6WebFacts, MxListAnswer, NameListAnswer, WebProbe } from './facts.js';
import { askNameServer, fetchOnce, smtpBanner, type WebAnswer } from './probes.js';
import { bodyHash, similarity } from './similarity.js';
import { messageOf } from '../../domain/errors.js';

export interface Ipv6Lookups {
  addresses(name: string): Promise<{ ipv4: AddressAnswer; ipv6: AddressAnswer }>;
  ns(name: string): Promise<NameListAnswer>;
  mx(name: string): Promise<MxListAnswer>;
}

export interface Ipv6GatherOptions {
  lookups: Ipv6Lookups;
  policy: AddressPolicy;
  /** Per connection or query. Default 3000 (name server queries: a third of it, at least 500). */
  timeoutMs?: number;
  userAgent: string;
  ca?: string[];
  /** Ports; the defaults (53, 25, http 80 and https 443) are for the Internet, tests pass their own. */
  dnsPort?: number;
  smtpPort?: number;
  web?: readonly { scheme: 'http' | 'https'; port: number }[];
}

const normalise = (name: string): string => name.toLowerCase().replace(/\.$/, '');

/** Binds the lookups to a DNS client (share a per-domain cache with the other checks). */
export function dnsLookups(dns: DnsClient): Ipv6Lookups {
  const failed = (name: string, error: unknown) => ({ name, outcome: 'error' as const, detail: messageOf(error) });
  return {
    async addresses(name) {
      try {
        const { ipv4, ipv6 } = await addresses(dns, name);
        const answer = (facts: typeof ipv4): AddressAnswer => ({ name, outcome: facts.outcome, detail: facts.rcode, addresses: facts.addresses });
        return { ipv4: answer(ipv4), ipv6: answer(ipv6) };
      } catch (error) {
        return { ipv4: { ...failed(name, error), addresses: [] }, ipv6: { ...failed(name, error), addresses: [] } };
      }
    },
    async ns(name) {
      try {
        const { outcome, rcode, hosts } = await ns(dns, name);
        return { name, outcome, detail: rcode, hosts };
      } catch (error) {
        return { ...failed(name, error), hosts: [] };
      }
    },
    async mx(name) {
      try {
        const { outcome, rcode, hosts, nullMx } = await mx(dns, name);
        return { name, outcome, detail: rcode, hosts: nullMx ? [] : hosts.map((host) => host.exchange), nullMx };
      } catch (error) {
        return { ...failed(name, error), hosts: [], nullMx: false };
      }
    },
  };
}

/** NS of the domain, their AAAA, and a DNS query to every IPv6 address. */
export async function gatherIpv6Nameservers(domain: string, options: Ipv6GatherOptions): Promise<Ipv6NameserverFacts> {
  const name = normalise(domain);
  const timeoutMs = Math.max(500, Math.round((options.timeoutMs ?? 3000) / 3));
  const nsAnswer = await options.lookups.ns(name);
  const servers = await Promise.all(
    nsAnswer.hosts.map(async (host) => {
      const { ipv6 } = await options.lookups.addresses(host);
      const probes = await Promise.all(ipv6.addresses.map((address) => askNameServer(options.policy, address, options.dnsPort ?? 53, name, timeoutMs)));
      return { name: host, ipv6, probes };
    }),
  );
  return { domain: name, ns: nsAnswer, servers };
}

const DEFAULT_WEB = [
  { scheme: 'http', port: 80 },
  { scheme: 'https', port: 443 },
] as const;

/** The web name's addresses; per scheme, the first allowed IPv4 address as baseline and every IPv6 address. */
export async function gatherIpv6Web(domain: string, options: Ipv6GatherOptions): Promise<Ipv6WebFacts> {
  const name = normalise(domain);
  const { ipv4, ipv6 } = await options.lookups.addresses(name);
  const probeOptions = { policy: options.policy, timeoutMs: options.timeoutMs ?? 3000, userAgent: options.userAgent, ...(options.ca ? { ca: options.ca } : {}) };
  if (ipv6.addresses.length === 0) return { name, ipv4, ipv6, probes: [] }; // nothing to reach over IPv6
  const baseline = ipv4.addresses.find((address) => options.policy(address).allowed);
  const schemes = await Promise.all(
    (options.web ?? DEFAULT_WEB).map(async ({ scheme, port }) => {
      const url = `${scheme}://${name}${port === (scheme === 'http' ? 80 : 443) ? '' : `:${port}`}/`;
      const [v4, ...v6] = await Promise.all([baseline, ...ipv6.addresses].map((address) => (address === undefined ? Promise.resolve(undefined) : fetchOnce(url, address, probeOptions))));
      const fact = (answer: WebAnswer, family: 4 | 6): WebProbe => {
        const { body, ...rest } = answer;
        const compared = family === 6 && body !== undefined && v4?.body !== undefined ? { similarity: similarity(v4.body, body) } : {};
        return { ...rest, family, scheme, port, ...(body === undefined ? {} : { bodyBytes: Buffer.byteLength(body), bodyHash: bodyHash(body) }), ...compared };
      };
      return [...(v4 ? [fact(v4, 4)] : []), ...v6.flatMap((answer) => (answer ? [fact(answer, 6)] : []))];
    }),
  );
  return { name, ipv4, ipv6, probes: schemes.flat() };
}

/** The MX hosts, their AAAA and the SMTP banner on every IPv6 address. */
export async function gatherIpv6Mail(domain: string, options: Ipv6GatherOptions): Promise<Ipv6MailFacts> {
  const name = normalise(domain);
  const mxAnswer = await options.lookups.mx(name);
  const hosts = await Promise.all(
    mxAnswer.hosts.map(async (host) => {
      const { ipv6 } = await options.lookups.addresses(host);
      const probes = await Promise.all(ipv6.addresses.map((address) => smtpBanner(options.policy, address, options.smtpPort ?? 25, options.timeoutMs ?? 3000)));
      return { name: host, ipv6, probes };
    }),
  );
  return { domain: name, mx: mxAnswer, hosts };
}
