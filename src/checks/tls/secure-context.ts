/**
 * Shared TLS client contexts. Building a SecureContext with a `ca` list parses every root certificate;
 * doing that for each of the 30–50 handshakes a domain needs cost a scan most of its CPU (measured with
 * --cpu-prof: two thirds of all time in tls/secure-context). Contexts hold no per-connection state, so one
 * per distinct set of options serves every connection.
 */
import { createHash } from 'node:crypto';
import { createSecureContext, rootCertificates, type SecureContext, type SecureContextOptions } from 'node:tls';

const MAX_CONTEXTS = 64;
const contexts = new Map<string, SecureContext>();
const bundles = new Map<string, readonly string[]>();
const bundleKeys = new WeakMap<readonly string[], string>();

/**
 * The system roots plus extra PEMs, as one array per distinct set of extras (so that contexts built from it
 * are shared), or undefined without extras: Node's own root store then applies, which costs nothing to load.
 */
export function caBundle(extraPems: readonly string[] | undefined): readonly string[] | undefined {
  if (extraPems === undefined || extraPems.length === 0) return undefined;
  const key = createHash('sha256').update(extraPems.join('\n')).digest('hex');
  let bundle = bundles.get(key);
  if (bundle === undefined) {
    bundle = [...rootCertificates, ...extraPems];
    bundles.set(key, bundle);
    bundleKeys.set(bundle, key);
  }
  return bundle;
}

function caKey(ca: SecureContextOptions['ca']): string {
  if (ca === undefined) return '';
  if (Array.isArray(ca)) {
    const known = bundleKeys.get(ca as readonly string[]);
    if (known !== undefined) return known;
  }
  const parts = (Array.isArray(ca) ? ca : [ca]) as readonly (string | Buffer)[];
  return createHash('sha256').update(parts.map((p) => p.toString()).join('\n')).digest('hex');
}

/** One context per distinct options; the oldest is dropped beyond {@link MAX_CONTEXTS}. */
export function sharedSecureContext(options: SecureContextOptions): SecureContext {
  const { ca, ...rest } = options;
  const key = `${JSON.stringify(rest)}#${caKey(ca)}`;
  let context = contexts.get(key);
  if (context === undefined) {
    context = createSecureContext(options);
    contexts.set(key, context);
    if (contexts.size > MAX_CONTEXTS) contexts.delete(contexts.keys().next().value ?? key);
  }
  return context;
}

/** The tls.connect options that belong to the context; the rest stay per connection. */
export const CONTEXT_KEYS = ['ca', 'ciphers', 'ecdhCurve', 'minVersion', 'maxVersion', 'sigalgs', 'secureOptions', 'honorCipherOrder'] as const;
