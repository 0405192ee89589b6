import type { Layer } from './layer.js';

/** A government body as Thorbecke records it. Dates are ISO `YYYY-MM-DD`. */
export interface Organisation {
  /** TOOI code, e.g. `gm0363`. */
  code: string;
  name: string;
  /** A short or alternative name (CBS name, abbreviation). */
  shortName: string | null;
  layer: Layer;
  oin: string | null;
  /** The TOOI code of the province the organisation lies in (`pv27`), where known. */
  provinceCode: string | null;
  /** The register's parent organisation, for nested bodies. */
  parentCode: string | null;
  website: string | null;
  validFrom: string | null;
  validTo: string | null;
  /** Recorded at a merger: the organisation that continues this one. */
  successorCode: string | null;
}

/**
 * One organisation as an importer read it, before it is compared with what is stored. Same shape as an
 * Organisation; which fields a source actually states is the parser's `provides` list.
 */
export type OrganisationRecord = Organisation;

/** Whether an organisation exists on a date (ISO `YYYY-MM-DD`). */
export function isActiveOn(org: Pick<Organisation, 'validFrom' | 'validTo'>, date: string): boolean {
  if (org.validFrom !== null && org.validFrom > date) return false;
  if (org.validTo !== null && org.validTo <= date) return false;
  return true;
}
