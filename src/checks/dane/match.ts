/**
 * Pure TLSA matching (RFC 6698, RFC 7671) against the certificate chain a server presented (DER, leaf
 * first). For SMTP (RFC 7672 section 3.1.3) only DANE-TA(2) and DANE-EE(3) are usable; PKIX-TA(0) and
 * PKIX-EE(1) are recorded but never match.
 */
import { createHash, X509Certificate } from 'node:crypto';
import type { TlsaRecord } from '../dns/lookup.js';

export const TLSA_USAGES: Record<number, string> = { 0: 'PKIX-TA', 1: 'PKIX-EE', 2: 'DANE-TA', 3: 'DANE-EE' };

/** The outcome for one record. */
export interface TlsaMatch {
  record: TlsaRecord;
  /** False for PKIX usages and unknown usage, selector or matching type. */
  usable: boolean;
  /** Index in the chain of the certificate it matched (0 = leaf), or undefined. */
  matchedIndex?: number;
  note?: string;
}

/** The data a selector picks from a certificate: 0 the full certificate, 1 its SubjectPublicKeyInfo. */
export function selectData(der: Buffer, selector: number): Buffer | undefined {
  if (selector === 0) return der;
  if (selector === 1) return new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' });
  return undefined;
}

/** The association data for a matching type: 0 exact, 1 SHA-256, 2 SHA-512. */
export function associate(data: Buffer, matchingType: number): Buffer | undefined {
  if (matchingType === 0) return data;
  if (matchingType === 1) return createHash('sha256').update(data).digest();
  if (matchingType === 2) return createHash('sha512').update(data).digest();
  return undefined;
}

/** Digests already computed per certificate Buffer (a shared MX's chain is judged for many domains). */
const digests = new WeakMap<Buffer, Map<string, string | undefined>>();

/** The TLSA association data (hex) of a certificate for a selector and matching type. */
export function tlsaData(der: Buffer, selector: number, matchingType: number): string | undefined {
  let known = digests.get(der);
  if (known === undefined) {
    known = new Map();
    digests.set(der, known);
  }
  const key = `${selector} ${matchingType}`;
  if (known.has(key)) return known.get(key);
  const data = selectData(der, selector);
  const value = data === undefined ? undefined : associate(data, matchingType)?.toString('hex');
  known.set(key, value);
  return value;
}

/** Whether one certificate matches one record's selector, matching type and data. */
function matches(der: Buffer, record: TlsaRecord): boolean {
  try {
    return tlsaData(der, record.selector, record.matchingType) === record.data.toLowerCase();
  } catch {
    return false; // an unparsable certificate matches nothing
  }
}

/** Whether each certificate up to `index` is issued and signed by the next: the path to a DANE-TA anchor. */
const chained = new WeakMap<readonly Buffer[], Map<number, boolean>>();
function chainsTo(chain: readonly Buffer[], index: number): boolean {
  let known = chained.get(chain);
  if (known === undefined) {
    known = new Map();
    chained.set(chain, known);
  }
  const hit = known.get(index);
  if (hit !== undefined) return hit;
  const value = verifyPath(chain, index);
  known.set(index, value);
  return value;
}

function verifyPath(chain: readonly Buffer[], index: number): boolean {
  try {
    for (let i = 1; i <= index; i++) {
      const child = new X509Certificate(chain[i - 1] ?? Buffer.alloc(0));
      const parent = new X509Certificate(chain[i] ?? Buffer.alloc(0));
      if (!child.checkIssued(parent) || !child.verify(parent.publicKey)) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * Matches each record against the chain: DANE-EE against the leaf only, DANE-TA against any certificate
 * the server sent (a trust anchor must be in the chain for SMTP, RFC 7672 section 3.1.2; RFC 7671 section
 * 5.2.2) provided the chain below it is signed certificate by certificate. `chain` must hold only presented
 * certificates, never one completed from a trust store (`TlsFacts.chainDer` is recorded that way). Name checks and expiry are not part of this match.
 */
export function matchTlsa(records: readonly TlsaRecord[], chain: readonly Buffer[]): TlsaMatch[] {
  return records.map((record) => {
    if (record.usage === 0 || record.usage === 1) return { record, usable: false, note: `${TLSA_USAGES[record.usage] ?? ''} is not usable for SMTP (RFC 7672)` };
    if (record.usage !== 2 && record.usage !== 3) return { record, usable: false, note: `unknown usage ${record.usage}` };
    if (record.selector !== 0 && record.selector !== 1) return { record, usable: false, note: `unknown selector ${record.selector}` };
    if (![0, 1, 2].includes(record.matchingType)) return { record, usable: false, note: `unknown matching type ${record.matchingType}` };
    const candidates = record.usage === 3 ? chain.slice(0, 1) : chain;
    const index = candidates.findIndex((der, i) => matches(der, record) && chainsTo(chain, i));
    return index >= 0 ? { record, usable: true, matchedIndex: index } : { record, usable: true };
  });
}

/** A record as it is written: `3 1 1 ab12…`. */
export const tlsaText = (r: TlsaRecord): string => `${r.usage} ${r.selector} ${r.matchingType} ${r.data.slice(0, 16)}${r.data.length > 16 ? '…' : ''}`;
