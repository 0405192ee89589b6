import { InputError } from '../domain/errors.js';
import type { OrganisationRecord } from '../domain/organisation.js';
import { normaliseDomain } from '../domain/asset.js';
import { isOin, parseTooiCode } from '../domain/tooi.js';
import { csvRows } from './csv-rows.js';
import { IssueCollector, ORGANISATION_FIELDS, type OrganisationField, type ParsedOrganisations, type ProvinceReference } from './types.js';
import { optional, parseIsoDate } from './values.js';

const REQUIRED = ['tooi_code', 'name'] as const;

/**
 * Which columns set which field; a field whose columns are all absent keeps its stored value. An empty
 * list: always provided (a listed organisation without `valid_to` is current).
 */
const FIELD_COLUMNS: Record<OrganisationField, readonly string[]> = {
  name: ['name'],
  shortName: ['short_name', 'cbs_name'],
  layer: ['tooi_code'],
  oin: ['oin'],
  provinceCode: ['province_code'],
  parentCode: ['parent_code'],
  website: ['website_domain'],
  validFrom: ['valid_from'],
  validTo: [],
  successorCode: ['successor_code'],
};

function checkHeader(columns: readonly string[]): void {
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  const duplicate = columns.filter((c, i) => c !== '' && columns.indexOf(c) !== i);
  const issues = [
    ...missing.map((c) => ({ location: 'line 1', message: `the required column "${c}" is missing` })),
    ...[...new Set(duplicate)].map((c) => ({ location: 'line 1', message: `the column "${c}" appears more than once` })),
  ];
  if (issues.length > 0) throw new InputError(`The header of the CSV file is not usable; nothing was imported.`, issues);
}

/** Reads one row into a record, adding an issue for each invalid value. */
function rowRecord(values: Record<string, string>, at: (column: string) => string, issues: IssueCollector): OrganisationRecord | undefined {
  const value = (column: string): string | null => optional(values[column]);
  const code = (column: string, what: string, layer?: string): string | null => {
    const raw = value(column);
    if (raw === null) return null;
    const parsed = parseTooiCode(raw);
    if (parsed === undefined || (layer !== undefined && parsed.layer !== layer)) {
      issues.add(at(column), `"${raw}" is not ${what}`);
      return null;
    }
    return parsed.code;
  };
  const date = (column: string): string | null => {
    const raw = value(column);
    if (raw === null) return null;
    const parsed = parseIsoDate(raw);
    if (parsed === undefined) issues.add(at(column), `"${raw}" is not a date (YYYY-MM-DD)`);
    return parsed ?? null;
  };

  const tooi = code('tooi_code', 'a TOOI code (gm0363, pv27, ws0155, mnre1034, oorg10007, col01)');
  const name = value('name');
  if (name === null) issues.add(at('name'), 'the name is empty');
  const oin = value('oin');
  if (oin !== null && !isOin(oin)) issues.add(at('oin'), `"${oin}" is not an OIN (20 digits)`);
  const rawWebsite = value('website_domain');
  const website = rawWebsite === null ? null : (normaliseDomain(rawWebsite) ?? null);
  if (rawWebsite !== null && website === null) issues.add(at('website_domain'), `"${rawWebsite}" is not a domain name`);
  const validFrom = date('valid_from');
  const validTo = date('valid_to');
  if (validFrom !== null && validTo !== null && validTo < validFrom) issues.add(at('valid_to'), `${validTo} is before valid_from ${validFrom}`);
  const provinceCode = code('province_code', 'a province code (pv20 … pv31)', 'provincie');
  const successorCode = code('successor_code', 'a TOOI code');
  const parentCode = code('parent_code', 'a TOOI code');
  if (tooi !== null && successorCode === tooi) issues.add(at('successor_code'), 'an organisation cannot succeed itself');
  if (tooi === null || name === null) return undefined;
  return {
    code: tooi,
    name,
    shortName: value('short_name') ?? value('cbs_name'),
    layer: parseTooiCode(tooi)?.layer ?? 'publieke-dienstverlener',
    oin: oin !== null && isOin(oin) ? oin : null,
    provinceCode,
    parentCode: parentCode === tooi ? null : parentCode,
    website,
    validFrom,
    validTo,
    successorCode,
  };
}

/**
 * Reads an organisations CSV (`tooi_code`, `name` and optional columns, comma or semicolon) as a stream.
 * Unknown columns are ignored; any invalid value fails the whole file with located issues
 * (`line 7, column oin: …`). Provinces named in `province_code`/`province_name` are returned in
 * `provinces`, so that those that are not rows can be created (see `withReferencedProvinces`).
 */
export async function parseOrganisationsCsv(bytes: AsyncIterable<Uint8Array>, name = 'The CSV file'): Promise<ParsedOrganisations> {
  const issues = new IssueCollector();
  const records: OrganisationRecord[] = [];
  const provinces = new Map<string, ProvinceReference>();
  let columns: readonly string[] = [];
  const header = (c: readonly string[]): void => {
    checkHeader(c);
    columns = c;
  };
  for await (const row of csvRows(bytes, name, header)) {
    const at = (column: string): string => `line ${row.line}, column ${column}`;
    const record = rowRecord(row.values, at, issues);
    if (record === undefined) continue;
    records.push(record);
    if (record.provinceCode !== null) {
      const known = provinces.get(record.provinceCode);
      const provinceName = optional(row.values.province_name);
      if (known === undefined) provinces.set(record.provinceCode, { name: provinceName, location: `line ${row.line}` });
      else if (known.name === null && provinceName !== null) known.name = provinceName;
    }
  }
  issues.throwIfAny(name);
  const provides = ORGANISATION_FIELDS.filter((f) => FIELD_COLUMNS[f].length === 0 || FIELD_COLUMNS[f].some((c) => columns.includes(c)));
  return { format: 'csv', records, provides, skipped: 0, skippedReasons: {}, provinces };
}
