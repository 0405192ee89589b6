/**
 * The check catalogue: one declarative record per check (STYLE.md, after internet.nl's
 * `checks/categories.py`). The ids are a public contract (issue 3); the order here is the order of output.
 */
import type { CheckSet } from '../domain/check.js';
import { MAIL_CHECKS } from './catalogue/mail.js';
import { OTHER_CHECKS } from './catalogue/other.js';
import type { CheckDefinition } from './catalogue/types.js';
import { WEB_CHECKS } from './catalogue/web.js';

export { CHECK_LEVELS, type CheckDefinition, type CheckLevel, type Localized } from './catalogue/types.js';

/** The literal ids of every check in the catalogue. */
export type CheckId =
  | (typeof WEB_CHECKS)[number]['id']
  | (typeof MAIL_CHECKS)[number]['id']
  | (typeof OTHER_CHECKS)[number]['id'];

/** Every check, in a stable order: the web set, the mail set, then security.txt and hosting. */
export const CATALOGUE: readonly CheckDefinition<CheckId>[] = Object.freeze([...WEB_CHECKS, ...MAIL_CHECKS, ...OTHER_CHECKS]);

const BY_ID: ReadonlyMap<string, CheckDefinition<CheckId>> = new Map(CATALOGUE.map((c) => [c.id, c]));

/** Whether `id` names a check of the catalogue. */
export function isCheckId(id: string): id is CheckId {
  return BY_ID.has(id);
}

/** The check with this id, or `undefined` for an unknown id. */
export function findCheck(id: string): CheckDefinition<CheckId> | undefined {
  return BY_ID.get(id);
}

/** The checks of one Forum set, in catalogue order. */
export function checksInSet(set: CheckSet): readonly CheckDefinition<CheckId>[] {
  return CATALOGUE.filter((c) => c.sets.includes(set));
}
