/** Pure evaluation of `web.security-txt` per RFC 9116, from the facts `gatherSecurityTxt` returns. */
import type { Verdict } from '../../domain/check.js';
import { headerValues } from '../http/fetch.js';
import { SECURITY_TXT_CRITERIA as C } from './criteria.js';
import type { SecurityTxtFacts } from './gather.js';
import { fieldValues, parseRfc3339, parseSecurityTxt } from './parse.js';

/** Failures that mean the file cannot be had at all (a fail), as opposed to "could not measure" (an error). */
const UNREACHABLE = new Set(['refused', 'timeout', 'reset', 'tls-untrusted', 'tls-name', 'tls-expired', 'tls-other', 'too-many-redirects']);

/** Checks the media type: `text/plain`, with a charset parameter only if it is utf-8. */
function contentTypeProblem(value: string | undefined): string | undefined {
  if (value === undefined) return 'security.txt is served without a Content-Type; text/plain is required';
  const [type = '', ...params] = value.split(';').map((p) => p.trim().toLowerCase());
  if (type !== C.mediaType) return `security.txt is served as "${value}"; text/plain is required`;
  const charset = params.find((p) => p.startsWith('charset='))?.slice(8).replace(/"/g, '');
  if (charset !== undefined && charset !== C.charset) return `security.txt is served with charset ${charset}; only utf-8 is allowed`;
  return undefined;
}

/** Fails and warnings about the file's fields, in order of importance. */
function fieldProblems(
  text: string,
  now: Date,
): { fails: string[]; warnings: string[]; facts: { contact: string[]; expires: string[] } & Record<string, unknown> } {
  const parsed = parseSecurityTxt(text);
  const fails: string[] = [];
  const warnings: string[] = [];
  const contacts = fieldValues(parsed, 'contact');
  const validContacts = contacts.filter((c) => C.contactSchemes.some((s) => c.toLowerCase().startsWith(s)));
  if (parsed.problems.some((p) => p.startsWith('the PGP'))) fails.push('security.txt is PGP-signed but the signature block is missing');
  if (validContacts.length === 0) {
    fails.push(contacts.length === 0 ? 'security.txt has no Contact field' : `no Contact is a mailto:, https: or tel: URI (${contacts.join(', ')})`);
  }
  const expires = fieldValues(parsed, 'expires');
  const expiry = expires.length === 1 && expires[0] !== undefined ? parseRfc3339(expires[0]) : undefined;
  if (expires.length === 0) fails.push('security.txt has no Expires field');
  else if (expires.length > 1) fails.push(`Expires appears ${expires.length} times; exactly one is required`);
  else if (expiry === undefined) fails.push(`Expires "${expires[0] ?? ''}" is not an RFC 3339 date-time`);
  else if (expiry.getTime() <= now.getTime()) fails.push(`security.txt expired on ${expiry.toISOString()}`);
  else if (expiry.getTime() - now.getTime() > C.maxExpiresAheadMs) {
    warnings.push(`Expires is ${expiry.toISOString()}, more than a year ahead; less than a year is recommended`);
  }
  for (const name of C.singleFields.filter((n) => n !== 'expires')) {
    const count = fieldValues(parsed, name).length;
    if (count > 1) fails.push(`${name} appears ${count} times; at most once is allowed`);
  }
  const facts = {
    signed: parsed.signed,
    contact: contacts,
    expires: expires,
    canonical: fieldValues(parsed, 'canonical'),
    policy: fieldValues(parsed, 'policy'),
    encryption: fieldValues(parsed, 'encryption'),
    preferredLanguages: fieldValues(parsed, 'preferred-languages'),
    problems: parsed.problems,
  };
  return { fails, warnings, facts };
}

/** security.txt must be served over HTTPS with status 200, as text/plain, with a Contact and one future Expires. */
export function evaluateSecurityTxt(facts: SecurityTxtFacts): Verdict {
  const { fetch } = facts;
  const chain = fetch.hops.map((h) => ({ url: h.url, status: h.status }));
  const error = fetch.error;
  if (error?.kind === 'blocked') return { status: 'blocked', reason: `${fetch.finalUrl} not contacted: ${error.message}`, facts: { chain } };
  if (error && UNREACHABLE.has(error.kind)) {
    return { status: 'fail', reason: `no security.txt: ${fetch.finalUrl} could not be fetched (${error.kind}: ${error.message})`, facts: { chain, error } };
  }
  if (error || fetch.finalStatus === undefined) {
    return { status: 'error', reason: `could not measure ${fetch.finalUrl} (${error ? `${error.kind}: ${error.message}` : 'no answer'})`, facts: { chain, error } };
  }
  const finalHost = fetch.hops.at(-1)?.host ?? facts.domain;
  const redirectedTo = fetch.hops.length > 1 ? fetch.finalUrl : undefined;
  const base = { chain, ...(redirectedTo ? { redirectedTo, otherHost: finalHost.toLowerCase() !== facts.domain.toLowerCase() } : {}) };
  if (fetch.finalStatus === 404) return { status: 'fail', reason: `no security.txt at ${C.path}`, facts: base };
  if (fetch.finalStatus !== 200) {
    return { status: 'fail', reason: `${fetch.finalUrl} answers with status ${fetch.finalStatus} instead of 200`, facts: base };
  }
  if (!fetch.finalUrl.startsWith('https:')) {
    return { status: 'fail', reason: `security.txt is served over plain HTTP (${fetch.finalUrl}); HTTPS is required`, facts: base };
  }
  const typeProblem = contentTypeProblem(headerValues(fetch.headers, 'content-type')[0]);
  if (typeProblem !== undefined) return { status: 'fail', reason: typeProblem, facts: base };
  if (fetch.bodyTruncated) return { status: 'error', reason: `security.txt at ${fetch.finalUrl} is larger than the size limit`, facts: base };
  const { fails, warnings, facts: fields } = fieldProblems(fetch.body, new Date(facts.measuredAt));
  const all = { ...base, ...fields };
  const more = (list: string[]): string => (list.length > 1 ? ` (and ${list.length - 1} more problem${list.length > 2 ? 's' : ''})` : '');
  if (fails[0] !== undefined) return { status: 'fail', reason: `${fails[0]}${more(fails)}`, facts: { ...all, fails, warnings } };
  if (warnings[0] !== undefined) return { status: 'warning', reason: `${warnings[0]}${more(warnings)}`, facts: { ...all, warnings } };
  const where = redirectedTo ? ` (redirected to ${redirectedTo})` : '';
  return { status: 'pass', reason: `security.txt is valid: ${fields.contact.length} contact(s), expires ${fields.expires[0] ?? ''}${where}`, facts: all };
}
