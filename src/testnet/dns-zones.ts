/**
 * The authoritative answer logic of the test network's DNS server, without sockets: zones are data, and
 * `answer` turns one question into the sections of a reply (AA, NXDOMAIN vs NODATA with the SOA in the
 * authority section, CNAMEs chased within the served zones).
 */
import dnsPacket from 'dns-packet';
import { normaliseName, type DnsType } from '../checks/dns/client.js';

/** One record. `name` is absolute (`www.example.test`), relative to the zone (`www`) or `@` for the apex. */
export interface ZoneRecord {
  name: string;
  type: DnsType;
  ttl?: number;
  /** As dns-packet encodes it: a string for A/AAAA/CNAME/NS, `{ preference, exchange }` for MX, ... */
  data: unknown;
}

/** Zones by apex name: `{ 'example.test': [{ name: '@', type: 'A', data: '127.0.0.10' }] }`. */
export type Zones = Record<string, readonly ZoneRecord[]>;

export interface ZoneAnswer {
  rcode: 'NOERROR' | 'NXDOMAIN' | 'REFUSED';
  answers: dnsPacket.Answer[];
  authorities: dnsPacket.Answer[];
}

interface Zone {
  apex: string;
  records: dnsPacket.Answer[];
}

const DEFAULT_TTL = 300;
const MAX_CHASE = 8;

/** Fails at start-up, naming the record, when its data cannot be put on the wire. */
function checked(record: dnsPacket.Answer): dnsPacket.Answer {
  try {
    dnsPacket.encode({ type: 'response', answers: [record] });
  } catch (error) {
    throw new Error(`zone record ${record.name} ${record.type} has data dns-packet cannot encode: ${String(error)}`);
  }
  return record;
}

/** Normalises zone data once: absolute lower-case names, a TTL on every record, an SOA at every apex. */
export function compileZones(zones: Zones): Zone[] {
  return Object.entries(zones).map(([rawApex, records]) => {
    const apex = normaliseName(rawApex);
    const absolute = (name: string) => {
      const lower = normaliseName(name);
      if (lower === '@' || lower === '') return apex;
      return lower === apex || lower.endsWith(`.${apex}`) ? lower : `${lower}.${apex}`;
    };
    const compiled = records.map((record) => checked({ name: absolute(record.name), type: record.type, ttl: record.ttl ?? DEFAULT_TTL, data: record.data } as dnsPacket.Answer));
    if (!compiled.some((record) => record.type === 'SOA' && record.name === apex)) {
      compiled.push({
        name: apex,
        type: 'SOA',
        ttl: DEFAULT_TTL,
        data: { mname: `ns.${apex}`, rname: `hostmaster.${apex}`, serial: 1, refresh: 3600, retry: 600, expire: 86400, minimum: 60 },
      });
    }
    return { apex, records: compiled };
  });
}

/** The most specific zone that contains a name, if any. */
function zoneOf(zones: readonly Zone[], name: string): Zone | undefined {
  return zones
    .filter((zone) => name === zone.apex || name.endsWith(`.${zone.apex}`))
    .sort((a, b) => b.apex.length - a.apex.length)[0];
}

/** Answers one question from the zones. Names outside every zone are REFUSED (not authoritative). */
export function answer(zones: readonly Zone[], rawName: string, type: string): ZoneAnswer {
  const answers: dnsPacket.Answer[] = [];
  let name = normaliseName(rawName);
  for (let hop = 0; hop <= MAX_CHASE; hop++) {
    const zone = zoneOf(zones, name);
    if (zone === undefined) return { rcode: hop === 0 ? 'REFUSED' : 'NOERROR', answers, authorities: [] };
    const atName = zone.records.filter((record) => record.name === name);
    const matching = atName.filter((record) => record.type === type);
    if (matching.length > 0) return { rcode: 'NOERROR', answers: [...answers, ...matching], authorities: [] };
    const cname = atName.find((record) => record.type === 'CNAME');
    if (cname !== undefined && 'data' in cname && typeof cname.data === 'string') {
      answers.push(cname);
      name = normaliseName(cname.data);
      continue;
    }
    const soa = zone.records.filter((record) => record.type === 'SOA' && record.name === zone.apex);
    // A name exists when it owns records or has descendants (an empty non-terminal).
    const exists = atName.length > 0 || zone.records.some((record) => record.name.endsWith(`.${name}`));
    return { rcode: exists ? 'NOERROR' : 'NXDOMAIN', answers, authorities: soa };
  }
  return { rcode: 'NOERROR', answers, authorities: [] };
}
