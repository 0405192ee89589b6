import { InputError } from '../domain/errors.js';
import type { Organisation } from '../domain/organisation.js';

/** The share of the current organisations a full import may end without `--allow-mass-end`. */
export const MAX_END_SHARE = 0.1;
/** Ending this many or fewer is always allowed (a merger year ends a handful of municipalities). */
export const ALWAYS_ALLOWED_ENDINGS = 10;

/**
 * Refuses a full import that would end a large part of the federation: a truncated download, a file of
 * one layer only, or a filtered export looks exactly like that, and ending is not undone by the next
 * import of the right file without leaving a trail of false endings and reinstatements.
 */
export function guardMassEnding(stored: readonly Organisation[], ending: number, asOf: string): void {
  const current = stored.filter((o) => o.validTo === null || o.validTo > asOf).length;
  if (ending <= ALWAYS_ALLOWED_ENDINGS || ending <= MAX_END_SHARE * current) return;
  throw new InputError(
    `This full import would end ${String(ending)} of the ${String(current)} current organisations ` +
      `(more than ${String(MAX_END_SHARE * 100)}%), because the file does not list them; nothing was imported. ` +
      'If the file lists only part of the federation, import it with --partial. ' +
      'If these organisations really ended, repeat with --allow-mass-end.',
  );
}
