import { InputError, type Issue } from '../domain/errors.js';
import type { Organisation, OrganisationRecord } from '../domain/organisation.js';
import { MAX_LISTED_ISSUES, ORGANISATION_FIELDS, type OrganisationField } from './types.js';

export type ChangeKind = 'added' | 'changed' | 'ended' | 'reinstated';

/** One organisation an import changes: what was stored (null when new) and what it will be. */
export interface OrganisationDiff {
  kind: ChangeKind;
  before: Organisation | null;
  after: Organisation;
  /** The fields that differ (all provided fields for an added organisation). */
  fields: OrganisationField[];
}

export interface ReconcileOptions {
  /** A full import ends the current organisations it does not list; a partial one never ends any. */
  full: boolean;
  /** The date an import ends organisations on, and "today" for what counts as current (`YYYY-MM-DD`). */
  asOf: string;
  /** The fields the file provides; the others keep their stored values. Default: all. */
  provides?: readonly OrganisationField[];
}

export interface ReconcileResult {
  added: OrganisationDiff[];
  changed: OrganisationDiff[];
  ended: OrganisationDiff[];
  reinstated: OrganisationDiff[];
  unchanged: number;
}

/** `base` with the `fields` that the file provides taken from `record`. */
function merged(base: Organisation, record: OrganisationRecord, provides: ReadonlySet<OrganisationField>): Organisation {
  const taken = ORGANISATION_FIELDS.filter((f) => provides.has(f)).map((f) => [f, record[f]] as const);
  return { ...base, ...(Object.fromEntries(taken) as Partial<Organisation>) };
}

/** A new organisation knows only its code, name and layer until a file says more. */
export const blank = (record: Pick<OrganisationRecord, 'code' | 'name' | 'layer'>): Organisation => ({
  code: record.code,
  name: record.name,
  shortName: null,
  layer: record.layer,
  oin: null,
  provinceCode: null,
  parentCode: null,
  website: null,
  validFrom: null,
  validTo: null,
  successorCode: null,
});

const isEnded = (o: Pick<Organisation, 'validTo'>, asOf: string): boolean => o.validTo !== null && o.validTo <= asOf;

function checkRecords(stored: ReadonlyMap<string, Organisation>, records: readonly OrganisationRecord[]): void {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const r of records) {
    if (seen.has(r.code)) duplicates.add(r.code);
    seen.add(r.code);
  }
  if (duplicates.size > 0) {
    const codes = [...duplicates];
    throw new InputError(
      `The file lists ${codes.length} organisation code${codes.length === 1 ? '' : 's'} more than once; nothing was imported.`,
      codes.slice(0, MAX_LISTED_ISSUES).map((c) => ({ message: `${c} appears more than once` })),
    );
  }
  const issues: Issue[] = [];
  for (const r of records) {
    for (const [field, code] of [['successor', r.successorCode], ['parent', r.parentCode]] as const) {
      if (code !== null && !seen.has(code) && !stored.has(code)) {
        issues.push({ location: r.code, message: `its ${field} ${code} is neither in the file nor known` });
      }
    }
  }
  if (issues.length > 0) {
    throw new InputError(
      `The file refers to ${issues.length} organisation${issues.length === 1 ? '' : 's'} it does not list and that are not known; nothing was imported.`,
      issues.slice(0, MAX_LISTED_ISSUES),
    );
  }
}

/**
 * Compares the stored organisations with the records of an import: which are added, changed, ended
 * (missing from a full import, or given an end date), reinstated (ended, and listed again without an end
 * date) and unchanged. Pure; nothing is ever deleted. Duplicate codes, or a successor or parent that is
 * neither stored nor imported, throw an InputError.
 *
 * @example
 * reconcile([], [amsterdam], { full: true, asOf: '2026-11-29' }).added.length // 1
 */
export function reconcile(
  storedList: readonly Organisation[],
  records: readonly OrganisationRecord[],
  options: ReconcileOptions,
): ReconcileResult {
  const stored = new Map(storedList.map((o) => [o.code, o]));
  checkRecords(stored, records);
  const provides = new Set(options.provides ?? ORGANISATION_FIELDS);
  const result: ReconcileResult = { added: [], changed: [], ended: [], reinstated: [], unchanged: 0 };
  const listed = new Set<string>();

  for (const record of records) {
    listed.add(record.code);
    const before = stored.get(record.code);
    if (before === undefined) {
      const after = merged(blank(record), record, provides);
      result.added.push({ kind: 'added', before: null, after, fields: ORGANISATION_FIELDS.filter((f) => after[f] !== null) });
      continue;
    }
    const after = merged(before, record, provides);
    const fields = ORGANISATION_FIELDS.filter((f) => before[f] !== after[f]);
    if (fields.length === 0) {
      result.unchanged += 1;
    } else if (!isEnded(before, options.asOf) && isEnded(after, options.asOf)) {
      result.ended.push({ kind: 'ended', before, after, fields });
    } else if (isEnded(before, options.asOf) && after.validTo === null) {
      result.reinstated.push({ kind: 'reinstated', before, after, fields });
    } else {
      result.changed.push({ kind: 'changed', before, after, fields });
    }
  }

  if (options.full) {
    for (const before of storedList) {
      if (listed.has(before.code) || isEnded(before, options.asOf)) continue;
      result.ended.push({ kind: 'ended', before, after: { ...before, validTo: options.asOf }, fields: ['validTo'] });
    }
  }
  return result;
}
