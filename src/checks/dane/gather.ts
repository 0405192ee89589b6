/**
 * Gathers the facts of `mail.dane`: per MX the TLSA records at `_25._tcp.<mx>` with the resolver's AD flag,
 * and per MX address the certificate chain presented after STARTTLS (one handshake through a real SMTP
 * dialogue). DNS and network trouble become facts, never exceptions.
 */
import type { DetailedPeerCertificate } from 'node:tls';
import type { AddressPolicy } from '../../domain/check.js';
import type { DnsClient } from '../dns/client.js';
import { addresses, mx, tlsa, type TlsaRecord } from '../dns/lookup.js';
import { SmtpError, smtpStarttlsHook } from '../smtp/client.js';
import type { StarttlsFacts } from '../smtp/gather.js';
import { handshake, type StartTls } from '../tls/handshake.js';

export interface DaneHostFacts {
  exchange: string;
  tlsa: { name: string; outcome: string; rcode: string; ad: boolean; records: TlsaRecord[]; detail?: string };
  /** Per address: the chain after STARTTLS as base64 DER, leaf first, or why there is none. */
  chains: { address: string; der?: string[]; error?: string; noStarttls?: boolean }[];
}

export interface DaneFacts {
  domain: string;
  mx: StarttlsFacts['mx'];
  hosts: DaneHostFacts[];
}

export interface DaneGatherOptions {
  policy: AddressPolicy;
  /** The port to connect to; default 25. TLSA is always asked at `_25._tcp` (RFC 7672). */
  port?: number;
  timeoutMs?: number;
  ehloName?: string;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The DER chain node:tls received, leaf first, at most 10 certificates. */
function rawChain(peer: DetailedPeerCertificate): string[] {
  const out: string[] = [];
  let current = peer as Partial<DetailedPeerCertificate>;
  while (current.raw instanceof Buffer && out.length < 10) {
    const der = current.raw.toString('base64');
    if (out.includes(der)) break;
    out.push(der);
    current = current.issuerCertificate ?? {};
  }
  return out;
}

/** The chain one address presents after STARTTLS. */
export async function presentedChain(exchange: string, address: string, options: DaneGatherOptions): Promise<DaneHostFacts['chains'][number]> {
  const decision = options.policy(address);
  if (!decision.allowed) return { address, error: `blocked: ${decision.reason}` };
  const hook = smtpStarttlsHook(options.ehloName ? { ehloName: options.ehloName } : {});
  const seen = { noStarttls: false }; // set by the hook when the server does not offer STARTTLS
  const starttls: StartTls = async (a, p, t) => {
    try {
      return await hook(a, p, t);
    } catch (error) {
      seen.noStarttls = error instanceof SmtpError && error.kind === 'no-starttls';
      throw error;
    }
  };
  const target = { address, port: options.port ?? 25, serverName: exchange, timeoutMs: options.timeoutMs ?? 10_000, starttls };
  const outcome = await handshake(target, {}, (socket) => rawChain(socket.getPeerCertificate(true)));
  if (outcome.ok) return { address, der: outcome.value };
  return seen.noStarttls ? { address, error: outcome.error.message, noStarttls: true } : { address, error: outcome.error.message };
}

async function gatherHost(dns: DnsClient, exchange: string, options: DaneGatherOptions): Promise<DaneHostFacts> {
  const name = `_25._tcp.${exchange}`;
  let host: DaneHostFacts;
  try {
    const answer = await tlsa(dns, 25, 'tcp', exchange);
    host = { exchange, tlsa: { name, outcome: answer.outcome, rcode: answer.rcode, ad: answer.ad, records: answer.records }, chains: [] };
  } catch (error) {
    return { exchange, tlsa: { name, outcome: 'error', rcode: '', ad: false, records: [], detail: message(error) }, chains: [] };
  }
  if (host.tlsa.records.length === 0) return host;
  try {
    const { ipv4, ipv6 } = await addresses(dns, exchange);
    const list = [...ipv4.addresses, ...ipv6.addresses];
    host.chains = list.length === 0 ? [{ address: '', error: `${exchange} has no A or AAAA (${ipv4.rcode})` }] : await Promise.all(list.map((a) => presentedChain(exchange, a, options)));
  } catch (error) {
    host.chains = [{ address: '', error: `could not resolve ${exchange}: ${message(error)}` }];
  }
  return host;
}

/** MX, TLSA per MX, and the presented chains of MX that publish TLSA. */
export async function gatherDane(dns: DnsClient, domain: string, options: DaneGatherOptions): Promise<DaneFacts> {
  const name = domain.toLowerCase().replace(/\.$/, '');
  const facts: DaneFacts = { domain: name, mx: { outcome: 'error', rcode: '', nullMx: false, hosts: [] }, hosts: [] };
  try {
    const answer = await mx(dns, name);
    facts.mx = { outcome: answer.outcome, rcode: answer.rcode, nullMx: answer.nullMx, hosts: answer.hosts.map((h) => h.exchange) };
  } catch (error) {
    facts.mx.detail = message(error);
    return facts;
  }
  if (!facts.mx.nullMx) facts.hosts = await Promise.all(facts.mx.hosts.map((exchange) => gatherHost(dns, exchange, options)));
  return facts;
}
