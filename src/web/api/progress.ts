import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { InputError } from '../../domain/errors.js';
import { aggregateHistory, aggregates, organisationHistory, progressDomains, progressOfOrganisation, progressOfTarget, progressUpdatedAt, type ProgressDomainRow } from '../../store/progress-read.js';
import type { WebDeps } from '../deps.js';
import { knownOrganisation, knownTarget } from '../open-data/lookup.js';
import { checkedScope } from '../open-data/scope.js';
import { presentAggregate, presentAggregatePoint, presentDomainOutcome, presentHistoryPoint, presentProgress, presentTargetProgressItem } from './present-progress.js';
import { Layer, problemResponses } from './schemas.js';
import {
  AggregateHistory,
  AggregateList,
  AggregateScope,
  OrganisationHistory,
  OrganisationProgress,
  ProgressStatus,
  TargetProgressPage,
  scopeIdParam,
  sinceParam,
  targetParam,
} from './schemas-progress.js';

/**
 * Progress (read only): the pre-aggregated figures per nation, layer and province and their weekly
 * history; every organisation's progress on one target; one organisation's progress and history.
 * An unknown target, organisation or province is a 404; the same data is open data under /data.
 */

const codeParam = z.object({ code: z.string().max(20).openapi({ param: { name: 'code', in: 'path' }, example: 'gm0363' }) });
const idParam = z.object({ id: z.string().max(200).openapi({ param: { name: 'id', in: 'path' }, example: 'forum-web-2018-https-hsts' }) });

const routes = {
  aggregates: createRoute({
    method: 'get',
    path: '/progress',
    tags: ['progress'],
    summary: 'Current figures per nation, layer and province',
    description: 'Per target and area: organisations per status and counts of domains. Without `scope`, every area; with `scope` and no `id`, every area of that kind.',
    request: { query: z.object({ scope: AggregateScope.optional(), id: scopeIdParam, target: targetParam }) },
    responses: { 200: { description: 'The figures.', content: { 'application/json': { schema: AggregateList } } }, ...problemResponses },
  }),
  history: createRoute({
    method: 'get',
    path: '/progress/history',
    tags: ['progress'],
    summary: 'Weekly history of the figures of one area',
    description: 'Per target and week (its Monday), oldest first. The scope defaults to the nation (`nl`); a layer or province needs an `id`.',
    request: { query: z.object({ scope: AggregateScope.default('nation'), id: scopeIdParam, target: targetParam, since: sinceParam }) },
    responses: { 200: { description: 'The history.', content: { 'application/json': { schema: AggregateHistory } } }, ...problemResponses },
  }),
  target: createRoute({
    method: 'get',
    path: '/targets/{id}/progress',
    tags: ['progress'],
    summary: "Every organisation's progress on one target",
    description: 'Ordered by name, filtered and paginated.',
    request: {
      params: idParam,
      query: z.object({
        layer: Layer.optional(),
        province: z.string().regex(/^pv\d{2}$/i, 'a province code looks like pv27').optional().openapi({ description: 'TOOI code of a province.', example: 'pv27' }),
        status: ProgressStatus.optional(),
        page: z.coerce.number().int().min(1).default(1),
        pageSize: z.coerce.number().int().min(1).max(500).default(50),
      }),
    },
    responses: { 200: { description: 'A page of organisations with their progress.', content: { 'application/json': { schema: TargetProgressPage } } }, ...problemResponses },
  }),
  organisation: createRoute({
    method: 'get',
    path: '/organisations/{code}/progress',
    tags: ['progress'],
    summary: "One organisation's progress on every target that applies to it",
    description: 'With the outcome per domain behind each figure.',
    request: { params: codeParam },
    responses: { 200: { description: 'The progress.', content: { 'application/json': { schema: OrganisationProgress } } }, ...problemResponses },
  }),
  organisationHistory: createRoute({
    method: 'get',
    path: '/organisations/{code}/progress/history',
    tags: ['progress'],
    summary: "One organisation's weekly history",
    request: { params: codeParam, query: z.object({ target: targetParam, since: sinceParam }) },
    responses: { 200: { description: 'The history, per target oldest first.', content: { 'application/json': { schema: OrganisationHistory } } }, ...problemResponses },
  }),
};

