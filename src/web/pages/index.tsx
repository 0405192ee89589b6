import { Hono, type Context } from 'hono';
import type { WebDeps } from '../deps.js';
import { assetRoutes } from '../assets/serve.js';
import { languageMiddleware } from '../i18n/negotiate.js';
import { pageCache } from '../page-cache.js';
import { aboutRoute } from './about.js';
import { registerAccessibilityRoutes } from './accessibility.js';
import { auditRoute, auditVerifyRoute } from './audit.js';
import { changesRoute } from './changes.js';
import { compareRoute } from './compare.js';
import { reportRoute } from './report.js';
import { reportsRoute } from './reports.js';
import { domainRoute } from './domain.js';
import { errorPage, type ErrorStatus } from './error.js';
import { explanationRoute } from './explanation.js';
import { explanationsRoute } from './explanations.js';
import { feedRoute } from './feed.js';
import { homeRoute } from './home.js';
import { registerLoginRoutes } from './login.js';
import { registerAccountRoutes } from './account.js';
import { registerOrganisationUserRoutes } from './organisation-users.js';
import { registerCommitmentEditRoutes } from './commitment-edit.js';
import { registerExplanationEditRoutes } from './explanation-edit.js';
import { registerExplanationDecisionRoutes } from './explanation-decision.js';
import { organisationRoute } from './organisation.js';
import { organisationsRoute } from './organisations.js';
import { progressRoute } from './progress.js';
import { scansRoute } from './scans.js';
import { targetRoute } from './target.js';

/**
 * The public pages, server-rendered in Dutch or English: `/`, `/organisations`, `/organisations/:code`,
 * `/domains/:name`, `/targets/:id`, `/scans`, `/about`, and the stylesheets under `/assets`. Mounted at `/` by createApp.
 */
export function createPages(deps: WebDeps): Hono {
  const pages = new Hono();
  pages.route('/assets', assetRoutes());
  pages.use(languageMiddleware(deps.config.THORBECKE_DEFAULT_LANG));
  pages.use(async (c, next) => {
    c.set('appVersion', deps.appVersion);
    await next();
  });
  // After the language (part of the key) and before the routes: /progress, /targets/*, /organisations/*, /compare, /reports/*, /data/*.
  pages.use(pageCache(deps.progressVersion && { version: deps.progressVersion }));
  registerLoginRoutes(pages, deps);
  registerAccountRoutes(pages, deps);
  registerOrganisationUserRoutes(pages, deps);
  registerCommitmentEditRoutes(pages, deps);
  registerExplanationEditRoutes(pages, deps);
  registerExplanationDecisionRoutes(pages, deps);
  pages.get('/', homeRoute(deps));
  pages.get('/progress', progressRoute(deps));
  pages.get('/organisations', organisationsRoute(deps));
  pages.get('/organisations/:code', organisationRoute(deps));
  pages.get('/organisations/:code/feed.atom', feedRoute(deps));
  pages.get('/organisations/:code/changes', changesRoute(deps));
  pages.get('/domains/:name', domainRoute(deps));
  pages.get('/targets/:id', targetRoute(deps));
  pages.get('/scans', scansRoute(deps));
  pages.get('/about', aboutRoute(deps));
  registerAccessibilityRoutes(pages, deps);
  pages.get('/compare', compareRoute(deps));
  pages.get('/reports', reportsRoute(deps));
  pages.get('/reports/:snapshot', reportRoute(deps));
  pages.get('/explanations', explanationsRoute(deps));
  pages.get('/explanations/:id', explanationRoute(deps));
  pages.get('/audit', auditRoute(deps));
  pages.get('/audit/verify', auditVerifyRoute(deps));
  return pages;
}

/**
 * The HTML error page for app-level errors (unknown paths, errors thrown by services). The detail is
 * shown escaped; for 500 it is left out (the page says the error was logged).
 */
export function htmlErrorResponse(c: Context, status: ErrorStatus, detail: string): Response | Promise<Response> {
  return errorPage(c, status, { detail: status === 500 ? undefined : detail });
}
