import { describe, expect, it } from 'vitest';
import type { CheckStatus, Verdict } from '../../src/domain/check.js';
import { evaluateCertKey, evaluateCertName, evaluateCertSignature, evaluateCertTrust } from '../../src/checks/tls/evaluate-cert.js';
import { evaluateCiphers, evaluateCompression, evaluateKeyExchange, evaluateRenegotiation, evaluateTlsVersion } from '../../src/checks/tls/evaluate.js';
import type { CertificateFact, TlsFacts, VersionFact } from '../../src/checks/tls/facts.js';
import { signatureOid } from '../../src/checks/tls/certificate.js';

/** Fact fixtures: a good TLS 1.3 server, changed one aspect per case. */
const leaf: CertificateFact = {
  subject: 'CN=www.example.test', issuer: 'CN=Test CA', selfIssued: false, keyType: 'ec', curve: 'prime256v1',
  signatureOid: '1.2.840.10045.4.3.2', signatureAlgorithm: 'ecdsa-with-SHA256', validFrom: '2026-01-01T00:00:00.000Z',
  validTo: '2027-01-01T00:00:00.000Z', subjectAltNames: ['www.example.test'],
};
const root: CertificateFact = { ...leaf, subject: 'CN=Test CA', selfIssued: true, signatureOid: '1.2.840.113549.1.1.5' };

