/**
 * Validated ROA payloads (VRPs) as JSON: rpki-client's `json` export (`asn` a number, with `expires`
 * and `metadata`) and Routinator's `json`/`jsonext` (`asn` as `"AS64500"`). Other fields are ignored.
 * Every bad entry is reported with its index and what is wrong.
 */
import { z } from 'zod';
import { excerpt, RpkiDataError, throwIfProblems } from './errors.js';
import { MAX_PREFIX_LENGTH, parsePrefix, type Prefix } from './prefix.js';
import { messageOf } from '../../domain/errors.js';

export interface Roa {
  asn: number;
  prefix: Prefix;
  maxLength: number;
  /** Trust anchor, when the export names it. */
  ta?: string;
  /** Unix seconds, when the export gives it (rpki-client). */
  expires?: number;
}

export const MAX_ASN = 4294967295;
const ASN_TEXT = /^(?:AS)?(\d{1,10})$/i;

const ASN_ERROR = 'expected an AS number: 64500 or "AS64500"';
const asnSchema = z.union(
  [z.number().int(ASN_ERROR).min(0, ASN_ERROR).max(MAX_ASN, `${ASN_ERROR}, at most ${MAX_ASN}`), z.string().regex(ASN_TEXT, ASN_ERROR)],
  { error: ASN_ERROR },
);

const entrySchema = z.object({
  asn: asnSchema,
  prefix: z.string({ error: 'expected a prefix string such as "192.0.2.0/24"' }),
  maxLength: z.number({ error: 'expected a number' }).int('expected a whole number').optional(),
  ta: z.string().optional(),
  expires: z.number().optional(),
});

const fileSchema = z.object({ roas: z.array(z.unknown(), { error: 'expected an object with a "roas" array' }) }, { error: 'expected an object with a "roas" array' });

function asnOf(value: number | string): number {
  return typeof value === 'number' ? value : Number(ASN_TEXT.exec(value)?.[1]);
}

/** One entry; a problem text (without location) or the ROA. */
function parseEntry(raw: unknown): Roa | string {
  const parsed = entrySchema.safeParse(raw);
  if (!parsed.success) return parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || 'entry'}: ${issue.message}`).join(', ');
  const { asn: asnValue, prefix: prefixText, maxLength: maxValue, ta, expires } = parsed.data;
  const asn = asnOf(asnValue);
  if (asn > MAX_ASN) return `asn: ${asn} is beyond the largest AS number ${MAX_ASN}`;
  let prefix: Prefix;
  try {
    prefix = parsePrefix(prefixText);
  } catch (error) {
    return `prefix: ${messageOf(error)}`;
  }
  const maxLength = maxValue ?? prefix.length;
  const top = MAX_PREFIX_LENGTH[prefix.family];
  if (maxLength < prefix.length || maxLength > top) return `maxLength: ${maxLength} must be between the prefix length ${prefix.length} and ${top}`;
  return { asn, prefix, maxLength, ...(ta === undefined ? {} : { ta }), ...(expires === undefined ? {} : { expires }) };
}

/** Parses a VRP export; throws {@link RpkiDataError} naming `source` and the bad entries. */
export function parseRoas(text: string, source: string): Roa[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RpkiDataError(`${source}: not JSON (${messageOf(error)})`);
  }
  const file = fileSchema.safeParse(json);
  if (!file.success) throw new RpkiDataError(`${source}: ${file.error.issues[0]?.message ?? 'not a VRP export'}`);
  const roas: Roa[] = [];
  const problems: string[] = [];
  file.data.roas.forEach((raw, index) => {
    const roa = parseEntry(raw);
    if (typeof roa === 'string') problems.push(`roas[${index}] ${excerpt(JSON.stringify(raw))}: ${roa}`);
    else roas.push(roa);
  });
  throwIfProblems(source, problems);
  return roas;
}

/**
 * Splits VRPs into those still current at `nowSeconds` (Unix seconds) and those whose `expires` is not
 * after it; a VRP without `expires` (Routinator) never expires here.
 */
export function splitExpired(roas: readonly Roa[], nowSeconds: number): { current: Roa[]; expired: Roa[] } {
  const current: Roa[] = [];
  const expired: Roa[] = [];
  for (const roa of roas) (roa.expires !== undefined && roa.expires <= nowSeconds ? expired : current).push(roa);
  return { current, expired };
}
