/**
 * Shared TLS client contexts. Building a SecureContext with a `ca` list parses every root certificate;
 * doing that for each of the 30–50 handshakes a domain needs cost a scan most of its CPU (measured with
 * --cpu-prof: two thirds of all time in tls/secure-context). Contexts hold no per-connection state, so one
 * per distinct set of options serves every connection.
 *
 * Trust never depends on the environment: every context the scanner verifies with is built from an explicit
 * `ca` list, Node's bundled roots (`tls.rootCertificates`) plus `--ca-file`, so NODE_EXTRA_CA_CERTS,
 * --use-openssl-ca or --use-system-ca cannot change a verdict.
 */
import { createHash } from 'node:crypto';
import { createSecureContext, rootCertificates, type SecureContext, type SecureContextOptions } from 'node:tls';

/** Least-recently-used contexts beyond this many are dropped; contexts with a trust bundle never are. */
export const MAX_CONTEXTS = 64;
const contexts = new Map<string, SecureContext>();
/** Contexts whose `ca` is a trust bundle: few (one per set of extras and options) and the most used. */
const bundleContexts = new Map<string, SecureContext>();
const ROOTS: readonly string[] = [...rootCertificates];
const bundles = new Map<string, readonly string[]>();
const bundleKeys = new WeakMap<readonly string[], string>([[ROOTS, 'bundle:roots']]);

/**
 * The trusted roots: Node's bundled roots plus extra PEMs (e.g. `--ca-file`), as one array per distinct set of
 * extras, the same array for no extras, so that contexts built from it are found by identity and shared.
 */
export function trustBundle(extraPems?: readonly string[]): readonly string[] {
  if (extraPems === undefined || extraPems.length === 0) return ROOTS;
  const key = `bundle:${createHash('sha256').update(extraPems.join('\n')).digest('hex')}`;
  let bundle = bundles.get(key);
  if (bundle === undefined) {
    bundle = [...rootCertificates, ...extraPems];
    bundles.set(key, bundle);
    bundleKeys.set(bundle, key);
  }
  return bundle;
}

/** `none`, `bundle:…` for an array from {@link trustBundle}, `raw:…` for any other CA list: the two never collide. */
function caKey(ca: SecureContextOptions['ca']): string {
  if (ca === undefined) return 'none';
  if (Array.isArray(ca)) {
    const known = bundleKeys.get(ca as readonly string[]);
    if (known !== undefined) return known;
  }
  const parts = (Array.isArray(ca) ? ca : [ca]) as readonly (string | Buffer)[];
  return `raw:${createHash('sha256').update(parts.map((p) => p.toString()).join('\n')).digest('hex')}`;
}

/**
 * One context per distinct options. A hit makes a context the most recently used; beyond {@link MAX_CONTEXTS}
 * the least recently used is dropped, except contexts built with a trust bundle, which are kept for the run.
 */
export function sharedSecureContext(options: SecureContextOptions): SecureContext {
  const { ca, ...rest } = options;
  const caPart = caKey(ca);
  const key = `${JSON.stringify(rest)}#${caPart}`;
  const pinned = caPart.startsWith('bundle:');
  const cache = pinned ? bundleContexts : contexts;
  let context = cache.get(key);
  if (context !== undefined) {
    if (!pinned) {
      contexts.delete(key);
      contexts.set(key, context);
    }
    return context;
  }
  context = createSecureContext(options);
  cache.set(key, context);
  if (!pinned && contexts.size > MAX_CONTEXTS) contexts.delete(contexts.keys().next().value ?? key);
  return context;
}

/** The tls.connect options that belong to the context; handshake() accepts only these (see `HandshakeOptions`). */
export const CONTEXT_KEYS = ['ca', 'ciphers', 'ecdhCurve', 'minVersion', 'maxVersion', 'sigalgs', 'secureOptions', 'honorCipherOrder'] as const;

/** The context options a handshake may set: the keys of {@link CONTEXT_KEYS}, nothing node:tls would ignore. */
export type ContextOptions = Pick<SecureContextOptions, (typeof CONTEXT_KEYS)[number]>;
