import { isLayer, type Layer } from '../../domain/layer.js';
import type { Messages } from '../i18n/index.js';

/** The search on /organisations, as the form sends it. */
export interface OrganisationSearch {
  q: string;
  layer: Layer | undefined;
  /** Lower-case province code, e.g. `pv27`. */
  province: string | undefined;
  includeEnded: boolean;
  page: number;
}

export type ParsedSearch = { ok: true; search: OrganisationSearch } | { ok: false; issues: string[] };

/** Rows per page of the organisation list. */
export const PAGE_SIZE = 50;
const MAX_Q = 200;

/** Shows at most 60 characters of a rejected value. */
const shown = (value: string): string => (value.length > 60 ? `${value.slice(0, 60)}…` : value);

/**
 * Reads the query of /organisations. Empty fields mean "no filter"; every invalid parameter gives one
 * issue in the user's language, so that the 400 page can list them all.
 */
export function parseOrganisationSearch(query: Record<string, string | undefined>, t: Messages): ParsedSearch {
  const issues: string[] = [];
  const invalid = t.organisations.invalid;
  const q = (query.q ?? '').trim();
  if (q.length > MAX_Q) issues.push(invalid.q);

  const rawLayer = query.layer ?? '';
  const layer = rawLayer === '' ? undefined : isLayer(rawLayer) ? rawLayer : undefined;
  if (rawLayer !== '' && layer === undefined) issues.push(invalid.layer(shown(rawLayer)));

  const rawProvince = (query.province ?? '').trim().toLowerCase();
  if (rawProvince !== '' && !/^pv\d{2}$/.test(rawProvince)) issues.push(invalid.province(shown(query.province ?? '')));

  const rawEnded = query.includeEnded ?? '';
  if (!['', 'true', 'false'].includes(rawEnded)) issues.push(invalid.includeEnded);

  const rawPage = query.page ?? '';
  const page = rawPage === '' ? 1 : /^\d{1,6}$/.test(rawPage) ? Number(rawPage) : 0;
  if (page < 1) issues.push(invalid.page(shown(rawPage)));

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    search: { q, layer, province: rawProvince === '' ? undefined : rawProvince, includeEnded: rawEnded === 'true', page },
  };
}

/** The parameters of a search as a query (empty ones left out), for links to other pages. */
export function searchQuery(search: OrganisationSearch, page: number): Record<string, string | number | undefined> {
  return {
    q: search.q,
    layer: search.layer,
    province: search.province,
    includeEnded: search.includeEnded ? 'true' : undefined,
    page: page === 1 ? undefined : page,
  };
}
