/**
 * Pure evaluation of `mail.dane`: every MX publishes TLSA at `_25._tcp.<mx>`, the answer is
 * DNSSEC-authenticated (AD), and on every tested address at least one usable record (DANE-TA or DANE-EE,
 * RFC 7672) matches the chain presented after STARTTLS.
 */
import type { Verdict } from '../../domain/check.js';
import { mxVerdict } from '../smtp/evaluate.js';
import type { DaneFacts } from './gather.js';
import { matchTlsa, tlsaText } from './match.js';

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
  for (const host of facts.hosts) {
    for (const chain of host.chains) {
      const der = (chain.der ?? []).map((b) => Buffer.from(b, 'base64'));
      const hit = matchTlsa(host.tlsa.records, der).find((m) => m.matchedIndex !== undefined);
      if (hit) matched.push(`${host.exchange} (${chain.address}) by ${tlsaText(hit.record)}`);
      else mismatched.push(`${host.exchange} (${chain.address})`);
    }
  }
  const result = { ...detail, matched, mismatched };
  if (mismatched.length > 0) {
    return { status: 'fail', reason: `no TLSA record matches the certificate chain presented by ${mismatched.join(', ')}`, facts: result };
  }
  return { status: 'pass', reason: `DNSSEC-authenticated TLSA records match on every MX: ${matched.join(', ')}`, facts: result };
}
