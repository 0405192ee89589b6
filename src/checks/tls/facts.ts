/**
 * Plain, JSON-safe facts that `gatherTls` measures over node:tls and the evaluators in `evaluate.ts` and
 * `evaluate-cert.ts` judge. Every probe says whether it measured something (`accepted: true | false`) or
 * could not (`'unknown'` with a note), so that evaluation never turns "not measured" into "pass".
 */

/** Protocol versions by their usual names (FACTS.md, NCSC table). */
export type TlsVersionName = 'SSL 2.0' | 'SSL 3.0' | 'TLS 1.0' | 'TLS 1.1' | 'TLS 1.2' | 'TLS 1.3';

/** Whether the server took what a probe offered. */
export type Acceptance = boolean | 'unknown';

export interface VersionFact {
  version: TlsVersionName;
  accepted: Acceptance;
  /** Why a version is `unknown` (e.g. this client cannot offer SSL 3.0). */
  note?: string;
}

/** What `getEphemeralKeyInfo` reports: `ECDH` with a group name, or `DH` with a size in bits. */
export interface KeyExchangeFact {
  type: string;
  name?: string;
  size?: number;
  /** Which handshake saw it: `default`, `dhe-probe`, `group-probe`. */
  source: string;
}

/** One certificate of the chain the server sent, leaf first. */
export interface CertificateFact {
  subject: string;
  issuer: string;
  selfIssued: boolean;
  /** `rsa`, `ec`, `ed25519`, `ed448`, `dsa`, ... (Node's asymmetricKeyType). */
  keyType: string;
  keyBits?: number;
  /** Named curve for EC keys, e.g. `prime256v1`. */
  curve?: string;
  /** Signature algorithm OID and its short name, e.g. `ecdsa-with-SHA256`. */
  signatureOid: string;
  signatureAlgorithm: string;
  validFrom: string;
  validTo: string;
  subjectAltNames: string[];
}

export interface CipherProbeFact {
  /** The probe's category in the NCSC table (e.g. `insufficient`). */
  category: string;
  /** Suites the server chose, by IANA name, in the order it chose them. */
  accepted: string[];
  handshakes: number;
  /** True when the probe stopped at its handshake cap before the server refused. */
  capped: boolean;
  /** True when a probe handshake ended without a clear answer (timeout, connection trouble). */
  unmeasured?: boolean;
}

export interface RenegotiationFact {
  /** RFC 5746: an OpenSSL 3 client refuses TLS 1.2 servers without it, so a TLS 1.2 handshake proves it. */
  secure: Acceptance;
  /** Whether the server completed a renegotiation that this client started. */
  clientInitiated: Acceptance;
  note?: string;
}

export interface TlsFacts {
  address: string;
  port: number;
  /** The name sent as SNI and checked against the certificate. */
  serverName: string;
  /** Set when the default handshake failed or was not attempted; the other facts are then absent or partial. */
  error?: { kind: 'blocked' | 'timeout' | 'refused' | 'reset' | 'handshake' | 'other'; message: string; code?: string };
  /** The default handshake: what a modern client negotiates. */
  negotiated?: { version: string; cipher: string; keyExchange?: KeyExchangeFact };
  versions: VersionFact[];
  ciphers: CipherProbeFact[];
  keyExchange: KeyExchangeFact[];
  compression: { offered: Acceptance; note?: string };
  renegotiation: RenegotiationFact;
  chain: CertificateFact[];
  /**
   * The chain as base64 DER, leaf first (at most 10), from the default handshake, but only the certificates
   * the server sent: `chain` may end with a root node:tls took from the trust store, this never does (a DANE-TA
   * anchor must be presented, RFC 7672 section 3.1.2). What DANE (TLSA) matching needs, so that `mail.dane` reuses this handshake. Evaluators judge it but never copy it into
   * verdict facts (those show digests only).
   */
  chainDer?: string[];
  /** Chain verification against Node's bundled roots plus extra CA PEMs (never the environment's store): the OpenSSL code when it failed. */
  trust?: { trusted: boolean; code?: string };
  /** `tls.checkServerIdentity` on the leaf for `serverName`. */
  name?: { matches: boolean; message?: string };
  /** All handshakes this gathering made, the default one included. */
  handshakes: number;
}
