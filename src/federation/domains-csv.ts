import { InputError } from '../domain/errors.js';
import { ASSET_KINDS, normaliseDomain, type AssetKind } from '../domain/asset.js';
import { parseTooiCode } from '../domain/tooi.js';
import { csvRows } from './csv-rows.js';
import { IssueCollector } from './types.js';
import { optional } from './values.js';

/** One domain an organisation owns, as a domains CSV lists it. */
export interface DomainRecord {
  organisation: string;
  domain: string;
  kind: AssetKind;
  /** The row's own `source`, when given. */
  source: string | null;
  /** Where it was read, for messages (`line 4`). */
  location: string;
}

function checkHeader(columns: readonly string[]): void {
  const missing = ['organisation', 'domain'].filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new InputError(
      'The header of the domains file is not usable; nothing was imported.',
      missing.map((c) => ({ location: 'line 1', message: `the required column "${c}" is missing` })),
    );
  }
}

/**
 * Reads a domains CSV (`organisation`, `domain`, optional `kind` web|mail — default web — and `source`).
 * Rows listing the same domain twice for one organisation count once. Any invalid value fails the whole
 * file with located issues.
 */
export async function parseDomainsCsv(bytes: AsyncIterable<Uint8Array>, name = 'The CSV file'): Promise<DomainRecord[]> {
  const issues = new IssueCollector();
  const records = new Map<string, DomainRecord>();
  for await (const row of csvRows(bytes, name, checkHeader)) {
    const at = (column: string): string => `line ${row.line}, column ${column}`;
    const value = (column: string): string | null => optional(row.values[column]);
    const rawCode = value('organisation');
    const code = rawCode === null ? undefined : parseTooiCode(rawCode)?.code;
    if (code === undefined) issues.add(at('organisation'), `"${rawCode ?? ''}" is not a TOOI code`);
    const rawDomain = value('domain');
    const domain = rawDomain === null ? undefined : normaliseDomain(rawDomain);
    if (domain === undefined) issues.add(at('domain'), `"${rawDomain ?? ''}" is not a domain name`);
    const rawKind = value('kind')?.toLowerCase() ?? 'web';
    const kind = (ASSET_KINDS as readonly string[]).includes(rawKind) ? (rawKind as AssetKind) : undefined;
    if (kind === undefined) issues.add(at('kind'), `"${rawKind}" is not a kind of domain (${ASSET_KINDS.join(', ')})`);
    if (code === undefined || domain === undefined || kind === undefined) continue;
    const key = `${code} ${kind} ${domain}`;
    if (!records.has(key)) {
      records.set(key, { organisation: code, domain, kind, source: value('source'), location: `line ${row.line}` });
    }
  }
  issues.throwIfAny(name);
  return [...records.values()];
}
