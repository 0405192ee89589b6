/**
 * Login through an organisation's own identity provider, per the NL GOV OpenID Connect profile:
 * authorization code flow with PKCE (S256), `state` and `nonce`, private_key_jwt client authentication,
 * the exact redirect URI `<THORBECKE_PUBLIC_URL>login/oidc/<id>/callback`, Discovery, and `acr_values`
 * when the provider's configuration asks for an assurance level. Mounted at `/login/oidc`:
 *
 * - `GET /:provider?next=/path` stores the pending login (table oidc_login) and sends the browser on;
 * - `GET /:provider/callback` takes the pending login (once), exchanges the code, maps the claims to an
 *   account and its memberships (src/services/oidc-accounts.ts) and starts a session.
 *
 * Refusals (AuthenticationError) are shown on the error page with status 401 and their reason.
 * A short-lived cookie holding the state binds the callback to the browser that started the login (no
 * login CSRF). Failures become a readable error page; the log gets the detail, never tokens.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as client from 'openid-client';
import type { Config } from '../../config/schema.js';
import { AuthenticationError, messageOf, NotFoundError } from '../../domain/errors.js';
import { OidcAccountService } from '../../services/oidc-accounts.js';
import { OIDC_LOGIN_WINDOW_MS, startOidcLogin, takeOidcLogin } from '../../store/oidc-logins.js';
import { createSession, deleteSession } from '../../store/sessions.js';
import type { WebDeps } from '../deps.js';
import { errorPage } from '../pages/error.js';
import { sessionOf } from './context.js';
import { writeSessionCookie } from './cookie.js';
import { identityOf, neededClaims, type Claims } from './oidc-claims.js';
import { safeNext } from './next.js';
import { isLoopback, type OidcProvider } from './oidc-config.js';
import { clientConfiguration, oidcProviders, redirectUri } from './oidc-providers.js';

/** The authorization error codes of OAuth 2.0 and OpenID Connect Core, in words. */
const REFUSALS: Partial<Record<string, string>> = {
  access_denied: 'the login was cancelled or not allowed',
  login_required: 'a login is required',
  interaction_required: 'more is asked of you at the identity provider',
  consent_required: 'consent is required',
  account_selection_required: 'choose an account',
  temporarily_unavailable: 'the identity provider is temporarily unavailable',
  server_error: 'the identity provider had an error',
};

function bindingCookie(config: Config): { name: string; secure: boolean } {
  const secure = new URL(config.THORBECKE_PUBLIC_URL).protocol === 'https:';
  return { name: secure ? '__Host-thorbecke-oidc' : 'thorbecke-oidc', secure };
}

/** openid-client's error code and OAuth error, for the log (never the response bodies with tokens). */
function errorDetail(error: unknown): Record<string, unknown> {
  const e = error as { code?: unknown; error?: unknown; cause?: unknown };
  return { errorCode: typeof e.code === 'string' ? e.code : undefined, oauthError: typeof e.error === 'string' ? e.error : undefined, err: messageOf(error) };
}

