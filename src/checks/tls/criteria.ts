/**
 * The NCSC TLS guidelines (2025 edition) as internet.nl applies them, as data. Source: the table
 * "TLS per the NCSC guidelines (2025 edition), as internet.nl applies them" in /work/shared/FACTS.md.
 * Where FACTS.md is silent, the entry says so and takes the stricter reading.
 *
 * Categories map to statuses through `STATUS_OF`: good and sufficient pass, phase-out is a `warning`,
 * insufficient a `fail` (src/domain/check.ts; issue 3: "Phase-out settings are warning, insufficient fail").
 */
import type { CheckStatus } from '../../domain/check.js';
import type { TlsVersionName } from './facts.js';

export const CATEGORIES = ['good', 'sufficient', 'phase-out', 'insufficient'] as const;
export type Category = (typeof CATEGORIES)[number];

export const STATUS_OF: Record<Category, CheckStatus> = { good: 'pass', sufficient: 'pass', 'phase-out': 'warning', insufficient: 'fail' };

/** Human words for a category in a reason line. */
export const WORDS: Record<Category, string> = { good: 'good', sufficient: 'sufficient', 'phase-out': 'phase out', insufficient: 'insufficient' };

/** A rule: the first whose pattern matches a name decides its category. */
export interface Rule {
  pattern: RegExp;
  category: Category;
  why: string;
}

/** Classifies a name by the first matching rule; unmatched names get `fallback`. */
export function classify(rules: readonly Rule[], name: string, fallback: Rule): Rule {
  return rules.find((r) => r.pattern.test(name)) ?? fallback;
}

/**
 * Protocol versions. FACTS.md: TLS 1.3 good, TLS 1.2 sufficient, no phase-out row, and
 * "TLS 1.1, TLS 1.0, SSL 3.0, SSL 2.0" insufficient (the 2025 edition moved 1.0 and 1.1 from phase-out).
 */
export const VERSION_CATEGORY: Record<TlsVersionName, Category> = {
  'TLS 1.3': 'good',
  'TLS 1.2': 'sufficient',
  'TLS 1.1': 'insufficient',
  'TLS 1.0': 'insufficient',
  'SSL 3.0': 'insufficient',
  'SSL 2.0': 'insufficient',
};

/**
 * Cipher suites by IANA name (as Node's `getCipher().standardName` gives them). FACTS.md rows
 * "TLS 1.3 cipher suites" and "TLS 1.2 cipher suites"; insufficient rules come first so that a suite that
 * is both DHE (phase out) and CBC-SHA1 (insufficient) is insufficient.
 */
export const CIPHER_RULES: readonly Rule[] = [
  { pattern: /^TLS_AES_128_CCM_8_SHA256$/, category: 'insufficient', why: 'AES-128-CCM-8' },
  { pattern: /^TLS_(AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256)$/, category: 'good', why: 'TLS 1.3 AES-256-GCM or CHACHA20-POLY1305' },
  { pattern: /^TLS_AES_128_(GCM|CCM)_SHA256$/, category: 'sufficient', why: 'TLS 1.3 AES-128-GCM or AES-128-CCM' },
  { pattern: /_NULL_|_NULL$|EXPORT/, category: 'insufficient', why: 'NULL or EXPORT' },
  { pattern: /RC4/, category: 'insufficient', why: 'RC4' },
  { pattern: /3DES|_DES_|DES40/, category: 'insufficient', why: '3DES or DES' },
  { pattern: /_anon_/, category: 'insufficient', why: 'anonymous key exchange' },
  { pattern: /^TLS_RSA_/, category: 'insufficient', why: 'RSA key exchange' },
  { pattern: /^TLS_(DH|ECDH)_(RSA|DSS|ECDSA)_/, category: 'insufficient', why: 'static (EC)DH' },
  // FACTS.md is silent on PSK and SRP suites; a scanner never offers them to a web or mail server: insufficient.
  { pattern: /PSK|SRP/, category: 'insufficient', why: 'PSK or SRP (not in FACTS.md)' },
  { pattern: /_CBC_SHA$/, category: 'insufficient', why: 'CBC with SHA-1 MAC' },
  { pattern: /^TLS_DHE_/, category: 'phase-out', why: 'DHE' },
  { pattern: /CAMELLIA|ARIA/, category: 'phase-out', why: 'CAMELLIA or ARIA' },
  { pattern: /^TLS_ECDHE_\w+_CBC_SHA(256|384)$/, category: 'phase-out', why: 'ECDHE with CBC and SHA-2' },
  { pattern: /^TLS_ECDHE_\w+_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)$/, category: 'sufficient', why: 'ECDHE with AEAD' },
];

