/**
 * The OpenID Connect providers of THORBECKE_OIDC_FILE: a YAML file listing each organisation's identity
 * provider and how its users map to Thorbecke (which organisations, which role). Validated with zod at
 * start-up; every problem is reported with its line and field. The NL GOV OpenID Connect profile wants
 * `private_key_jwt` client authentication: a client secret is accepted but logged as non-conformant.
 * Providers never grant global roles (coordinator, administrator): an administrator grants those locally.
 * See docs/oidc.md.
 */
import { createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { InputError, messageOf, type Issue } from '../../domain/errors.js';
import { formatPath } from '../../strategy/load.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Is `url` on this machine (tests and development only)? */
export function isLoopback(url: URL): boolean {
  return LOOPBACK.has(url.hostname);
}

const orgCode = z.string().trim().toLowerCase().regex(/^[a-z]{2,4}\d{2,5}$/, 'must be a TOOI organisation code such as gm0363');
const claimName = z.string().trim().min(1).max(100);

const providerSchema = z
  .strictObject({
    /** In the login and callback URLs: `/login/oidc/<id>`. */
    id: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'must be a slug: lower-case letters, digits and dashes (at most 40)'),
    /** On the login button. */
    name: z.string().trim().min(1).max(100),
    issuer: z.url({ protocol: /^https?$/ }),
    /** Allows an http:// issuer on this machine (tests only). */
    allowInsecure: z.boolean().default(false),
    clientId: z.string().min(1).max(500),
    /** A private key (PEM, or a JWK as JSON) for private_key_jwt; relative to the YAML file's folder. */
    privateKeyFile: z.string().min(1).optional(),
    /** The JWS algorithm of an RSA key (EC and Ed25519 keys imply theirs). */
    signingAlgorithm: z.enum(['RS256', 'PS256']).default('RS256'),
    /** The `kid` of the key as registered at the provider (default: the JWK's own `kid`, if any). */
    keyId: z.string().min(1).max(200).optional(),
    /** Allowed, but not NL GOV conformant. */
    clientSecret: z.string().min(16, 'must be at least 16 characters').optional(),
    scopes: z.array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'must be a scope token')).min(1).default(['openid', 'email', 'profile']),
    /** Requested assurance levels, e.g. `http://eidas.europa.eu/LoA/substantial`; the ID token's `acr` must be one. */
    acrValues: z.array(z.string().min(1)).min(1).optional(),
    /** Every user of this provider belongs to these organisations… */
    organisations: z.array(orgCode).min(1).optional(),
    /** …or this claim holds the user's organisation code(s). */
    organisationClaim: claimName.optional(),
    /** The claim holding the user's role(s), mapped by `roles`. */
    roleClaim: claimName.optional(),
    roles: z.record(z.string().min(1), z.enum(['editor', 'admin'])).default({}),
    /** The role when no claim value maps to one: `none` gives no organisation rights. */
    defaultRole: z.enum(['editor', 'admin', 'none']).default('none'),
  })
  .superRefine((p, ctx) => {
    const issuer = new URL(p.issuer);
    if (issuer.protocol === 'http:' && !(p.allowInsecure && isLoopback(issuer))) {
      ctx.addIssue({ code: 'custom', path: ['issuer'], message: 'must be an https:// URL (http:// only for a loopback issuer with allowInsecure: true)' });
    }
    if (p.allowInsecure && !isLoopback(issuer)) ctx.addIssue({ code: 'custom', path: ['allowInsecure'], message: 'is only allowed for a loopback issuer (tests)' });
    if ((p.privateKeyFile === undefined) === (p.clientSecret === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['privateKeyFile'], message: 'give exactly one of privateKeyFile (private_key_jwt, NL GOV) or clientSecret' });
    }
    if ((p.organisations === undefined) === (p.organisationClaim === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['organisations'], message: 'give exactly one of organisations (a list of codes) or organisationClaim' });
    }
    if (!p.scopes.includes('openid')) ctx.addIssue({ code: 'custom', path: ['scopes'], message: 'must include openid' });
    if (Object.keys(p.roles).length > 0 && p.roleClaim === undefined) ctx.addIssue({ code: 'custom', path: ['roleClaim'], message: 'is required when roles are given' });
    if (p.roleClaim !== undefined && Object.keys(p.roles).length === 0) ctx.addIssue({ code: 'custom', path: ['roles'], message: 'map at least one claim value to editor or admin' });
  });

