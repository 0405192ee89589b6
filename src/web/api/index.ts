import { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { cors } from 'hono/cors';
import type { WebDeps } from '../deps.js';
import { registerChangeRoutes } from './changes.js';
import { registerCommitmentRoutes } from './commitments.js';
import { registerExplanationRoutes } from './explanations.js';
import { API_VERSION, openApiDocument } from './openapi.js';
import { registerOrganisationRoutes } from './organisations.js';
import { registerProgressRoutes } from './progress.js';
import { registerScanRoutes } from './scans.js';
import { registerStrategyRoutes } from './strategy.js';
import { validationHook } from './validation.js';

/**
 * API v1, mounted at /api/v1. Public and read-only: CORS allows any origin; every response carries
 * `API-Version` and `Cache-Control: no-store` (NL API Design Rules).
 */
export function createApi(deps: WebDeps): OpenAPIHono {
  const api = new OpenAPIHono<Env>({ strict: true, defaultHook: validationHook });
  api.use(cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'], exposeHeaders: ['API-Version'] }));
  api.use(async (c, next) => {
    await next();
    c.res.headers.set('API-Version', API_VERSION);
    c.res.headers.set('Cache-Control', 'no-store');
  });
  registerOrganisationRoutes(api, deps);
  registerStrategyRoutes(api, deps);
  registerScanRoutes(api, deps);
  registerProgressRoutes(api, deps);
  registerExplanationRoutes(api, deps);
  registerCommitmentRoutes(api, deps);
  registerChangeRoutes(api, deps);
  const document = openApiDocument({ url: deps.config.THORBECKE_PUBLIC_URL, email: deps.config.THORBECKE_CONTACT_EMAIL });
  api.get('/openapi.json', (c) => c.json(document));
  return api;
}
