/**
 * Questions the checks ask, answered as plain facts: the records, whether the resolver validated them
 * (AD), the rcode, and whether the name does not exist (NXDOMAIN) or has no records of the type (NODATA).
 * Network failures surface as {@link DnsError}.
 */
import { normaliseName, type DnsClient, type DnsRecord, type DnsType } from './client.js';

/** `records`: an answer; `nxdomain`: the name does not exist; `nodata`: it exists without this type; `failure`: SERVFAIL, REFUSED, ... */
export type LookupOutcome = 'records' | 'nxdomain' | 'nodata' | 'failure';

export interface LookupFacts {
  /** The name asked. */
  name: string;
  /** The name the records belong to after following CNAMEs. */
  canonicalName: string;
  /** CNAME targets followed, in order. */
  cnames: string[];
  rcode: string;
  /** True only when every response on the way was authenticated. */
  ad: boolean;
  outcome: LookupOutcome;
}

const MAX_CNAME_HOPS = 8;

/** The data of A, AAAA, CNAME, NS records: a string. */
function stringData(record: DnsRecord): string {
  return 'data' in record && typeof record.data === 'string' ? record.data : '';
}

/** Asks for `type`, following CNAMEs in the answers (and asking again for a target outside them), up to 8 hops. */
export async function lookup(dns: DnsClient, name: string, type: DnsType): Promise<LookupFacts & { records: DnsRecord[] }> {
  const cnames: string[] = [];
  let current = normaliseName(name);
  let ad = true;
  for (;;) {
    const response = await dns.query(current, type);
    ad &&= response.ad;
    const byName = (record: DnsRecord) => normaliseName(record.name) === current;
    let followed = 0;
    for (;; followed++) {
      const cname = type === 'CNAME' ? undefined : response.answers.find((record) => record.type === 'CNAME' && byName(record));
      if (cname === undefined) break;
      if (cnames.length >= MAX_CNAME_HOPS) return facts('failure', response.rcode, []); // a loop or an over-long chain
      current = normaliseName(stringData(cname));
      cnames.push(current);
    }
    const records = response.answers.filter((record) => record.type === type && byName(record));
    // The chain left this answer without a verdict on the target (no SOA: not NODATA): ask for the target.
    const leftAnswer = followed > 0 && records.length === 0 && response.rcode === 'NOERROR' && !response.authorities.some((record) => record.type === 'SOA');
    if (leftAnswer) continue;
    const outcome: LookupOutcome =
      records.length > 0 ? 'records' : response.rcode === 'NXDOMAIN' ? 'nxdomain' : response.rcode === 'NOERROR' ? 'nodata' : 'failure';
    return facts(outcome, response.rcode, records);
  }

  function facts(outcome: LookupOutcome, rcode: string, records: DnsRecord[]) {
    return { name: normaliseName(name), canonicalName: current, cnames, rcode, ad, outcome, records };
  }
}

/**
 * A and AAAA of a name, asked in parallel. An RRset has no order (resolvers rotate it): the addresses are
 * sorted, so that the same answer gives the same facts on every measurement. The same holds for the other
 * record types below.
 */
export async function addresses(dns: DnsClient, name: string): Promise<{ ipv4: LookupFacts & { addresses: string[] }; ipv6: LookupFacts & { addresses: string[] } }> {
  const [a, aaaa] = await Promise.all([lookup(dns, name, 'A'), lookup(dns, name, 'AAAA')]);
  const strip = ({ records, ...rest }: Awaited<ReturnType<typeof lookup>>) => ({ ...rest, addresses: records.map(stringData).sort() });
  return { ipv4: strip(a), ipv6: strip(aaaa) };
}

export interface MxHost {
  preference: number;
  exchange: string;
}

/** MX sorted by preference; `nullMx` when the domain says it accepts no mail (RFC 7505: one MX of `.`). */
export async function mx(dns: DnsClient, name: string): Promise<LookupFacts & { hosts: MxHost[]; nullMx: boolean }> {
  const { records, ...rest } = await lookup(dns, name, 'MX');
  const hosts = records
    .flatMap((record) => (record.type === 'MX' ? [{ preference: record.data.preference ?? 0, exchange: normaliseName(record.data.exchange) }] : []))
    .sort((a, b) => a.preference - b.preference || a.exchange.localeCompare(b.exchange));
  const nullMx = hosts.length === 1 && hosts[0]?.exchange === '';
  return { ...rest, hosts, nullMx };
}

/** Name servers, sorted. */
export async function ns(dns: DnsClient, name: string): Promise<LookupFacts & { hosts: string[] }> {
  const { records, ...rest } = await lookup(dns, name, 'NS');
  return { ...rest, hosts: records.map((record) => normaliseName(stringData(record))).sort() };
}

/** TXT records, each one's character-strings joined into one string. */
export async function txt(dns: DnsClient, name: string): Promise<LookupFacts & { texts: string[] }> {
  const { records, ...rest } = await lookup(dns, name, 'TXT');
  const join = (data: unknown): string =>
    Array.isArray(data) ? data.map(join).join('') : Buffer.isBuffer(data) ? data.toString('utf8') : String(data);
  return { ...rest, texts: records.map((record) => join('data' in record ? record.data : '')).sort() };
}

export interface TlsaRecord {
  usage: number;
  selector: number;
  matchingType: number;
  /** Certificate association data, lower-case hex. */
  data: string;
}

/** TLSA records at `_PORT._PROTO.NAME` (DANE). */
export async function tlsa(dns: DnsClient, port: number, proto: 'tcp' | 'udp', name: string): Promise<LookupFacts & { records: TlsaRecord[] }> {
  const { records, ...rest } = await lookup(dns, `_${port}._${proto}.${normaliseName(name)}`, 'TLSA');
  return {
    ...rest,
    records: records.flatMap((record) =>
      record.type === 'TLSA'
        ? [{ usage: record.data.usage, selector: record.data.selector, matchingType: record.data.matchingType, data: record.data.certificate.toString('hex') }]
        : [],
    ).sort((a, b) => a.usage - b.usage || a.selector - b.selector || a.matchingType - b.matchingType || a.data.localeCompare(b.data)),
  };
}
