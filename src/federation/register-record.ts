import type { OrganisationRecord } from '../domain/organisation.js';
import { codeFromTooiUri, isOin, parseTooiCode } from '../domain/tooi.js';
import { normaliseDomain } from '../domain/asset.js';
import type { IssueCollector } from './types.js';
import { cleanText, parseIsoDate } from './values.js';

/** A value read from the register, with the line it was on (for messages). */
export interface Located {
  value: string;
  line: number;
}

/** One `organisatie` of the register export while it is being read. */
export interface OrganisationDraft {
  line: number;
  /** Index of the `organisatie` element in the element stack. */
  depth: number;
  /** The enclosing organisation, for nested bodies. */
  enclosing: OrganisationDraft | undefined;
  tooiAttribute: string | undefined;
  name: string | undefined;
  abbreviation: string | undefined;
  identifiers: { kind: string; value: Located }[];
  begin: Located | undefined;
  end: Located | undefined;
  urls: string[];
  ministryCode: string | undefined;
  /** Set once the draft is complete and has a TOOI code of a known shape. */
  code?: string;
}

export function newDraft(line: number, depth: number, enclosing: OrganisationDraft | undefined): OrganisationDraft {
  return {
    line,
    depth,
    enclosing,
    tooiAttribute: undefined,
    name: undefined,
    abbreviation: undefined,
    identifiers: [],
    begin: undefined,
    end: undefined,
    urls: [],
    ministryCode: undefined,
  };
}

const TOOI_IDENTIFIERS = new Set(['resourceidentifiertooi', 'tooi']);

/** The draft's TOOI code, or the reason it is skipped. */
export function draftCode(draft: OrganisationDraft): { code: string } | { skip: string } {
  const raw = draft.tooiAttribute ?? draft.identifiers.find((i) => TOOI_IDENTIFIERS.has(i.kind))?.value.value;
  if (raw === undefined || raw.trim() === '') return { skip: 'no TOOI identifier' };
  const code = raw.includes('://') ? codeFromTooiUri(raw) : parseTooiCode(raw)?.code;
  return code === undefined ? { skip: 'TOOI identifier of another kind' } : { code };
}

function date(value: Located | undefined, what: string, issues: IssueCollector): string | null {
  if (value === undefined || value.value.trim() === '') return null;
  const parsed = parseIsoDate(value.value);
  if (parsed === undefined) issues.add(`line ${value.line}`, `${what} "${value.value}" is not a date (YYYY-MM-DD)`);
  return parsed ?? null;
}

/** The first internet address that is a plausible domain name, as a domain. */
function website(urls: readonly string[]): string | null {
  for (const url of urls) {
    const domain = normaliseDomain(url);
    if (domain !== undefined) return domain;
  }
  return null;
}

/**
 * Turns a complete draft with a code into a record, adding an issue for each invalid value. The parent
 * is resolved later (an enclosing organisation may only get its code after its nested ones).
 */
export function draftRecord(draft: OrganisationDraft, code: string, issues: IssueCollector): OrganisationRecord {
  const where = `line ${draft.line}`;
  const name = cleanText(draft.name ?? '');
  if (name === '') issues.add(where, `organisation ${code} has no naam`);
  const oinValue = draft.identifiers.find((i) => i.kind === 'oin')?.value;
  const oin = oinValue === undefined || oinValue.value.trim() === '' ? null : oinValue.value.trim();
  if (oin !== null && oinValue !== undefined && !isOin(oin)) {
    issues.add(`line ${oinValue.line}`, `OIN "${oin}" of ${code} is not 20 digits`);
  }
  const validFrom = date(draft.begin, `beginDatum of ${code}`, issues);
  const validTo = date(draft.end, `eindDatum of ${code}`, issues);
  if (validFrom !== null && validTo !== null && validTo < validFrom) {
    issues.add(where, `eindDatum ${validTo} of ${code} is before its beginDatum ${validFrom}`);
  }
  const abbreviation = cleanText(draft.abbreviation ?? '');
  return {
    code,
    name,
    shortName: abbreviation === '' ? null : abbreviation,
    layer: parseTooiCode(code)?.layer ?? 'publieke-dienstverlener',
    oin: oin !== null && isOin(oin) ? oin : null,
    provinceCode: null,
    parentCode: null,
    website: website(draft.urls),
    validFrom,
    validTo,
    successorCode: null,
  };
}

/** The parent of a nested body: the nearest enclosing organisation with a code, else its ministry. */
export function draftParent(draft: OrganisationDraft, code: string): string | null {
  for (let up = draft.enclosing; up !== undefined; up = up.enclosing) {
    if (up.code !== undefined && up.code !== code) return up.code;
  }
  return draft.ministryCode !== undefined && draft.ministryCode !== code ? draft.ministryCode : null;
}
