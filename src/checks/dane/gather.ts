/**
 * Gathers the facts of `mail.dane`: per MX the TLSA records at `_25._tcp.<mx>` with the resolver's AD flag,
 * and per MX address the certificate chain presented after STARTTLS. The chain is not fetched here: it is
 * the one the STARTTLS gather ({@link gatherStarttls}) recorded in its default handshake, so DANE opens no
 * SMTP session of its own. DNS and network trouble become facts, never exceptions.
 */
import type { DnsClient } from '../dns/client.js';
import { tlsa, type TlsaRecord } from '../dns/lookup.js';
import { mxFacts, type MailServerFacts, type StarttlsFacts } from '../smtp/gather.js';
import { messageOf } from '../../domain/errors.js';

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

/** The chain one address presented after STARTTLS, as the STARTTLS gather saw it, or why there is none. */
export function presentedChain(server: MailServerFacts): DaneHostFacts['chains'][number] {
  const { address } = server;
  if (server.error) return { address, error: server.error.kind === 'blocked' ? `blocked: ${server.error.message}` : `${server.error.kind}: ${server.error.message}` };
  if (server.starttls === false) return { address, error: 'the server does not offer STARTTLS', noStarttls: true };
  if (server.tls === undefined) return { address, error: 'STARTTLS was not measured' };
  if (server.tls.error) return { address, error: server.tls.error.kind === 'blocked' ? `blocked: ${server.tls.error.message}` : server.tls.error.message };
  const der = server.tls.chainDer ?? [];
  return der.length > 0 ? { address, der } : { address, error: 'no certificate after STARTTLS' };
}

/** Per address of `exchange`, the chain from the STARTTLS facts; an MX without addresses gets one entry saying why. */
export function chainsOf(exchange: string, starttls: StarttlsFacts): DaneHostFacts['chains'] {
  const servers = starttls.servers.filter((s) => s.exchange === exchange);
  if (servers.length > 0) return servers.map(presentedChain);
  const unresolved = starttls.unresolved.find((u) => u.exchange === exchange);
  return unresolved ? [{ address: '', error: `could not resolve ${exchange}: ${unresolved.detail}` }] : [];
}

async function tlsaOf(dns: DnsClient, exchange: string): Promise<DaneHostFacts> {
  const name = `_25._tcp.${exchange}`;
  try {
    const answer = await tlsa(dns, 25, 'tcp', exchange);
    return { exchange, tlsa: { name, outcome: answer.outcome, rcode: answer.rcode, ad: answer.ad, records: answer.records }, chains: [] };
  } catch (error) {
    return { exchange, tlsa: { name, outcome: 'error', rcode: '', ad: false, records: [], detail: messageOf(error) }, chains: [] };
  }
}

/**
 * MX and TLSA per MX (DNS, asked while STARTTLS runs), then for every MX that publishes TLSA the chains
 * its addresses presented in `starttls`, awaited only then. Gather STARTTLS once per domain and pass the
 * same promise to the `mail.starttls` evaluation and here.
 *
 * @example
 * const starttls = gatherStarttls(dns, domain, options);
 * const [mailTls, dane] = await Promise.all([starttls, gatherDane(dns, domain, starttls)]);
 */
export async function gatherDane(dns: DnsClient, domain: string, starttls: Promise<StarttlsFacts> | StarttlsFacts): Promise<DaneFacts> {
  const name = domain.toLowerCase().replace(/\.$/, '');
  const facts: DaneFacts = { domain: name, mx: await mxFacts(dns, name), hosts: [] };
  if (facts.mx.nullMx) return facts;
  facts.hosts = await Promise.all(facts.mx.hosts.map((exchange) => tlsaOf(dns, exchange)));
  if (facts.hosts.every((h) => h.tlsa.records.length === 0)) return facts;
  const servers = await starttls;
  for (const host of facts.hosts) if (host.tlsa.records.length > 0) host.chains = chainsOf(host.exchange, servers);
  return facts;
}
