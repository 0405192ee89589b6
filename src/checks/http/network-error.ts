/**
 * The one place where raw network errors (Node `err.code`, undici `UND_ERR_*`, OpenSSL verify codes)
 * become a small closed vocabulary that evaluate functions can reason about.
 */

export const NETWORK_ERROR_KINDS = [
  'timeout',
  'refused',
  'reset',
  'tls-untrusted',
  'tls-name',
  'tls-expired',
  'tls-other',
  'too-large',
  'too-many-redirects',
  'blocked',
  'other',
] as const;
export type NetworkErrorKind = (typeof NETWORK_ERROR_KINDS)[number];

/** A classified network failure: JSON-safe, with the original message for the reason line. */
export interface NetworkError {
  kind: NetworkErrorKind;
  message: string;
  /** The raw code, when there was one (e.g. `CERT_HAS_EXPIRED`). */
  code?: string;
}

const BY_CODE: Record<string, NetworkErrorKind> = {
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
  CERT_HAS_EXPIRED: 'tls-expired',
  CERT_NOT_YET_VALID: 'tls-expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls-untrusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls-untrusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls-untrusted',
  UNABLE_TO_GET_ISSUER_CERT: 'tls-untrusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tls-untrusted',
  CERT_UNTRUSTED: 'tls-untrusted',
  CERT_REJECTED: 'tls-untrusted',
  CERT_SIGNATURE_FAILURE: 'tls-untrusted',
  INVALID_CA: 'tls-untrusted',
  INVALID_PURPOSE: 'tls-untrusted',
  PATH_LENGTH_EXCEEDED: 'tls-untrusted',
  CERT_CHAIN_TOO_LONG: 'tls-untrusted',
  // Node's name for verify errors it has no name for, e.g. OpenSSL's "CA signature digest algorithm too weak" (SHA-1).
  UNSPECIFIED: 'tls-untrusted',
  ERR_TLS_CERT_ALTNAME_INVALID: 'tls-name',
  HOSTNAME_MISMATCH: 'tls-name',
  UND_ERR_HEADERS_OVERFLOW: 'too-large',
  UND_ERR_RES_EXCEEDED_MAX_SIZE: 'too-large',
  ERR_TOO_MANY_REDIRECTS: 'too-many-redirects',
  ERR_BLOCKED: 'blocked',
};

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Classifies any thrown value; looks at `err.code`, then at `err.cause.code`, then at the error's name. */
export function classifyNetworkError(err: unknown): NetworkError {
  const candidates = [err, typeof err === 'object' && err !== null ? (err as { cause?: unknown }).cause : undefined];
  for (const candidate of candidates) {
    const code = codeOf(candidate);
    if (code === undefined) continue;
    const kind = BY_CODE[code] ?? (/^ERR_(SSL|TLS)_/.test(code) ? 'tls-other' : undefined);
    if (kind !== undefined) return { kind, code, message: messageOf(candidate) };
  }
  const name = err instanceof Error ? err.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'timeout', message: messageOf(err) };
  const code = codeOf(err);
  return code === undefined ? { kind: 'other', message: messageOf(err) } : { kind: 'other', code, message: messageOf(err) };
}

/** An error carrying one of our own codes, so that it classifies like the network's own. */
export function codedError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}
