/**
 * Pure evaluation of the certificate checks `*.cert.trust`, `*.cert.name`, `*.cert.key` and
 * `*.cert.signature` from the chain `gatherTls` received. Criteria: criteria.ts.
 */
import type { Verdict } from '../../domain/check.js';
import { CERT_KEY, SIGNATURE_OIDS, type Category } from './criteria.js';
import type { CertificateFact, TlsFacts } from './facts.js';
import { judge, unmeasured, type Judged } from './verdict.js';

type CertFacts = Pick<TlsFacts, 'error' | 'address' | 'port' | 'serverName' | 'chain' | 'trust' | 'name'>;

const noChain = (): Verdict => ({ status: 'error', reason: 'the server sent no certificate', facts: {} });

/** The certificates that are judged: all but a self-issued root, unless the leaf itself is self-issued. */
export function judgedChain(chain: readonly CertificateFact[]): CertificateFact[] {
  return chain.filter((c, i) => i === 0 || !c.selfIssued);
}

const label = (c: CertificateFact, i: number): string => `${i === 0 ? 'leaf' : 'issuer'} ${c.subject}`;

/** Trust: the chain must verify against the trusted roots (system plus `--ca-file`) and be within its validity. */
export function evaluateCertTrust(facts: CertFacts): Verdict {
  const early = unmeasured(facts);
  if (early) return early;
  if (facts.chain.length === 0 || facts.trust === undefined) return noChain();
  const leaf = facts.chain[0];
  const detail = { trust: facts.trust, validTo: leaf?.validTo, issuer: leaf?.issuer };
  if (facts.trust.trusted) return { status: 'pass', reason: `the chain of ${leaf?.subject ?? 'the leaf'} verifies to a trusted root`, facts: detail };
  return { status: 'fail', reason: `the certificate chain is not trusted (${facts.trust.code ?? 'verification failed'})`, facts: detail };
}

/** Name: the leaf must match the name the client asked for (`tls.checkServerIdentity`). */
export function evaluateCertName(facts: CertFacts): Verdict {
  const early = unmeasured(facts);
  if (early) return early;
  if (facts.chain.length === 0 || facts.name === undefined) return noChain();
  const names = facts.chain[0]?.subjectAltNames ?? [];
  const detail = { serverName: facts.serverName, subjectAltNames: names };
  if (facts.name.matches) return { status: 'pass', reason: `the certificate is valid for ${facts.serverName}`, facts: detail };
  const shown = names.length > 0 ? names.join(', ') : 'no subjectAltName';
  return { status: 'fail', reason: `the certificate does not match ${facts.serverName} (it names ${shown})`, facts: detail };
}

/** Category of one certificate's public key. */
export function keyCategory(c: CertificateFact): { text: string; category: Category } {
  if (c.keyType === 'rsa' || c.keyType === 'rsa-pss') {
    const bits = c.keyBits ?? 0;
    const category = bits >= CERT_KEY.rsaGoodBits ? 'good' : bits >= CERT_KEY.rsaPhaseOutBits ? 'phase-out' : 'insufficient';
    return { text: `RSA ${bits} bits`, category };
  }
  if (c.keyType === 'ec') {
    const curve = c.curve ?? 'unknown curve';
    const category = CERT_KEY.goodCurves.includes(curve) ? 'good' : CERT_KEY.phaseOutCurves.includes(curve) ? 'phase-out' : 'insufficient';
    return { text: `ECDSA ${curve}`, category };
  }
  return { text: c.keyType, category: CERT_KEY.phaseOutTypes.includes(c.keyType) ? 'phase-out' : 'insufficient' };
}

/** Key: every judged certificate's public key against the NCSC table. */
export function evaluateCertKey(facts: CertFacts): Verdict {
  const early = unmeasured(facts);
  if (early) return early;
  if (facts.chain.length === 0) return noChain();
  const judged: Judged[] = judgedChain(facts.chain).map((c, i) => {
    const k = keyCategory(c);
    return { label: `${label(c, i)}: ${k.text}`, category: k.category };
  });
  const detail = { keys: judged };
  return judge(judged, 'the chain has', `the chain's keys are adequate (${judged.map((j) => j.label).join('; ')})`, detail);
}

/** Signature: every judged certificate's signature hash; an unreadable hash (RSASSA-PSS) is `error`, not `pass`. */
export function evaluateCertSignature(facts: CertFacts): Verdict {
  const early = unmeasured(facts);
  if (early) return early;
  if (facts.chain.length === 0) return noChain();
  const seen = judgedChain(facts.chain).map((c, i) => {
    const known = SIGNATURE_OIDS[c.signatureOid];
    return { label: `${label(c, i)}: ${known?.name ?? c.signatureOid}`, category: known?.category ?? 'unknown' };
  });
  const detail = { signatures: seen };
  const judged = seen.filter((s): s is Judged => s.category !== 'unknown');
  const unknown = seen.filter((s) => s.category === 'unknown');
  const verdict = judge(judged, 'the chain is signed with', `the chain is signed with ${judged.map((j) => j.label).join('; ')}`, detail);
  if (unknown.length > 0 && verdict.status === 'pass') {
    return { status: 'error', reason: `signature hash not determined for ${unknown.map((u) => u.label).join('; ')}`, facts: detail };
  }
  return verdict;
}
