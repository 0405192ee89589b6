/**
 * Plain, JSON-safe facts the IPv6 family gathers: DNS answers as outcomes (never exceptions) and, per
 * IPv6 address, what a probe over IPv6 saw. Evaluate functions read only these.
 */

/** A DNS lookup's outcome; `error` when no answer arrived (timeout, network). */
export type AnswerOutcome = 'records' | 'nxdomain' | 'nodata' | 'failure' | 'error';

export interface AddressAnswer {
  name: string;
  outcome: AnswerOutcome;
  /** The rcode, or the error message. */
  detail: string;
  addresses: string[];
}

export interface NameListAnswer {
  name: string;
  outcome: AnswerOutcome;
  detail: string;
  hosts: string[];
}

export interface MxListAnswer extends NameListAnswer {
  /** RFC 7505: the domain accepts no mail. */
  nullMx: boolean;
}

/** One connection attempt to one address: `ok` with what was read, else why not (`blocked`: the address policy refused). */
export interface ProbeResult {
  address: string;
  ok: boolean;
  blocked?: string;
  detail: string;
}

export interface NameServerFacts {
  name: string;
  ipv6: AddressAnswer;
  /** Per IPv6 address: did it answer a DNS query for the zone over IPv6. */
  probes: ProbeResult[];
}

export interface Ipv6NameserverFacts {
  domain: string;
  ns: NameListAnswer;
  servers: NameServerFacts[];
}

/** One HTTP(S) request to one address, first response only (no redirects followed). */
export interface WebProbe extends ProbeResult {
  family: 4 | 6;
  scheme: 'http' | 'https';
  port: number;
  status?: number;
  bodyBytes?: number;
  /** SHA-256 of the normalised body (see similarity.ts). */
  bodyHash?: string;
  /** IPv6 probes only: similarity (0..1) of the body to the IPv4 answer on the same scheme. */
  similarity?: number;
}

export interface Ipv6WebFacts {
  /** The web name: the domain as given (as internet.nl tests it). */
  name: string;
  ipv4: AddressAnswer;
  ipv6: AddressAnswer;
  /** The IPv4 baseline (first allowed A address) and every AAAA address, per scheme. */
  probes: WebProbe[];
}

export interface MxHostFacts {
  name: string;
  ipv6: AddressAnswer;
  /** Per IPv6 address: a TCP connect to port 25 and the 220 banner. */
  probes: ProbeResult[];
}

export interface Ipv6MailFacts {
  domain: string;
  mx: MxListAnswer;
  hosts: MxHostFacts[];
}
