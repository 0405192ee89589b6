/**
 * The client's address for each request (`c.get('clientIp')`), for rate limits, login throttling and the
 * audit trail. From the socket, or, behind a trusted reverse proxy (THORBECKE_TRUST_PROXY=on), from the
 * rightmost X-Forwarded-For entry: the one our own proxy appended, which a client cannot forge (entries
 * further left are whatever the client sent). Only turn it on when every request passes through the proxy.
 */
import { isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import './auth/context.js'; // declares the clientIp variable

/** `::ffff:192.0.2.1` → `192.0.2.1`; anything that is not an IP address → undefined. */
export function normaliseIp(value: string | undefined): string | undefined {
  const trimmed = value?.trim().replace(/^\[(.*)\]$/, '$1');
  if (trimmed === undefined || isIP(trimmed) === 0) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed)?.[1];
  return (mapped ?? trimmed).toLowerCase();
}

/** The socket's peer address; undefined without a socket (in-process `app.request` tests). */
function socketAddress(c: Context): string | undefined {
  try {
    return normaliseIp(getConnInfo(c).remote.address);
  } catch {
    return undefined;
  }
}

/** The rightmost X-Forwarded-For entry (several headers count as one list), when it is an address. */
export function rightmostForwardedFor(header: string | undefined): string | undefined {
  const last = header
    ?.split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .at(-1);
  return normaliseIp(last);
}

export function clientIp(options: { trustProxy: boolean }): MiddlewareHandler {
  return async (c, next) => {
    const forwarded = options.trustProxy ? rightmostForwardedFor(c.req.header('x-forwarded-for')) : undefined;
    c.set('clientIp', forwarded ?? socketAddress(c));
    await next();
  };
}
