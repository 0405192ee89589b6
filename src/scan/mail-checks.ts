/** The mail family's gathers and evaluations for one domain (`forum-mail`, mail hosting). */
import type { CheckResult, Verdict } from '../domain/check.js';
import { evaluateDane } from '../checks/dane/evaluate.js';
import { gatherDane } from '../checks/dane/gather.js';
import type { DnsClient } from '../checks/dns/client.js';
import { mx } from '../checks/dns/lookup.js';
import { evaluateDnssecMx, evaluateDnssecName } from '../checks/dnssec/evaluate.js';
import { gatherDnssec } from '../checks/dnssec/gather.js';
import { evaluateIpv6Mx } from '../checks/ipv6/evaluate.js';
import { gatherIpv6Mail } from '../checks/ipv6/gather.js';
import { evaluateDkim, evaluateDmarc, evaluateDmarcPolicy, evaluateSpf, evaluateSpfPolicy } from '../checks/mail-auth/evaluate.js';
import { dnsLookups, gatherMailAuth } from '../checks/mail-auth/gather.js';
import { evaluateStarttls, mxVerdict } from '../checks/smtp/evaluate.js';
import { gatherStarttls, type MailServerOptions, type StarttlsFacts } from '../checks/smtp/gather.js';
import { evaluateCertKey, evaluateCertSignature } from '../checks/tls/evaluate-cert.js';
import { evaluateCiphers, evaluateKeyExchange, evaluateTlsVersion } from '../checks/tls/evaluate.js';
import type { TlsFacts } from '../checks/tls/facts.js';
import type { DomainContext } from './context.js';
import { settle, when } from './settle.js';
import { worstOver } from './worst.js';

const TLS_EVALUATIONS: Record<string, (facts: TlsFacts) => Verdict> = {
  'mail.tls.version': evaluateTlsVersion,
  'mail.tls.ciphers': evaluateCiphers,
  'mail.tls.key-exchange': evaluateKeyExchange,
  'mail.cert.key': evaluateCertKey,
  'mail.cert.signature': evaluateCertSignature,
};

const STARTTLS_IDS = ['mail.starttls', ...Object.keys(TLS_EVALUATIONS)];
const DNSSEC_IDS = ['mail.dnssec', 'mail.dnssec.mx'];
const AUTH_IDS = ['mail.spf', 'mail.spf.policy', 'mail.dmarc', 'mail.dmarc.policy', 'mail.dkim'];
const SERVER_IDS = [...STARTTLS_IDS, 'mail.dane'];

/** One TLS evaluation over every MX address that completed STARTTLS: the worst verdict counts. */
function overServers(facts: StarttlsFacts, evaluate: (facts: TlsFacts) => Verdict): Verdict {
  const early = mxVerdict(facts);
  if (early) return early;
  const measured = facts.servers.flatMap((s) => (s.tls ? [{ where: `${s.exchange} (${s.address})`, verdict: evaluate(s.tls) }] : []));
  if (measured.length === 0) return { status: 'error', reason: 'no MX address completed STARTTLS, so TLS could not be judged', facts: {} };
  return worstOver(measured);
}

/**
 * `mail.starttls`, `mail.tls.*`, `mail.cert.*` and `mail.dane` from one STARTTLS gather: its promise is
 * shared, so DANE matches TLSA against the chains that gather recorded and opens no SMTP session of its own
 * (its TLSA lookups run while STARTTLS does).
 */
export async function mailServerChecks(dns: DnsClient, domain: string, options: MailServerOptions, expired: Promise<never>, wanted: (id: string) => boolean = () => true): Promise<CheckResult[]> {
  const starttls = gatherStarttls(dns, domain, options);
  starttls.catch(() => undefined); // observed by both settles below; never an unhandled rejection
  const parts = await Promise.all([
    when(wanted, STARTTLS_IDS, () => settle(STARTTLS_IDS, async () => {
      const facts = await starttls;
      const verdicts: Record<string, Verdict> = { 'mail.starttls': evaluateStarttls(facts) };
      for (const [id, evaluate] of Object.entries(TLS_EVALUATIONS)) verdicts[id] = overServers(facts, evaluate);
      return verdicts;
    }, expired)),
    when(wanted, ['mail.dane'], () => settle(['mail.dane'], async () => ({ 'mail.dane': evaluateDane(await gatherDane(dns, domain, starttls)) }), expired)),
  ]);
  return parts.flat();
}

export async function mailChecks(ctx: DomainContext, expired: Promise<never>): Promise<CheckResult[]> {
  const { dns, domain, policy, timeoutMs, wanted } = ctx;
  const parts = await Promise.all([
    when(wanted, DNSSEC_IDS, () => settle(DNSSEC_IDS, async () => {
      const answer = await mx(dns, domain);
      const names = answer.nullMx ? [] : answer.hosts.map((h) => h.exchange);
      const [own, hosts] = await Promise.all([gatherDnssec(dns, domain, 'SOA'), Promise.all(names.map((n) => gatherDnssec(dns, n, 'A')))]);
      return { 'mail.dnssec': evaluateDnssecName(own), 'mail.dnssec.mx': evaluateDnssecMx(domain, hosts) };
    }, expired)),
    when(wanted, AUTH_IDS, () => settle(AUTH_IDS, async () => {
      const facts = await gatherMailAuth(domain, dnsLookups(dns));
      return {
        'mail.spf': evaluateSpf(facts), 'mail.spf.policy': evaluateSpfPolicy(facts), 'mail.dmarc': evaluateDmarc(facts),
        'mail.dmarc.policy': evaluateDmarcPolicy(facts), 'mail.dkim': evaluateDkim(facts),
      };
    }, expired)),
    when(wanted, SERVER_IDS, () => mailServerChecks(dns, domain, { policy, timeoutMs, extraCaPems: ctx.caPems, ...(ctx.mailServers ? { memo: ctx.mailServers } : {}) }, expired, wanted)),
    when(wanted, ['mail.ipv6.mx'], () => settle(['mail.ipv6.mx'], async () => ({ 'mail.ipv6.mx': evaluateIpv6Mx(await gatherIpv6Mail(domain, ctx.ipv6Options)) }), expired)),
  ]);
  return parts.flat();
}
