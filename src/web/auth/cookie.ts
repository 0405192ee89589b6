/**
 * The session cookie: HttpOnly, SameSite=Lax, Path=/, and Secure (with the `__Host-` prefix) whenever
 * Thorbecke is served over HTTPS — THORBECKE_PUBLIC_URL decides, as behind a TLS-terminating proxy the
 * request itself is plain HTTP. Browsers accept Secure cookies from http://localhost too, but not every
 * test client does: on a plain-HTTP public URL the cookie is not marked Secure (development only; the
 * deployment guide requires HTTPS).
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../../config/schema.js';
import { SESSION_LIFETIME_MS } from '../../store/sessions.js';

function secure(config: Config): boolean {
  return new URL(config.THORBECKE_PUBLIC_URL).protocol === 'https:';
}

export function sessionCookieName(config: Config): string {
  return secure(config) ? '__Host-thorbecke-session' : 'thorbecke-session';
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
