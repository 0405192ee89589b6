/** Describes the certificates a server sent, from node:tls' detailed peer certificate, as plain facts. */
import { X509Certificate } from 'node:crypto';
import type { DetailedPeerCertificate } from 'node:tls';
import { SIGNATURE_OIDS } from './criteria.js';
import type { CertificateFact } from './facts.js';

interface Tlv {
  start: number;
  end: number;
}

/** Reads one DER tag-length-value header at `offset`. */
function tlv(der: Buffer, offset: number): Tlv {
  const first = der[offset + 1] ?? 0;
  let length = first;
  let start = offset + 2;
  if (first & 0x80) {
    const n = first & 0x7f;
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + (der[start + i] ?? 0);
    start += n;
  }
  if (start + length > der.length) throw new Error('truncated DER');
  return { start, end: start + length };
}

/** The signatureAlgorithm OID of a DER certificate (Certificate ::= SEQUENCE { tbs, signatureAlgorithm, signature }). */
export function signatureOid(der: Buffer): string {
  const cert = tlv(der, 0);
  const tbs = tlv(der, cert.start);
  const alg = tlv(der, tbs.end);
  const oid = tlv(der, alg.start);
  const bytes = der.subarray(oid.start, oid.end);
  const head = bytes[0] ?? 0;
  const parts = [Math.floor(head / 40), head % 40];
  let value = 0;
  for (const b of bytes.subarray(1)) {
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

const line = (dn: string): string => dn.split('\n').filter(Boolean).join(', ');

/** One certificate as facts. */
export function describeCertificate(der: Buffer): CertificateFact {
  const x = new X509Certificate(der);
  const key = x.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  let oid = 'unreadable';
  try {
    oid = signatureOid(der);
  } catch {
    // left as `unreadable`: the signature evaluator reports it as not determined
  }
  const fact: CertificateFact = {
    subject: line(x.subject),
    issuer: line(x.issuer),
    selfIssued: x.subject === x.issuer,
    keyType: key.asymmetricKeyType ?? 'unknown',
    signatureOid: oid,
    signatureAlgorithm: SIGNATURE_OIDS[oid]?.name ?? oid,
    validFrom: new Date(x.validFrom).toISOString(),
    validTo: new Date(x.validTo).toISOString(),
    subjectAltNames: (x.subjectAltName ?? '').split(', ').filter((n) => n.startsWith('DNS:')).map((n) => n.slice(4)),
  };
  if (details.modulusLength !== undefined) fact.keyBits = details.modulusLength;
  if (details.namedCurve !== undefined) fact.curve = details.namedCurve;
  return fact;
}

/** The chain as node:tls built it, leaf first, stopping where an issuer points to itself. */
export function describeChain(peer: DetailedPeerCertificate): CertificateFact[] {
  const chain: CertificateFact[] = [];
  const seen = new Set<string>();
  // The last issuer points to itself; a missing issuer arrives as an empty object, without `raw`.
  let current = peer as Partial<DetailedPeerCertificate>;
  while (current.raw instanceof Buffer && current.fingerprint256 !== undefined && !seen.has(current.fingerprint256) && chain.length < 10) {
    seen.add(current.fingerprint256);
    chain.push(describeCertificate(current.raw));
    current = current.issuerCertificate ?? {};
  }
  return chain;
}
