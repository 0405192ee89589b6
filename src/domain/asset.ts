/** What Thorbecke measures. For now: domains, for the web and for mail. */
export const ASSET_KINDS = ['web', 'mail'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export interface DomainAsset {
  kind: AssetKind;
  /** Lower-case domain name without trailing dot, e.g. `amsterdam.nl`. */
  name: string;
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Normalises a domain name (case, trailing dot, a pasted URL) and returns `undefined` when it is not a
 * plausible public DNS name.
 *
 * @example
 * normaliseDomain('https://WWW.Amsterdam.nl/') // 'www.amsterdam.nl'
 */
export function normaliseDomain(raw: string): string | undefined {
  let value = raw.trim().toLowerCase();
  if (value.includes('://')) value = value.slice(value.indexOf('://') + 3);
  value = value.split(/[/?#]/)[0] ?? '';
  value = value.replace(/:\d+$/, '').replace(/\.$/, '');
  if (value.length === 0 || value.length > 253) return undefined;
  const labels = value.split('.');
  if (labels.length < 2) return undefined;
  if (!labels.every((l) => LABEL.test(l))) return undefined;
  if (/^\d+$/.test(labels[labels.length - 1] ?? '')) return undefined;
  return value;
}
