import { OpenAPIHono } from '@hono/zod-openapi';
import { changeRoutes } from './changes.js';
import { commitmentRoutes } from './commitments.js';
import { explanationRoutes } from './explanations.js';
import { organisationRoutes } from './organisations.js';
import { progressRoutes } from './progress.js';
import { scanRoutes } from './scans.js';
import { strategyRoutes } from './strategy.js';

/** The API's own version: `info.version` and the `API-Version` header of every response (semver). */
export const API_VERSION = '1.0.0';

/**
 * The OpenAPI 3 document of API v1, generated from the route schemas — the same document whether it
 * is served at /api/v1/openapi.json or written to docs/api/openapi.json by `npm run openapi`.
 */
export function openApiDocument(contact: { url: string; email: string }): ReturnType<OpenAPIHono['getOpenAPIDocument']> {
  const api = new OpenAPIHono();
  for (const route of [...organisationRoutes, ...strategyRoutes, ...scanRoutes, ...progressRoutes, ...explanationRoutes, ...commitmentRoutes, ...changeRoutes]) api.openAPIRegistry.registerPath(route);
  api.openAPIRegistry.registerComponent('securitySchemes', 'apiToken', {
    type: 'http',
    scheme: 'bearer',
    description:
      "An API token (thk_…) created by a signed-in person on /account, acting for one organisation with one role (or a coordinator's role); or the server's local token from <data dir>/server.json (the CLI on the same machine). Who may change what: docs/access.md.",
  });
  return api.getOpenAPIDocument({
    openapi: '3.0.3',
    info: {
      title: 'Thorbecke API',
      version: API_VERSION,
      description:
        "Open data of Thorbecke, the digitalisation monitor of a federated government: the strategy's priorities and targets, and the organisations of the federation, and the state of the scans. Reading is public; writes (planned dates, explanations, decisions, scan requests) need an API token of someone allowed to make them.",
      contact: { name: 'Thorbecke', url: contact.url, email: contact.email },
      license: { name: 'EUPL-1.2', url: 'https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12' },
    },
    servers: [{ url: '/api/v1', description: 'This server' }],
    tags: [
      { name: 'federation', description: 'Government organisations and their domains.' },
      { name: 'strategy', description: 'Priorities and targets of the current strategy version.' },
      { name: 'scans', description: 'The scan queue and requested scans.' },
      { name: 'progress', description: 'Where organisations stand on the targets: per organisation, per target, aggregated per nation, layer and province, and weekly history. The same data is open data (CSV, JSON, CSV on the Web metadata; CC0) under /data.' },
      { name: 'accountability', description: "Comply or explain: explanations, and organisations' own planned dates (commitments)." },
    ],
  });
}
