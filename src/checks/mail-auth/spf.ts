/**
 * A pure SPF record parser (RFC 7208): finds the one `v=spf1` record among TXT strings and splits it into
 * mechanisms and modifiers, recording syntax errors (a permerror) instead of throwing.
 */
import { isIPv4, isIPv6 } from 'node:net';

export type SpfQualifier = '+' | '-' | '~' | '?';
export const SPF_MECHANISMS = ['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists'] as const;
export type SpfMechanismName = (typeof SPF_MECHANISMS)[number];

/** Mechanisms that cost a DNS lookup (RFC 7208 section 4.6.4); `redirect=` does too. */
export const SPF_LOOKUP_MECHANISMS: readonly SpfMechanismName[] = ['include', 'a', 'mx', 'ptr', 'exists'];

export interface SpfMechanism {
  qualifier: SpfQualifier;
  name: SpfMechanismName;
  /** The domain-spec or address, without CIDR. */
  value?: string;
  cidr4?: number;
  cidr6?: number;
}

export interface SpfRecord {
  mechanisms: SpfMechanism[];
  /** The qualifier of the `all` mechanism, when the record has one. */
  all?: SpfQualifier;
  redirect?: string;
  exp?: string;
  unknownModifiers: string[];
  /** Syntax errors: any one makes the record a permerror. */
  errors: string[];
}

/** `v=spf1` followed by a space or the end (RFC 7208 section 4.5), case-insensitive. */
export function isSpfRecord(text: string): boolean {
  return /^v=spf1( |$)/i.test(text);
}

/** The SPF records among TXT strings: none means "no SPF", more than one is a permerror. */
export function selectSpfRecords(texts: readonly string[]): string[] {
  return texts.filter(isSpfRecord);
}

/** Whether a domain-spec holds a macro (`%{d}`); such targets cannot be followed without a message. */
export function hasMacro(domainSpec: string): boolean {
  return /%\{/.test(domainSpec);
}

/** A domain-spec: macro-strings allowed; otherwise labels of letters, digits, hyphens and underscores. */
function validDomainSpec(spec: string): boolean {
  if (spec === '' || /\s/.test(spec)) return false;
  if (hasMacro(spec)) return /^([^%]|%[{][slodiphcrtv]\d*r?[-.+,/_=]*[}]|%%|%_|%-)+$/i.test(spec);
  const name = spec.replace(/\.$/, '');
  return name.includes('.') && name.split('.').every((label) => /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/i.test(label));
}

/** Parses `/N` prefix lengths; undefined when absent, NaN when invalid. */
function prefix(text: string | undefined, max: number): number | undefined {
  if (text === undefined) return undefined;
  return /^(0|[1-9]\d{0,2})$/.test(text) && Number(text) <= max ? Number(text) : Number.NaN;
}

function parseMechanism(term: string, errors: string[]): SpfMechanism | null {
  const match = /^([-+~?]?)([a-z][a-z0-9]*)(.*)$/i.exec(term);
  const name = match?.[2]?.toLowerCase() as SpfMechanismName | undefined;
  if (match === null || name === undefined || !SPF_MECHANISMS.includes(name)) {
    errors.push(`unknown mechanism "${term}"`);
    return null;
  }
  const qualifier = (match[1] === '' ? '+' : match[1]) as SpfQualifier;
  const rest = match[3] ?? '';
  const bad = (why: string): null => {
    errors.push(`"${term}": ${why}`);
    return null;
  };
  const domainArg = rest.startsWith(':') ? rest.slice(1) : undefined;
  switch (name) {
    case 'all':
      return rest === '' ? { qualifier, name } : bad('all takes no argument');
    case 'include':
    case 'exists':
    case 'ptr':
      if (name === 'ptr' && rest === '') return { qualifier, name };
      return domainArg !== undefined && validDomainSpec(domainArg) ? { qualifier, name, value: domainArg } : bad(`${name} needs a valid domain`);
    case 'ip4':
    case 'ip6': {
      const [address = '', bitsText, extra] = (domainArg ?? '').split('/');
      const bits = prefix(bitsText, name === 'ip4' ? 32 : 128);
      if (domainArg === undefined || !(name === 'ip4' ? isIPv4(address) : isIPv6(address))) return bad(`invalid ${name === 'ip4' ? 'IPv4' : 'IPv6'} address`);
      if (extra !== undefined || (bits !== undefined && Number.isNaN(bits))) return bad('invalid prefix length');
      return { qualifier, name, value: address, ...(bits === undefined ? {} : name === 'ip4' ? { cidr4: bits } : { cidr6: bits }) };
    }
    default: {
      // a, mx: [":" domain-spec] ["/" ip4-cidr-length] ["//" ip6-cidr-length]
      const parts = /^(?::([^/]+))?(?:\/(\d+))?(?:\/\/(\d+))?$/.exec(rest);
      if (parts === null) return bad('invalid domain or prefix length');
      const domain = parts[1];
      if (domain !== undefined && !validDomainSpec(domain)) return bad('invalid domain');
      const cidr4 = prefix(parts[2], 32);
      const cidr6 = prefix(parts[3], 128);
      if (Number.isNaN(cidr4) || Number.isNaN(cidr6)) return bad('invalid prefix length');
      return { qualifier, name, ...(domain === undefined ? {} : { value: domain }), ...(cidr4 === undefined ? {} : { cidr4 }), ...(cidr6 === undefined ? {} : { cidr6 }) };
    }
  }
}

/**
 * Parses one SPF record. Terms after `all` are kept but never reached; `redirect=` is ignored when the
 * record has `all` (RFC 7208 section 6.1).
 *
 * @example
 * parseSpf('v=spf1 ip4:192.0.2.0/24 include:_spf.example.nl -all').all; // '-'
 */
export function parseSpf(record: string): SpfRecord {
  const result: SpfRecord = { mechanisms: [], unknownModifiers: [], errors: [] };
  if (!isSpfRecord(record)) {
    result.errors.push('the record does not start with v=spf1');
    return result;
  }
  for (const term of record.slice(6).split(' ').filter((t) => t !== '')) {
    const modifier = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(term);
    if (modifier) {
      const name = (modifier[1] ?? '').toLowerCase();
      const value = modifier[2] ?? '';
      if (name === 'redirect' || name === 'exp') {
        if (result[name] !== undefined) result.errors.push(`${name}= appears more than once`);
        else if (!validDomainSpec(value)) result.errors.push(`"${term}": ${name}= needs a valid domain`);
        else result[name] = value;
      } else {
        result.unknownModifiers.push(term);
      }
      continue;
    }
    const mechanism = parseMechanism(term, result.errors);
    if (mechanism === null) continue;
    result.mechanisms.push(mechanism);
    if (mechanism.name === 'all' && result.all === undefined) result.all = mechanism.qualifier;
  }
  return result;
}

/** Targets to follow for the lookup count: includes in order, then the redirect when it applies. */
export function spfLookupTerms(record: SpfRecord): { lookups: number; includes: string[]; redirect?: string } {
  const lookups = record.mechanisms.filter((m) => SPF_LOOKUP_MECHANISMS.includes(m.name)).length;
  const includes = record.mechanisms.flatMap((m) => (m.name === 'include' && m.value !== undefined ? [m.value] : []));
  const redirect = record.all === undefined ? record.redirect : undefined;
  return { lookups: lookups + (redirect === undefined ? 0 : 1), includes, ...(redirect === undefined ? {} : { redirect }) };
}
