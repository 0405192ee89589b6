import { describe, expect, it } from 'vitest';
import type { CheckStatus } from '../../src/domain/check.js';
import type { FetchFacts, HeaderMap } from '../../src/checks/http/fetch.js';
import type { NetworkError } from '../../src/checks/http/network-error.js';
import { evaluateSecurityTxt } from '../../src/checks/security-txt/evaluate.js';
import { parseSecurityTxt } from '../../src/checks/security-txt/parse.js';

const D = 'example.test';
const URL_ = `https://${D}/.well-known/security.txt`;
const NOW = '2026-06-01T00:00:00.000Z';
const SOON = '2026-12-31T23:00:00.000Z';

interface Served {
  body?: string;
  status?: number;
  type?: string | null;
  urls?: string[];
  error?: NetworkError;
  truncated?: boolean;
}

/** Builds the fetch facts for a security.txt served with the given body, status and type. */
function served({ body = '', status = 200, type = 'text/plain; charset=utf-8', urls = [URL_], error, truncated = false }: Served): FetchFacts {
  const hops = urls.map((url, i) => {
    const u = new URL(url);
    const last = i === urls.length - 1;
    return {
      url,
      scheme: u.protocol === 'https:' ? ('https' as const) : ('http' as const),
      host: u.hostname,
      address: '192.0.2.1',
      ...(error && last ? {} : { status: last ? status : 301 }),
      ...(last ? {} : { location: urls[i + 1] }),
    };
  });
  const headers: HeaderMap = type === null ? {} : { 'content-type': type };
  return {
    hops,
    finalUrl: urls.at(-1) ?? URL_,
    ...(error ? { error } : { finalStatus: status }),
    headers,
    body,
    bodyTruncated: truncated,
  };
}

const GOOD = `# Our security contact\nContact: mailto:security@${D}\nContact: https://${D}/contact\nExpires: ${SOON}\nCanonical: ${URL_}\nPreferred-Languages: nl, en\nX-Unknown: ignored\n`;

const SIGNED = [
  '-----BEGIN PGP SIGNED MESSAGE-----',
  'Hash: SHA512',
  '',
  `Contact: mailto:security@${D}`,
  `Expires: ${SOON}`,
  '- # a dash-escaped comment',
  '-----BEGIN PGP SIGNATURE-----',
  '',
  'iQIzBAEBCgAdFiEE',
  '-----END PGP SIGNATURE-----',
].join('\r\n');

