/**
 * The probes that find what a server accepts with few handshakes: each offers only what is bad and sees
 * whether the server takes it (probe economy, issue 3).
 */
import type { SecureVersion, TLSSocket } from 'node:tls';
import { CIPHER_PROBE_CAP, CIPHER_PROBES } from './criteria.js';
import type { Acceptance, CipherProbeFact, KeyExchangeFact, VersionFact } from './facts.js';
import { handshake, refused, type HandshakeTarget } from './handshake.js';

/** Counts handshakes across the probes of one gathering. */
export interface Counter {
  handshakes: number;
}

const PROTOCOLS: Record<string, VersionFact['version']> = { TLSv1: 'TLS 1.0', 'TLSv1.1': 'TLS 1.1', 'TLSv1.2': 'TLS 1.2', 'TLSv1.3': 'TLS 1.3' };

/** Ephemeral key info as a fact (undefined for RSA key exchange, which has none). */
export function keyExchangeOf(socket: TLSSocket, source: string): KeyExchangeFact | undefined {
  const info = socket.getEphemeralKeyInfo() as { type?: string; name?: string; size?: number } | null;
  if (info === null || info.type === undefined) return undefined;
  const fact: KeyExchangeFact = { type: info.type, source };
  if (info.name !== undefined) fact.name = info.name;
  if (info.size !== undefined) fact.size = info.size;
  return fact;
}

interface Accepted {
  protocol: string;
  name: string;
  standardName: string;
  keyExchange?: KeyExchangeFact;
}

/** One probe handshake: what was negotiated, `false` when the server refused, `'unknown'` when it could not tell. */
export async function probe(target: HandshakeTarget, counter: Counter, options: Parameters<typeof handshake>[1], source: string): Promise<Accepted | Acceptance> {
  counter.handshakes += 1;
  const outcome = await handshake(target, options, (socket) => {
    const cipher = socket.getCipher();
    const accepted: Accepted = { protocol: socket.getProtocol() ?? '', name: cipher.name, standardName: cipher.standardName };
    const kx = keyExchangeOf(socket, source);
    if (kx) accepted.keyExchange = kx;
    return accepted;
  });
  if (outcome.ok) return outcome.value;
  return refused(outcome.error) ? false : 'unknown';
}

const WEAK = { ciphers: 'DEFAULT@SECLEVEL=0' };

/** OpenSSL names of the ECDSA certificate curves a TLS 1.2 client must list for the server to use such a certificate. */
const CERT_CURVES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

/**
 * Whether the server does ECDHE over secp224r1 (phase out). A TLS 1.2 client offering only P-224 cannot
 * accept an ECDSA certificate on another curve (supported_groups limits those too), so for such a server the
 * one handshake offers P-224 first and the certificate's curve after it, and counts only when the server
 * picks P-224. A server that prefers its own order and lists P-224 last is not seen that way: no client can.
 */
export async function probeP224(target: HandshakeTarget, counter: Counter, leafCurve: string | undefined): Promise<Accepted | Acceptance> {
  const options = { maxVersion: 'TLSv1.2', ciphers: 'ECDHE:@SECLEVEL=0' } as const;
  const certCurve = leafCurve === undefined ? undefined : CERT_CURVES[leafCurve];
  if (certCurve === undefined) return probe(target, counter, { ...options, ecdhCurve: 'P-224' }, 'group-probe');
  const paired = await probe(target, counter, { ...options, ecdhCurve: `P-224:${certCurve}` }, 'group-probe');
  if (typeof paired !== 'object') return paired;
  return paired.keyExchange?.name !== undefined && /^(secp224r1|P-224)$/i.test(paired.keyExchange.name) ? paired : false;
}
const only = (v: SecureVersion): { minVersion: SecureVersion; maxVersion: SecureVersion } => ({ minVersion: v, maxVersion: v });

/** TLS 1.0 and 1.1 in one handshake offering both; a second, TLS 1.0 only, only when the server chose 1.1. */
export async function probeOldVersions(target: HandshakeTarget, counter: Counter): Promise<VersionFact[]> {
  const both = await probe(target, counter, { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ...WEAK }, 'version-probe');
  if (typeof both !== 'object') return [{ version: 'TLS 1.1', accepted: both }, { version: 'TLS 1.0', accepted: both }];
  if (PROTOCOLS[both.protocol] === 'TLS 1.0') return [{ version: 'TLS 1.1', accepted: false }, { version: 'TLS 1.0', accepted: true }];
  const tls10 = await probe(target, counter, { ...only('TLSv1'), ...WEAK }, 'version-probe');
  return [{ version: 'TLS 1.1', accepted: true }, { version: 'TLS 1.0', accepted: typeof tls10 === 'object' ? true : tls10 }];
}

/** Result of the cipher probes, with the key exchanges their handshakes showed. */
export interface CipherProbeResult {
  probes: CipherProbeFact[];
  keyExchange: KeyExchangeFact[];
  /** True when some probe could not tell (timeout, connection refused mid-probing). */
  incomplete: boolean;
}

/** Per bad category of TLS 1.3 or of TLS 1.0–1.2: offer its suites, note the one chosen, offer the rest again, until refused or capped. */
export async function probeCiphers(target: HandshakeTarget, counter: Counter, tls13: boolean): Promise<CipherProbeResult> {
  const result: CipherProbeResult = { probes: [], keyExchange: [], incomplete: false };
  // The probes run at once; each reports into its own slot, so the facts come out in the probes' order
  // whatever order the handshakes finish in (equal facts for an unchanged server).
  const slots: { fact: CipherProbeFact; keyExchange: KeyExchangeFact[] }[] = [];
  await Promise.all(
    CIPHER_PROBES.filter((p) => p.tls13 === tls13).map(async (p, index) => {
      const keyExchange: KeyExchangeFact[] = [];
      const fact: CipherProbeFact = { category: `${p.category}${p.tls13 ? ' (TLS 1.3)' : ''}`, accepted: [], handshakes: 0, capped: false };
      const excluded: string[] = [];
      const versions = p.tls13 ? only('TLSv1.3') : { minVersion: 'TLSv1' as const, maxVersion: 'TLSv1.2' as const };
      for (;;) {
        if (fact.handshakes >= CIPHER_PROBE_CAP) {
          fact.capped = true;
          break;
        }
        fact.handshakes += 1;
        const ciphers = [p.ciphers, ...excluded.map((n) => `!${n}`), ...(p.tls13 ? [] : ['@SECLEVEL=0'])].join(':');
        const got = await probe(target, counter, { ...versions, ciphers }, 'cipher-probe');
        if (got === 'unknown') {
          result.incomplete = true;
          fact.unmeasured = true;
        }
        if (typeof got !== 'object') break;
        fact.accepted.push(got.standardName);
        if (got.keyExchange) keyExchange.push(got.keyExchange);
        if (p.tls13) break;
        excluded.push(got.name);
      }
      slots[index] = { fact, keyExchange };
    }),
  );
  for (const slot of slots) {
    result.probes.push(slot.fact);
    result.keyExchange.push(...slot.keyExchange);
  }
  return result;
}
