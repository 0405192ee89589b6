import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AccountabilityService } from '../../services/accountability.js';
import type { WebDeps } from '../deps.js';
import { accessOf, requireCaller } from './local-auth.js';
import { DecisionOutcome, Explanation, ExplanationDecision, ExplanationList, ExplanationProposal, ExplanationScope, ExplanationState, presentExplanation } from './schemas-accountability.js';
import { problemResponses } from './schemas.js';

/**
 * Comply or explain: explanations are public (GET); an organisation's editors propose them, coordinators
 * decide (API token, session, or the server's local token for `thorbecke explanation`).
 */

const unauthorised = {
  401: { description: 'No or a wrong token.', content: { 'application/problem+json': { schema: problemResponses[400].content['application/problem+json'].schema } } },
  403: { description: 'The caller may not do this.', content: { 'application/problem+json': { schema: problemResponses[400].content['application/problem+json'].schema } } },
};
const conflict = {
  409: { description: 'The explanation is no longer proposed.', content: { 'application/problem+json': { schema: problemResponses[400].content['application/problem+json'].schema } } },
};
const idParam = z.object({ id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' }, example: 1 }) });

const routes = {
  list: createRoute({
    method: 'get',
    path: '/explanations',
    tags: ['accountability'],
    summary: 'List explanations (comply or explain), newest first',
    request: {
      query: z.object({
        organisation: z.string().max(20).optional().openapi({ example: 'gm0363' }),
        target: z.string().max(100).optional(),
        state: ExplanationState.optional(),
        scope: ExplanationScope.optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
        offset: z.coerce.number().int().min(0).default(0),
      }),
    },
    responses: { 200: { description: 'The explanations.', content: { 'application/json': { schema: ExplanationList } } }, ...problemResponses },
  }),
  get: createRoute({
    method: 'get',
    path: '/explanations/{id}',
    tags: ['accountability'],
    summary: 'One explanation with its life',
    request: { params: idParam },
    responses: { 200: { description: 'The explanation.', content: { 'application/json': { schema: Explanation } } }, ...problemResponses },
  }),
  propose: createRoute({
    method: 'post',
    path: '/explanations',
    tags: ['accountability'],
    summary: "Propose an explanation (the organisation's editors and admins; supplier explanations: coordinators)",
    security: [{ apiToken: [] }],
    request: { body: { content: { 'application/json': { schema: ExplanationProposal } }, required: true } },
    responses: { 201: { description: 'Proposed.', content: { 'application/json': { schema: Explanation } } }, ...unauthorised, ...problemResponses },
  }),
  decide: createRoute({
    method: 'post',
    path: '/explanations/{id}/decision',
    tags: ['accountability'],
    summary: "A coordinator's decision on a proposed explanation",
    security: [{ apiToken: [] }],
    request: { params: idParam, body: { content: { 'application/json': { schema: ExplanationDecision } }, required: true } },
    responses: {
      200: { description: 'Decided; approval records what is measured now.', content: { 'application/json': { schema: DecisionOutcome } } },
      ...unauthorised,
      ...conflict,
      ...problemResponses,
    },
  }),
};

export const explanationRoutes = Object.values(routes);

export function registerExplanationRoutes(api: OpenAPIHono, deps: WebDeps): void {
  const service = new AccountabilityService(deps.db, deps.strategy);
  const guard = requireCaller(['POST'], 'Proposing or deciding an explanation');
  api.use('/explanations', guard);
  api.use('/explanations/:id/decision', guard);
  api.openapi(routes.list, async (c) => {
    const q = c.req.valid('query');
    const filter = { organisationCode: q.organisation?.toLowerCase(), targetId: q.target, states: q.state === undefined ? undefined : [q.state], scope: q.scope };
    const [items, total] = await Promise.all([service.list({ ...filter, limit: q.limit, offset: q.offset }), service.count(filter)]);
    return c.json({ items: items.map(presentExplanation), total }, 200);
  });
  api.openapi(routes.get, async (c) => c.json(presentExplanation(await service.get(c.req.valid('param').id)), 200));
  api.openapi(routes.propose, async (c) => {
    const created = await service.propose(accessOf(c), c.req.valid('json'));
    c.header('Location', `/api/v1/explanations/${String(created.id)}`);
    return c.json(presentExplanation(created), 201);
  });
  api.openapi(routes.decide, async (c) => {
    const outcome = await service.decide(accessOf(c), c.req.valid('param').id, c.req.valid('json'));
    return c.json({ ...outcome, explanation: presentExplanation(outcome.explanation) }, 200);
  });
}
