import type { Context } from 'hono';
import { appVersion as packageVersion } from '../../config/version.js';
import { stylesheetHrefs } from '../assets/serve.js';
import { locale, type Locale } from '../i18n/index.js';
import { requestLanguage } from '../i18n/negotiate.js';

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
}

/** The frame of the current request. Works also outside the pages' middleware (e.g. for a 404 page). */
export function frameOf(c: Context): Frame {
  const version: unknown = c.get('appVersion');
  return {
    locale: locale(requestLanguage(c)),
    url: new URL(c.req.url),
    appVersion: typeof version === 'string' ? version : packageVersion(),
    stylesheets: stylesheetHrefs(),
  };
}
