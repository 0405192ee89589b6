/**
 * Pure evaluation of the connection checks `*.tls.version`, `*.tls.ciphers`, `*.tls.key-exchange`,
 * `*.tls.compression` and `*.tls.renegotiation` from the facts `gatherTls` measured. Criteria: criteria.ts.
 */
import type { Verdict } from '../../domain/check.js';
import { CIPHER_FALLBACK, CIPHER_RULES, classify, DH_MIN_BITS, GROUP_FALLBACK, GROUP_RULES, VERSION_CATEGORY, type Category } from './criteria.js';
import type { KeyExchangeFact, TlsFacts } from './facts.js';
import { judge, list, unmeasured, type Judged } from './verdict.js';

/** Protocol versions: each version the server accepted is judged by the NCSC table. */
export function evaluateTlsVersion(facts: TlsFacts): Verdict {
  const early = unmeasured(facts);
  if (early) return early;
  const accepted = facts.versions.filter((v) => v.accepted === true).map((v) => v.version);
  const refused = facts.versions.filter((v) => v.accepted === false).map((v) => v.version);
  const unknown = facts.versions.filter((v) => v.accepted === 'unknown');
  const detail = { negotiated: facts.negotiated?.version, versions: facts.versions };
  if (accepted.length === 0) return { status: 'error', reason: 'no protocol version was measured as accepted', facts: detail };
  const judged = accepted.map((v) => ({ label: v, category: VERSION_CATEGORY[v] }));
  const untested = unknown.length > 0 ? `; not tested: ${list(unknown.map((u) => `${u.version} (${u.note ?? 'unknown'})`))}` : '';
  const pass = `accepts ${list(accepted)}${refused.length > 0 ? `, refuses ${list(refused)}` : ''}${untested}`;
  const verdict = judge(judged, 'accepts', pass, detail);
  // A TLS version whose probe got no clear answer blocks a pass; SSL 2.0/3.0 servers answer a hello at once.
  const open = unknown.filter((u) => u.version.startsWith('TLS'));
  if (verdict.status === 'pass' && open.length > 0) {
    return { status: 'error', reason: `could not determine whether the server accepts ${list(open.map((u) => u.version))}`, facts: detail };
  }
  return verdict;
}

const cipherCategory = (name: string): Category => classify(CIPHER_RULES, name, CIPHER_FALLBACK).category;

/** Cipher suites: the negotiated suite plus every suite the bad-category probes got the server to choose. */
export function evaluateCiphers(facts: TlsFacts): Verdict {
  const early = unmeasured(facts);
  if (early) return early;
  const detail = { negotiated: facts.negotiated?.cipher, probes: facts.ciphers };
  const names = new Set<string>(facts.ciphers.flatMap((p) => p.accepted));
  if (facts.negotiated) names.add(facts.negotiated.cipher);
  if (facts.ciphers.length === 0) return { status: 'error', reason: 'the cipher suites were not probed', facts: detail };
  const judged = [...names].map((name) => ({ label: name, category: cipherCategory(name) }));
  const capped = facts.ciphers.some((p) => p.capped) ? ' (probing stopped at its cap; there may be more)' : '';
  const hs = facts.ciphers.reduce((n, p) => n + p.handshakes, 0);
  const pass = `negotiates ${facts.negotiated?.cipher ?? 'no suite'}; refuses every phase-out and insufficient suite offered (${hs} probe handshakes)`;
  const verdict = judge(judged, 'accepts', pass, detail);
  const open = facts.ciphers.filter((p) => p.unmeasured === true).map((p) => p.category);
  if (verdict.status === 'pass' && open.length > 0) {
    return { status: 'error', reason: `the ${list(open)} suite probes got no clear answer`, facts: detail };
  }
  return { ...verdict, reason: verdict.reason + capped };
}

/** Category of one observed key exchange: groups by name, finite-field DH by size. */
export function keyExchangeCategory(kx: KeyExchangeFact): Judged {
  if (kx.type === 'DH') {
    const bits = kx.size ?? 0;
    return { label: `DHE ${bits} bits`, category: bits >= DH_MIN_BITS ? 'phase-out' : 'insufficient' };
  }
  const name = kx.name ?? 'unnamed group';
  return { label: `ECDHE ${name}`, category: classify(GROUP_RULES, name, GROUP_FALLBACK).category };
}

/** Key exchange: the groups and DH sizes seen, plus RSA or static (EC)DH key exchange among accepted suites. */
export function evaluateKeyExchange(facts: TlsFacts): Verdict {
  const early = unmeasured(facts);
  if (early) return early;
  const detail = { keyExchange: facts.keyExchange };
  const judged = facts.keyExchange.map(keyExchangeCategory);
  const suites = facts.ciphers.flatMap((p) => p.accepted);
  for (const s of suites.filter((n) => n.startsWith('TLS_RSA_'))) judged.push({ label: `RSA key exchange (${s})`, category: 'insufficient' });
  for (const s of suites.filter((n) => /^TLS_(DH|ECDH)_(RSA|DSS|ECDSA)_/.test(n))) judged.push({ label: `static (EC)DH (${s})`, category: 'insufficient' });
  if (judged.length === 0) return { status: 'error', reason: 'no key exchange was observed', facts: detail };
  const seen = [...new Set(judged.map((j) => j.label))];
  const unique = seen.map((label) => judged.find((j) => j.label === label)).filter((j): j is Judged => j !== undefined);
  return judge(unique, 'uses', `uses ${list(seen)}`, detail);
}

/** TLS compression (CRIME) must be off; when it could not be tested the status is `error`, never `pass`. */
export function evaluateCompression(facts: TlsFacts): Verdict {
  const early = unmeasured(facts);
  if (early) return early;
  const c = facts.compression;
  if (c.offered === true) return { status: 'fail', reason: 'the server accepts TLS compression', facts: { compression: c } };
  if (c.offered === false) return { status: 'pass', reason: `the server does not use TLS compression${c.note ? ` (${c.note})` : ''}`, facts: { compression: c } };
  return { status: 'error', reason: `TLS compression could not be measured: ${c.note ?? 'no evidence'}`, facts: { compression: c } };
}

/**
 * Renegotiation: secure renegotiation (RFC 5746) must be supported; client-initiated renegotiation should be
 * off or limited. One accepted renegotiation cannot show a limit, so it is a warning, not a failure.
 */
export function evaluateRenegotiation(facts: TlsFacts): Verdict {
  // OpenSSL 3 ends every handshake with a server lacking RFC 5746 this way: that is the evidence.
  if (facts.error?.code === 'ERR_SSL_UNSAFE_LEGACY_RENEGOTIATION_DISABLED') {
    return { status: 'fail', reason: 'the server does not support secure renegotiation (RFC 5746)', facts: { error: facts.error } };
  }
  const early = unmeasured(facts);
  if (early) return early;
  const r = facts.renegotiation;
  const detail = { renegotiation: r };
  const note = r.note ? ` (${r.note})` : '';
  if (r.secure === false) return { status: 'fail', reason: `the server does not support secure renegotiation (RFC 5746)${note}`, facts: detail };
  if (r.secure === 'unknown') return { status: 'error', reason: `renegotiation could not be measured${note}`, facts: detail };
  if (r.clientInitiated === true) {
    return { status: 'warning', reason: 'the server accepts client-initiated renegotiation (whether it limits it was not measured)', facts: detail };
  }
  if (r.clientInitiated === 'unknown') return { status: 'error', reason: `client-initiated renegotiation could not be measured${note}`, facts: detail };
  return { status: 'pass', reason: `secure renegotiation supported, client-initiated renegotiation refused${note}`, facts: detail };
}
