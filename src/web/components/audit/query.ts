/**
 * The query parameters of the audit pages, checked: every invalid one gives an issue in the user's
 * language (shown on a 400 page), so a bad address never reaches the database.
 */
import type { Messages } from '../../i18n/index.js';

/** Entries per page on the audit pages. */
export const AUDIT_PAGE_SIZE = 50;

export interface AuditSearch {
  before: number | undefined;
  organisation: string | undefined;
  action: string | undefined;
  actor: number | undefined;
}

const ORGANISATION = /^[a-z]{2,4}\d{2,5}$/;
const ACTION = /^[a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*){0,3}$/;
const NUMBER = /^[1-9]\d{0,11}$/;
export const HASH = /^[0-9a-f]{64}$/;

const shown = (value: string): string => (value.length > 60 ? `${value.slice(0, 60)}…` : value);

type Parsed<T> = { ok: true; value: T } | { ok: false; issues: string[] };

/** `before`, and on /audit also `organisation`, `action` and `actor` (an account number). */
export function parseAuditSearch(query: Record<string, string | undefined>, t: Messages, filters: boolean): Parsed<AuditSearch> {
  const x = t.audit.invalid;
  const issues: string[] = [];
  const number = (raw: string | undefined, issue: (value: string) => string): number | undefined => {
    const text = (raw ?? '').trim();
    if (text === '') return undefined;
    if (!NUMBER.test(text)) issues.push(issue(shown(text)));
    return NUMBER.test(text) ? Number(text) : undefined;
  };
  const before = number(query.before, x.before);
  let organisation: string | undefined;
  let action: string | undefined;
  let actor: number | undefined;
  if (filters) {
    organisation = (query.organisation ?? '').trim().toLowerCase() || undefined;
    if (organisation !== undefined && !ORGANISATION.test(organisation)) issues.push(x.organisation(shown(organisation)));
    action = (query.action ?? '').trim() || undefined;
    if (action !== undefined && (action.length > 60 || !ACTION.test(action))) issues.push(x.action(shown(action)));
    actor = number(query.actor, x.actor);
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { before, organisation, action, actor } };
}

/** The optional `head` of /audit/verify: a hash noted earlier. */
export function parseHead(raw: string | undefined, t: Messages): Parsed<string | undefined> {
  const head = (raw ?? '').trim().toLowerCase();
  if (head === '') return { ok: true, value: undefined };
  return HASH.test(head) ? { ok: true, value: head } : { ok: false, issues: [t.audit.invalid.head(shown(head))] };
}
