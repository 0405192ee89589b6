/** The web family's gathers and evaluations for one domain (`forum-web`, security.txt, web/DNS hosting). */
import type { AddressPolicy, CheckResult, Verdict } from '../domain/check.js';
import type { DnsClient } from '../checks/dns/client.js';
import { addresses } from '../checks/dns/lookup.js';
import { evaluateDnssecName } from '../checks/dnssec/evaluate.js';
import { gatherDnssec } from '../checks/dnssec/gather.js';
import { fetchFrom, type FetchOptions } from '../checks/http/fetch.js';
import { evaluateHsts, evaluateHttpsAvailable, evaluateHttpsRedirect } from '../checks/https/evaluate.js';
import { evaluateIpv6Address, evaluateIpv6Reachable } from '../checks/ipv6/evaluate.js';
import { gatherIpv6Web } from '../checks/ipv6/gather.js';
import { evaluateSecurityTxt } from '../checks/security-txt/evaluate.js';
import { gatherSecurityTxt } from '../checks/security-txt/gather.js';
import { evaluateCertKey, evaluateCertName, evaluateCertSignature, evaluateCertTrust } from '../checks/tls/evaluate-cert.js';
import { evaluateCiphers, evaluateCompression, evaluateKeyExchange, evaluateRenegotiation, evaluateTlsVersion } from '../checks/tls/evaluate.js';
import type { TlsFacts } from '../checks/tls/facts.js';
import { gatherTls } from '../checks/tls/gather.js';
import type { DomainContext } from './context.js';
import { settle, when } from './settle.js';
import { worstOver } from './worst.js';

const TLS_EVALUATIONS: Record<string, (facts: TlsFacts) => Verdict> = {
  'web.tls.version': evaluateTlsVersion, 'web.tls.ciphers': evaluateCiphers, 'web.tls.key-exchange': evaluateKeyExchange,
  'web.tls.compression': evaluateCompression, 'web.tls.renegotiation': evaluateRenegotiation,
  'web.cert.trust': evaluateCertTrust, 'web.cert.name': evaluateCertName, 'web.cert.key': evaluateCertKey, 'web.cert.signature': evaluateCertSignature,
};
const TLS_IDS = Object.keys(TLS_EVALUATIONS);
const HTTPS_IDS = ['web.https.available', 'web.https.redirect', 'web.https.hsts'];
const IPV6_IDS = ['web.ipv6.address', 'web.ipv6.reachable'];

/** At most this many web server addresses are tested (a hostile zone could list hundreds). */
export const MAX_WEB_ADDRESSES = 8;

/** Every A and AAAA address of the web name (IPv4 first), each tested as internet.nl does. */
async function webAddresses(dns: DnsClient, domain: string): Promise<string[]> {
  const { ipv4, ipv6 } = await addresses(dns, domain);
  const all = [...ipv4.addresses, ...ipv6.addresses];
  if (all.length === 0) throw new Error(`${domain} has no A or AAAA record (${ipv4.rcode})`);
  return all.slice(0, MAX_WEB_ADDRESSES);
}

/** The first address the policy allows, else the first at all (its checks end `blocked`). */
function preferred(all: readonly string[], policy: AddressPolicy): string {
  return all.find((a) => policy(a).allowed) ?? all[0] ?? '';
}

/** Evaluates each address's facts with every evaluation, then the worst per check over the addresses. */
function perAddress<F>(facts: readonly { address: string; facts: F }[], evaluations: Record<string, (facts: F) => Verdict>): Record<string, Verdict> {
  return Object.fromEntries(Object.entries(evaluations).map(([id, evaluate]) => [id, worstOver(facts.map((f) => ({ where: f.address, verdict: evaluate(f.facts) })))]));
}

export function fetchOptions(ctx: DomainContext, address: string): Omit<FetchOptions, 'url'> {
  const resolve = async (host: string) => {
    const { ipv4, ipv6 } = await addresses(ctx.dns, host);
    return [...ipv4.addresses, ...ipv6.addresses];
  };
  return {
    address, policy: ctx.policy, resolve, timeoutMs: ctx.timeoutMs, maxBodyBytes: 256 * 1024, maxHeaderBytes: 32 * 1024,
    userAgent: ctx.userAgent, ...(ctx.caPems.length > 0 ? { ca: [...ctx.caPems] } : {}),
  };
}

export async function webChecks(ctx: DomainContext, expired: Promise<never>): Promise<CheckResult[]> {
  const { dns, domain, policy, wanted } = ctx;
  const all = webAddresses(dns, domain);
  all.catch(() => undefined);
  const parts = await Promise.all([
    when(wanted, ['web.dnssec'], () => settle(['web.dnssec'], async () => ({ 'web.dnssec': evaluateDnssecName(await gatherDnssec(dns, domain, 'A')) }), expired)),
    when(wanted, HTTPS_IDS, () => settle(HTTPS_IDS, async () => {
      const facts = await Promise.all((await all).map(async (address) => {
        const options = fetchOptions(ctx, address);
        const [http, https] = await Promise.all([fetchFrom({ ...options, url: `http://${domain}/` }), fetchFrom({ ...options, url: `https://${domain}/` })]);
        return { address, facts: { domain, http, https } };
      }));
      return perAddress(facts, { 'web.https.available': evaluateHttpsAvailable, 'web.https.redirect': evaluateHttpsRedirect, 'web.https.hsts': evaluateHsts });
    }, expired)),
    when(wanted, TLS_IDS, () => settle(TLS_IDS, async () => {
      const facts = await Promise.all((await all).map(async (address) => ({
        address, facts: await gatherTls({ address, port: 443, serverName: domain, policy, timeoutMs: ctx.timeoutMs, extraCaPems: ctx.caPems }),
      })));
      return perAddress(facts, TLS_EVALUATIONS);
    }, expired)),
    when(wanted, IPV6_IDS, () => settle(IPV6_IDS, async () => {
      const facts = await gatherIpv6Web(domain, ctx.ipv6Options);
      return { 'web.ipv6.address': evaluateIpv6Address(facts), 'web.ipv6.reachable': evaluateIpv6Reachable(facts) };
    }, expired)),
    when(wanted, ['web.security-txt'], () => settle(['web.security-txt'], async () => ({ 'web.security-txt': evaluateSecurityTxt(await gatherSecurityTxt(domain, fetchOptions(ctx, preferred(await all, policy)))) }), expired)),
  ]);
  return parts.flat();
}
