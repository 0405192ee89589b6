import type { z } from '@hono/zod-openapi';
import type { Organisation as DomainOrganisation } from '../../domain/organisation.js';
import { tooiUri } from '../../domain/tooi.js';
import type { OrganisationDetail as DetailModel } from '../../services/organisations.js';
import type { TargetChange as TargetChangeModel } from '../../services/strategy-types.js';
import type { Priority as PriorityModel, Strategy, Target as TargetModel } from '../../strategy/schema.js';
import type { Organisation, OrganisationDetail, Priority, Target, TargetChange } from './schemas.js';

/** Maps internal models to the API's representations (the contract in schemas.ts). */

export function presentOrganisation(org: DomainOrganisation): z.infer<typeof Organisation> {
  return { ...org, tooiUri: tooiUri(org.code) ?? null };
}

export function presentOrganisationDetail(detail: DetailModel): z.infer<typeof OrganisationDetail> {
  return {
    ...presentOrganisation(detail.organisation),
    predecessorCodes: detail.predecessors.map((p) => p.code),
    domains: detail.domains.map((d) => ({ name: d.name, kind: d.kind })),
    targetIds: detail.targets.map((t) => t.id),
  };
}

export function presentTarget(target: TargetModel): z.infer<typeof Target> {
  const { priorities, ...rest } = target;
  return { ...rest, priorityIds: priorities, scope: { layers: target.scope.layers, assets: target.scope.assets } };
}

export function presentPriority(priority: PriorityModel, strategy: Strategy): z.infer<typeof Priority> {
  return {
    ...priority,
    targetIds: strategy.targets.filter((t) => t.priorities.includes(priority.id)).map((t) => t.id),
  };
}

export function presentTargetChange(change: TargetChangeModel): z.infer<typeof TargetChange> {
  return {
    version: change.version.version,
    appliedAt: change.version.appliedAt.toISOString(),
    appliedBy: change.version.appliedBy,
    kind: change.kind,
    fields: change.fields,
  };
}
