/**
 * Pure evaluation of `mail.dane`: every MX publishes TLSA at `_25._tcp.<mx>`, the answer is
 * DNSSEC-authenticated (AD), and on every tested address at least one usable record (DANE-TA or DANE-EE,
 * RFC 7672) matches the chain presented after STARTTLS (recorded by the STARTTLS gather). The verdict's
 * facts show TLSA records and certificate digests, never the certificates.
 */
import type { Verdict } from '../../domain/check.js';
import { mxVerdict } from '../smtp/evaluate.js';
import type { DaneFacts } from './gather.js';
import { matchTlsa, tlsaData, tlsaText } from './match.js';

/**
 * The chain as Buffers, one decoding per recorded chain: a shared MX's facts are the same object for every
 * domain of a run, so its certificates are decoded (and their digests computed, see match.ts) once.
 */
const decoded = new WeakMap<readonly string[], Buffer[]>();
function decodedChain(base64: readonly string[]): Buffer[] {
  let der = decoded.get(base64);
  if (der === undefined) {
    der = base64.map((b) => Buffer.from(b, 'base64'));
    decoded.set(base64, der);
  }
  return der;
}

/** The DANE-EE association data (SHA-256 of the SPKI, and of the whole certificate) of a leaf, hex. */
function leafDigests(leaf: Buffer | undefined): { leaf311: string | null; leaf301: string | null } {
  if (leaf === undefined) return { leaf311: null, leaf301: null };
  let leaf311: string | null = null;
  try {
    leaf311 = tlsaData(leaf, 1, 1) ?? null;
  } catch {
    // an unparsable certificate has no SPKI digest; it matches nothing either
  }
  return { leaf311, leaf301: tlsaData(leaf, 0, 1) ?? null };
}

/** `mail.dane`. */
export function evaluateDane(facts: DaneFacts): Verdict {
  const early = mxVerdict(facts);
  if (early) return early;
  const detail = { tlsa: facts.hosts.map((h) => ({ exchange: h.exchange, name: h.tlsa.name, outcome: h.tlsa.outcome, ad: h.tlsa.ad, records: h.tlsa.records.map(tlsaText) })) };
  const broken = facts.hosts.filter((h) => h.tlsa.outcome === 'error' || h.tlsa.outcome === 'failure');
  if (broken.length > 0) {
    return { status: 'error', reason: `could not read TLSA at ${broken.map((h) => `${h.tlsa.name} (${h.tlsa.detail ?? h.tlsa.rcode})`).join(', ')}`, facts: detail };
  }
  const missing = facts.hosts.filter((h) => h.tlsa.records.length === 0);
  if (missing.length > 0) return { status: 'fail', reason: `no TLSA records at ${missing.map((h) => h.tlsa.name).join(', ')}`, facts: detail };
  const unsigned = facts.hosts.filter((h) => !h.tlsa.ad);
  if (unsigned.length > 0) {
    return { status: 'fail', reason: `the TLSA records at ${unsigned.map((h) => h.tlsa.name).join(', ')} are not DNSSEC-authenticated (no AD flag), so they cannot be trusted`, facts: detail };
  }
  const noUsable = facts.hosts.filter((h) => matchTlsa(h.tlsa.records, []).every((m) => !m.usable));
  if (noUsable.length > 0) {
    return { status: 'fail', reason: `no usable TLSA record (DANE-TA or DANE-EE; PKIX usages 0 and 1 are not usable for SMTP) at ${noUsable.map((h) => h.tlsa.name).join(', ')}`, facts: detail };
  }
  const plain = facts.hosts.flatMap((h) => h.chains.filter((c) => c.noStarttls === true).map((c) => `${h.exchange} (${c.address})`));
  if (plain.length > 0) return { status: 'fail', reason: `TLSA is published but STARTTLS is not offered by ${plain.join(', ')}`, facts: detail };
  const unmeasured = facts.hosts.flatMap((h) => h.chains.filter((c) => c.der === undefined).map((c) => `${h.exchange} (${c.address || 'no address'}: ${c.error ?? 'no chain'})`));
  const noChains = facts.hosts.filter((h) => h.chains.length === 0).map((h) => `${h.exchange} (no address tested)`);
  if (unmeasured.length + noChains.length > 0) {
    return { status: 'error', reason: `could not read the certificate after STARTTLS from ${[...unmeasured, ...noChains].join(', ')}`, facts: detail };
  }
  const mismatched: string[] = [];
  const matched: string[] = [];
  const presented: { server: string; leaf311: string | null; leaf301: string | null }[] = [];
  for (const host of facts.hosts) {
    for (const chain of host.chains) {
      const der = decodedChain(chain.der ?? []);
      const where = `${host.exchange} (${chain.address})`;
      presented.push({ server: where, ...leafDigests(der[0]) });
      const hit = matchTlsa(host.tlsa.records, der).find((m) => m.matchedIndex !== undefined);
      if (hit) matched.push(`${where} by ${tlsaText(hit.record)}`);
      else mismatched.push(where);
    }
  }
  // Digests only, never the certificates: the 3 1 1 and 3 0 1 data of each presented leaf.
  const result = { ...detail, matched, mismatched, presented };
  if (mismatched.length > 0) {
    return { status: 'fail', reason: `no TLSA record matches the certificate chain presented by ${mismatched.join(', ')}`, facts: result };
  }
  return { status: 'pass', reason: `DNSSEC-authenticated TLSA records match on every MX: ${matched.join(', ')}`, facts: result };
}