export function createOidcRoutes(deps: WebDeps): Hono {
  const { config, logger, db } = deps;
  const app = new Hono({ strict: true });
  // Read (and validated) now: a bad provider file stops the server at start-up.
  const providers = oidcProviders(config, logger);
  const accounts = new OidcAccountService(db);
  const publicUrl = new URL(config.THORBECKE_PUBLIC_URL);
  const cookie = bindingCookie(config);

  const providerOf = (c: Context): OidcProvider => {
    const id = c.req.param('provider');
    const provider = providers.find((p) => p.id === id);
    if (provider === undefined) throw new NotFoundError(`There is no identity provider "${String(id).slice(0, 40)}".`);
    if (publicUrl.protocol !== 'https:' && !isLoopback(publicUrl)) {
      throw new AuthenticationError('Logging in through an identity provider needs an https:// THORBECKE_PUBLIC_URL.');
    }
    return provider;
  };

  app.get('/:provider', async (c) => {
    const provider = providerOf(c);
    const configuration = await clientConfiguration(provider, logger);
    const state = client.randomState();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    const next = safeNext(c.req.query('next'));
    await startOidcLogin(db, { state, provider: provider.id, nonce, codeVerifier, returnTo: next });
    const parameters: Record<string, string> = {
      redirect_uri: redirectUri(config, provider),
      scope: provider.scopes.join(' '),
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    };
    if (provider.acrValues !== undefined) parameters.acr_values = provider.acrValues.join(' ');
    setCookie(c, cookie.name, state, { httpOnly: true, secure: cookie.secure, sameSite: 'Lax', path: '/', maxAge: OIDC_LOGIN_WINDOW_MS / 1000 });
    return c.redirect(client.buildAuthorizationUrl(configuration, parameters).href, 302);
  });

  app.get('/:provider/callback', async (c) => {
    const provider = providerOf(c);
    const url = new URL(c.req.url);
    const state = url.searchParams.get('state') ?? '';
    const bound = getCookie(c, cookie.name);
    deleteCookie(c, cookie.name, { path: '/', secure: cookie.secure, httpOnly: true, sameSite: 'Lax' });
    const pending = state === '' ? undefined : await takeOidcLogin(db, state);
    const refused = url.searchParams.get('error');
    if (refused !== null) {
      logger.info({ provider: provider.id, oauthError: refused.slice(0, 100) }, 'identity provider refused the login');
      // The provider's own words only for a login this browser started (no text injected by a crafted link).
      const genuine = pending?.provider === provider.id && bound === state;
      const description = genuine ? url.searchParams.get('error_description')?.slice(0, 200) : undefined;
      throw new AuthenticationError(`${provider.name} did not log you in${description ? `: ${description}` : ` (${REFUSALS[refused] ?? 'the login failed'})`}.`);
    }
    if (pending?.provider !== provider.id) {
      logger.info({ provider: provider.id }, 'OpenID Connect callback with an unknown, used or expired state');
      throw new AuthenticationError('This login has expired or was already completed. Start again from the login page.');
    }
    if (bound !== state) {
      logger.info({ provider: provider.id }, 'OpenID Connect callback in another browser than the one that started it');
      throw new AuthenticationError('This login was started in another browser, or its cookie was lost. Start again from the login page.');
    }

    const configuration = await clientConfiguration(provider, logger);
    const current = new URL(redirectUri(config, provider));
    current.search = url.search;
    let claims: Claims;
    try {
      const tokens = await client.authorizationCodeGrant(configuration, current, {
        pkceCodeVerifier: pending.code_verifier,
        expectedState: state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idClaims: Claims = { ...(tokens.claims() ?? {}) };
      claims = idClaims;
      if (provider.acrValues !== undefined && !provider.acrValues.includes(String(idClaims.acr))) {
        logger.warn({ provider: provider.id, acr: typeof idClaims.acr === 'string' ? idClaims.acr.slice(0, 100) : null }, 'ID token without the required assurance level');
        throw new AuthenticationError(`${provider.name} did not confirm the required assurance level (${provider.acrValues.join(' or ')}).`);
      }
      const missing = neededClaims(provider).some((name) => !(name in idClaims));
      if (missing && configuration.serverMetadata().userinfo_endpoint !== undefined && typeof idClaims.sub === 'string') {
        const userInfo = await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
        claims = { ...userInfo, ...idClaims };
      }
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      logger.warn({ provider: provider.id, ...errorDetail(error) }, 'OpenID Connect code exchange failed');
      throw new AuthenticationError(`The login with ${provider.name} could not be completed. Start again from the login page.`);
    }

    const identity = identityOf(provider, configuration.serverMetadata().issuer, claims);
    const ip = c.get('clientIp');
    const result = await accounts.signIn(identity, provider.name, ip);
    if (identity.ignored.length > 0 || result.unknownOrganisations.length > 0) {
      logger.warn({ provider: provider.id, accountId: result.accountId, notCodes: identity.ignored, unknownOrganisations: result.unknownOrganisations }, 'organisation claims ignored');
    }
    const previous = sessionOf(c);
    if (previous !== undefined) await deleteSession(db, previous.id);
    const { secret } = await createSession(db, { accountId: result.accountId, method: 'oidc', awaitingSecondFactor: false, ip, userAgent: c.req.header('user-agent') });
    writeSessionCookie(c, config, secret);
    logger.info({ provider: provider.id, accountId: result.accountId, created: result.created }, 'OpenID Connect login');
    return c.redirect(safeNext(pending.return_to ?? undefined), 302);
  });

  // A refused login is shown where it happened, with its reason (not sent to the login page as a
  // missing login would be); other errors go to the application's handler.
  app.onError((error, c) => {
    if (error instanceof AuthenticationError) return errorPage(c, 401, { detail: error.message });
    throw error;
  });
  return app;
}
