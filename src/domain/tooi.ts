import type { Layer } from './layer.js';

/**
 * TOOI codes identify government organisations: `gm0363` (municipality, CBS code), `pv27` (province),
 * `ws0155` (water board), `mnre1034` (ministry), `oorg10007` (other body), `col01` (Caribbean public body).
 *
 * @example
 * parseTooiCode('GM0363') // { code: 'gm0363', layer: 'gemeente', type: 'gemeente' }
 * tooiUri('gm0363') // 'https://identifier.overheid.nl/tooi/id/gemeente/gm0363'
 */
export interface TooiCode {
  /** The normalised (lower-case) code. */
  code: string;
  /** The layer the code's prefix implies. */
  layer: Layer;
  /** The TOOI type segment used in the identifier URI. */
  type: 'gemeente' | 'provincie' | 'waterschap' | 'ministerie' | 'oorg' | 'caribisch_openbaar_lichaam';
}

const PATTERNS: readonly { re: RegExp; layer: Layer; type: TooiCode['type'] }[] = [
  { re: /^gm\d{4}$/, layer: 'gemeente', type: 'gemeente' },
  { re: /^pv\d{2}$/, layer: 'provincie', type: 'provincie' },
  { re: /^ws\d{4}$/, layer: 'waterschap', type: 'waterschap' },
  { re: /^mnre\d{4}$/, layer: 'rijk', type: 'ministerie' },
  { re: /^oorg\d{5}$/, layer: 'publieke-dienstverlener', type: 'oorg' },
  { re: /^col\d{2}$/, layer: 'caribisch-openbaar-lichaam', type: 'caribisch_openbaar_lichaam' },
];

/** Parses a TOOI code (case-insensitive); `undefined` when it has none of the known shapes. */
export function parseTooiCode(raw: string): TooiCode | undefined {
  const code = raw.trim().toLowerCase();
  for (const p of PATTERNS) {
    if (p.re.test(code)) return { code, layer: p.layer, type: p.type };
  }
  return undefined;
}

const URI_PREFIX = 'https://identifier.overheid.nl/tooi/id/';

/** The TOOI identifier URI of a code. */
export function tooiUri(code: string): string | undefined {
  const parsed = parseTooiCode(code);
  return parsed ? `${URI_PREFIX}${parsed.type}/${parsed.code}` : undefined;
}

/** Extracts the code from a TOOI identifier URI (`.../tooi/id/gemeente/gm0363` → `gm0363`). */
export function codeFromTooiUri(uri: string): string | undefined {
  const trimmed = uri.trim();
  if (!trimmed.startsWith(URI_PREFIX)) return undefined;
  const last = trimmed.slice(URI_PREFIX.length).split('/').pop() ?? '';
  return parseTooiCode(last)?.code;
}

/** An OIN is 20 digits: an 8-digit prefix, a main number and a suffix. */
export function isOin(value: string): boolean {
  return /^\d{20}$/.test(value);
}
