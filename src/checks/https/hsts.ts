/** A pure parser for the Strict-Transport-Security header (RFC 6797 section 6.1). */

export interface HstsPolicy {
  maxAge: number;
  includeSubDomains: boolean;
  preload: boolean;
}

export type HstsParse = { valid: true; policy: HstsPolicy } | { valid: false; problem: string };

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Parses one header value; directive names are case-insensitive and may appear only once. */
export function parseHsts(value: string): HstsParse {
  const seen = new Map<string, string | undefined>();
  for (const raw of value.split(';')) {
    const directive = raw.trim();
    if (directive === '') continue;
    const eq = directive.indexOf('=');
    const name = (eq === -1 ? directive : directive.slice(0, eq)).trim().toLowerCase();
    let val = eq === -1 ? undefined : directive.slice(eq + 1).trim();
    if (!TOKEN.test(name)) return { valid: false, problem: `"${directive}" is not a valid directive` };
    if (val?.startsWith('"')) {
      if (val.length < 2 || !val.endsWith('"')) return { valid: false, problem: `unterminated quoted value in "${directive}"` };
      val = val.slice(1, -1);
    }
    if (seen.has(name)) return { valid: false, problem: `directive ${name} appears more than once` };
    seen.set(name, val);
  }
  if (!seen.has('max-age')) return { valid: false, problem: 'no max-age directive' };
  const maxAge = seen.get('max-age');
  if (maxAge === undefined || !/^\d+$/.test(maxAge)) {
    return { valid: false, problem: `max-age "${maxAge ?? ''}" is not a number of seconds` };
  }
  return {
    valid: true,
    policy: { maxAge: Number(maxAge), includeSubDomains: seen.has('includesubdomains'), preload: seen.has('preload') },
  };
}
