/**
 * The session cookie: HttpOnly, SameSite=Lax, Path=/ and Secure — with the `__Host-` prefix whenever
 * Thorbecke is served over HTTPS (THORBECKE_PUBLIC_URL decides, as behind a TLS-terminating proxy the
 * request itself is plain HTTP). Browsers accept Secure cookies from http://localhost and loopback
 * addresses too, so `npm start` works as it is. Only a plain-HTTP public address that is not loopback —
 * never a real deployment (docs/deployment.md requires HTTPS) — gets a cookie without Secure, else
 * nobody could log in at all.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../../config/schema.js';
import { SESSION_LIFETIME_MS } from '../../store/sessions.js';

const https = (config: Config): boolean => new URL(config.THORBECKE_PUBLIC_URL).protocol === 'https:';

/** Whether the public address is this machine (where browsers treat plain HTTP as secure). */
function loopback(config: Config): boolean {
  const host = new URL(config.THORBECKE_PUBLIC_URL).hostname;
  return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]';
}

function secure(config: Config): boolean {
  return https(config) || loopback(config);
}

export function sessionCookieName(config: Config): string {
  return https(config) ? '__Host-thorbecke-session' : 'thorbecke-session';
}

export function readSessionCookie(c: Context, config: Config): string | undefined {
  return getCookie(c, sessionCookieName(config));
}

export function writeSessionCookie(c: Context, config: Config, secret: string): void {
  setCookie(c, sessionCookieName(config), secret, {
    httpOnly: true,
    secure: secure(config),
    sameSite: 'Lax',
    path: '/',
    maxAge: Math.floor(SESSION_LIFETIME_MS / 1000),
  });
}

export function clearSessionCookie(c: Context, config: Config): void {
  deleteCookie(c, sessionCookieName(config), { path: '/', secure: secure(config), httpOnly: true, sameSite: 'Lax' });
}
