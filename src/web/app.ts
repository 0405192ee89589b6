import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isKnownError, TooManyRequestsError } from '../domain/errors.js';
import { AccountService } from '../services/accounts.js';
import { authentication } from './auth/middleware.js';
import { createOidcRoutes } from './auth/oidc-routes.js';
import { originCheck, sessionToken } from './auth/csrf.js';
import { clientIp } from './client-ip.js';
import type { WebDeps } from './deps.js';
import { createApi } from './api/index.js';
import { createHealth } from './health.js';
import { createOpenData } from './open-data/routes.js';
import { pageCache } from './page-cache.js';
import { createPages, htmlErrorResponse } from './pages/index.js';
import { problemResponse, statusOf } from './problem.js';
import { apiRateLimit } from './rate-limit.js';
import { securityHeaders } from './security-headers.js';
import { createSecurityTxt } from './security-txt.js';

const isApi = (path: string): boolean => path === '/api' || path.startsWith('/api/');

/**
 * The whole web application: public pages at `/`, the JSON API at `/api/v1`, open data (CSV, JSON,
 * CSV on the Web metadata) at `/data`. Test it in process with
 * `createApp(deps).request('/organisations')`.
 */
export function createApp(deps: WebDeps): Hono {
  const app = new Hono({ strict: true });
  app.use(clientIp({ trustProxy: deps.config.THORBECKE_TRUST_PROXY === 'on' }));
  app.use(securityHeaders());
  app.route('/', createHealth({ db: deps.db, logger: deps.logger }));
  app.route('/', createSecurityTxt(deps.config));
  app.use('/api/*', apiRateLimit({ perMinute: deps.config.THORBECKE_API_RATE_LIMIT, ...(deps.localToken !== undefined ? { localToken: deps.localToken } : {}) }));
  // Who is asking (session cookie, API token or local token), then CSRF protection of every form.
  app.use(authentication({ db: deps.db, config: deps.config, accounts: new AccountService(deps.db), localToken: deps.localToken }));
  app.use(originCheck(deps.config));
  app.use(sessionToken());
  app.route('/api/v1', createApi(deps));
  app.route('/login/oidc', createOidcRoutes(deps));
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
      if (error instanceof TooManyRequestsError) c.header('Retry-After', String(error.retryAfterSeconds));
      if (isApi(c.req.path)) return problemResponse(c, status, error.message, 'issues' in error ? error.issues : []);
      // A page that needs a login sends the visitor there, and back afterwards.
      if (status === 401 && (c.req.method === 'GET' || c.req.method === 'HEAD')) return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
      return htmlErrorResponse(c, status === 400 || status === 401 || status === 403 || status === 404 || status === 409 || status === 429 ? status : 500, error.message);
    }
    // Hono's csrf middleware: a form posted from another site.
    if (error instanceof HTTPException && error.status === 403) {
      const detail = 'The form did not come from this site.';
      return isApi(c.req.path) ? problemResponse(c, 403, detail) : htmlErrorResponse(c, 403, detail);
    }
    deps.logger.error({ err: error, path: c.req.path }, 'request failed');
    return isApi(c.req.path)
      ? problemResponse(c, 500, 'An unexpected error occurred; it has been logged.')
      : htmlErrorResponse(c, 500, 'An unexpected error occurred; it has been logged.');
  });
  return app;
}
