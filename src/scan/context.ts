/** What the checks of one domain share: the cached DNS client, the options, and facts used by both families. */
import type { AddressPolicy } from '../domain/check.js';
import type { DnsClient } from '../checks/dns/client.js';
import { gatherHosting, type HostingFacts } from '../checks/hosting/gather.js';
import { dnsLookups, gatherIpv6Nameservers, type Ipv6GatherOptions } from '../checks/ipv6/gather.js';
import type { Ipv6NameserverFacts } from '../checks/ipv6/facts.js';
import type { MailServerMemo } from '../checks/smtp/memo.js';

export interface DomainContext {
  domain: string;
  /** Cached per domain. */
  dns: DnsClient;
  policy: AddressPolicy;
  caPems: readonly string[];
  /** Per connection or query. */
  timeoutMs: number;
  userAgent: string;
  /** Whether a check is part of this scan (all checks, or those of some families). */
  wanted: (id: string) => boolean;
  /** Mail servers measured once per run, shared by the domains that use them. */
  mailServers?: MailServerMemo;
  ipv6Options: Ipv6GatherOptions;
  /** Shared by web.ipv6.nameservers and mail.ipv6.nameservers. */
  nameservers: () => Promise<Ipv6NameserverFacts>;
  /** Shared by the three hosting checks. */
  hosting: () => Promise<HostingFacts>;
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= make());
}

export function domainContext(base: Omit<DomainContext, 'ipv6Options' | 'nameservers' | 'hosting'>): DomainContext {
  const ipv6Options: Ipv6GatherOptions = {
    lookups: dnsLookups(base.dns), policy: base.policy, timeoutMs: base.timeoutMs, userAgent: base.userAgent,
    ...(base.caPems.length > 0 ? { ca: [...base.caPems] } : {}),
  };
  return {
    ...base,
    ipv6Options,
    nameservers: once(() => gatherIpv6Nameservers(base.domain, ipv6Options)),
    hosting: once(() => gatherHosting(base.domain, base.dns)),
  };
}
