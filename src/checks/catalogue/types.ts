import type { CheckFamily, CheckSet } from '../../domain/check.js';

/** A text in both languages of Thorbecke. */
export interface Localized {
  nl: string;
  en: string;
}

/**
 * `mandatory`: a failure fails every set and target the check belongs to. `informational`: reported, never
 * decides a verdict (like internet.nl's "informational" worst status).
 */
export const CHECK_LEVELS = ['mandatory', 'informational'] as const;
export type CheckLevel = (typeof CHECK_LEVELS)[number];

/** One declarative record of the check catalogue. `Id` is narrowed to the literal ids by the catalogue. */
export interface CheckDefinition<Id extends string = string> {
  /** Stable public id, e.g. `web.https.hsts` (issue 3: part of the public contract). */
  readonly id: Id;
  readonly family: CheckFamily;
  readonly title: Localized;
  /** What the check tests, one sentence. */
  readonly description: Localized;
  /** How to fix a failure, one sentence. */
  readonly fix: Localized;
  readonly level: CheckLevel;
  /** The Forum sets the check counts towards; empty for checks with their own target or none. */
  readonly sets: readonly CheckSet[];
  /** The norm applied, as FACTS.md states it. */
  readonly norm: Localized;
  /** When the check yields `not-applicable` instead of a verdict. */
  readonly notApplicableWhen?: Localized;
}
