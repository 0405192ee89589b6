import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { NotFoundError } from '../../domain/errors.js';
import { findPriority, findTarget } from '../../strategy/query.js';
import type { Strategy } from '../../strategy/schema.js';
import type { WebDeps } from '../deps.js';
import { Layer, Priority, Target, TargetDetail, problemResponses } from './schemas.js';
import { presentPriority, presentTarget, presentTargetChange } from './present.js';

const idParam = (name: string, example: string) =>
  z.object({ id: z.string().max(100).openapi({ param: { name, in: 'path' }, example }) });

const routes = {
  priorities: createRoute({
    method: 'get',
    path: '/priorities',
    tags: ['strategy'],
    summary: 'List the priorities of the current strategy',
    responses: {
      200: { description: 'The priorities in their order.', content: { 'application/json': { schema: z.object({ items: z.array(Priority) }) } } },
      ...problemResponses,
    },
  }),
  priority: createRoute({
    method: 'get',
    path: '/priorities/{id}',
    tags: ['strategy'],
    summary: 'Get a priority',
    request: { params: idParam('id', 'resilience') },
    responses: {
      200: { description: 'The priority.', content: { 'application/json': { schema: Priority } } },
      ...problemResponses,
    },
  }),
  targets: createRoute({
    method: 'get',
    path: '/targets',
    tags: ['strategy'],
    summary: 'List the targets of the current strategy',
    request: {
      query: z.object({
        priority: z.string().max(100).optional().openapi({ description: 'Only targets serving this priority.' }),
        layer: Layer.optional().openapi({ description: 'Only targets whose scope includes this layer.' }),
      }),
    },
    responses: {
      200: { description: 'Targets ordered by deadline.', content: { 'application/json': { schema: z.object({ items: z.array(Target) }) } } },
      ...problemResponses,
    },
  }),
  target: createRoute({
    method: 'get',
    path: '/targets/{id}',
    tags: ['strategy'],
    summary: 'Get a target and its history across strategy versions',
    request: { params: idParam('id', 'forum-web-2018-https-hsts') },
    responses: {
      200: { description: 'The target.', content: { 'application/json': { schema: TargetDetail } } },
      ...problemResponses,
    },
  }),
};

/** The routes, for the OpenAPI document. */
export const strategyRoutes = Object.values(routes);

async function currentStrategy(deps: WebDeps): Promise<Strategy> {
  const current = await deps.strategy.current();
  if (!current) throw new NotFoundError('No strategy has been applied yet (thorbecke strategy apply FILE).');
  return current.strategy;
}

export function registerStrategyRoutes(api: OpenAPIHono, deps: WebDeps): void {
  api.openapi(routes.priorities, async (c) => {
    const strategy = await currentStrategy(deps);
    const items = [...strategy.priorities].sort((a, b) => a.number - b.number).map((p) => presentPriority(p, strategy));
    return c.json({ items }, 200);
  });

  api.openapi(routes.priority, async (c) => {
    const strategy = await currentStrategy(deps);
    const { id } = c.req.valid('param');
    const priority = findPriority(strategy, id);
    if (!priority) throw new NotFoundError(`No priority with id "${id}".`);
    return c.json(presentPriority(priority, strategy), 200);
  });

  api.openapi(routes.targets, async (c) => {
    const strategy = await currentStrategy(deps);
    const { priority, layer } = c.req.valid('query');
    if (priority !== undefined && !findPriority(strategy, priority)) {
      throw new NotFoundError(`No priority with id "${priority}".`);
    }
    const items = strategy.targets
      .filter((t) => priority === undefined || t.priorities.includes(priority))
      .filter((t) => layer === undefined || t.scope.layers.includes(layer))
      .sort((a, b) => a.deadline.localeCompare(b.deadline) || a.id.localeCompare(b.id))
      .map(presentTarget);
    return c.json({ items }, 200);
  });

  api.openapi(routes.target, async (c) => {
    const strategy = await currentStrategy(deps);
    const { id } = c.req.valid('param');
    const target = findTarget(strategy, id);
    if (!target) throw new NotFoundError(`No target with id "${id}".`);
    const history = await deps.strategy.targetHistory(id);
    return c.json({ ...presentTarget(target), history: history.map(presentTargetChange) }, 200);
  });
}
