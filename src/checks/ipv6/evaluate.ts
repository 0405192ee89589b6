/**
 * Pure evaluation of the IPv6 checks, following internet.nl:
 * - `*.ipv6.nameservers`: at least two name servers have an IPv6 address, and every IPv6 address of every
 *   name server answers a DNS query over IPv6 (one name server with IPv6 is not enough: fail).
 * - `web.ipv6.address`: the web name (the domain as given) has at least one AAAA record.
 * - `web.ipv6.reachable`: every AAAA address answers HTTP(S) where IPv4 does, with the same status and
 *   content (similarity.ts); without any AAAA the site cannot be reached over IPv6: fail.
 * - `mail.ipv6.mx`: every MX host has an AAAA record and greets with 220 on every IPv6 address; no MX or a
 *   null MX: not-applicable.
 * A DNS failure is `error` and a policy refusal `blocked`, never `fail`.
 */
import type { Verdict } from '../../domain/check.js';
import { IPV6_CRITERIA } from './criteria.js';
import type { AddressAnswer, Ipv6MailFacts, Ipv6NameserverFacts, Ipv6WebFacts, ProbeResult } from './facts.js';

const failed = (answer: { outcome: string }): boolean => answer.outcome === 'error' || answer.outcome === 'failure';
const unreadable = (answer: { name: string; detail: string }, what: string, facts: Record<string, unknown>): Verdict => ({
  status: 'error',
  reason: `could not read the ${what} of ${answer.name} (${answer.detail})`,
  facts,
});
const blockedVerdict = (probe: ProbeResult, facts: Record<string, unknown>): Verdict => ({ status: 'blocked', reason: probe.detail, facts });
const list = (items: readonly string[]): string => items.join(', ');

/** `web.ipv6.nameservers` and `mail.ipv6.nameservers`. */
export function evaluateIpv6Nameservers(facts: Ipv6NameserverFacts): Verdict {
  const detail = { nameservers: facts.servers.map((server) => ({ name: server.name, ipv6: server.ipv6.addresses, probes: server.probes })) };
  if (failed(facts.ns)) return unreadable(facts.ns, 'NS records', detail);
  if (facts.ns.hosts.length === 0) return { status: 'error', reason: `${facts.domain} has no NS records (${facts.ns.detail})`, facts: detail };
  const broken = facts.servers.find((server) => failed(server.ipv6));
  if (broken) return unreadable(broken.ipv6, 'AAAA records', detail);
  const withIpv6 = facts.servers.filter((server) => server.ipv6.addresses.length > 0);
  const min = IPV6_CRITERIA.minNameServersWithIpv6;
  if (withIpv6.length < min) {
    const which = withIpv6.length === 0 ? 'none' : `only ${list(withIpv6.map((server) => server.name))}`;
    return { status: 'fail', reason: `${withIpv6.length} of ${facts.servers.length} name servers have an IPv6 address (${which}); at least ${min} are needed`, facts: detail };
  }
  const probes = withIpv6.flatMap((server) => server.probes.map((probe) => ({ server: server.name, probe })));
  const refused = probes.find(({ probe }) => probe.blocked !== undefined);
  const silent = probes.filter(({ probe }) => !probe.ok && probe.blocked === undefined);
  if (silent.length > 0) {
    const names = silent.map(({ server, probe }) => `${server} at ${probe.address} (${probe.detail})`);
    return { status: 'fail', reason: `name servers do not answer over IPv6: ${list(names)}`, facts: detail };
  }
  if (refused) return blockedVerdict(refused.probe, detail);
  return { status: 'pass', reason: `${withIpv6.length} name servers have IPv6 addresses that answer: ${list(withIpv6.map((server) => server.name))}`, facts: detail };
}

/** `web.ipv6.address`. */
export function evaluateIpv6Address(facts: Pick<Ipv6WebFacts, 'name' | 'ipv6'>): Verdict {
  const { ipv6 } = facts;
  const detail = { name: facts.name, ipv6: ipv6.addresses, outcome: ipv6.outcome };
  if (failed(ipv6)) return unreadable(ipv6, 'AAAA records', detail);
  if (ipv6.addresses.length === 0) return { status: 'fail', reason: `${facts.name} has no AAAA record (${ipv6.outcome === 'nxdomain' ? 'the name does not exist' : 'no IPv6 address'})`, facts: detail };
  return { status: 'pass', reason: `${facts.name} has IPv6 address${ipv6.addresses.length > 1 ? 'es' : ''} ${list(ipv6.addresses)}`, facts: detail };
}

