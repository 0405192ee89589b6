import type { Kysely } from 'kysely';
import { normaliseDomain, type AssetKind } from '../domain/asset.js';
import { InputError, NotFoundError } from '../domain/errors.js';
import { historyFor, latestFor, type LatestObservation, type ObservationInterval } from '../store/observations-read.js';
import type { Database } from '../store/schema.js';

/** An organisation that owns a domain, and as what (web, mail or both). */
export interface DomainOwner {
  code: string;
  name: string;
  kinds: AssetKind[];
}

/** Everything measured on one domain: who owns it, the current state per check and every interval. */
export interface DomainMeasurements {
  /** The normalised name (lower case, no trailing dot). */
  domain: string;
  /** As what the domain is registered; empty when it is only known from observations. */
  kinds: AssetKind[];
  owners: DomainOwner[];
  /** Per check, by check id. */
  latest: LatestObservation[];
  /** Every interval, newest first. */
  history: ObservationInterval[];
}

/**
 * Measurements (observations) of domains for the pages: the latest state of the domains of an
 * organisation, and the owners, latest state and history of one domain.
 */
export class MeasurementService {
  constructor(private readonly db: Kysely<Database>) {}

  /** The latest observations per domain name (as given); a domain never measured maps to `[]`. */
  async latestByDomain(domains: readonly string[]): Promise<Map<string, LatestObservation[]>> {
    const names = new Set(domains);
    const result = new Map<string, LatestObservation[]>();
    // One query per domain, one after the other: an organisation has a handful of domains, and PGlite
    // serialises queries anyway.
    for (const name of names) result.set(name, await latestFor(this.db, name));
    return result;
  }

  /**
   * One domain's owners, latest observations and history. Throws InputError for a value that is not a
   * domain name, NotFoundError for a domain that is neither registered nor measured.
   */
  async domain(raw: string): Promise<DomainMeasurements> {
    const domain = normaliseDomain(raw);
    if (domain === undefined) throw new InputError(`"${raw.slice(0, 100)}" is not a domain name.`);
    const [rows, latest, history] = await Promise.all([
      this.db
        .selectFrom('asset')
        .leftJoin('asset_owner', 'asset_owner.asset_id', 'asset.id')
        .leftJoin('organisation', 'organisation.code', 'asset_owner.organisation_code')
        .select(['asset.kind', 'asset_owner.organisation_code as code', 'organisation.name'])
        .where('asset.name', '=', domain)
        .execute(),
      latestFor(this.db, domain),
      historyFor(this.db, domain),
    ]);
    if (rows.length === 0 && latest.length === 0 && history.length === 0) {
      throw new NotFoundError(`No domain "${domain}" is registered or measured.`);
    }
    const kinds = [...new Set(rows.map((r) => r.kind))].sort();
    const owners = new Map<string, DomainOwner>();
    for (const row of rows) {
      if (row.code === null) continue;
      const owner = owners.get(row.code) ?? { code: row.code, name: row.name ?? row.code, kinds: [] };
      if (!owner.kinds.includes(row.kind)) owner.kinds.push(row.kind);
      owners.set(row.code, owner);
    }
    const sorted = [...owners.values()].sort((a, b) => a.name.localeCompare(b.name, 'nl'));
    for (const owner of sorted) owner.kinds.sort();
    return { domain, kinds, owners: sorted, latest, history };
  }
}
