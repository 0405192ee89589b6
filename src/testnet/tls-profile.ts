/**
 * TLS behaviour of a test server, chosen per scenario so that every TLS check can be proven right and wrong
 * on purpose. What Node/OpenSSL 3 cannot do (compression, SSL 3.0, SSL 2.0) is answered with crafted
 * replies by tls-front.ts; everything else is ordinary node:tls server options (`tlsServerOptions`).
 */
import { constants } from 'node:crypto';
import { createSecureContext, type TLSSocket, type TlsOptions } from 'node:tls';

/** TLS behaviour of a test server. Defaults = a server that passes every NCSC check (TLS 1.2+1.3, good suites only, ECDHE with good groups, secure renegotiation, client-initiated renegotiation refused, no compression). */
export interface TlsProfile {
  minVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  maxVersion?: 'TLSv1.2' | 'TLSv1.3';
  /** OpenSSL cipher string for TLS ≤1.2, e.g. 'AES128-SHA' (RSA key exchange, CBC: insufficient/phase-out). Default: the good/sufficient ECDHE suites only. */
  ciphers?: string;
  /** e.g. 'X25519:P-256' (default); 'X25519:P-256:P-224' adds secp224r1 (phase out). */
  groups?: string;
  /** Accept client-initiated renegotiation (insecure on purpose). Default false. */
  allowClientRenegotiation?: boolean;
  /**
   * How a refused client-initiated renegotiation ends: 'close' (default) closes the connection, as Node's
   * `disableRenegotiation()` and many servers do; 'alert' answers with OpenSSL's no_renegotiation warning
   * alert (SSL_OP_NO_RENEGOTIATION) and keeps the connection.
   */
  renegotiationRefusal?: 'close' | 'alert';
  /** Answer a TLS hello that offers DEFLATE with a ServerHello choosing compression (crafted: Node/OpenSSL 3 cannot compress). */
  acceptCompression?: boolean;
  /** Answer an SSL 3.0 hello with an SSL 3.0 ServerHello (crafted). */
  acceptSsl3?: boolean;
  /** Answer an SSL 2.0 CLIENT-HELLO with an SSL 2.0 SERVER-HELLO (crafted). */
  acceptSsl2?: boolean;
}

/** TLS 1.3 suites: Node's defaults (good and sufficient; never AES-128-CCM-8). */
const TLS13_SUITES = 'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256';

/** ECDHE with AEAD only: "sufficient" per FACTS.md, for ECDSA and RSA certificates alike. */
export const GOOD_TLS12_CIPHERS = [
  'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-CHACHA20-POLY1305', 'ECDHE-RSA-AES128-GCM-SHA256',
].join(':');

/**
 * TLS 1.0 and 1.1 have no AEAD suites, so a profile that wants them without naming suites also gets the
 * ECDHE CBC-SHA1 ones (insufficient: such a server fails the ciphers check too, as it would in the wild).
 */
const OLD_VERSION_CIPHERS = 'ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA';

export const DEFAULT_GROUPS = 'X25519:P-256';

const old = (profile: TlsProfile): boolean => profile.minVersion === 'TLSv1' || profile.minVersion === 'TLSv1.1';

/** Node secure-context/server options for a profile (ciphers, min/max version, SECLEVEL=0 when TLS 1.0/weak suites are wanted, SSL_OP_NO_RENEGOTIATION for `renegotiationRefusal: 'alert'`; the default 'close' refusal is `refuseClientRenegotiation`). */
export function tlsServerOptions(profile: TlsProfile): TlsOptions {
  const weak = old(profile) || profile.ciphers !== undefined;
  const tls12 = profile.ciphers ?? (old(profile) ? `${GOOD_TLS12_CIPHERS}:${OLD_VERSION_CIPHERS}` : GOOD_TLS12_CIPHERS);
  // Node moves TLS_* names to the TLS 1.3 list; without any, it would silently cap the server at TLS 1.2.
  const ciphers = `${TLS13_SUITES}:${tls12}${weak ? ':@SECLEVEL=0' : ''}`;
  const options: TlsOptions = {
    minVersion: profile.minVersion ?? 'TLSv1.2',
    maxVersion: profile.maxVersion ?? 'TLSv1.3',
    ciphers,
    ecdhCurve: profile.groups ?? DEFAULT_GROUPS,
    honorCipherOrder: true,
  };
  if (profile.allowClientRenegotiation !== true && profile.renegotiationRefusal === 'alert') options.secureOptions = constants.SSL_OP_NO_RENEGOTIATION;
  return options;
}

/**
 * Applies the profile's renegotiation refusal to a server-side socket: with 'close' (the default) a
 * client-initiated renegotiation ends the connection. Call it for every accepted TLS socket.
 */
export function refuseClientRenegotiation(socket: TLSSocket, profile: TlsProfile): void {
  if (profile.allowClientRenegotiation === true || profile.renegotiationRefusal === 'alert') return;
  socket.disableRenegotiation();
  // Node reports the attempt as an error; closing the connection is the refusal. A TLSSocket made directly
  // (STARTTLS) rather than by a tls.Server never releases control, so Node reports it only as `_tlsError`.
  const refuse = (): void => void socket.destroy();
  socket.on('error', refuse);
  socket.on('_tlsError', refuse);
}

/** Adds `@SECLEVEL=0` to options whose certificate OpenSSL's default level refuses (RSA-1024, SHA-1 signed). */
export function withSecurityLevelZero(options: TlsOptions): TlsOptions {
  const ciphers = options.ciphers ?? '';
  return ciphers.includes('@SECLEVEL=0') ? options : { ...options, ciphers: `${ciphers}:@SECLEVEL=0` };
}

/**
 * `tlsServerOptions(profile)`, with `@SECLEVEL=0` added only when OpenSSL refuses to load one of the
 * certificates at its default level (a weak key or a SHA-1 signature served on purpose).
 */
export function tlsOptionsForCertificates(profile: TlsProfile, certs: readonly { chainPem: string; keyPem: string }[]): TlsOptions {
  const options = tlsServerOptions(profile);
  const loads = certs.every((c) => {
    try {
      createSecureContext({ ...options, cert: c.chainPem, key: c.keyPem });
      return true;
    } catch {
      return false;
    }
  });
  return loads ? options : withSecurityLevelZero(options);
}
