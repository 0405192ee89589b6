import { InputError, type Issue } from '../domain/errors.js';
import type { OrganisationRecord } from '../domain/organisation.js';

/** A field of an organisation that an import may set (the code is the identity, not a field). */
export type OrganisationField = Exclude<keyof OrganisationRecord, 'code'>;

export const ORGANISATION_FIELDS: readonly OrganisationField[] = [
  'name',
  'shortName',
  'layer',
  'oin',
  'provinceCode',
  'parentCode',
  'website',
  'validFrom',
  'validTo',
  'successorCode',
];

/** The file formats an organisation import understands. */
export type OrganisationFormat = 'xml' | 'csv';

/** A province named by the rows of a file (CSV `province_code` / `province_name`). */
export interface ProvinceReference {
  name: string | null;
  /** Where it was first referenced, for messages. */
  location: string;
}

/** What a parser read from an organisation file; nothing has been compared with the store yet. */
export interface ParsedOrganisations {
  format: OrganisationFormat;
  records: OrganisationRecord[];
  /** The fields the file provides; other fields keep their stored values. */
  provides: readonly OrganisationField[];
  /** Entries that are not organisations Thorbecke records (no TOOI code of a known shape). */
  skipped: number;
  skippedReasons: Record<string, number>;
  /** Provinces referenced by rows (CSV); see `withReferencedProvinces`. */
  provinces: Map<string, ProvinceReference>;
}

/** The most issues an error lists; the rest are counted. */
export const MAX_LISTED_ISSUES = 20;

/**
 * Collects the problems of a file and throws them together as one InputError, so that a file with any
 * invalid record changes nothing.
 */
export class IssueCollector {
  private readonly list: Issue[] = [];
  private total = 0;

  add(location: string | undefined, message: string): void {
    this.total += 1;
    if (this.list.length < MAX_LISTED_ISSUES) this.list.push(location === undefined ? { message } : { location, message });
  }

  get count(): number {
    return this.total;
  }

  /** Throws an InputError when any issue was added. */
  throwIfAny(what: string): void {
    if (this.total === 0) return;
    const issues = [...this.list];
    if (this.total > this.list.length) issues.push({ message: `… and ${this.total - this.list.length} more` });
    throw new InputError(`${what} has ${this.total} problem${this.total === 1 ? '' : 's'}; nothing was imported.`, issues);
  }
}
