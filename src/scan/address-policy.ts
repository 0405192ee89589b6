/**
 * The SSRF guard: which IP addresses the scanner may connect to. A whitelist, not a blacklist: only
 * addresses that ipaddr.js classifies as public unicast (IPv4 `unicast`; IPv6 `unicast` inside the
 * global unicast block 2000::/3) are allowed, plus whatever the operator lists in `--allow-targets`.
 * Addresses that embed an IPv4 address (IPv4-mapped, NAT64, 6to4, Teredo) are judged by what they embed.
 */
import ipaddr from 'ipaddr.js';
import type { AddressDecision, AddressPolicy } from '../domain/check.js';
import { InputError, type Issue } from '../domain/errors.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Cidr = [Address, number];

/** Plain-language names of the ranges ipaddr.js knows, for refusal reasons. */
const RANGE_NAMES: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT address (100.64.0.0/10)',
  private: 'a private address',
  reserved: 'a reserved, documentation or benchmarking address',
  as112: 'an AS112 sink address',
  amt: 'an AMT relay address',
  uniqueLocal: 'a unique-local address (fc00::/7)',
  deprecatedSiteLocal: 'a site-local address (fec0::/10)',
  discard: 'a discard-only address (100::/64)',
  benchmarking: 'a benchmarking address (2001:2::/48)',
  as112v6: 'an AS112 sink address',
  deprecatedOrchid: 'an ORCHID address',
  orchid2: 'an ORCHIDv2 address',
  droneRemoteIdProtocolEntityTags: 'a drone remote ID address',
  segmentRouting: 'a segment routing address',
  ipv4Mapped: 'an IPv4-mapped address',
  rfc6145: 'an IPv4-translated address',
  rfc6052: 'a NAT64 address',
  '6to4': 'a 6to4 address',
  teredo: 'a Teredo address',
};

const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');

/** Parses a comma-separated list of CIDRs (`127.0.0.0/8,::1/128`); a bare address means a single host. */
export function parseCidrList(text: string): string[] {
  const entries = text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  const issues: Issue[] = [];
  for (const [index, entry] of entries.entries()) {
    if (!isCidr(entry)) issues.push({ location: `entry ${index + 1}`, message: `"${entry}" is not an IP range such as 127.0.0.0/8 or ::1/128` });
  }
  if (issues.length > 0) {
    throw new InputError(`invalid --allow-targets: ${issues.map((issue) => issue.message).join('; ')}`, issues);
  }
  return entries;
}

function isCidr(entry: string): boolean {
  return ipaddr.isValidCIDR(entry) || ipaddr.isValid(entry);
}

function toCidr(entry: string): Cidr {
  if (ipaddr.isValidCIDR(entry)) return ipaddr.parseCIDR(entry);
  const address = ipaddr.parse(entry);
  return [address, address.kind() === 'ipv4' ? 32 : 128];
}

/** IPv4 addresses embedded in an IPv6 address by a transition mechanism, or [] when there is none. */
function embeddedIPv4(address: ipaddr.IPv6, range: string): ipaddr.IPv4[] {
  const p = address.parts;
  const v4 = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  switch (range) {
    case 'ipv4Mapped':
    case 'rfc6145':
    case 'rfc6052':
      return [v4(p[6] ?? 0, p[7] ?? 0)];
    case '6to4':
      return [v4(p[1] ?? 0, p[2] ?? 0)];
    case 'teredo':
      // Server at bits 32-63; client obfuscated (inverted) in the last 32 bits.
      return [v4(p[2] ?? 0, p[3] ?? 0), v4(~(p[6] ?? 0) & 0xffff, ~(p[7] ?? 0) & 0xffff)];
    default:
      return [];
  }
}

/** Why an address is not public, or null when it is. */
function refusal(address: Address): string | null {
  const range = address.range();
  if (address.kind() === 'ipv4') return range === 'unicast' ? null : (RANGE_NAMES[range] ?? `in the ${range} range`);
  const v6 = address as ipaddr.IPv6;
  const embedded = embeddedIPv4(v6, range);
  if (embedded.length > 0) {
    for (const v4 of embedded) {
      const why = refusal(v4);
      if (why !== null) return `${RANGE_NAMES[range] ?? range} embedding ${v4.toString()}, which is ${why}`;
    }
    return null;
  }
  if (range !== 'unicast') return RANGE_NAMES[range] ?? `in the ${range} range`;
  if (!v6.match(GLOBAL_UNICAST)) return 'outside the global unicast range 2000::/3';
  return null;
}

function matches(address: Address, [network, bits]: Cidr): boolean {
  if (address.kind() === network.kind()) return address.match(network, bits);
  // An IPv4 allow-list entry also covers the IPv4-mapped form of its addresses, and vice versa.
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (address as ipaddr.IPv6).toIPv4Address().match(network, bits);
  }
  if (address.kind() === 'ipv4') return (address as ipaddr.IPv4).toIPv4MappedAddress().match(network, bits);
  return false;
}

/**
 * Creates the SSRF guard. `allow` lists CIDRs (validated with {@link parseCidrList}) that may be scanned even
 * though they are not public, e.g. the sealed test network's 127.0.0.0/8.
 *
 * @example
 * const policy = createAddressPolicy({ allow: parseCidrList('127.0.0.0/8') });
 * policy('127.0.0.1'); // { allowed: true }
 * policy('10.0.0.1');  // { allowed: false, reason: '10.0.0.1 is a private address; add it to --allow-targets to scan it' }
 */
export function createAddressPolicy(options: { allow: readonly string[] }): AddressPolicy {
  const allow = parseCidrList(options.allow.join(',')).map(toCidr);
  return (text: string): AddressDecision => {
    const trimmed = text.trim().replace(/^\[(.*)\]$/, '$1');
    const valid = trimmed.includes(':') ? ipaddr.IPv6.isValid(trimmed) : ipaddr.IPv4.isValidFourPartDecimal(trimmed);
    if (!valid) {
      return { allowed: false, reason: `${text} is not an IP address` };
    }
    const address = ipaddr.parse(trimmed);
    if (allow.some((cidr) => matches(address, cidr))) return { allowed: true };
    const why = refusal(address);
    if (why === null) return { allowed: true };
    return { allowed: false, reason: `${trimmed} is ${why}; add it to --allow-targets to scan it` };
  };
}
