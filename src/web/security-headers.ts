/**
 * The security headers of every response, per the NL API Design Rules (/core/transport/security-headers)
 * and the checks Thorbecke itself applies (web.https.hsts: max-age of at least a year).
 *
 * - Pages: a strict Content Security Policy without 'unsafe-inline' (styles and scripts only from files of
 *   this origin), no framing, HSTS, nosniff.
 * - The API (`/api/*`): `default-src 'none'; frame-ancestors 'none'` (a JSON answer loads nothing and is
 *   never framed) and `Cache-Control: no-store`, also on errors and 429s that never reach the API itself.
 *   CORS (Access-Control-Allow-Origin) is the API's own middleware (src/web/api/index.ts).
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/** One year, the minimum HSTS max-age that web.https.hsts (and the HTTPS law) accepts. */
export const HSTS = 'max-age=31536000; includeSubDomains';

const isApi = (path: string): boolean => path === '/api' || path.startsWith('/api/');

const common = {
  strictTransportSecurity: HSTS,
  xFrameOptions: 'DENY',
  xContentTypeOptions: true,
  referrerPolicy: 'strict-origin-when-cross-origin',
} as const;

const forPages = secureHeaders({
  ...common,
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
});

const forApi = secureHeaders({
  ...common,
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
});

/** The middleware: register it early so that it also covers error responses. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    if (!isApi(c.req.path)) {
      await forPages(c, next);
      return;
    }
    await forApi(c, next);
    c.res.headers.set('Cache-Control', 'no-store');
  };
}
