/**
 * Gathers DNSSEC facts for one name from the validating resolver: the answer with DO (AD flag, RRSIGs)
 * and, on SERVFAIL, the same query with CD=1 to tell a bogus signature from a broken name.
 */
import type { DnsClient } from '../dns/client.js';
import { messageOf } from '../../domain/errors.js';

export interface DnssecAnswer {
  rcode: string;
  ad: boolean;
  /** Whether the answer section carries RRSIG records. */
  rrsig: boolean;
}

export interface DnssecFacts {
  name: string;
  type: 'SOA' | 'A';
  answer?: DnssecAnswer;
  /** Only asked when `answer` is a SERVFAIL: the same query with checking disabled. */
  unchecked?: DnssecAnswer;
  /** Set when the resolver could not be asked (timeout, garbage). */
  error?: string;
}

async function ask(dns: DnsClient, name: string, type: 'SOA' | 'A', cd: boolean): Promise<DnssecAnswer> {
  const response = await dns.query(name, type, { dnssecOk: true, cd });
  return { rcode: response.rcode, ad: response.ad, rrsig: response.answers.some((r) => r.type === 'RRSIG') };
}

export async function gatherDnssec(dns: DnsClient, rawName: string, type: 'SOA' | 'A' = 'SOA'): Promise<DnssecFacts> {
  const name = rawName.toLowerCase().replace(/\.$/, '');
  const facts: DnssecFacts = { name, type };
  try {
    facts.answer = await ask(dns, name, type, false);
    if (facts.answer.rcode === 'SERVFAIL') facts.unchecked = await ask(dns, name, type, true);
  } catch (error) {
    facts.error = messageOf(error);
  }
  return facts;
}
