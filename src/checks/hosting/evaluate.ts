/**
 * Informational verdicts for `hosting.mail-provider`, `hosting.dns-provider` and `hosting.web-provider`.
 * They never count as failures: a recognised provider is `pass` with facts {provider, jurisdiction, ...};
 * an unrecognised one is `pass` too, with `provider: null` and a reason saying "unknown provider" (not a
 * fault: self-hosted, or a provider not yet in the table). No MX / a null MX (mail) and no web address
 * (web) are `not-applicable`; a DNS failure is `error`.
 */
import type { Facts, Verdict } from '../../domain/check.js';
import { providerFor, type MatchKind } from './match.js';
import { PROVIDERS, type Provider } from './providers.js';

/** A DNS answer as the other families record it; `error` when no answer arrived. */
export interface HostingAnswer {
  name: string;
  outcome: 'records' | 'nxdomain' | 'nodata' | 'failure' | 'error';
  detail: string;
}

export interface MailHostingFacts extends HostingAnswer {
  hosts: string[];
  nullMx: boolean;
}

export interface DnsHostingFacts extends HostingAnswer {
  hosts: string[];
}

export interface WebHostingFacts extends HostingAnswer {
  /** CNAME targets followed from the web name, in order. */
  cnames: string[];
  /** A and AAAA of the web name (not matched: address ranges are out of scope). */
  addresses: string[];
}

const failed = (answer: HostingAnswer): boolean => answer.outcome === 'error' || answer.outcome === 'failure';
const unreadable = (answer: HostingAnswer, what: string): Verdict => ({
  status: 'error',
  reason: `could not read the ${what} of ${answer.name} (${answer.detail})`,
  facts: { name: answer.name, outcome: answer.outcome, detail: answer.detail },
});
const describe = (provider: Provider): string => `${provider.name} (${provider.country}, ${provider.jurisdiction})`;

/** Matches every name; the verdict names each distinct provider, the first one found leading the facts. */
function identify(kind: MatchKind, names: readonly string[], what: string, subject: string, table: readonly Provider[]): Verdict {
  const matches = names.map((name) => ({ name, provider: providerFor(kind, name, table) }));
  const providers = [...new Map(matches.flatMap(({ provider }) => (provider ? [[provider.id, provider] as const] : []))).values()];
  const unmatched = matches.filter(({ provider }) => provider === undefined).map(({ name }) => name);
  const [first] = providers;
  const facts: Facts = {
    provider: first?.name ?? null,
    providerId: first?.id ?? null,
    jurisdiction: first?.jurisdiction ?? null,
    country: first?.country ?? null,
    kind: first?.kind ?? null,
    providers: providers.map(({ id, name, country, jurisdiction, kind: providerKind }) => ({ id, name, country, jurisdiction, kind: providerKind })),
    [what]: names,
    unmatched,
  };
  if (first === undefined) return { status: 'pass', reason: `unknown provider: no entry in the provider table matches ${subject} ${names.join(', ')}`, facts };
  const rest = unmatched.length > 0 ? `; unknown provider for ${unmatched.join(', ')}` : '';
  return { status: 'pass', reason: `${subject} ${providers.length > 1 ? 'point to' : 'points to'} ${providers.map(describe).join(' and ')}${rest}`, facts };
}

/** `hosting.mail-provider`: from the MX hosts. */
export function evaluateMailProvider(facts: MailHostingFacts, table: readonly Provider[] = PROVIDERS): Verdict {
  if (failed(facts)) return unreadable(facts, 'MX records');
  if (facts.nullMx) return { status: 'not-applicable', reason: `${facts.name} accepts no mail (null MX)`, facts: { mx: [] } };
  if (facts.hosts.length === 0) return { status: 'not-applicable', reason: `${facts.name} has no MX records`, facts: { mx: [] } };
  return identify('mx', facts.hosts, 'mx', 'the MX', table);
}

/** `hosting.dns-provider`: from the NS hosts. */
export function evaluateDnsProvider(facts: DnsHostingFacts, table: readonly Provider[] = PROVIDERS): Verdict {
  if (failed(facts)) return unreadable(facts, 'NS records');
  if (facts.hosts.length === 0) return { status: 'error', reason: `${facts.name} has no NS records (${facts.detail})`, facts: { ns: [] } };
  return identify('ns', facts.hosts, 'ns', 'the name servers', table);
}

/** `hosting.web-provider`: from the CNAME chain of the web name (address data needs IP-to-ASN data: not used). */
export function evaluateWebProvider(facts: WebHostingFacts, table: readonly Provider[] = PROVIDERS): Verdict {
  if (failed(facts)) return unreadable(facts, 'address records');
  if (facts.addresses.length === 0 && facts.cnames.length === 0) {
    return { status: 'not-applicable', reason: `${facts.name} has no web address (no A, AAAA or CNAME)`, facts: { cnames: [], addresses: [] } };
  }
  if (facts.cnames.length === 0) {
    return {
      status: 'pass',
      reason: `unknown provider: ${facts.name} has no CNAME, and matching addresses to providers needs IP-to-ASN data`,
      facts: { provider: null, providerId: null, jurisdiction: null, country: null, kind: null, providers: [], cnames: [], addresses: facts.addresses, unmatched: [] },
    };
  }
  const verdict = identify('cname', facts.cnames, 'cnames', `the CNAME chain of ${facts.name}`, table);
  return { ...verdict, facts: { ...verdict.facts, addresses: facts.addresses } };
}
