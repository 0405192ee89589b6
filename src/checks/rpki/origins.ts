/**
 * The BGP view: which AS originates which prefix, in CAIDA RouteViews pfx2as format, one route per line:
 * `PREFIX<TAB>LENGTH<TAB>ASN`, any whitespace between. ASN may be `64500`, `64500_64501` (several origins
 * of the same prefix) or `64500,64501` (an AS set; the two may be combined). Blank lines and lines
 * starting with `#` are skipped; a bad line is reported with its number.
 */
import { excerpt, throwIfProblems } from './errors.js';
import { parsePrefix, type Prefix } from './prefix.js';
import { MAX_ASN } from './roas.js';
import { messageOf } from '../../domain/errors.js';

/** One origin of a route: an AS, or an AS set (whose origin is NONE under RFC 6811: never valid). */
export type Origin = { asn: number } | { asSet: number[] };

export interface Route {
  prefix: Prefix;
  origins: Origin[];
}

function parseAsn(text: string): number {
  const match = /^(?:AS)?(\d{1,10})$/i.exec(text);
  const asn = Number(match?.[1]);
  if (match === null || asn > MAX_ASN) throw new Error(`"${text}" is not an AS number`);
  return asn;
}

function parseOriginField(field: string): Origin[] {
  return field.split('_').map((part) => {
    const members = part.split(',');
    return members.length === 1 ? { asn: parseAsn(part) } : { asSet: members.map(parseAsn) };
  });
}

/** Parses a pfx2as table; throws {@link RpkiDataError} naming `source` and the bad lines. */
export function parseOrigins(text: string, source: string): Route[] {
  const routes: Route[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    try {
      if (fields.length !== 3) throw new Error(`expected PREFIX LENGTH ASN, found ${fields.length} field${fields.length === 1 ? '' : 's'}`);
      const [address, length, asns] = fields as [string, string, string];
      routes.push({ prefix: parsePrefix(`${address}/${length}`), origins: parseOriginField(asns) });
    } catch (error) {
      problems.push(`line ${index + 1} "${excerpt(fields.join(' '))}": ${messageOf(error)}`);
    }
  });
  throwIfProblems(source, problems);
  return routes;
}