const v = (version: VersionFact['version'], accepted: VersionFact['accepted']): VersionFact => ({ version, accepted });
const base: TlsFacts = {
  address: '192.0.2.10', port: 443, serverName: 'www.example.test',
  negotiated: { version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' },
  versions: [v('TLS 1.3', true), v('TLS 1.2', true), v('TLS 1.1', false), v('TLS 1.0', false), { version: 'SSL 3.0', accepted: 'unknown', note: 'untestable' }],
  ciphers: [{ category: 'insufficient', accepted: [], handshakes: 1, capped: false }, { category: 'phase-out', accepted: [], handshakes: 1, capped: false }],
  keyExchange: [{ type: 'ECDH', name: 'X25519', size: 253, source: 'default' }],
  compression: { offered: false },
  renegotiation: { secure: true, clientInitiated: false },
  chain: [leaf, root],
  trust: { trusted: true },
  name: { matches: true },
  handshakes: 7,
};
const withFacts = (patch: Partial<TlsFacts>): TlsFacts => ({ ...base, ...patch });
const suites = (...accepted: string[]): Partial<TlsFacts> => ({ ciphers: [{ category: 'probe', accepted, handshakes: accepted.length + 1, capped: false }] });
const chainOf = (...patch: Partial<CertificateFact>[]): Partial<TlsFacts> => ({ chain: [...patch.map((p) => ({ ...leaf, ...p })), root] });

type Case = [string, (f: TlsFacts) => Verdict, Partial<TlsFacts>, CheckStatus, string?];

const CASES: Case[] = [
  ['version: TLS 1.3 and 1.2 only', evaluateTlsVersion, {}, 'pass', 'not tested: SSL 3.0'],
  ['version: TLS 1.0 and 1.1 accepted', evaluateTlsVersion, { versions: [v('TLS 1.2', true), v('TLS 1.1', true), v('TLS 1.0', true)] }, 'fail', 'accepts TLS 1.1 (insufficient) and TLS 1.0 (insufficient)'],
  ['version: TLS 1.2 only', evaluateTlsVersion, { versions: [v('TLS 1.3', false), v('TLS 1.2', true)] }, 'pass'],
  ['version: TLS 1.0 probe timed out is error, not pass', evaluateTlsVersion, { versions: [v('TLS 1.3', true), v('TLS 1.0', 'unknown')] }, 'error', 'TLS 1.0'],
  ['version: TLS 1.0 unknown but TLS 1.1 accepted still fails', evaluateTlsVersion, { versions: [v('TLS 1.1', true), v('TLS 1.0', 'unknown')] }, 'fail'],
  ['version: nothing measured', evaluateTlsVersion, { versions: [v('TLS 1.0', 'unknown')] }, 'error'],
  ['version: blocked by policy', evaluateTlsVersion, { error: { kind: 'blocked', message: 'private address' } }, 'blocked'],
  ['version: timeout', evaluateTlsVersion, { error: { kind: 'timeout', message: 'no handshake' } }, 'error'],
  ['ciphers: only good and sufficient', evaluateCiphers, suites('TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'), 'pass'],
  ['ciphers: CBC with SHA-1', evaluateCiphers, suites('TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA'), 'fail', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA (insufficient)'],
  ['ciphers: RSA key exchange', evaluateCiphers, suites('TLS_RSA_WITH_AES_128_GCM_SHA256'), 'fail'],
  ['ciphers: 3DES', evaluateCiphers, suites('TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA'), 'fail'],
  ['ciphers: ECDHE CBC SHA-256 is phase out', evaluateCiphers, suites('TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256'), 'warning', '(phase out)'],
  ['ciphers: DHE AEAD is phase out', evaluateCiphers, suites('TLS_DHE_RSA_WITH_AES_256_GCM_SHA384'), 'warning'],
  ['ciphers: CAMELLIA is phase out', evaluateCiphers, suites('TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256'), 'warning'],
  ['ciphers: DHE with SHA-1 is insufficient, not phase out', evaluateCiphers, suites('TLS_DHE_RSA_WITH_AES_128_CBC_SHA'), 'fail'],
  ['ciphers: TLS 1.3 CCM-8', evaluateCiphers, suites('TLS_AES_128_CCM_8_SHA256'), 'fail'],
  ['ciphers: phase out and insufficient: fail', evaluateCiphers, suites('TLS_DHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_RSA_WITH_RC4_128_SHA'), 'fail'],
  ['ciphers: a probe without answer is error', evaluateCiphers, { ciphers: [{ category: 'phase-out', accepted: [], handshakes: 1, capped: false, unmeasured: true }] }, 'error'],
  ['ciphers: capped probe says so', evaluateCiphers, { ciphers: [{ category: 'insufficient', accepted: ['TLS_RSA_WITH_RC4_128_SHA'], handshakes: 6, capped: true }] }, 'fail', 'cap'],
  ['ciphers: not probed', evaluateCiphers, { ciphers: [] }, 'error'],
  ['key exchange: X25519', evaluateKeyExchange, {}, 'pass'],
  ['key exchange: hybrid post-quantum', evaluateKeyExchange, { keyExchange: [{ type: 'ECDH', name: 'X25519MLKEM768', source: 'default' }] }, 'pass'],
  ['key exchange: secp224r1 is phase out', evaluateKeyExchange, { keyExchange: [{ type: 'ECDH', name: 'secp224r1', source: 'group-probe' }] }, 'warning'],
  ['key exchange: DHE 2048 is insufficient', evaluateKeyExchange, { keyExchange: [{ type: 'DH', size: 2048, source: 'cipher-probe' }] }, 'fail', 'DHE 2048 bits (insufficient)'],
  ['key exchange: DHE 4096 is phase out', evaluateKeyExchange, { keyExchange: [{ type: 'DH', size: 4096, source: 'cipher-probe' }] }, 'warning'],
  ['key exchange: RSA key exchange suite', evaluateKeyExchange, suites('TLS_RSA_WITH_AES_128_CBC_SHA'), 'fail', 'RSA key exchange'],
  ['key exchange: unlisted curve', evaluateKeyExchange, { keyExchange: [{ type: 'ECDH', name: 'secp192r1', source: 'default' }] }, 'fail'],
  ['key exchange: nothing seen', evaluateKeyExchange, { keyExchange: [], ciphers: [] }, 'error'],
  ['compression: off', evaluateCompression, {}, 'pass'],
  ['compression: on', evaluateCompression, { compression: { offered: true } }, 'fail'],
  ['compression: untestable is error, never pass', evaluateCompression, { compression: { offered: 'unknown', note: 'client cannot offer it' } }, 'error', 'client cannot offer it'],
  ['renegotiation: secure, client-initiated refused', evaluateRenegotiation, {}, 'pass'],
  ['renegotiation: insecure', evaluateRenegotiation, { renegotiation: { secure: false, clientInitiated: false } }, 'fail'],
  ['renegotiation: client-initiated accepted', evaluateRenegotiation, { renegotiation: { secure: true, clientInitiated: true } }, 'warning'],
  ['renegotiation: handshake refused for lack of RFC 5746', evaluateRenegotiation, { error: { kind: 'handshake', message: 'unsafe legacy renegotiation disabled', code: 'ERR_SSL_UNSAFE_LEGACY_RENEGOTIATION_DISABLED' } }, 'fail', 'RFC 5746'],
  ['renegotiation: unknown', evaluateRenegotiation, { renegotiation: { secure: 'unknown', clientInitiated: 'unknown' } }, 'error'],
  ['trust: trusted', evaluateCertTrust, {}, 'pass'],
  ['trust: expired', evaluateCertTrust, { trust: { trusted: false, code: 'CERT_HAS_EXPIRED' } }, 'fail', 'CERT_HAS_EXPIRED'],
  ['trust: no chain', evaluateCertTrust, { chain: [], trust: undefined }, 'error'],
  ['name: matches', evaluateCertName, {}, 'pass'],
  ['name: wrong name', evaluateCertName, { name: { matches: false, message: 'mismatch' } }, 'fail', 'www.example.test'],
  ['key: ECDSA P-256', evaluateCertKey, {}, 'pass'],
  ['key: RSA 4096', evaluateCertKey, chainOf({ keyType: 'rsa', keyBits: 4096 }), 'pass'],
  ['key: RSA 3072', evaluateCertKey, chainOf({ keyType: 'rsa', keyBits: 3072 }), 'pass'],
  ['key: RSA 2048 is phase out', evaluateCertKey, chainOf({ keyType: 'rsa', keyBits: 2048 }), 'warning', 'RSA 2048 bits (phase out)'],
  ['key: RSA 1024', evaluateCertKey, chainOf({ keyType: 'rsa', keyBits: 1024 }), 'fail', 'RSA 1024 bits (insufficient)'],
  ['key: P-521 not in FACTS.md is phase out', evaluateCertKey, chainOf({ curve: 'secp521r1' }), 'warning'],
  ['key: unknown curve', evaluateCertKey, chainOf({ curve: 'secp192r1' }), 'fail'],
  ['signature: SHA-256 (root excluded)', evaluateCertSignature, {}, 'pass'],
  ['signature: SHA-1', evaluateCertSignature, chainOf({ signatureOid: '1.2.840.113549.1.1.5' }), 'fail', 'sha1WithRSAEncryption (insufficient)'],
  ['signature: MD5', evaluateCertSignature, chainOf({ signatureOid: '1.2.840.113549.1.1.4' }), 'fail'],
  ['signature: SHA-224 is phase out', evaluateCertSignature, chainOf({ signatureOid: '1.2.840.10045.4.3.1' }), 'warning'],
  ['signature: RSASSA-PSS not determined', evaluateCertSignature, chainOf({ signatureOid: '1.2.840.113549.1.1.10' }), 'error'],
  ['signature: self-signed leaf is judged', evaluateCertSignature, { chain: [{ ...leaf, selfIssued: true, signatureOid: '1.2.840.10045.4.1' }] }, 'fail'],
];

describe('TLS evaluators', () => {
  it.each(CASES)('%s', (_name, evaluate, patch, status, reason) => {
    const verdict = evaluate(withFacts(patch));
    expect(verdict.status).toBe(status);
    if (reason !== undefined) expect(verdict.reason).toContain(reason);
  });
});

describe('signatureOid', () => {
  it('reads the signatureAlgorithm OID from DER', () => {
    // SEQUENCE { SEQUENCE {} (tbs), SEQUENCE { OID 1.2.840.10045.4.3.2 }, BIT STRING }
    const der = Buffer.from('3011' + '3000' + '300a06082a8648ce3d040302' + '030100', 'hex');
    expect(signatureOid(der)).toBe('1.2.840.10045.4.3.2');
  });
  it('throws on truncated input', () => {
    expect(() => signatureOid(Buffer.from('3012', 'hex'))).toThrow();
  });
});
