import { describe, expect, it } from 'vitest';
import type { CheckStatus } from '../../src/domain/check.js';
import type { FetchFacts, Hop } from '../../src/checks/http/fetch.js';
import { classifyNetworkError, type NetworkError, type NetworkErrorKind } from '../../src/checks/http/network-error.js';
import { parseHsts } from '../../src/checks/https/hsts.js';
import { evaluateHsts, evaluateHttpsAvailable, evaluateHttpsRedirect } from '../../src/checks/https/evaluate.js';

const D = 'example.test';

/** A hop from a URL, with a status and (for redirects) a location. */
function hop(url: string, status?: number, location?: string, hsts?: string[]): Hop {
  const u = new URL(url);
  return {
    url: u.href,
    scheme: u.protocol === 'https:' ? 'https' : 'http',
    host: u.hostname,
    address: '192.0.2.1',
    ...(status === undefined ? {} : { status }),
    ...(location === undefined ? {} : { location }),
    ...(hsts === undefined ? {} : { hsts }),
  };
}

function chain(hops: Hop[], error?: NetworkError): FetchFacts {
  const last = hops.at(-1);
  return {
    hops,
    finalUrl: last?.url ?? '',
    ...(error || last?.status === undefined ? {} : { finalStatus: last.status }),
    headers: {},
    body: '',
    bodyTruncated: false,
    ...(error ? { error } : {}),
  };
}

const failed = (url: string, kind: NetworkErrorKind, message: string = kind): FetchFacts => chain([hop(url)], { kind, message });
const https = (hsts?: string[], status = 200): FetchFacts => chain([hop(`https://${D}/`, status, undefined, hsts)]);

describe('evaluateHsts', () => {
  const cases: { name: string; facts: FetchFacts; status: CheckStatus; reason: string }[] = [
    { name: 'one year', facts: https(['max-age=31536000']), status: 'pass', reason: 'max-age is 31536000 seconds' },
    { name: 'two years with flags', facts: https(['max-age=63072000; includeSubDomains; preload']), status: 'pass', reason: 'includeSubDomains' },
    { name: 'quoted, odd case', facts: https(['MAX-AGE="31536000"']), status: 'pass', reason: '31536000' },
    { name: 'one day', facts: https(['max-age=86400']), status: 'fail', reason: 'HSTS max-age is 86400 seconds; at least 31536000 (one year) is required' },
    { name: 'zero', facts: https(['max-age=0']), status: 'fail', reason: 'max-age is 0' },
    { name: 'missing', facts: https(), status: 'fail', reason: 'sends no Strict-Transport-Security header' },
    { name: 'no max-age', facts: https(['includeSubDomains']), status: 'fail', reason: 'no max-age directive' },
    { name: 'not a number', facts: https(['max-age=one-year']), status: 'fail', reason: 'not a number of seconds' },
    { name: 'duplicate directive', facts: https(['max-age=31536000; max-age=31536000']), status: 'fail', reason: 'more than once' },
    { name: 'several headers: first counts', facts: https(['max-age=300', 'max-age=31536000']), status: 'fail', reason: 'only the first counts' },
    { name: 'several headers, first good', facts: https(['max-age=31536000', 'max-age=0']), status: 'pass', reason: '2 headers sent' },
    { name: 'redirect hop carries it', facts: chain([hop(`https://${D}/`, 301, `https://www.${D}/`, ['max-age=31536000']), hop(`https://www.${D}/`, 200)]), status: 'pass', reason: '31536000' },
    { name: 'only the final host has it', facts: chain([hop(`https://${D}/`, 301, `https://www.${D}/`), hop(`https://www.${D}/`, 200, undefined, ['max-age=31536000'])]), status: 'fail', reason: 'no Strict-Transport-Security' },
    { name: 'untrusted certificate', facts: failed(`https://${D}/`, 'tls-untrusted', 'self-signed'), status: 'fail', reason: 'no usable HTTPS response' },
    { name: 'refused', facts: failed(`https://${D}/`, 'refused'), status: 'fail', reason: 'refused' },
    { name: 'blocked', facts: failed(`https://${D}/`, 'blocked', 'loopback'), status: 'blocked', reason: 'loopback' },
    { name: 'garbage', facts: failed(`https://${D}/`, 'other', 'parse error'), status: 'error', reason: 'could not measure' },
  ];
  it.each(cases)('$name → $status', ({ facts, status, reason }) => {
    const verdict = evaluateHsts({ domain: D, https: facts });
    expect(verdict.status).toBe(status);
    expect(verdict.reason).toContain(reason);
  });

  it('records includeSubDomains and preload as facts', () => {
    const verdict = evaluateHsts({ domain: D, https: https(['max-age=31536000; includeSubDomains; preload']) });
    expect(verdict.facts).toMatchObject({ maxAge: 31536000, includeSubDomains: true, preload: true });
  });

  it('parses per RFC 6797', () => {
    expect(parseHsts('max-age=10 ; includesubdomains')).toEqual({ valid: true, policy: { maxAge: 10, includeSubDomains: true, preload: false } });
    expect(parseHsts('max-age="10').valid).toBe(false);
  });
});

