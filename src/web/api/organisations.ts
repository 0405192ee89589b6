import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { WebDeps } from '../deps.js';
import { Layer, OrganisationDetail, OrganisationPage, problemResponses } from './schemas.js';
import { presentOrganisation, presentOrganisationDetail } from './present.js';

const listRoute = createRoute({
  method: 'get',
  path: '/organisations',
  tags: ['federation'],
  summary: 'List organisations',
  description: 'Government organisations, filtered and paginated, ordered by name. Ended organisations are left out unless `includeEnded=true`.',
  request: {
    query: z.object({
      q: z.string().max(200).optional().openapi({ description: 'Search in name, code and OIN.', example: 'amsterdam' }),
      layer: Layer.optional(),
      province: z
        .string()
        .regex(/^pv\d{2}$/i, 'a province code looks like pv27')
        .optional()
        .openapi({ description: 'TOOI code of a province.', example: 'pv27' }),
      includeEnded: z.enum(['true', 'false']).default('false'),
      page: z.coerce.number().int().min(1).default(1),
      pageSize: z.coerce.number().int().min(1).max(500).default(50),
    }),
  },
  responses: {
    200: { description: 'A page of organisations.', content: { 'application/json': { schema: OrganisationPage } } },
    ...problemResponses,
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/organisations/{code}',
  tags: ['federation'],
  summary: 'Get an organisation',
  request: {
    params: z.object({
      code: z.string().max(20).openapi({ param: { name: 'code', in: 'path' }, example: 'gm0363' }),
    }),
  },
  responses: {
    200: { description: 'The organisation, its domains and the targets that apply to it.', content: { 'application/json': { schema: OrganisationDetail } } },
    ...problemResponses,
  },
});

/** The routes, for the OpenAPI document. */
export const organisationRoutes = [listRoute, getRoute];

export function registerOrganisationRoutes(api: OpenAPIHono, deps: WebDeps): void {
  api.openapi(listRoute, async (c) => {
    const query = c.req.valid('query');
    const result = await deps.organisations.list({
      q: query.q,
      layers: query.layer === undefined ? undefined : [query.layer],
      province: query.province?.toLowerCase(),
      includeEnded: query.includeEnded === 'true',
      page: query.page,
      pageSize: query.pageSize,
    });
    return c.json(
      {
        items: result.items.map(presentOrganisation),
        page: result.page,
        pageSize: result.pageSize,
        total: result.total,
        totalPages: Math.max(1, Math.ceil(result.total / result.pageSize)),
      },
      200,
    );
  });

  api.openapi(getRoute, async (c) => {
    const detail = await deps.organisations.detail(c.req.valid('param').code);
    return c.json(presentOrganisationDetail(detail), 200);
  });
}
