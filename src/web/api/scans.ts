import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { authorise } from '../../domain/access.js';
import { NotFoundError } from '../../domain/errors.js';
import { runProgressJson, scanStatusJson } from '../../scan/status-json.js';
import type { WebDeps } from '../deps.js';
import { accessOf, requireCaller } from './local-auth.js';
import { Layer, problemResponses } from './schemas.js';

/**
 * Scans: the queue's status (public), and requesting a scan (an organisation's editors for their own
 * organisations, coordinators for anything; the CLI on the same machine with the server's local token).
 */

const RunProgress = z
  .object({
    id: z.number().int(),
    kind: z.enum(['scheduled', 'requested']),
    selection: z.string().openapi({ example: 'organisation gm0363' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
    total: z.number().int(),
    done: z.number().int(),
    failed: z.number().int(),
    running: z.number().int(),
    waiting: z.number().int(),
  })
  .openapi('ScanRun');

const ScanStatus = z
  .object({
    scanning: z.boolean().openapi({ description: 'False when no validating resolver is configured: nothing is scanned.' }),
    note: z.string().optional(),
    queue: z.object({ waiting: z.number().int(), running: z.number().int(), failed: z.number().int(), completed: z.number().int(), perMinute: z.number() }),
    recentFailures: z.array(z.object({ domain: z.string(), reason: z.string(), at: z.string().openapi({ format: 'date-time' }) })),
    runs: z.array(RunProgress),
    scheduler: z.object({
      on: z.boolean(),
      cadences: z.array(z.object({ name: z.string(), families: z.array(z.string()), periodMs: z.number().int(), scheduledThisPeriod: z.number().int(), domains: z.number().int() })),
    }),
  })
  .openapi('ScanStatus');

const ScanRequest = z
  .object({
    organisations: z.array(z.string().min(1).max(100)).max(1000).optional().openapi({ example: ['gm0363'] }),
    layer: Layer.optional(),
    domains: z.array(z.string().min(1).max(253)).max(10_000).optional(),
    all: z.boolean().optional(),
  })
  .strict()
  .openapi('ScanRequest');

const Requested = z
  .object({ run: z.number().int(), total: z.number().int(), unregistered: z.array(z.string()) })
  .openapi('RequestedScan');

const routes = {
  status: createRoute({
    method: 'get',
    path: '/scans/status',
    tags: ['scans'],
    summary: 'The scan queue: waiting, running, failed, rate, requested runs and the schedule',
    responses: { 200: { description: 'The status.', content: { 'application/json': { schema: ScanStatus } } }, ...problemResponses },
  }),
  request: createRoute({
    method: 'post',
    path: '/scans',
    tags: ['scans'],
    summary: "Request a scan now (an organisation's editors for their organisations; coordinators for anything)",
    security: [{ apiToken: [] }],
    request: { body: { content: { 'application/json': { schema: ScanRequest } }, required: true } },
    responses: {
      202: { description: 'Queued.', content: { 'application/json': { schema: Requested } } },
      401: { description: 'No or a wrong token.', content: { 'application/problem+json': { schema: problemResponses[400].content['application/problem+json'].schema } } },
      403: { description: 'The caller may not scan this.', content: { 'application/problem+json': { schema: problemResponses[400].content['application/problem+json'].schema } } },
      ...problemResponses,
    },
  }),
  run: createRoute({
    method: 'get',
    path: '/scans/{id}',
    tags: ['scans'],
    summary: 'Progress of a requested scan',
    request: { params: z.object({ id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' }, example: 1 }) }) },
    responses: { 200: { description: 'Its progress.', content: { 'application/json': { schema: RunProgress } } }, ...problemResponses },
  }),
};

export const scanRoutes = Object.values(routes);

const unavailable = (): never => {
  throw new NotFoundError('Scanning is not set up in this process.');
};

export function registerScanRoutes(api: OpenAPIHono, deps: WebDeps): void {
  // A caller first: one without learns nothing about what a valid request looks like.
  api.use('/scans', requireCaller(['POST'], 'Requesting a scan'));
  api.openapi(routes.status, async (c) => {
    const status = await (deps.scans ?? { status: unavailable }).status();
    return c.json(scanStatusJson(status), 200);
  });
  api.openapi(routes.request, async (c) => {
    const control = deps.scanControl ?? unavailable();
    const body = c.req.valid('json');
    const selection = {
      ...(body.organisations ? { organisations: body.organisations } : {}),
      ...(body.layer ? { layer: body.layer } : {}),
      ...(body.domains ? { domains: body.domains } : {}),
      ...(body.all === true ? { all: true } : {}),
    };
    // An organisation's editors may scan their own organisations; a layer, domains or everything: coordinators.
    const access = accessOf(c);
    if (body.organisations !== undefined && body.layer === undefined && body.domains === undefined && body.all !== true) {
      for (const code of body.organisations) authorise(access.principal, 'scan.request', code.toLowerCase());
    } else authorise(access.principal, 'scan.request');
    return c.json(await control.request(selection, access.actor), 202);
  });
  api.openapi(routes.run, async (c) => {
    const control = deps.scanControl ?? unavailable();
    const { id } = c.req.valid('param');
    const progress = await control.progress(id);
    if (progress === undefined) throw new NotFoundError(`No scan run ${String(id)}.`);
    return c.json(runProgressJson(progress), 200);
  });
}