const cases: { name: string; facts: FetchFacts; status: CheckStatus; reason: string }[] = [
  { name: 'valid', facts: served({ body: GOOD }), status: 'pass', reason: 'security.txt is valid: 2 contact(s)' },
  { name: 'signed', facts: served({ body: SIGNED }), status: 'pass', reason: 'valid' },
  { name: 'signature block missing', facts: served({ body: SIGNED.split('-----BEGIN PGP SIGNATURE-----')[0] ?? '' }), status: 'fail', reason: 'signature block is missing' },
  { name: 'not found', facts: served({ status: 404, type: 'text/html' }), status: 'fail', reason: 'no security.txt at /.well-known/security.txt' },
  { name: 'server error', facts: served({ status: 500 }), status: 'fail', reason: 'status 500 instead of 200' },
  { name: 'expired', facts: served({ body: GOOD.replace(SOON, '2026-01-01T00:00:00Z') }), status: 'fail', reason: 'expired on 2026-01-01' },
  { name: 'missing Expires', facts: served({ body: `Contact: mailto:a@${D}\n` }), status: 'fail', reason: 'no Expires field' },
  { name: 'two Expires', facts: served({ body: `${GOOD}Expires: ${SOON}\n` }), status: 'fail', reason: 'Expires appears 2 times' },
  { name: 'Expires not RFC 3339', facts: served({ body: GOOD.replace(SOON, '31 December 2026') }), status: 'fail', reason: 'not an RFC 3339 date-time' },
  { name: 'Expires too far ahead', facts: served({ body: GOOD.replace(SOON, '2029-01-01T00:00:00Z') }), status: 'warning', reason: 'more than a year ahead' },
  { name: 'no Contact', facts: served({ body: `Expires: ${SOON}\n` }), status: 'fail', reason: 'no Contact field' },
  { name: 'Contact over http', facts: served({ body: `Contact: http://${D}/\nExpires: ${SOON}\n` }), status: 'fail', reason: 'no Contact is a mailto:, https: or tel: URI' },
  { name: 'wrong content type', facts: served({ body: GOOD, type: 'text/html' }), status: 'fail', reason: 'served as "text/html"' },
  { name: 'wrong charset', facts: served({ body: GOOD, type: 'text/plain; charset=iso-8859-1' }), status: 'fail', reason: 'charset iso-8859-1' },
  { name: 'no content type', facts: served({ body: GOOD, type: null }), status: 'fail', reason: 'without a Content-Type' },
  { name: 'plain text without charset', facts: served({ body: GOOD, type: 'text/plain' }), status: 'pass', reason: 'valid' },
  { name: 'two Preferred-Languages', facts: served({ body: `${GOOD}Preferred-Languages: de\n` }), status: 'fail', reason: 'preferred-languages appears 2 times' },
  { name: 'redirect to another host', facts: served({ body: GOOD, urls: [URL_, 'https://security.other.test/.well-known/security.txt'] }), status: 'pass', reason: 'redirected to https://security.other.test/' },
  { name: 'redirect to plain HTTP', facts: served({ body: GOOD, urls: [URL_, `http://${D}/security.txt`] }), status: 'fail', reason: 'plain HTTP' },
  { name: 'HTTPS refused', facts: served({ error: { kind: 'refused', message: 'connection refused' } }), status: 'fail', reason: 'could not be fetched' },
  { name: 'redirect target refused', facts: served({ urls: [URL_, 'https://gone.other.test/s.txt'], error: { kind: 'refused', message: 'connection refused' } }), status: 'fail', reason: 'https://gone.other.test/s.txt could not be fetched' },
  { name: 'garbage answer', facts: served({ error: { kind: 'other', message: 'parse error' } }), status: 'error', reason: 'could not measure' },
  { name: 'blocked', facts: served({ error: { kind: 'blocked', message: 'loopback address' } }), status: 'blocked', reason: 'loopback address' },
  { name: 'too large', facts: served({ body: GOOD, truncated: true }), status: 'error', reason: 'larger than the size limit' },
  { name: 'several problems', facts: served({ body: 'Hello\n' }), status: 'fail', reason: 'no Contact field (and 1 more problem)' },
];

describe('evaluateSecurityTxt', () => {
  it.each(cases)('$name → $status', ({ facts, status, reason }) => {
    const verdict = evaluateSecurityTxt({ domain: D, fetch: facts, measuredAt: NOW });
    expect(verdict.status).toBe(status);
    expect(verdict.reason).toContain(reason);
  });

  it('records Canonical, signature and the other host', () => {
    const verdict = evaluateSecurityTxt({ domain: D, fetch: served({ body: GOOD }), measuredAt: NOW });
    expect(verdict.facts).toMatchObject({ canonical: [URL_], signed: false, preferredLanguages: ['nl, en'] });
    const moved = evaluateSecurityTxt({ domain: D, fetch: served({ body: SIGNED, urls: [URL_, 'https://x.other.test/s.txt'] }), measuredAt: NOW });
    expect(moved.facts).toMatchObject({ signed: true, otherHost: true, redirectedTo: 'https://x.other.test/s.txt' });
  });
});

describe('parseSecurityTxt', () => {
  it('reads fields case-insensitively, skips comments, reports stray lines with their number', () => {
    const parsed = parseSecurityTxt('\uFEFF# c\r\nCONTACT:mailto:a@b.test\r\nnonsense\r\n');
    expect(parsed.fields).toEqual([{ name: 'contact', value: 'mailto:a@b.test', line: 2 }]);
    expect(parsed.problems).toEqual(['line 3 is not a field: "nonsense"']);
  });
  it('parses inside the signature block only, undoing dash-escaping', () => {
    const parsed = parseSecurityTxt(`${SIGNED}\nContact: mailto:outside@evil.test\n`);
    expect(parsed.signed).toBe(true);
    expect(parsed.fields.map((f) => f.value)).toEqual([`mailto:security@${D}`, SOON]);
    expect(parsed.fields[0]?.line).toBe(4);
  });
});
