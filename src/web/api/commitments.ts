import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AccountabilityService } from '../../services/accountability.js';
import type { WebDeps } from '../deps.js';
import { accessOf, requireCaller } from './local-auth.js';
import { Commitment, CommitmentBody, CommitmentList, presentCommitment } from './schemas-accountability.js';
import { problemResponses } from './schemas.js';

/** Own pace: an organisation's planned date (and milestones) per target. Writes need an editor of the organisation (or a coordinator). */

const unauthorised = {
  401: { description: 'No or a wrong token.', content: { 'application/problem+json': { schema: problemResponses[400].content['application/problem+json'].schema } } },
  403: { description: 'The caller may not change this organisation.', content: { 'application/problem+json': { schema: problemResponses[400].content['application/problem+json'].schema } } },
};
const params = z.object({
  code: z.string().max(20).openapi({ param: { name: 'code', in: 'path' }, example: 'gm0363' }),
  targetId: z.string().max(100).openapi({ param: { name: 'targetId', in: 'path' }, example: 'forum-web-2018-https-hsts' }),
});

const routes = {
  list: createRoute({
    method: 'get',
    path: '/commitments',
    tags: ['accountability'],
    summary: "Organisations' planned dates and milestones, by organisation and target",
    request: { query: z.object({ organisation: z.string().max(20).optional().openapi({ example: 'gm0363' }) }) },
    responses: { 200: { description: 'The commitments.', content: { 'application/json': { schema: CommitmentList } } }, ...problemResponses },
  }),
  set: createRoute({
    method: 'put',
    path: '/organisations/{code}/commitments/{targetId}',
    tags: ['accountability'],
    summary: "Set an organisation's planned date for a target (its editors and admins, coordinators)",
    security: [{ apiToken: [] }],
    request: { params, body: { content: { 'application/json': { schema: CommitmentBody } }, required: true } },
    responses: { 200: { description: 'Recorded.', content: { 'application/json': { schema: Commitment } } }, ...unauthorised, ...problemResponses },
  }),
  clear: createRoute({
    method: 'delete',
    path: '/organisations/{code}/commitments/{targetId}',
    tags: ['accountability'],
    summary: "Remove an organisation's planned date for a target (its editors and admins, coordinators)",
    security: [{ apiToken: [] }],
    request: { params },
    responses: { 204: { description: 'Removed.' }, ...unauthorised, ...problemResponses },
  }),
};

export const commitmentRoutes = Object.values(routes);

export function registerCommitmentRoutes(api: OpenAPIHono, deps: WebDeps): void {
  const service = new AccountabilityService(deps.db, deps.strategy);
  api.use('/organisations/:code/commitments/:targetId', requireCaller(['PUT', 'DELETE'], 'Setting or removing a planned date'));
  api.openapi(routes.list, async (c) => {
    const items = await service.commitments(c.req.valid('query').organisation?.toLowerCase());
    return c.json({ items: items.map(presentCommitment) }, 200);
  });
  api.openapi(routes.set, async (c) => {
    const { code, targetId } = c.req.valid('param');
    const commitment = await service.setCommitment(accessOf(c), code.toLowerCase(), targetId, c.req.valid('json'));
    return c.json(presentCommitment(commitment), 200);
  });
  api.openapi(routes.clear, async (c) => {
    const { code, targetId } = c.req.valid('param');
    await service.clearCommitment(accessOf(c), code.toLowerCase(), targetId);
    return c.body(null, 204);
  });
}
