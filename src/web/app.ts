import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { isKnownError } from '../domain/errors.js';
import type { WebDeps } from './deps.js';
import { createApi } from './api/index.js';
import { createOpenData } from './open-data/routes.js';
import { pageCache } from './page-cache.js';
import { createPages, htmlErrorResponse } from './pages/index.js';
import { problemResponse, statusOf } from './problem.js';

const isApi = (path: string): boolean => path === '/api' || path.startsWith('/api/');

/**
 * The whole web application: public pages at `/`, the JSON API at `/api/v1`, open data (CSV, JSON,
 * CSV on the Web metadata) at `/data`. Test it in process with
 * `createApp(deps).request('/organisations')`.
 */
export function createApp(deps: WebDeps): Hono {
  const app = new Hono({ strict: true });
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      strictTransportSecurity: 'max-age=31536000; includeSubDomains',
      xFrameOptions: 'DENY',
      referrerPolicy: 'strict-origin-when-cross-origin',
    }),
  );
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.route('/api/v1', createApi(deps));
  // Downloads change only with progress: cached like the progress pages (a file over the entry limit is not).
  app.use('/data/*', pageCache(deps.progressVersion && { version: deps.progressVersion }));
  app.route('/data', createOpenData(deps));
  app.route('/', createPages(deps));

  app.notFound((c) =>
    isApi(c.req.path)
      ? problemResponse(c, 404, `No resource at ${c.req.path}.`)
      : htmlErrorResponse(c, 404, c.req.path),
  );
  app.onError((error, c) => {
    if (isKnownError(error)) {
      const status = statusOf(error);
      if (isApi(c.req.path)) return problemResponse(c, status, error.message, 'issues' in error ? error.issues : []);
      return htmlErrorResponse(c, status === 400 || status === 404 || status === 409 ? status : 500, error.message);
    }
    deps.logger.error({ err: error, path: c.req.path }, 'request failed');
    return isApi(c.req.path)
      ? problemResponse(c, 500, 'An unexpected error occurred; it has been logged.')
      : htmlErrorResponse(c, 500, 'An unexpected error occurred; it has been logged.');
  });
  return app;
}
