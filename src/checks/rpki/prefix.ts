/**
 * IP prefixes and addresses for RPKI, parsed strictly with ipaddr.js (dotted-quad IPv4, canonical
 * prefixes without host bits) and keyed by their network address for hash lookups.
 */
import ipaddr from 'ipaddr.js';

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;
export type Family = 'ipv4' | 'ipv6';

export interface Prefix {
  family: Family;
  network: IpAddress;
  length: number;
  /** Canonical text, e.g. `192.0.2.0/24`, `2001:db8::/32`. */
  text: string;
  /** The hash key ({@link prefixKey}). */
  key: string;
}

export const MAX_PREFIX_LENGTH: Readonly<Record<Family, number>> = { ipv4: 32, ipv6: 128 };

/** The network address of `address` at `length` bits (ipaddr.js does the masking). */
export function networkOf(address: IpAddress, length: number): IpAddress {
  const cidr = `${address.toString()}/${length}`;
  return address.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(cidr) : ipaddr.IPv6.networkAddressFromCIDR(cidr);
}

/** A hash key for the prefix of `address` at `length` bits. */
export function prefixKey(address: IpAddress, length: number): string {
  return `${networkOf(address, length).toNormalizedString()}/${length}`;
}

/** Parses one address as written (an IPv4-mapped IPv6 address stays IPv6); throws with a plain reason. */
function parseLiteral(text: string): IpAddress {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (!text.includes('%') && text.includes(':')) {
    try {
      return ipaddr.IPv6.parse(text);
    } catch {
      // not IPv6 either
    }
  }
  throw new Error(`"${text}" is not an IP address`);
}

/**
 * Parses one address to look up; an IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) is the IPv4 address it
 * carries, routed and authorised as IPv4. Throws with a plain reason.
 */
export function parseAddress(text: string): IpAddress {
  const address = parseLiteral(text);
  return address instanceof ipaddr.IPv6 && address.isIPv4MappedAddress() ? address.toIPv4Address() : address;
}

/** Parses `ADDRESS/LENGTH`; throws with a plain reason (not a prefix, length out of range, host bits set). */
export function parsePrefix(text: string): Prefix {
  const slash = text.lastIndexOf('/');
  const lengthText = text.slice(slash + 1);
  if (slash < 0 || !/^\d{1,3}$/.test(lengthText)) throw new Error(`"${text}" is not an IP prefix (ADDRESS/LENGTH)`);
  const address = parseLiteral(text.slice(0, slash));
  const family = address.kind();
  const length = Number(lengthText);
  if (length > MAX_PREFIX_LENGTH[family]) throw new Error(`"${text}": the length must be at most ${MAX_PREFIX_LENGTH[family]} for ${family === 'ipv4' ? 'IPv4' : 'IPv6'}`);
  const network = networkOf(address, length);
  const normalized = network.toNormalizedString();
  if (normalized !== address.toNormalizedString()) throw new Error(`"${text}" has host bits set (the prefix would be ${network.toString()}/${length})`);
  return { family, network, length, text: `${network.toString()}/${length}`, key: `${normalized}/${length}` };
}
