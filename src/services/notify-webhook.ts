import { createHmac } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, request } from 'undici';
import { createAddressPolicy, parseCidrList } from '../scan/address-policy.js';

/**
 * Calling a subscriber's webhook: a POST of the event as JSON, signed with the subscription's secret, behind
 * the same SSRF guard as the scanner (src/scan/address-policy.ts): only https:// and only public addresses,
 * unless THORBECKE_ALLOW_TARGETS lists the address (then http:// is allowed too, for test networks). The host
 * name is resolved with the system resolver (node:dns), not the scanner's validating resolver: a webhook is
 * an address its subscriber chose, not a measured domain. The connection goes to the address that was checked,
 * so a second, different DNS answer cannot redirect it; redirects are not followed and the answer's body is
 * read only up to 64 KiB and ignored.
 */

/** The `X-Thorbecke-Signature` header: `sha256=` and the hex HMAC-SHA256 of the body under the secret. */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** A call that is never tried again: the guard refused the address, or the URL cannot be called. */
export class WebhookRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookRefused';
  }
}

export interface WebhookOptions {
  /** THORBECKE_ALLOW_TARGETS, parsed: ranges that may be called although they are not public. */
  allow: readonly string[];
  timeoutMs: number;
  userAgent: string;
  /** The resolver (tests); default node:dns lookup of every address. */
  resolve?: (host: string) => Promise<string[]>;
}

export type WebhookCaller = (url: string, body: string, secret: string | null) => Promise<void>;

const BODY_LIMIT = 64 * 1024;

async function systemResolve(host: string): Promise<string[]> {
  const answers = await lookup(host, { all: true, verbatim: true });
  return answers.map((a) => a.address);
}

function inRanges(address: string, ranges: readonly string[]): boolean {
  const parsed = ipaddr.process(address);
  return ranges.some((range) => {
    const [network, bits] = ipaddr.isValidCIDR(range) ? ipaddr.parseCIDR(range) : [ipaddr.parse(range), range.includes(':') ? 128 : 32];
    return network.kind() === parsed.kind() && parsed.match(network, bits);
  });
}

/** A lookup that always answers the address checked before (for the connection of one call). */
function pinnedLookup(address: string): LookupFunction {
  const family = address.includes(':') ? 6 : 4;
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options.all === true) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as LookupFunction;
}

/** Creates the webhook caller; throws InputError for a bad allow-list. */
export function createWebhookCaller(options: WebhookOptions): WebhookCaller {
  const allow = parseCidrList(options.allow.join(','));
  const policy = createAddressPolicy({ allow });
  const resolve = options.resolve ?? systemResolve;

  /** The address to connect to, or WebhookRefused saying why not. */
  const checked = async (url: URL): Promise<string> => {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookRefused(`${url.protocol} URLs cannot be called; use https://`);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    let addresses: string[];
    if (ipaddr.isValid(host)) addresses = [host];
    else {
      try {
        addresses = await resolve(host);
      } catch (error) {
        throw new Error(`${host} could not be resolved: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (addresses.length === 0) throw new Error(`${host} has no address`);
    for (const address of addresses) {
      const decision = policy(address);
      if (!decision.allowed) {
        const why = decision.reason.split(';')[0] ?? decision.reason;
        const of = address === host ? '' : ` (an address of ${host})`;
        throw new WebhookRefused(`blocked: ${why}${of}; only public addresses are called unless THORBECKE_ALLOW_TARGETS lists them`);
      }
    }
    if (url.protocol === 'http:' && !addresses.every((a) => inRanges(a, allow))) {
      throw new WebhookRefused('blocked: http:// is allowed only for addresses in THORBECKE_ALLOW_TARGETS; use https://');
    }
    const first = addresses[0];
    if (first === undefined) throw new Error(`${host} has no address`);
    return first;
  };

  return async (text, body, secret) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new WebhookRefused(`${text} is not a URL`);
    }
    const address = await checked(url);
    const agent = new Agent({ connect: { lookup: pinnedLookup(address), timeout: options.timeoutMs } });
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': options.userAgent };
      if (secret !== null) headers['x-thorbecke-signature'] = signature(secret, body);
      const response = await request(url, {
        method: 'POST',
        body,
        headers,
        dispatcher: agent,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      await response.body.dump({ limit: BODY_LIMIT }).catch(() => undefined);
      const status = response.statusCode;
      if (status >= 300 && status < 400) throw new Error(`the webhook answered HTTP ${String(status)}: redirects are not followed`);
      if (status < 200 || status >= 300) throw new Error(`the webhook answered HTTP ${String(status)}`);
    } finally {
      await agent.close().catch(() => undefined);
    }
  };
}