describe('evaluateHttpsRedirect', () => {
  const cases: { name: string; facts: FetchFacts; status: CheckStatus; reason: string }[] = [
    { name: 'to https on the same host', facts: chain([hop(`http://${D}/`, 301, `https://${D}/`), hop(`https://${D}/`, 200)]), status: 'pass', reason: `redirects to https://${D}/` },
    { name: 'same host first, then elsewhere', facts: chain([hop(`http://${D}/`, 301, `https://${D}/`), hop(`https://${D}/`, 302, `https://www.${D}/`), hop(`https://www.${D}/`, 200)]), status: 'pass', reason: 'redirects to' },
    { name: 'host in another case', facts: chain([hop(`http://${D}/`, 308, `https://${D.toUpperCase()}/start`), hop(`https://${D}/start`, 200)]), status: 'pass', reason: 'redirects' },
    { name: 'no redirect', facts: chain([hop(`http://${D}/`, 200)]), status: 'fail', reason: 'answers with status 200 instead of redirecting' },
    { name: 'another host first', facts: chain([hop(`http://${D}/`, 301, `https://www.${D}/`), hop(`https://www.${D}/`, 200)]), status: 'fail', reason: `must redirect to https://${D}/ before` },
    { name: 'to http', facts: chain([hop(`http://${D}/`, 301, `http://www.${D}/`), hop(`http://www.${D}/`, 200)]), status: 'fail', reason: 'not HTTPS' },
    { name: 'redirect limit reached before following', facts: chain([hop(`http://${D}/`, 301, '/next')], { kind: 'too-many-redirects', message: 'more than 0 redirects' }), status: 'fail', reason: `redirects to http://${D}/next, which is not HTTPS` },
    { name: 'invalid location', facts: chain([hop(`http://${D}/`, 301, 'https://[bad/')]), status: 'fail', reason: 'invalid location' },
    { name: 'http not offered', facts: failed(`http://${D}/`, 'refused'), status: 'pass', reason: 'does not offer plain HTTP' },
    { name: 'blocked', facts: failed(`http://${D}/`, 'blocked', 'private address'), status: 'blocked', reason: 'private address' },
    { name: 'garbage', facts: failed(`http://${D}/`, 'too-large', 'headers too large'), status: 'error', reason: 'could not measure' },
  ];
  it.each(cases)('$name → $status', ({ facts, status, reason }) => {
    const verdict = evaluateHttpsRedirect({ domain: D, http: facts });
    expect(verdict.status).toBe(status);
    expect(verdict.reason).toContain(reason);
  });
});

describe('evaluateHttpsAvailable', () => {
  const cases: { name: string; facts: FetchFacts; status: CheckStatus; reason: string }[] = [
    { name: 'answers', facts: https(), status: 'pass', reason: 'answers over HTTPS' },
    { name: 'answers with a redirect', facts: chain([hop(`https://${D}/`, 301, 'https://elsewhere.test/')], { kind: 'refused', message: 'x' }), status: 'pass', reason: 'status 301' },
    { name: 'untrusted certificate', facts: failed(`https://${D}/`, 'tls-untrusted', 'self-signed'), status: 'pass', reason: 'certificate is not accepted' },
    { name: 'refused', facts: failed(`https://${D}/`, 'refused'), status: 'fail', reason: 'not available on port 443' },
    { name: 'timeout', facts: failed(`https://${D}/`, 'timeout'), status: 'fail', reason: 'not available' },
    { name: 'blocked', facts: failed(`https://${D}/`, 'blocked', 'loopback'), status: 'blocked', reason: 'loopback' },
  ];
  it.each(cases)('$name → $status', ({ facts, status, reason }) => {
    const verdict = evaluateHttpsAvailable({ domain: D, https: facts });
    expect(verdict.status).toBe(status);
    expect(verdict.reason).toContain(reason);
  });
});

describe('classifyNetworkError', () => {
  const code = (c: string): Error => Object.assign(new Error(c), { code: c });
  it.each([
    ['ECONNREFUSED', 'refused'],
    ['ETIMEDOUT', 'timeout'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
    ['ECONNRESET', 'reset'],
    ['CERT_HAS_EXPIRED', 'tls-expired'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls-untrusted'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls-untrusted'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls-name'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls-other'],
    ['UND_ERR_HEADERS_OVERFLOW', 'too-large'],
    ['EWHATEVER', 'other'],
  ])('%s → %s', (c, kind) => {
    expect(classifyNetworkError(code(c)).kind).toBe(kind);
  });
  it('looks at the cause', () => {
    expect(classifyNetworkError(new Error('fetch failed', { cause: code('ECONNREFUSED') })).kind).toBe('refused');
  });
});
