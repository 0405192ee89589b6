/**
 * The one guard for the sealed test network's addresses: everything it binds, serves or delegates to is on
 * loopback (127.0.0.0/8, and ::1 where IPv6 is allowed), never a routable address.
 */
import { isIPv4 } from 'node:net';

/** Whether `address` is an IPv4 address in 127.0.0.0/8. */
export const isLoopbackV4 = (address: string): boolean => isIPv4(address) && address.startsWith('127.');

/** Whether `address` is one of the test network's addresses: 127.0.0.0/8 or ::1. */
export const isTestAddress = (address: string): boolean => isLoopbackV4(address) || address === '::1';

/** `host` when it is in 127.0.0.0/8; otherwise an error naming `what`. */
export function loopbackV4(host: string, what: string): string {
  if (!isLoopbackV4(host)) throw new Error(`${what} ${host} is not in 127.0.0.0/8: the test network uses loopback only`);
  return host;
}
