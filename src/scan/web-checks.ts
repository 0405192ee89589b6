/** The web family's gathers and evaluations for one domain (`forum-web`, security.txt, web/DNS hosting). */
import type { AddressPolicy, CheckResult } from '../domain/check.js';
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
import { gatherTls } from '../checks/tls/gather.js';
import type { DomainContext } from './context.js';
import { settle } from './settle.js';

const TLS_IDS = ['web.tls.version', 'web.tls.ciphers', 'web.tls.key-exchange', 'web.tls.compression', 'web.tls.renegotiation'] as const;
const CERT_IDS = ['web.cert.trust', 'web.cert.name', 'web.cert.key', 'web.cert.signature'] as const;

/** The first address the policy allows (A before AAAA), else the first at all (its checks end `blocked`). */
async function webAddress(dns: DnsClient, domain: string, policy: AddressPolicy): Promise<string> {
  const { ipv4, ipv6 } = await addresses(dns, domain);
  const all = [...ipv4.addresses, ...ipv6.addresses];
  const address = all.find((a) => policy(a).allowed) ?? all[0];
  if (address === undefined) throw new Error(`${domain} has no A or AAAA record (${ipv4.rcode})`);
  return address;
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
  const { dns, domain, policy } = ctx;
  const address = webAddress(dns, domain, policy);
  address.catch(() => undefined);
  const parts = await Promise.all([
    settle(['web.dnssec'], async () => ({ 'web.dnssec': evaluateDnssecName(await gatherDnssec(dns, domain, 'A')) }), expired),
    settle(['web.https.available', 'web.https.redirect', 'web.https.hsts'], async () => {
      const options = fetchOptions(ctx, await address);
      const [http, https] = await Promise.all([fetchFrom({ ...options, url: `http://${domain}/` }), fetchFrom({ ...options, url: `https://${domain}/` })]);
      const facts = { domain, http, https };
      return { 'web.https.available': evaluateHttpsAvailable(facts), 'web.https.redirect': evaluateHttpsRedirect(facts), 'web.https.hsts': evaluateHsts(facts) };
    }, expired),
    settle([...TLS_IDS, ...CERT_IDS], async () => {
      const tls = await gatherTls({ address: await address, port: 443, serverName: domain, policy, timeoutMs: ctx.timeoutMs, extraCaPems: ctx.caPems });
      return {
        'web.tls.version': evaluateTlsVersion(tls), 'web.tls.ciphers': evaluateCiphers(tls), 'web.tls.key-exchange': evaluateKeyExchange(tls),
        'web.tls.compression': evaluateCompression(tls), 'web.tls.renegotiation': evaluateRenegotiation(tls),
        'web.cert.trust': evaluateCertTrust(tls), 'web.cert.name': evaluateCertName(tls), 'web.cert.key': evaluateCertKey(tls), 'web.cert.signature': evaluateCertSignature(tls),
      };
    }, expired),
    settle(['web.ipv6.address', 'web.ipv6.reachable'], async () => {
      const facts = await gatherIpv6Web(domain, ctx.ipv6Options);
      return { 'web.ipv6.address': evaluateIpv6Address(facts), 'web.ipv6.reachable': evaluateIpv6Reachable(facts) };
    }, expired),
    settle(['web.security-txt'], async () => ({ 'web.security-txt': evaluateSecurityTxt(await gatherSecurityTxt(domain, fetchOptions(ctx, await address))) }), expired),
  ]);
  return parts.flat();
}
