/**
 * Pure evaluation of the web checks `web.https.available`, `web.https.redirect` and `web.https.hsts`
 * from the facts `fetchFrom` gathered for `http://DOMAIN/` and `https://DOMAIN/`.
 */
import type { Verdict } from '../../domain/check.js';
import { describeSeconds, WEB_CRITERIA } from './criteria.js';
import type { FetchFacts, Hop } from '../http/fetch.js';
import { parseHsts } from './hsts.js';
import type { NetworkError } from '../http/network-error.js';

/** What the web gatherer hands to evaluation. */
export interface WebFacts {
  domain: string;
  /** The chain that started at `http://DOMAIN/`. */
  http: FetchFacts;
  /** The chain that started at `https://DOMAIN/`. */
  https: FetchFacts;
}

const sameHost = (a: string, b: string): boolean => a.toLowerCase().replace(/\.$/, '') === b.toLowerCase().replace(/\.$/, '');
const includes = (list: readonly string[], kind: string): boolean => list.includes(kind);
const firstHop = (facts: FetchFacts): Hop | undefined => facts.hops[0];
const answered = (facts: FetchFacts): boolean => firstHop(facts)?.status !== undefined;
const what = (error: NetworkError | undefined): string => (error ? `${error.kind}: ${error.message}` : 'no answer');

/** Verdict for a chain whose first request got no HTTP answer, when that is not simply "not offered". */
function unmeasured(facts: FetchFacts, url: string): Verdict | undefined {
  const error = facts.error;
  if (error?.kind === 'blocked') return { status: 'blocked', reason: `${url} not contacted: ${error.message}`, facts: { error } };
  if (error === undefined || error.kind === 'other' || error.kind === 'too-large') {
    return { status: 'error', reason: `could not measure ${url} (${what(error)})`, facts: { error } };
  }
  return undefined;
}

/** HTTPS is available when a TLS connection to port 443 yields an HTTP answer; certificate trust is judged elsewhere. */
export function evaluateHttpsAvailable(facts: Pick<WebFacts, 'domain' | 'https'>): Verdict {
  const url = `https://${facts.domain}/`;
  const hop = firstHop(facts.https);
  const error = facts.https.error;
  if (answered(facts.https)) {
    return { status: 'pass', reason: `${url} answers over HTTPS (status ${hop?.status ?? 0})`, facts: { address: hop?.address, status: hop?.status } };
  }
  if (error && includes(WEB_CRITERIA.certificateKinds, error.kind)) {
    const reason = `${url} offers HTTPS, though its certificate is not accepted (${error.message})`;
    return { status: 'pass', reason, facts: { address: hop?.address, error } };
  }
  const other = unmeasured(facts.https, url);
  if (other) return other;
  return { status: 'fail', reason: `HTTPS is not available on port ${WEB_CRITERIA.httpsPort} of ${facts.domain} (${what(error)})`, facts: { address: hop?.address, error } };
}

/**
 * `http://DOMAIN/` must first redirect to `https://DOMAIN/...` (same host), as the law of July 2023 requires;
 * later hops may go anywhere. When port 80 is not offered at all the check passes, as in internet.nl:
 * there is no plain-HTTP entrance to protect.
 */
export function evaluateHttpsRedirect(facts: Pick<WebFacts, 'domain' | 'http'>): Verdict {
  const url = `http://${facts.domain}/`;
  const chain = facts.http.hops.map((h) => ({ url: h.url, status: h.status, location: h.location }));
  const hop = firstHop(facts.http);
  const error = facts.http.error;
  if (!answered(facts.http)) {
    if (error && includes(WEB_CRITERIA.notOfferedKinds, error.kind)) {
      return { status: 'pass', reason: `${facts.domain} does not offer plain HTTP on port 80 (${error.kind}), so nothing needs redirecting`, facts: { error } };
    }
    return unmeasured(facts.http, url) ?? { status: 'error', reason: `could not measure ${url} (${what(error)})`, facts: { error } };
  }
  if (hop?.location === undefined) {
    return { status: 'fail', reason: `${url} answers with status ${hop?.status ?? 0} instead of redirecting to HTTPS`, facts: { chain } };
  }
  let next: URL;
  try {
    next = new URL(hop.location, hop.url);
  } catch {
    return { status: 'fail', reason: `${url} redirects to an invalid location "${hop.location}"`, facts: { chain } };
  }
  if (next.protocol !== 'https:') {
    return { status: 'fail', reason: `${url} redirects to ${next.href}, which is not HTTPS`, facts: { chain } };
  }
  if (!sameHost(next.hostname, facts.domain)) {
    const reason = `${url} redirects to ${next.href} first; it must redirect to https://${facts.domain}/ before going to another host`;
    return { status: 'fail', reason, facts: { chain } };
  }
  return { status: 'pass', reason: `${url} redirects to ${next.href}`, facts: { chain } };
}

/**
 * The HTTPS response of the domain itself (the first hop of `https://DOMAIN/`) must carry
 * Strict-Transport-Security with max-age at least one year. Per RFC 6797 section 8.1 only the first header
 * counts, and browsers ignore it on a connection with certificate errors.
 */
export function evaluateHsts(facts: Pick<WebFacts, 'domain' | 'https'>): Verdict {
  const url = `https://${facts.domain}/`;
  const min = WEB_CRITERIA.hstsMinMaxAge;
  const error = facts.https.error;
  const hop = firstHop(facts.https);
  if (!answered(facts.https)) {
    if (error && (includes(WEB_CRITERIA.notOfferedKinds, error.kind) || error.kind.startsWith('tls-'))) {
      return { status: 'fail', reason: `no usable HTTPS response from ${url}, so no HSTS (${error.kind}: ${error.message})`, facts: { error } };
    }
    return unmeasured(facts.https, url) ?? { status: 'error', reason: `could not measure ${url}`, facts: {} };
  }
  const headers = hop?.hsts ?? [];
  const first = headers[0];
  if (first === undefined) {
    return { status: 'fail', reason: `${url} sends no Strict-Transport-Security header`, facts: { headers } };
  }
  const note = headers.length > 1 ? ` (${headers.length} headers sent; only the first counts)` : '';
  const parsed = parseHsts(first);
  if (!parsed.valid) {
    return { status: 'fail', reason: `the Strict-Transport-Security header "${first}" is invalid: ${parsed.problem}${note}`, facts: { headers } };
  }
  const { maxAge, includeSubDomains, preload } = parsed.policy;
  const detail = { headers, maxAge, includeSubDomains, preload };
  if (maxAge === 0) {
    return { status: 'fail', reason: `HSTS max-age is 0, which switches HSTS off; at least ${describeSeconds(min)} is required${note}`, facts: detail };
  }
  if (maxAge < min) {
    return { status: 'fail', reason: `HSTS max-age is ${maxAge} seconds; at least ${describeSeconds(min)} is required${note}`, facts: detail };
  }
  return { status: 'pass', reason: `HSTS max-age is ${maxAge} seconds${includeSubDomains ? ', with includeSubDomains' : ''}${note}`, facts: detail };
}
