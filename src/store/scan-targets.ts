import { sql, type Kysely } from 'kysely';
import { InputError } from '../domain/errors.js';
import { isLayer, LAYERS } from '../domain/layer.js';
import { normaliseDomain } from './observations.js';
import type { Database } from './schema.js';

/** What gets scanned: the registered domains of organisations that exist today, with how they are used. */

export type AssetKindName = 'web' | 'mail';

export interface ScanTarget {
  domain: string;
  /** Web, mail or both, as registered (an unregistered domain asked for by name: both). */
  kinds: AssetKindName[];
  /** The organisation the per-organisation limit counts it for (the first owner by code); null when unregistered. */
  organisation: string | null;
}

export interface ScanSelection {
  organisations?: readonly string[];
  layer?: string;
  domains?: readonly string[];
  all?: boolean;
}

/** A short description of a selection for lists and summaries, e.g. `organisations gm0363, pv27; layer gemeente`. */
export function describeSelection(selection: ScanSelection): string {
  if (selection.all === true) return 'all';
  const parts: string[] = [];
  if (selection.organisations?.length) parts.push(`organisation${selection.organisations.length > 1 ? 's' : ''} ${selection.organisations.join(', ')}`);
  if (selection.layer !== undefined) parts.push(`layer ${selection.layer}`);
  if (selection.domains?.length) parts.push(`domain${selection.domains.length > 1 ? 's' : ''} ${selection.domains.join(', ')}`);
  return parts.join('; ');
}

interface Row {
  name: string;
  kind: AssetKindName;
  organisation: string;
}

/** Owned domains of organisations that have not ended, optionally only of some organisations, a layer or names. */
async function ownedRows(db: Kysely<Database>, filter: { organisations?: readonly string[]; layer?: string; domains?: readonly string[] }): Promise<Row[]> {
  let query = db
    .selectFrom('asset')
    .innerJoin('asset_owner', 'asset_owner.asset_id', 'asset.id')
    .innerJoin('organisation', 'organisation.code', 'asset_owner.organisation_code')
    .select(['asset.name as name', 'asset.kind as kind', (eb) => eb.fn.min<string>('asset_owner.organisation_code').as('organisation')])
    .where((eb) => eb.or([eb('organisation.valid_to', 'is', null), eb('organisation.valid_to', '>', sql<string>`current_date`)]));
  const { organisations, layer, domains } = filter;
  if (organisations !== undefined || layer !== undefined || domains !== undefined) {
    query = query.where((eb) =>
      eb.or([
        ...(organisations?.length ? [eb('organisation.code', 'in', [...organisations])] : []),
        ...(layer !== undefined ? [eb('organisation.layer', '=', layer)] : []),
        ...(domains?.length ? [eb('asset.name', 'in', [...domains])] : []),
      ]),
    );
  }
  return query.groupBy(['asset.name', 'asset.kind']).orderBy('asset.name').execute();
}

function merge(rows: readonly Row[]): Map<string, ScanTarget> {
  const byName = new Map<string, ScanTarget>();
  for (const r of rows) {
    const target = byName.get(r.name) ?? { domain: r.name, kinds: [], organisation: r.organisation };
    if (!target.kinds.includes(r.kind)) target.kinds.push(r.kind);
    target.kinds.sort();
    if (target.organisation === null || r.organisation < target.organisation) target.organisation = r.organisation;
    byName.set(r.name, target);
  }
  return byName;
}

/**
 * The domains a selection means: the union of the organisations' domains, the layer's and the names given
 * (`all`: every registered domain of an organisation that exists today). Unknown organisation codes, an
 * unknown layer or an invalid name is an InputError. A name that is not registered is scanned for web and
 * mail and counted under no organisation.
 */
export async function scanTargets(db: Kysely<Database>, selection: ScanSelection): Promise<ScanTarget[]> {
  const organisations = selection.organisations?.map((c) => c.trim().toLowerCase());
  const domains = selection.domains?.map(normaliseDomain);
  if (selection.all !== true && !organisations?.length && selection.layer === undefined && !domains?.length) {
    throw new InputError('Nothing to scan: choose organisations, a layer, domains, or all.');
  }
  if (selection.layer !== undefined && !isLayer(selection.layer)) throw new InputError(`Unknown layer "${selection.layer}"; known: ${LAYERS.join(', ')}.`);
  const badName = domains?.find((d) => !/^(?=.{1,253}$)([a-z0-9_]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/.test(d));
  if (badName !== undefined) throw new InputError(`"${badName}" is not a domain name.`);
  if (organisations?.length) {
    const known = new Set((await db.selectFrom('organisation').select('code').where('code', 'in', organisations).execute()).map((r) => r.code));
    const unknown = organisations.filter((c) => !known.has(c));
    if (unknown.length > 0) throw new InputError(`Unknown organisation${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`);
  }
  const rows = await ownedRows(db, selection.all === true ? {} : { ...(organisations ? { organisations } : {}), ...(selection.layer !== undefined ? { layer: selection.layer } : {}), ...(domains ? { domains } : {}) });
  const targets = merge(rows);
  for (const d of domains ?? []) if (!targets.has(d)) targets.set(d, { domain: d, kinds: ['mail', 'web'], organisation: null });
  return [...targets.values()];
}

/** The registered targets among these names (for jobs the scheduler makes). */
export async function targetsNamed(db: Kysely<Database>, names: readonly string[]): Promise<Map<string, ScanTarget>> {
  if (names.length === 0) return new Map();
  return merge(await ownedRows(db, { domains: names }));
}

/**
 * Orders targets so that consecutive ones belong to different organisations (round robin over the
 * organisations): a queue worked in this order does not hit one organisation's servers with every slot.
 */
export function interleaveByOrganisation<T extends { organisation: string | null }>(targets: readonly T[]): T[] {
  const groups = new Map<string, T[]>();
  for (const t of targets) {
    const key = t.organisation ?? '';
    const group = groups.get(key) ?? [];
    group.push(t);
    groups.set(key, group);
  }
  const out: T[] = [];
  const lists = [...groups.values()];
  for (let i = 0; out.length < targets.length; i++) for (const list of lists) if (i < list.length) out.push(list[i] as T);
  return out;
}
