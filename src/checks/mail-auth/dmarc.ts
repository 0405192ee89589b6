/**
 * A pure DMARC record parser (RFC 7489 section 6.3): the one TXT record at `_dmarc.DOMAIN` that starts
 * with `v=DMARC1`, split into tags. Unknown tags are ignored as the RFC says; invalid values are errors.
 */
export const DMARC_POLICIES = ['none', 'quarantine', 'reject'] as const;
export type DmarcPolicy = (typeof DMARC_POLICIES)[number];

export interface DmarcRecord {
  /** Undefined when `p` is absent or invalid (the record is then invalid). */
  policy?: DmarcPolicy;
  subdomainPolicy?: DmarcPolicy;
  /** 0 to 100; 100 when absent. */
  pct: number;
  rua: string[];
  ruf: string[];
  adkim: 'r' | 's';
  aspf: 'r' | 's';
  /** Every tag as written (lower-case names). */
  tags: Record<string, string>;
  errors: string[];
}

/** `v=DMARC1` first (the version value is case-sensitive per the RFC's ABNF), then `;` or the end. */
export function isDmarcRecord(text: string): boolean {
  return /^v\s*=\s*DMARC1\s*(;|$)/.test(text);
}

/** The DMARC records among TXT strings: exactly one must remain. */
export function selectDmarcRecords(texts: readonly string[]): string[] {
  return texts.filter(isDmarcRecord);
}

const isPolicy = (value: string): value is DmarcPolicy => (DMARC_POLICIES as readonly string[]).includes(value);

/** A comma-separated list of DMARC URIs (`mailto:` in practice), each with an optional `!size`. */
function uris(tag: string, value: string, errors: string[]): string[] {
  const list = value.split(',').map((uri) => uri.trim());
  for (const uri of list) if (!/^[a-z][a-z0-9+.-]*:[^\s!]+(![0-9]+[kmgt]?)?$/i.test(uri)) errors.push(`${tag}= holds an invalid URI "${uri}"`);
  return list;
}

/**
 * Parses one DMARC record.
 *
 * @example
 * parseDmarc('v=DMARC1; p=reject; rua=mailto:dmarc@example.nl').policy; // 'reject'
 */
export function parseDmarc(record: string): DmarcRecord {
  const result: DmarcRecord = { pct: 100, rua: [], ruf: [], adkim: 'r', aspf: 'r', tags: {}, errors: [] };
  if (!isDmarcRecord(record)) {
    result.errors.push('the record does not start with v=DMARC1');
    return result;
  }
  const parts = record.split(';').map((part) => part.trim()).filter((part) => part !== '');
  for (const part of parts) {
    const match = /^([a-z0-9]+)\s*=\s*(.*)$/i.exec(part);
    if (match === null) {
      result.errors.push(`"${part}" is not a tag=value pair`);
      continue;
    }
    const tag = (match[1] ?? '').toLowerCase();
    const value = (match[2] ?? '').trim();
    if (tag in result.tags) {
      result.errors.push(`${tag}= appears more than once`);
      continue;
    }
    result.tags[tag] = value;
    const lower = value.toLowerCase();
    switch (tag) {
      case 'p':
      case 'sp':
        if (isPolicy(lower)) result[tag === 'p' ? 'policy' : 'subdomainPolicy'] = lower;
        else result.errors.push(`${tag}=${value} is not none, quarantine or reject`);
        break;
      case 'pct':
        if (/^\d{1,3}$/.test(value) && Number(value) <= 100) result.pct = Number(value);
        else result.errors.push(`pct=${value} is not a whole number from 0 to 100`);
        break;
      case 'adkim':
      case 'aspf':
        if (lower === 'r' || lower === 's') result[tag] = lower;
        else result.errors.push(`${tag}=${value} is not r or s`);
        break;
      case 'rua':
      case 'ruf':
        result[tag] = uris(tag, value, result.errors);
        break;
      default:
        break; // v, fo, rf, ri and unknown tags: accepted as written
    }
  }
  if (!('p' in result.tags)) result.errors.push('the required p= tag is missing');
  return result;
}