/** Why one IPv6 answer differs from the IPv4 answer on the same scheme, or null when it is the same site. */
function difference(facts: Ipv6WebFacts, address: string): string | null {
  for (const v6 of facts.probes.filter((probe) => probe.family === 6 && probe.address === address && probe.blocked === undefined)) {
    const v4 = facts.probes.find((probe) => probe.family === 4 && probe.scheme === v6.scheme);
    if (v4?.ok !== true) continue;
    const where = `${address} port ${v6.port}`;
    if (!v6.ok) return `${where} does not answer over IPv6 (${v6.detail}) while IPv4 does`;
    if (v6.status !== v4.status) return `${where} answers HTTP ${v6.status ?? '?'} over IPv6 but HTTP ${v4.status ?? '?'} over IPv4`;
    if ((v6.similarity ?? 0) < IPV6_CRITERIA.minContentSimilarity) {
      return `${where} serves different content over IPv6 (similarity ${v6.similarity ?? 0}, at least ${IPV6_CRITERIA.minContentSimilarity} needed)`;
    }
  }
  return null;
}

/** `web.ipv6.reachable`. */
export function evaluateIpv6Reachable(facts: Ipv6WebFacts): Verdict {
  const detail = { name: facts.name, ipv6: facts.ipv6.addresses, probes: facts.probes };
  if (failed(facts.ipv6)) return unreadable(facts.ipv6, 'AAAA records', detail);
  if (facts.ipv6.addresses.length === 0) return { status: 'fail', reason: `${facts.name} has no IPv6 address, so it cannot be reached over IPv6`, facts: detail };
  const probesOf = (address: string) => facts.probes.filter((probe) => probe.family === 6 && probe.address === address);
  const unreachable = facts.ipv6.addresses.filter((address) => probesOf(address).every((probe) => !probe.ok && probe.blocked === undefined));
  if (unreachable.length > 0) {
    const why = unreachable.map((address) => `${address} (${probesOf(address)[0]?.detail ?? 'not probed'})`);
    return { status: 'fail', reason: `the web server does not answer on IPv6 address${unreachable.length > 1 ? 'es' : ''} ${list(why)}`, facts: detail };
  }
  const differences = facts.ipv6.addresses.flatMap((address) => difference(facts, address) ?? []);
  const [first] = differences;
  if (first !== undefined) return { status: 'fail', reason: first, facts: { ...detail, differences } };
  const refused = facts.probes.find((probe) => probe.family === 6 && probe.blocked !== undefined);
  if (refused) return blockedVerdict(refused, detail);
  const compared = facts.probes.some((probe) => probe.family === 4 && probe.ok);
  const same = compared ? ' with the same content as over IPv4' : ' (no IPv4 answer to compare with)';
  return { status: 'pass', reason: `${facts.name} answers on every IPv6 address${same}`, facts: detail };
}

/** `mail.ipv6.mx`. */
export function evaluateIpv6Mx(facts: Ipv6MailFacts): Verdict {
  const detail = { mx: facts.hosts.map((host) => ({ name: host.name, ipv6: host.ipv6.addresses, probes: host.probes })) };
  if (failed(facts.mx)) return unreadable(facts.mx, 'MX records', detail);
  if (facts.mx.nullMx) return { status: 'not-applicable', reason: `${facts.domain} accepts no mail (null MX)`, facts: detail };
  if (facts.mx.hosts.length === 0) return { status: 'not-applicable', reason: `${facts.domain} has no MX records`, facts: detail };
  const broken = facts.hosts.find((host) => failed(host.ipv6));
  if (broken) return unreadable(broken.ipv6, 'AAAA records', detail);
  const without = facts.hosts.filter((host: { ipv6: AddressAnswer }) => host.ipv6.addresses.length === 0);
  if (without.length > 0) return { status: 'fail', reason: `MX ${list(without.map((host) => host.name))} ha${without.length > 1 ? 've' : 's'} no IPv6 address`, facts: detail };
  const probes = facts.hosts.flatMap((host) => host.probes.map((probe) => ({ host: host.name, probe })));
  const silent = probes.filter(({ probe }) => !probe.ok && probe.blocked === undefined);
  if (silent.length > 0) {
    return { status: 'fail', reason: `no SMTP greeting over IPv6 from ${list(silent.map(({ host, probe }) => `${host} at ${probe.address} (${probe.detail})`))}`, facts: detail };
  }
  const refused = probes.find(({ probe }) => probe.blocked !== undefined);
  if (refused) return blockedVerdict(refused.probe, detail);
  return { status: 'pass', reason: `every MX (${list(facts.hosts.map((host) => host.name))}) has an IPv6 address and greets over it`, facts: detail };
}
