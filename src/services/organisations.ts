import type { Kysely } from 'kysely';
import { NotFoundError } from '../domain/errors.js';
import type { Organisation } from '../domain/organisation.js';
import { parseTooiCode } from '../domain/tooi.js';
import type { Target } from '../strategy/schema.js';
import { targetsForLayer } from '../strategy/query.js';
import type { Database } from '../store/schema.js';
import {
  domainsOf,
  findOrganisation,
  listOrganisations,
  organisationHistory,
  organisationNames,
  predecessorsOf,
  type OrganisationChange,
  type OrganisationFilter,
  type OwnedDomain,
  type Page,
} from '../store/organisations.js';
import type { StrategyReader } from './strategy-types.js';

export interface OrganisationDetail {
  organisation: Organisation;
  provinceName: string | null;
  parentName: string | null;
  successor: { code: string; name: string } | null;
  predecessors: Organisation[];
  domains: OwnedDomain[];
  /** Targets of the current strategy whose scope includes this organisation's layer. */
  targets: Target[];
  history: OrganisationChange[];
}

/** Organisation use cases shared by the pages and the API. */
export class OrganisationService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly strategy: StrategyReader,
  ) {}

  list(filter: OrganisationFilter): Promise<Page<Organisation>> {
    return listOrganisations(this.db, filter);
  }

  async get(code: string): Promise<Organisation> {
    const org = parseTooiCode(code) ? await findOrganisation(this.db, code) : undefined;
    if (!org) throw new NotFoundError(`No organisation with code "${code}".`);
    return org;
  }

  async detail(code: string): Promise<OrganisationDetail> {
    const organisation = await this.get(code);
    const related = [organisation.provinceCode, organisation.parentCode, organisation.successorCode].filter(
      (c): c is string => c !== null,
    );
    const [names, predecessors, domains, history, current] = await Promise.all([
      organisationNames(this.db, related),
      predecessorsOf(this.db, organisation.code),
      domainsOf(this.db, organisation.code),
      organisationHistory(this.db, organisation.code),
      this.strategy.current(),
    ]);
    const nameOf = (c: string | null): string | null => (c === null ? null : (names.get(c) ?? null));
    return {
      organisation,
      provinceName: nameOf(organisation.provinceCode),
      parentName: nameOf(organisation.parentCode),
      successor:
        organisation.successorCode === null
          ? null
          : { code: organisation.successorCode, name: nameOf(organisation.successorCode) ?? organisation.successorCode },
      predecessors,
      domains,
      targets: current ? targetsForLayer(current.strategy, organisation.layer) : [],
      history,
    };
  }
}
