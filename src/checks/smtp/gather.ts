/**
 * Gathers the facts of `mail.starttls` (and the TLS facts of `mail.tls.*`): the MX of a domain, the
 * addresses of every MX, and per address an SMTP session and, when STARTTLS is offered, {@link gatherTls}
 * through a real SMTP dialogue. Network trouble becomes facts, never exceptions. `mail.dane` reuses these
 * facts (the chain of the default handshake, `TlsFacts.chainDer`) instead of connecting again.
 */
import type { AddressPolicy } from '../../domain/check.js';
import type { DnsClient } from '../dns/client.js';
import { addresses, mx } from '../dns/lookup.js';
import type { TlsFacts } from '../tls/facts.js';
import { gatherTls } from '../tls/gather.js';
import type { MailServerMemo } from './memo.js';
import { SmtpError, smtpSession, smtpStarttlsHook, type SmtpErrorKind } from './client.js';
import { messageOf } from '../../domain/errors.js';

/** One tested address of one MX. */
export interface MailServerFacts {
  exchange: string;
  address: string;
  /** Set when the SMTP session failed; then `starttls` is absent. */
  error?: { kind: SmtpErrorKind | 'other'; message: string };
  starttls?: boolean;
  capabilities?: string[];
  /** Only when STARTTLS is offered. */
  tls?: TlsFacts;
}

export interface StarttlsFacts {
  domain: string;
  mx: { outcome: string; rcode: string; nullMx: boolean; hosts: string[]; detail?: string };
  /** MX names whose addresses could not be resolved (or that have none). */
  unresolved: { exchange: string; detail: string }[];
  servers: MailServerFacts[];
}

export interface MailServerOptions {
  policy: AddressPolicy;
  /** Default 25. */
  port?: number;
  timeoutMs?: number;
  ehloName?: string;
  extraCaPems?: readonly string[];
  /** Shares one measurement per MX name and address across the domains of a run (memo.ts). */
  memo?: MailServerMemo;
}

/** The SMTP session on one address and, after STARTTLS, the TLS facts. */
export async function gatherMailServer(exchange: string, address: string, options: MailServerOptions): Promise<MailServerFacts> {
  const port = options.port ?? 25;
  const common = { ...(options.ehloName ? { ehloName: options.ehloName } : {}) };
  try {
    const session = await smtpSession({ address, port, policy: options.policy, ...common, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
    const facts: MailServerFacts = { exchange, address, starttls: session.starttls, capabilities: session.capabilities };
    if (!session.starttls) return facts;
    const tls = await gatherTls({
      address, port, serverName: exchange, policy: options.policy, starttls: smtpStarttlsHook(common),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), ...(options.extraCaPems ? { extraCaPems: options.extraCaPems } : {}),
    });
    return { ...facts, tls };
  } catch (error) {
    return { exchange, address, error: { kind: error instanceof SmtpError ? error.kind : 'other', message: messageOf(error) } };
  }
}

/** The MX answer of a mail domain as facts; a lookup that failed is outcome `error` with the reason. */
export async function mxFacts(dns: DnsClient, name: string): Promise<StarttlsFacts['mx']> {
  try {
    const answer = await mx(dns, name);
    return { outcome: answer.outcome, rcode: answer.rcode, nullMx: answer.nullMx, hosts: answer.hosts.map((h) => h.exchange) };
  } catch (error) {
    return { outcome: 'error', rcode: '', nullMx: false, hosts: [], detail: messageOf(error) };
  }
}

/** MX, addresses (A and AAAA), and every address's mail server facts. */
export async function gatherStarttls(dns: DnsClient, domain: string, options: MailServerOptions): Promise<StarttlsFacts> {
  const name = domain.toLowerCase().replace(/\.$/, '');
  const facts: StarttlsFacts = { domain: name, mx: await mxFacts(dns, name), unresolved: [], servers: [] };
  if (facts.mx.nullMx) return facts;
  const perHost = await Promise.all(facts.mx.hosts.map(async (exchange) => {
    try {
      const { ipv4, ipv6 } = await addresses(dns, exchange);
      const list = [...ipv4.addresses, ...ipv6.addresses];
      if (list.length === 0) facts.unresolved.push({ exchange, detail: `no A or AAAA (${ipv4.rcode})` });
      const measure = (address: string) => () => gatherMailServer(exchange, address, options);
      const port = options.port ?? 25;
      return await Promise.all(list.map((address) => options.memo?.get(`${exchange}|${address}|${port}`, measure(address)) ?? measure(address)()));
    } catch (error) {
      facts.unresolved.push({ exchange, detail: messageOf(error) });
      return [];
    }
  }));
  facts.servers = perHost.flat();
  return facts;
}