const fileSchema = z
  .strictObject({ providers: z.array(providerSchema).max(200) })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.providers.forEach((p, i) => {
      if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: ['providers', i, 'id'], message: `duplicate provider id "${p.id}"` });
      seen.add(p.id);
    });
  });

export type OidcProviderSettings = z.infer<typeof providerSchema>;

/** A provider as the routes use it: the settings plus its loaded private key (when private_key_jwt). */
export interface OidcProvider extends OidcProviderSettings {
  privateKey?: { key: KeyObject; kid: string | undefined };
}

const MAX_BYTES = 256 * 1024;

/** The node's line and column, or the nearest existing parent's. */
function positionOf(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): string {
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = doc.getIn(path.slice(0, n), true);
    if (typeof node === 'object' && node !== null && 'range' in node) {
      const range = (node as { range?: [number, number, number] }).range;
      if (range !== undefined) {
        const pos = lines.linePos(range[0]);
        return `line ${String(pos.line)}, column ${String(pos.col)}`;
      }
    }
  }
  return 'line 1';
}

function invalid(file: string, issues: Issue[]): InputError {
  return new InputError(`${file} (THORBECKE_OIDC_FILE) is not a valid OpenID Connect provider file (${issues.length === 1 ? '1 problem' : `${String(issues.length)} problems`}).`, issues);
}

/**
 * Parses and validates the text of a provider file; loads the private keys (paths relative to
 * `baseDir`). Throws an InputError listing every problem as `line 4, column 5 (providers[0].issuer)`.
 */
export function parseOidcConfig(text: string, file: string, baseDir: string): OidcProvider[] {
  if (Buffer.byteLength(text) > MAX_BYTES) throw invalid(file, [{ message: `larger than ${String(MAX_BYTES)} bytes` }]);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw invalid(file, doc.errors.map((e) => { const p = lines.linePos(e.pos[0]); return { location: `line ${String(p.line)}, column ${String(p.col)}`, message: `YAML syntax: ${e.message}` }; }));
  }
  const result = fileSchema.safeParse(doc.toJS({ maxAliasCount: 20 }));
  if (!result.success) {
    throw invalid(file, result.error.issues.map((issue) => {
      const { path } = issue;
      const message = issue.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
      return { location: `${positionOf(doc, lines, path)}${path.length > 0 ? ` (${formatPath(path)})` : ''}`, message };
    }));
  }
  const issues: Issue[] = [];
  const providers = result.data.providers.map((p, i): OidcProvider => {
    if (p.privateKeyFile === undefined) return p;
    const path = ['providers', i, 'privateKeyFile'];
    try {
      const { key, kid } = readPrivateKey(resolve(baseDir, p.privateKeyFile));
      return { ...p, privateKey: { key, kid: p.keyId ?? kid } };
    } catch (error) {
      issues.push({ location: `${positionOf(doc, lines, path)} (${formatPath(path)})`, message: `cannot use the private key: ${messageOf(error)}` });
      return p;
    }
  });
  if (issues.length > 0) throw invalid(file, issues);
  return providers;
}

/** A PEM private key, or a private JWK (JSON, whose `kid` is kept). */
function readPrivateKey(path: string): { key: KeyObject; kid: string | undefined } {
  const text = readFileSync(path, 'utf8');
  if (text.trimStart().startsWith('{')) {
    const jwk = JSON.parse(text) as JsonWebKey;
    return { key: createPrivateKey({ key: jwk, format: 'jwk' }), kid: typeof jwk.kid === 'string' ? jwk.kid : undefined };
  }
  return { key: createPrivateKey(text), kid: undefined };
}

const cache = new Map<string, OidcProvider[]>();

/** The providers of `file`, read once per process and file. */
export function loadOidcConfig(file: string): OidcProvider[] {
  const path = resolve(file);
  const cached = cache.get(path);
  if (cached !== undefined) return cached;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`Cannot read THORBECKE_OIDC_FILE ${file}: ${messageOf(error)}`);
  }
  const providers = parseOidcConfig(text, file, dirname(path));
  cache.set(path, providers);
  return providers;
}
