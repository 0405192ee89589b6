import { NotFoundError } from '../../domain/errors.js';
import type { Organisation } from '../../domain/organisation.js';
import type { Target } from '../../strategy/schema.js';
import type { WebDeps } from '../deps.js';

/**
 * Checks that a target or organisation named in a request exists, for the open data and the API's
 * progress routes: an unknown one is a 404, never an empty list.
 */

/** A target of the current strategy. */
export async function knownTarget(deps: WebDeps, id: string): Promise<Target> {
  const current = await deps.strategy.current();
  const target = current?.strategy.targets.find((t) => t.id === id);
  if (target === undefined) throw new NotFoundError(`No target with id "${id}".`);
  return target;
}

/** An organisation by its TOOI code (any case). */
export function knownOrganisation(deps: WebDeps, code: string): Promise<Organisation> {
  return deps.organisations.get(code);
}