/** FACTS.md is silent on any other suite (e.g. ECDHE with AES-CCM on TLS 1.2): the stricter reading. */
export const CIPHER_FALLBACK: Rule = { pattern: /.*/, category: 'phase-out', why: 'not listed in FACTS.md' };

/**
 * The TLS 1.2 probes: OpenSSL cipher strings that offer only the suites of one bad category, plus the
 * TLS 1.3 probe for the one insufficient 1.3 suite. the prober adds `@SECLEVEL=0` so that this client offers them at all.
 */
export const CIPHER_PROBES = [
  { category: 'insufficient', tls13: false, ciphers: 'kRSA:SHA1:3DES:RC4:eNULL:EXP:aNULL:PSK:SRP' },
  { category: 'phase-out', tls13: false, ciphers: 'kEDH:CAMELLIA:ARIA:ECDHE+SHA256:ECDHE+SHA384' },
  { category: 'insufficient', tls13: true, ciphers: 'TLS_AES_128_CCM_8_SHA256' },
] as const;

/** At most this many handshakes per probe: a server accepting more bad suites than that fails anyway. */
export const CIPHER_PROBE_CAP = 6;

/**
 * Key-exchange groups by OpenSSL name (`getEphemeralKeyInfo().name`). FACTS.md row "key exchange".
 * Ephemeral finite-field DH is judged by size (`DH_MIN_BITS`).
 */
export const GROUP_RULES: readonly Rule[] = [
  { pattern: /^(X25519MLKEM768|SecP256r1MLKEM768|SecP384r1MLKEM1024)$/i, category: 'good', why: 'hybrid post-quantum' },
  { pattern: /^(X25519|X448|prime256v1|P-256|secp384r1|P-384|secp521r1|P-521|brainpoolP(256|384|512)r1(tls13)?)$/i, category: 'sufficient', why: 'ECDHE' },
  { pattern: /^(secp224r1|P-224)$/i, category: 'phase-out', why: 'ECDHE on secp224r1' },
];
/** Any other curve is not in FACTS.md: insufficient. */
export const GROUP_FALLBACK: Rule = { pattern: /.*/, category: 'insufficient', why: 'a group not listed in FACTS.md' };

/**
 * Finite-field DHE: FACTS.md puts ffdhe3072–ffdhe8192 in phase out and ffdhe2048 and custom groups in
 * insufficient. A client sees only the size, not whether the prime is an RFC 7919 group, so a size of
 * 3072 bits or more is read as phase out and anything smaller as insufficient.
 */
export const DH_MIN_BITS = 3072;

/**
 * Certificate public keys. FACTS.md: ECDSA P-256/P-384 and RSA ≥ 3072 good, RSA 2048–3071 phase out,
 * smaller insufficient. FACTS.md is silent on P-521, Ed25519 and Ed448: read as phase out; DSA and any
 * other key type as insufficient.
 */
export const CERT_KEY = {
  rsaGoodBits: 3072,
  rsaPhaseOutBits: 2048,
  goodCurves: ['prime256v1', 'secp384r1'] as readonly string[],
  phaseOutCurves: ['secp521r1'] as readonly string[],
  phaseOutTypes: ['ed25519', 'ed448'] as readonly string[],
};

/**
 * Signature algorithms by OID. FACTS.md row "signature hash": SHA-256 or better good, SHA-224 phase out,
 * SHA-1 and MD5 insufficient. FACTS.md is silent on Ed25519/Ed448 (their hashes are SHA-512 and SHAKE256):
 * good. RSASSA-PSS carries its hash in parameters this table does not read: unknown, so it is not judged.
 */
export const SIGNATURE_OIDS: Record<string, { name: string; category: Category | 'unknown' }> = {
  '1.2.840.113549.1.1.2': { name: 'md2WithRSAEncryption', category: 'insufficient' },
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', category: 'insufficient' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', category: 'insufficient' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', category: 'phase-out' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', category: 'good' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', category: 'good' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', category: 'good' },
  '1.2.840.113549.1.1.10': { name: 'RSASSA-PSS', category: 'unknown' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', category: 'insufficient' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', category: 'phase-out' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', category: 'good' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', category: 'good' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', category: 'good' },
  '1.2.840.10040.4.3': { name: 'dsa-with-SHA1', category: 'insufficient' },
  '1.3.101.112': { name: 'Ed25519', category: 'good' },
  '1.3.101.113': { name: 'Ed448', category: 'good' },
};

/** Orders categories from best to worst, so that the worst one decides. */
export const RANK: Record<Category, number> = { good: 0, sufficient: 1, 'phase-out': 2, insufficient: 3 };

/** The worst of some categories (`good` for none). */
export function worst(categories: readonly Category[]): Category {
  return categories.reduce<Category>((a, b) => (RANK[b] > RANK[a] ? b : a), 'good');
}
