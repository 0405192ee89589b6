import { InputError, type Issue } from '../../domain/errors.js';
import { isLayer } from '../../domain/layer.js';
import type { AggregateScope } from '../../domain/progress.js';
import type { WebDeps } from '../deps.js';
import { knownOrganisation } from './lookup.js';

/** An area of pre-aggregated figures: the nation (`nl`), a layer (`gemeente`) or a province (`pv27`). */
export interface Scope {
  kind: AggregateScope;
  id: string;
}

/**
 * The area named by `scope` and `id` (query parameters of the open data and the API), or the problem
 * with them. The nation's id may be left out; a layer or province needs one.
 *
 * @example
 * scopeOf('province', 'PV27') // { scope: { kind: 'province', id: 'pv27' } }
 * scopeOf('layer', 'county') // { issue: { location: 'query.id', message: ... } }
 */
export function scopeOf(kind: AggregateScope, id: string | undefined): { scope: Scope } | { issue: Issue } {
  const at = 'query.id';
  if (kind === 'nation') {
    return id === undefined || id === 'nl' ? { scope: { kind, id: 'nl' } } : { issue: { location: at, message: 'the nation is "nl"' } };
  }
  if (id === undefined) return { issue: { location: at, message: `a ${kind} scope needs an id` } };
  if (kind === 'layer') return isLayer(id) ? { scope: { kind, id } } : { issue: { location: at, message: `"${id}" is not a layer` } };
  return /^pv\d{2}$/i.test(id)
    ? { scope: { kind, id: id.toLowerCase() } }
    : { issue: { location: at, message: 'a province code looks like pv27' } };
}

/** The area, checked: malformed → InputError (400); a province that is not recorded → NotFoundError (404). */
export async function checkedScope(deps: WebDeps, kind: AggregateScope, id: string | undefined): Promise<Scope> {
  const result = scopeOf(kind, id);
  if ('issue' in result) throw new InputError('The area is not valid.', [result.issue]);
  if (result.scope.kind === 'province') await knownOrganisation(deps, result.scope.id);
  return result.scope;
}
