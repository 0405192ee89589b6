/**
 * The configured OpenID Connect providers at run time: the login page's buttons, each provider's
 * discovered configuration (OpenID Connect Discovery, fetched once and kept), its client
 * authentication (private_key_jwt with the configured key; a client secret only where configured),
 * and the exact redirect URI registered at the provider.
 */
import type { KeyObject } from 'node:crypto';
import * as client from 'openid-client';
import type { Config } from '../../config/schema.js';
import type { Logger } from '../../config/logger.js';
import { AuthenticationError, messageOf } from '../../domain/errors.js';
import { isLoopback, loadOidcConfig, type OidcProvider } from './oidc-config.js';

/** The login page: one button per provider (none without THORBECKE_OIDC_FILE). */
export function providerChoices(config: Config): { id: string; name: string }[] {
  if (config.THORBECKE_OIDC_FILE === undefined) return [];
  return loadOidcConfig(config.THORBECKE_OIDC_FILE).map((p) => ({ id: p.id, name: p.name }));
}

const warned = new WeakSet<OidcProvider>();

/**
 * The providers of the configuration ([] without THORBECKE_OIDC_FILE). A client secret is logged as a
 * warning (once): the NL GOV profile requires private_key_jwt or mutual TLS.
 */
export function oidcProviders(config: Config, logger: Logger): OidcProvider[] {
  if (config.THORBECKE_OIDC_FILE === undefined) return [];
  const providers = loadOidcConfig(config.THORBECKE_OIDC_FILE);
  for (const p of providers) {
    if (p.clientSecret === undefined || warned.has(p)) continue;
    warned.add(p);
    logger.warn({ provider: p.id }, 'OpenID Connect provider uses a client secret: not conformant to the NL GOV OpenID Connect profile (use privateKeyFile for private_key_jwt)');
  }
  return providers;
}

/** `<THORBECKE_PUBLIC_URL>login/oidc/<id>/callback`: exactly what must be registered at the provider. */
export function redirectUri(config: Config, provider: Pick<OidcProvider, 'id'>): string {
  return new URL(`login/oidc/${provider.id}/callback`, config.THORBECKE_PUBLIC_URL).href;
}

/** Web Crypto parameters for a private key (the algorithm its JWS signatures will use). */
function importParams(key: KeyObject, rsaAlgorithm: 'RS256' | 'PS256'): Parameters<typeof crypto.subtle.importKey>[2] {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { name: rsaAlgorithm === 'PS256' ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      const namedCurve = curve === 'prime256v1' ? 'P-256' : curve === 'secp384r1' ? 'P-384' : curve === 'secp521r1' ? 'P-521' : undefined;
      if (namedCurve === undefined) throw new Error(`unsupported EC curve ${String(curve)}`);
      return { name: 'ECDSA', namedCurve };
    }
    case 'ed25519':
      return { name: 'Ed25519' };
    default:
      throw new Error(`unsupported key type ${String(key.asymmetricKeyType)} (use RSA, EC P-256/384/521 or Ed25519)`);
  }
}

async function clientAuthentication(provider: OidcProvider): Promise<client.ClientAuth> {
  if (provider.privateKey !== undefined) {
    const { key, kid } = provider.privateKey;
    const jwk = key.export({ format: 'jwk' });
    const cryptoKey = await crypto.subtle.importKey('jwk', jwk, importParams(key, provider.signingAlgorithm), false, ['sign']);
    return client.PrivateKeyJwt(kid === undefined ? { key: cryptoKey } : { key: cryptoKey, kid });
  }
  return client.ClientSecretBasic(provider.clientSecret);
}

const discovered = new WeakMap<OidcProvider, Promise<client.Configuration>>();

/**
 * The provider's client configuration, discovered once per process (a failed discovery is tried again
 * on the next login). Plain-HTTP requests are allowed only for a loopback issuer marked allowInsecure.
 */
export function clientConfiguration(provider: OidcProvider, logger: Logger): Promise<client.Configuration> {
  const cached = discovered.get(provider);
  if (cached !== undefined) return cached;
  const issuer = new URL(provider.issuer);
  const insecure = provider.allowInsecure && issuer.protocol === 'http:' && isLoopback(issuer);
  const pending = (async () => {
    const auth = await clientAuthentication(provider);
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- plain HTTP only for a loopback test issuer
    const execute = insecure ? [client.allowInsecureRequests] : [];
    return client.discovery(issuer, provider.clientId, undefined, auth, { timeout: 10, execute });
  })().catch((error: unknown) => {
    discovered.delete(provider);
    logger.warn({ provider: provider.id, err: messageOf(error) }, 'OpenID Connect discovery failed');
    throw new AuthenticationError(`${provider.name} cannot be reached right now; try again later or log in another way.`);
  });
  discovered.set(provider, pending);
  return pending;
}
