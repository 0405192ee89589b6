/**
 * `checkDomain`: every catalogue check of the requested sets for one domain, with one DNS cache per domain,
 * independent gathers run concurrently, and a per-domain deadline. Never throws for a hostile target:
 * anything that goes wrong becomes `error` for the checks that depend on it.
 */
import type { AddressPolicy, CheckFamily, CheckResult, CheckSet, CheckStatus } from '../domain/check.js';
import { CATALOGUE, checksInSet } from '../checks/catalogue.js';
import { createDnsCache } from '../checks/dns/cache.js';
import type { DnsClient } from '../checks/dns/client.js';
import { evaluateDnsProvider, evaluateMailProvider, evaluateWebProvider } from '../checks/hosting/evaluate.js';
import { evaluateIpv6Nameservers } from '../checks/ipv6/evaluate.js';
import type { RpkiData } from '../checks/rpki/data.js';
import { evaluateMailRpki, evaluateWebRpki } from '../checks/rpki/evaluate.js';
import { gatherRpki } from '../checks/rpki/gather.js';
import { setVerdict } from '../checks/sets.js';
import type { MailServerMemo } from '../checks/smtp/memo.js';
import { domainContext, type DomainContext } from './context.js';
import { mailChecks } from './mail-checks.js';
import { deadline, settle, unmeasurable, when } from './settle.js';
import { webChecks } from './web-checks.js';

/** The reason RPKI checks give while no validated ROA data can be configured (issue 3: never a guess). */
export const RPKI_NO_DATA = 'no validated ROA data configured; RPKI cannot be judged';

export interface CheckDomainOptions {
  dns: DnsClient;
  policy: AddressPolicy;
  caPems: readonly string[];
  /** Per connection or query. */
  timeoutMs: number;
  web: boolean;
  mail: boolean;
  userAgent: string;
  scannerVersion: string;
  /** The whole domain's budget; default 6 × timeoutMs. */
  domainTimeoutMs?: number;
  /** Validated ROA payloads and the origin table (loadRpkiData); without them the RPKI checks are `error` (RPKI_NO_DATA). */
  rpki?: RpkiData;
  /** Shares mail server measurements between the domains of one run (createMailServerMemo). */
  mailServers?: MailServerMemo;
  /** Only the checks of these families (a scheduled scan of one cadence); default every family. */
  families?: ReadonlySet<CheckFamily>;
}

export interface DomainReport {
  domain: string;
  measuredAt: string;
  scanner: { version: string };
  sets: Partial<Record<CheckSet, CheckStatus>>;
  checks: CheckResult[];
}

function sharedChecks(ctx: DomainContext, options: CheckDomainOptions, expired: Promise<never>): Promise<CheckResult[]>[] {
  const ns = [...(options.web ? ['web.ipv6.nameservers'] : []), ...(options.mail ? ['mail.ipv6.nameservers'] : [])];
  const hosting = [...(options.web ? ['hosting.web-provider', 'hosting.dns-provider'] : []), ...(options.mail ? ['hosting.mail-provider'] : [])];
  return [
    when(ctx.wanted, ns, () => settle(ns, async () => {
      const verdict = evaluateIpv6Nameservers(await ctx.nameservers());
      return Object.fromEntries(ns.map((id) => [id, verdict]));
    }, expired)),
    when(ctx.wanted, hosting, () => settle(hosting, async () => {
      const facts = await ctx.hosting();
      return { 'hosting.web-provider': evaluateWebProvider(facts.web), 'hosting.dns-provider': evaluateDnsProvider(facts.dns), 'hosting.mail-provider': evaluateMailProvider(facts.mail) };
    }, expired)),
    ...rpkiChecks(ctx, options, expired),
  ];
}

function rpkiChecks(ctx: DomainContext, options: CheckDomainOptions, expired: Promise<never>): Promise<CheckResult[]>[] {
  const ids = [...(options.web ? ['web.rpki'] : []), ...(options.mail ? ['mail.rpki'] : [])];
  const data = options.rpki;
  if (!ids.some(ctx.wanted)) return [];
  if (data === undefined) return [Promise.resolve(unmeasurable(ids, RPKI_NO_DATA))];
  return [
    settle(ids, async () => {
      const facts = await gatherRpki(ctx.domain, ctx.dns, { web: options.web, mail: options.mail });
      return {
        ...(options.web ? { 'web.rpki': evaluateWebRpki(facts, data) } : {}),
        ...(options.mail ? { 'mail.rpki': evaluateMailRpki(facts, data) } : {}),
      };
    }, expired),
  ];
}

/** The catalogue ids a run with these sets (and check families) must report. */
export function expectedIds(options: Pick<CheckDomainOptions, 'web' | 'mail' | 'families'>): string[] {
  const ids = new Set<string>();
  if (options.web) for (const c of checksInSet('forum-web')) ids.add(c.id);
  if (options.mail) for (const c of checksInSet('forum-mail')) ids.add(c.id);
  if (options.web) ['web.security-txt', 'hosting.web-provider', 'hosting.dns-provider'].forEach((id) => ids.add(id));
  if (options.mail) ids.add('hosting.mail-provider');
  const families = options.families;
  return CATALOGUE.filter((c) => ids.has(c.id) && (families === undefined || families.has(c.family))).map((c) => c.id);
}

export async function checkDomain(rawDomain: string, options: CheckDomainOptions): Promise<DomainReport> {
  const domain = rawDomain.toLowerCase().replace(/\.$/, '');
  const measuredAt = new Date().toISOString();
  const expected = expectedIds(options);
  const wantedIds = new Set(expected);
  const ctx = domainContext({
    domain, dns: createDnsCache(options.dns), wanted: (id) => wantedIds.has(id), policy: options.policy, caPems: options.caPems, timeoutMs: options.timeoutMs, userAgent: options.userAgent,
    ...(options.mailServers ? { mailServers: options.mailServers } : {}),
  });
  const budget = deadline(options.domainTimeoutMs ?? options.timeoutMs * 6);
  let results: CheckResult[];
  try {
    const parts = await Promise.all([
      options.web ? webChecks(ctx, budget.expired) : Promise.resolve([]),
      options.mail ? mailChecks(ctx, budget.expired) : Promise.resolve([]),
      ...sharedChecks(ctx, options, budget.expired),
    ]);
    results = parts.flat();
  } finally {
    budget.clear();
  }
  const byId = new Map(results.map((r) => [r.id, r]));
  const checks = expected.map((id) => byId.get(id) ?? { id, status: 'error' as const, reason: 'not measured', facts: {} });
  const sets: DomainReport['sets'] = {};
  // A set's verdict needs all of its checks: a scan of some families reports no set verdicts.
  if (options.web && options.families === undefined) sets['forum-web'] = setVerdict('forum-web', checks);
  if (options.mail && options.families === undefined) sets['forum-mail'] = setVerdict('forum-mail', checks);
  return { domain, measuredAt, scanner: { version: options.scannerVersion }, sets, checks };
}
