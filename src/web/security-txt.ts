/**
 * `/.well-known/security.txt` (RFC 9116) for Thorbecke itself: where to report a vulnerability in this
 * installation. Thorbecke checks this file on every government domain (web.security-txt), so its own must
 * pass that check: a Contact, one Expires less than a year ahead, served as text/plain; charset=utf-8.
 */
import { Hono } from 'hono';
import type { Config } from '../config/schema.js';

export const SECURITY_TXT_PATH = '/.well-known/security.txt';

/** How far ahead Expires lies (RFC 9116 recommends less than a year). */
const EXPIRES_AHEAD_MS = 180 * 86_400_000;

type SecurityTxtConfig = Pick<
  Config,
  'THORBECKE_PUBLIC_URL' | 'THORBECKE_CONTACT_EMAIL' | 'THORBECKE_SECURITY_CONTACT' | 'THORBECKE_SECURITY_POLICY'
>;

/**
 * The file's text at `now`. Expires counts from the start of the UTC day, so the text stays the same all
 * day (caches and diffs stay quiet) and is always between 179 and 180 days ahead.
 */
export function securityTxt(config: SecurityTxtConfig, now: Date = new Date()): string {
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const expires = new Date(day + EXPIRES_AHEAD_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const contact = config.THORBECKE_SECURITY_CONTACT ?? `mailto:${config.THORBECKE_CONTACT_EMAIL}`;
  const canonical = new URL(SECURITY_TXT_PATH.slice(1), config.THORBECKE_PUBLIC_URL).href;
  const lines = [
    '# Report a vulnerability in this Thorbecke installation (RFC 9116).',
    `Contact: ${contact}`,
    `Expires: ${expires}`,
    'Preferred-Languages: nl, en',
    `Canonical: ${canonical}`,
    ...(config.THORBECKE_SECURITY_POLICY !== undefined ? [`Policy: ${config.THORBECKE_SECURITY_POLICY}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** The routes: the file itself, and `/security.txt` (the legacy place, RFC 9116 section 3) redirecting to it. */
export function createSecurityTxt(config: SecurityTxtConfig): Hono {
  const app = new Hono({ strict: true });
  app.get(SECURITY_TXT_PATH, (c) =>
    c.body(securityTxt(config), 200, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
    }),
  );
  app.get('/security.txt', (c) => c.redirect(SECURITY_TXT_PATH, 301));
  return app;
}
