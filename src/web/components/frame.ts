import type { Context } from 'hono';
import { appVersion as packageVersion } from '../../config/version.js';
import { stylesheetHrefs } from '../assets/serve.js';
import { locale, type Locale } from '../i18n/index.js';
import { requestLanguage } from '../i18n/negotiate.js';
import { principalOf, sessionOf } from '../auth/context.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** Thorbecke's version for the footer (WebDeps.appVersion), set by the pages' middleware. */
    appVersion: string;
  }
}

/** What every page's layout needs from the request: language, address, version and stylesheets. */
export interface Frame {
  locale: Locale;
  /** The address of the request, for the language switch. */
  url: URL;
  appVersion: string;
  stylesheets: readonly string[];
  /** The signed-in person (with a session: the token of the logout form); undefined for the public. */
  user?: { name: string; csrfToken: string } | undefined;
}

/** The frame of the current request. Works also outside the pages' middleware (e.g. for a 404 page). */
export function frameOf(c: Context): Frame {
  const version: unknown = c.get('appVersion');
  return {
    locale: locale(requestLanguage(c)),
    url: new URL(c.req.url),
    appVersion: typeof version === 'string' ? version : packageVersion(),
    stylesheets: stylesheetHrefs(),
    user: userOf(c),
  };
}

function userOf(c: Context): Frame['user'] {
  const principal = principalOf(c);
  const session = sessionOf(c);
  return principal.kind === 'account' && session !== undefined ? { name: principal.name, csrfToken: session.csrfToken } : undefined;
}