/** The routes, for the OpenAPI document. */
export const progressRoutes = Object.values(routes);

/** The target's id when one was asked for (404 when it is not in the current strategy). */
async function optionalTarget(deps: WebDeps, id: string | undefined): Promise<string | undefined> {
  return id === undefined ? undefined : (await knownTarget(deps, id)).id;
}

export function registerProgressRoutes(api: OpenAPIHono, deps: WebDeps): void {
  api.openapi(routes.aggregates, async (c) => {
    const query = c.req.valid('query');
    if (query.scope === undefined && query.id !== undefined) {
      throw new InputError('The request has 1 invalid parameter(s).', [{ location: 'query.id', message: 'an id needs a scope' }]);
    }
    const scope = query.scope === undefined || query.id === undefined ? undefined : await checkedScope(deps, query.scope, query.id);
    const targetId = await optionalTarget(deps, query.target);
    const [rows, updatedAt] = await Promise.all([
      aggregates(deps.db, {
        ...(query.scope === undefined ? {} : { scopeKind: query.scope }),
        ...(scope === undefined ? {} : { scopeId: scope.id }),
        ...(targetId === undefined ? {} : { targetId }),
      }),
      progressUpdatedAt(deps.db),
    ]);
    return c.json({ items: rows.map(presentAggregate), updatedAt: updatedAt?.toISOString() ?? null }, 200);
  });

  api.openapi(routes.history, async (c) => {
    const query = c.req.valid('query');
    const scope = await checkedScope(deps, query.scope, query.id);
    const targetId = await optionalTarget(deps, query.target);
    const rows = await aggregateHistory(deps.db, {
      scopeKind: scope.kind,
      scopeId: scope.id,
      ...(targetId === undefined ? {} : { targetId }),
      ...(query.since === undefined ? {} : { since: query.since }),
    });
    return c.json({ items: rows.map(presentAggregatePoint) }, 200);
  });

  api.openapi(routes.target, async (c) => {
    const target = await knownTarget(deps, c.req.valid('param').id);
    const query = c.req.valid('query');
    const rows = await progressOfTarget(deps.db, target.id, { layer: query.layer, province: query.province?.toLowerCase(), status: query.status });
    const start = (query.page - 1) * query.pageSize;
    return c.json(
      {
        targetId: target.id,
        items: rows.slice(start, start + query.pageSize).map(presentTargetProgressItem),
        page: query.page,
        pageSize: query.pageSize,
        total: rows.length,
        totalPages: Math.max(1, Math.ceil(rows.length / query.pageSize)),
      },
      200,
    );
  });

  api.openapi(routes.organisation, async (c) => {
    const org = await knownOrganisation(deps, c.req.valid('param').code);
    const [rows, domains] = await Promise.all([progressOfOrganisation(deps.db, org.code), progressDomains(deps.db, org.code)]);
    const byTarget = new Map<string, ProgressDomainRow[]>();
    for (const d of domains) byTarget.set(d.targetId, [...(byTarget.get(d.targetId) ?? []), d]);
    const items = [...rows]
      .sort((a, b) => a.targetId.localeCompare(b.targetId))
      .map((row) => ({ ...presentProgress(row), domainOutcomes: (byTarget.get(row.targetId) ?? []).map(presentDomainOutcome) }));
    return c.json({ organisationCode: org.code, items }, 200);
  });

  api.openapi(routes.organisationHistory, async (c) => {
    const org = await knownOrganisation(deps, c.req.valid('param').code);
    const query = c.req.valid('query');
    const targetId = await optionalTarget(deps, query.target);
    const rows = await organisationHistory(deps.db, org.code, targetId);
    const since = query.since;
    const items = (since === undefined ? rows : rows.filter((r) => r.period >= since)).map(presentHistoryPoint);
    return c.json({ organisationCode: org.code, items }, 200);
  });
}
