/**
 * A local OpenID Connect identity provider for tests: `oidc-provider` in this process on 127.0.0.1
 * (a free port), with one confidential client that authenticates with private_key_jwt (its key pair is
 * generated here; the private key is written as PEM for Thorbecke's provider file), PKCE required, and
 * accounts whose claims the test chooses (email, name, `tooi_organisation`, `thorbecke_role`; `acr`
 * becomes the assurance level of the login).
 * `login()` walks the provider's development login and consent forms over HTTP with a cookie jar, as a
 * browser would, and returns the redirect back to Thorbecke.
 */
import { generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import Provider from 'oidc-provider';

export type TestClaims = Record<string, unknown>;

export interface TestIdp {
  issuer: string;
  clientId: string;
  /** The client's private key (PEM) for private_key_jwt. */
  privateKeyFile: string;
  /** Accounts by subject; change them between logins. */
  accounts: Map<string, TestClaims>;
  /**
   * Follows `authorizationUrl` through the provider's login (as `subject`) and consent forms; returns the
   * URL the provider redirects the browser to (Thorbecke's callback, with code and state, or an error).
   */
  login(authorizationUrl: string, subject: string): Promise<URL>;
  close(): Promise<void>;
}

export interface TestIdpOptions {
  /** The redirect URIs registered for the client (exact). */
  redirectUris: string[];
  accounts: Record<string, TestClaims>;
  /** Folder for the client's private key. */
  dir: string;
}

const CLIENT_ID = 'thorbecke-test';

export async function startTestIdp(options: TestIdpOptions): Promise<TestIdp> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const issuer = `http://127.0.0.1:${String(address.port)}`;

  const clientKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyFile = join(options.dir, 'client-key.pem');
  await writeFile(privateKeyFile, clientKeys.privateKey.export({ format: 'pem', type: 'pkcs8' }));
  const signing = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

  const accounts = new Map(Object.entries(options.accounts));
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        token_endpoint_auth_method: 'private_key_jwt',
        redirect_uris: options.redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        jwks: { keys: [{ ...clientKeys.publicKey.export({ format: 'jwk' }), use: 'sig' }] },
      },
    ],
    jwks: { keys: [{ ...signing, kid: 'idp-signing', use: 'sig' }] },
    cookies: { keys: ['thorbecke-test-idp-cookie-key'] },
    pkce: { required: () => true },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name'],
      thorbecke: ['tooi_organisation', 'thorbecke_role'],
      acr: null,
    },
    acrValues: ['http://eidas.europa.eu/LoA/low', 'http://eidas.europa.eu/LoA/substantial', 'http://eidas.europa.eu/LoA/high'],
    features: { devInteractions: { enabled: true } },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    findAccount(_ctx, sub) {
      const claims = accounts.get(sub);
      if (claims === undefined) return undefined;
      return {
        accountId: sub,
        claims: () => {
          const rest = { ...accounts.get(sub) };
          delete rest.acr;
          return { ...rest, sub };
        },
      };
    },
  });
  // The dev login form records no assurance level: add the account's `acr` to the login result (from
  // which oidc-provider takes the ID token's acr).
  const original = provider.interactionFinished.bind(provider);
  provider.interactionFinished = (req, res, result, opts) => {
    const login = result.login as { accountId: string } | undefined;
    const acr = login === undefined ? undefined : accounts.get(login.accountId)?.acr;
    return original(req, res, login !== undefined && typeof acr === 'string' ? { ...result, login: { ...login, acr } } : result, opts);
  };
  const handle = provider.callback();
  server.on('request', (req, res) => {
    void handle(req, res);
  });

  const login = async (authorizationUrl: string, subject: string): Promise<URL> => {
    const jar = new Map<string, string>();
    const cookieHeader = (): string => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const remember = (res: Response): void => {
      for (const line of res.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const eq = pair.indexOf('=');
        const name = pair.slice(0, eq).trim();
        const value = pair.slice(eq + 1).trim();
        if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name);
        else jar.set(name, value);
      }
    };
    let url = new URL(authorizationUrl);
    let body: URLSearchParams | undefined;
    for (let step = 0; step < 12; step++) {
      const res = await fetch(url, {
        method: body === undefined ? 'GET' : 'POST',
        redirect: 'manual',
        headers: { cookie: cookieHeader(), ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        ...(body !== undefined ? { body: body.toString() } : {}),
      });
      remember(res);
      body = undefined;
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location !== null) {
        const next = new URL(location, url);
        if (next.origin !== issuer) return next;
        url = next;
        continue;
      }
      const html = await res.text();
      if (res.status !== 200) throw new Error(`identity provider answered ${String(res.status)}: ${html.slice(0, 500)}`);
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
      if (action === undefined || prompt === undefined) throw new Error(`unexpected identity provider page: ${html.slice(0, 500)}`);
      url = new URL(action.replace(/&amp;/g, '&'), url);
      body = prompt === 'login' ? new URLSearchParams({ prompt, login: subject, password: 'any' }) : new URLSearchParams({ prompt });
    }
    throw new Error('too many steps at the identity provider');
  };

  return {
    issuer,
    clientId: CLIENT_ID,
    privateKeyFile,
    accounts,
    login,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}
