/**
 * Gathers what one HTTP(S) URL answers, connecting only to addresses the scanner resolved itself and the
 * address policy allows. Redirects are followed by hand so that every hop is recorded and checked.
 * Shared by the web and security-txt families; it lives outside src/checks/web because the lint boundary
 * pattern for the src/web layer also matches any folder named `web`.
 */
import { buildConnector, Client } from 'undici';
import type { AddressPolicy } from '../../domain/check.js';
import { sharedSecureContext, trustBundle } from '../tls/secure-context.js';
import { classifyNetworkError, codedError, type NetworkError } from './network-error.js';

export interface FetchOptions {
  url: string;
  /** The IP address the scanner resolved for the URL's host. */
  address: string;
  policy: AddressPolicy;
  /** The scanner's own resolver, used for the hosts of redirect targets. */
  resolve: (host: string) => Promise<string[]>;
  /** Extra trusted roots (PEM), added to Node's bundled roots (`tls.rootCertificates`; never the environment's store). */
  ca?: string[];
  /** Overall deadline for the whole chain, and the limit for each connect and read. */
  timeoutMs: number;
  maxBodyBytes: number;
  maxHeaderBytes: number;
  maxRedirects?: number;
  userAgent: string;
  /** Verify the certificate chain and name (default true); false lets a gatherer read headers anyway. */
  verifyCertificate?: boolean;
}

/** One request of the chain. */
export interface Hop {
  url: string;
  scheme: 'http' | 'https';
  host: string;
  address: string;
  status?: number;
  /** The Location header as sent, when the status is a redirect. */
  location?: string;
  /** Every Strict-Transport-Security header of this response, in order (HSTS is judged per hop). */
  hsts?: string[];
}

export type HeaderMap = Record<string, string | string[]>;

/** Plain facts about the chain; `error` is set when the chain did not end in a final response. */
export interface FetchFacts {
  hops: Hop[];
  finalUrl: string;
  finalStatus?: number;
  /** Lower-cased names; repeated headers (e.g. Strict-Transport-Security) kept as a list. */
  headers: HeaderMap;
  body: string;
  bodyTruncated: boolean;
  error?: NetworkError;
  /** Set with `error.kind === 'blocked'`: the policy's reason. */
  blockedReason?: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** The values of a header as a list (absent → empty). */
export function headerValues(headers: HeaderMap, name: string): string[] {
  const value = headers[name.toLowerCase()];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** Settles like `promise`, or rejects with the signal's reason once it aborts (the injected resolver may hang). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      reject(signal.reason as Error);
    };
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => {
      signal.removeEventListener('abort', onAbort);
    });
  });
}

/** Chooses the first allowed address for a redirect target, or explains why none is. */
async function addressFor(
  url: URL,
  previous: { host: string; address: string },
  options: FetchOptions,
  signal: AbortSignal,
): Promise<{ address: string } | { reason: string }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === previous.host) return { address: previous.address };
  const addresses = /^[\d.]+$|:/.test(host) ? [host] : await untilAborted(options.resolve(host), signal);
  if (addresses.length === 0) return { reason: `${host} has no address` };
  let reason = '';
  for (const address of addresses) {
    const decision = options.policy(address);
    if (decision.allowed) return { address };
    reason ||= `${host} resolves to ${address}: ${decision.reason}`;
  }
  return { reason };
}

/** One request over a fresh connection to `address`, with the URL's host as SNI and Host header. */
async function requestOnce(
  url: URL,
  address: string,
  options: FetchOptions,
  signal: AbortSignal,
): Promise<{ status: number; headers: HeaderMap; body: string; truncated: boolean }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const connector = buildConnector({
    timeout: options.timeoutMs,
    rejectUnauthorized: options.verifyCertificate ?? true,
    secureContext: sharedSecureContext({ ca: trustBundle(options.ca) as string[] }),
    ...(/^[\d.]+$|:/.test(host) ? {} : { servername: host }),
  });
  const client = new Client(url.origin, {
    connect: (opts, callback) => {
      connector({ ...opts, hostname: address }, callback);
    },
    connectTimeout: options.timeoutMs,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    maxHeaderSize: options.maxHeaderBytes,
    pipelining: 0,
  });
  try {
    const response = await client.request({
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: { 'user-agent': options.userAgent, accept: '*/*' },
      signal,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      const room = options.maxBodyBytes - size;
      if (chunk.length >= room) {
        chunks.push(chunk.subarray(0, room));
        size += room;
        truncated = chunk.length > room;
        if (truncated) break;
        continue;
      }
      chunks.push(chunk);
      size += chunk.length;
    }
    if (truncated) response.body.destroy();
    const body = new TextDecoder('utf-8').decode(Buffer.concat(chunks));
    return { status: response.statusCode, headers: response.headers as HeaderMap, body, truncated };
  } finally {
    client.destroy().catch(() => undefined);
  }
}

/** Follows `options.url` hop by hop and returns what it saw; never throws for network trouble. */
export async function fetchFrom(options: FetchOptions): Promise<FetchFacts> {
  const maxRedirects = options.maxRedirects ?? 10;
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(codedError('ETIMEDOUT', `no complete answer within ${options.timeoutMs} ms`));
  }, options.timeoutMs);
  const facts: FetchFacts = { hops: [], finalUrl: options.url, headers: {}, body: '', bodyTruncated: false };
  let url = new URL(options.url);
  let address = options.address;
  try {
    const first = options.policy(address);
    if (!first.allowed) return blocked(facts, url, address, `${address}: ${first.reason}`);
    for (;;) {
      const scheme = url.protocol === 'https:' ? 'https' : 'http';
      const hop: Hop = { url: url.href, scheme, host: url.hostname, address };
      facts.hops.push(hop);
      facts.finalUrl = url.href;
      const response = await requestOnce(url, address, options, controller.signal);
      hop.status = response.status;
      const hsts = headerValues(response.headers, 'strict-transport-security');
      if (hsts.length > 0) hop.hsts = hsts;
      const location = headerValues(response.headers, 'location')[0];
      if (!REDIRECTS.has(response.status) || location === undefined) {
        facts.finalStatus = response.status;
        facts.headers = response.headers;
        facts.body = response.body;
        facts.bodyTruncated = response.truncated;
        return facts;
      }
      hop.location = location;
      if (facts.hops.length > maxRedirects) {
        throw codedError('ERR_TOO_MANY_REDIRECTS', `more than ${maxRedirects} redirects`);
      }
      const next = new URL(location, url);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw codedError('ERR_BAD_REDIRECT', `redirect to unsupported scheme ${next.protocol}`);
      }
      const chosen = await addressFor(next, { host: url.hostname, address }, options, controller.signal);
      if ('reason' in chosen) return blocked(facts, next, '', chosen.reason);
      url = next;
      address = chosen.address;
    }
  } catch (err) {
    facts.error = classifyNetworkError(controller.signal.aborted ? (controller.signal.reason ?? err) : err);
    return facts;
  } finally {
    clearTimeout(timer);
  }
}

function blocked(facts: FetchFacts, url: URL, address: string, reason: string): FetchFacts {
  facts.hops.push({ url: url.href, scheme: url.protocol === 'https:' ? 'https' : 'http', host: url.hostname, address });
  facts.finalUrl = url.href;
  facts.error = { kind: 'blocked', message: reason };
  facts.blockedReason = reason;
  return facts;
}
