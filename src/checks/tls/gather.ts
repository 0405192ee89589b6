/**
 * Gathers the TLS facts of one server (IP address + port + SNI name; the caller resolves, never DNS here):
 * one default handshake for what a modern client gets and for the certificate chain, then probes that offer
 * only bad versions, suites and groups (probes.ts). Handshakes per server: see `TlsFacts.handshakes`.
 */
import { checkServerIdentity, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import type { AddressPolicy } from '../../domain/check.js';
import { describeChain } from './certificate.js';
import type { Acceptance, KeyExchangeFact, TlsFacts } from './facts.js';
import { handshake, refused, type HandshakeTarget, type StartTls } from './handshake.js';
import { trustBundle } from './secure-context.js';
import { acceptsCompression, acceptsLegacy } from './hello.js';
import { keyExchangeOf, probeCiphers, probeOldVersions, probeP224, type Counter } from './probes.js';

export interface TlsGatherOptions {
  address: string;
  port: number;
  /** Sent as SNI and matched against the certificate. */
  serverName: string;
  policy: AddressPolicy;
  /** Per handshake; default 5 s. */
  timeoutMs?: number;
  /** Extra trusted roots (PEM), e.g. from `--ca-file`. */
  extraCaPems?: readonly string[];
  /** The STARTTLS dialogue for mail (and other STARTTLS) servers; each probe runs it on a new connection. */
  starttls?: StartTls;
}

const NO_REPLY = 'no clear answer to a crafted hello';
const NO_COMPRESSION = 'no ServerHello in reply to a crafted TLS 1.2 hello offering DEFLATE';
const ALTNAME = 'ERR_TLS_CERT_ALTNAME_INVALID';

/**
 * The DER chain the server presented, leaf first, base64, at most 10 certificates: the chain node:tls built
 * (`getPeerCertificate(true)`) cut where it leaves the certificates the server sent. Node completes that chain
 * from the trust store (its last issuer, e.g. a root the server never sent), and DANE-TA must match only a
 * presented certificate (RFC 7671 section 5.2.2, RFC 7672 section 3.1.2). `sent` are the SHA-256 fingerprints of
 * the certificates the server sent, or undefined when they could not be read (then the whole chain is kept).
 */
export function sentChain(peer: DetailedPeerCertificate, sent: ReadonlySet<string> | undefined): string[] {
  const out: string[] = [];
  let current = peer as Partial<DetailedPeerCertificate>;
  while (current.raw instanceof Buffer && out.length < 10) {
    if (sent !== undefined && (current.fingerprint256 === undefined || !sent.has(current.fingerprint256))) break;
    const der = current.raw.toString('base64');
    if (out.includes(der)) break;
    out.push(der);
    current = current.issuerCertificate ?? {};
  }
  return out;
}

/**
 * The fingerprints of the certificates the server sent: `getPeerX509Certificate()` links them by
 * `issuerCertificate` in the order sent, without the store. On Node 20 that call empties the socket's peer
 * chain (later calls and `getPeerCertificate` see nothing), so it must come last and only once.
 */
function sentFingerprints(socket: TLSSocket): Set<string> | undefined {
  try {
    const sent = new Set<string>();
    for (let x = socket.getPeerX509Certificate(); x !== undefined && sent.size < 20; x = x.issuerCertificate) sent.add(x.fingerprint256);
    return sent.size > 0 ? sent : undefined;
  } catch {
    return undefined;
  }
}

/** Reads what the default handshake shows: version, suite, key exchange, chain (described and DER), trust and name. */
function readDefault(socket: TLSSocket, serverName: string): Pick<TlsFacts, 'negotiated' | 'chain' | 'chainDer' | 'trust' | 'name'> {
  const cipher = socket.getCipher();
  const kx = keyExchangeOf(socket, 'default');
  const negotiated: NonNullable<TlsFacts['negotiated']> = { version: socket.getProtocol() ?? 'unknown', cipher: cipher.standardName };
  if (kx) negotiated.keyExchange = kx;
  const peer = socket.getPeerCertificate(true);
  const hasCert = (peer as Partial<DetailedPeerCertificate>).raw instanceof Buffer;
  const chain = hasCert ? describeChain(peer) : [];
  // After getPeerCertificate: see sentFingerprints.
  const chainDer = hasCert ? sentChain(peer, sentFingerprints(socket)) : [];
  const authError = socket.authorizationError as (Error & { code?: string }) | string | null | undefined;
  const code = typeof authError === 'string' ? authError : (authError?.code ?? authError?.message);
  const trust = code === undefined || code === ALTNAME ? { trusted: true } : { trusted: false, code };
  const identity = hasCert ? checkServerIdentity(serverName, peer) : new Error('no certificate');
  const name = identity === undefined ? { matches: true } : { matches: false, message: identity.message };
  return { negotiated, chain, chainDer, trust, name };
}

function empty(options: TlsGatherOptions): TlsFacts {
  return {
    address: options.address,
    port: options.port,
    serverName: options.serverName,
    versions: [],
    ciphers: [],
    keyExchange: [],
    compression: { offered: 'unknown', note: NO_COMPRESSION },
    renegotiation: { secure: 'unknown', clientInitiated: 'unknown' },
    chain: [],
    handshakes: 0,
  };
}

/**
 * TLS 1.2 offering every suite this client knows (so that "refused" means the server does not speak 1.2),
 * then one client-initiated renegotiation on the same connection, with its own deadline (half the timeout,
 * from secureConnect): a server that silently ignores it has still accepted TLS 1.2 (renegotiated `unknown`).
 * Exported for tests.
 */
export async function probeTls12(target: HandshakeTarget, counter: Counter): Promise<{ accepted: Acceptance; renegotiated: Acceptance }> {
  counter.handshakes += 1;
  const options = { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: 'ALL:COMPLEMENTOFALL:@SECLEVEL=0' } as const;
  const outcome = await handshake(target, options, (socket) =>
    new Promise<Acceptance>((resolve) => {
      // Evidence of a completed renegotiation: a new Finished message. A close or an error means refused.
      const before = socket.getFinished()?.toString('hex');
      const settle = (answer: Acceptance): void => {
        clearTimeout(timer);
        resolve(answer);
      };
      const timer = setTimeout(() => { settle('unknown'); }, Math.max(1, Math.floor(target.timeoutMs / 2)));
      socket.on('error', () => { settle(false); });
      socket.on('close', () => { settle(false); });
      socket.resume();
      const started = socket.renegotiate({ rejectUnauthorized: false }, (err: Error | null | undefined) => {
        if (err) settle(false);
        else if (socket.getFinished()?.toString('hex') !== before) settle(true);
      });
      if (!started) settle(false);
    }),
  );
  if (outcome.ok) return { accepted: true, renegotiated: outcome.value };
  return { accepted: refused(outcome.error) ? false : 'unknown', renegotiated: 'unknown' };
}

/** Gathers all TLS facts of one server; never throws for network trouble (it lands in `error`). */
export async function gatherTls(options: TlsGatherOptions): Promise<TlsFacts> {
  const facts = empty(options);
  const decision = options.policy(options.address);
  if (!decision.allowed) return { ...facts, error: { kind: 'blocked', message: decision.reason } };
  const target: HandshakeTarget = { address: options.address, port: options.port, serverName: options.serverName, timeoutMs: options.timeoutMs ?? 5000 };
  if (options.starttls) target.starttls = options.starttls;
  const counter: Counter = { handshakes: 1 };
  // Always an explicit root list (never Node's default store, which the environment can extend), and the
  // same array for every server: the shared context is found by its identity.
  const ca = { ca: trustBundle(options.extraCaPems) as string[] };
  let main = await handshake(target, ca, (socket) => readDefault(socket, options.serverName));
  if (!main.ok && refused(main.error)) {
    // A server that speaks only TLS 1.0/1.1 or only weak suites: measure it as such rather than give up.
    counter.handshakes += 1;
    main = await handshake(target, { ...ca, minVersion: 'TLSv1', ciphers: 'ALL:COMPLEMENTOFALL:@SECLEVEL=0' }, (socket) => readDefault(socket, options.serverName));
  }
  if (!main.ok) return { ...facts, error: main.error, handshakes: counter.handshakes };
  Object.assign(facts, main.value);
  const negotiated = main.value.negotiated?.version;
  const hello = (p: Promise<Acceptance>): Promise<Acceptance> => {
    counter.handshakes += 1;
    return p;
  };
  // Stage 1: which versions below 1.3 exist at all, the bad TLS 1.3 suite, and the crafted SSL hellos.
  const [old, tls12, ciphers13, ssl3, ssl2] = await Promise.all([
    probeOldVersions(target, counter),
    probeTls12(target, counter),
    probeCiphers(target, counter, true),
    hello(acceptsLegacy(target, 0x0300)),
    hello(acceptsLegacy(target, 0x0200)),
  ]);
  const tls12Accepted: Acceptance = negotiated === 'TLSv1.2' ? true : tls12.accepted;
  facts.versions = [
    { version: 'TLS 1.3', accepted: negotiated === 'TLSv1.3' },
    { version: 'TLS 1.2', accepted: tls12Accepted },
    ...old,
    ssl3 === 'unknown' ? { version: 'SSL 3.0', accepted: ssl3, note: NO_REPLY } : { version: 'SSL 3.0', accepted: ssl3 },
    ssl2 === 'unknown' ? { version: 'SSL 2.0', accepted: ssl2, note: NO_REPLY } : { version: 'SSL 2.0', accepted: ssl2 },
  ];
  const onlyTls13 = tls12Accepted === false && old.every((v) => v.accepted === false);
  // Stage 2, only for servers that speak TLS 1.2 or lower: the TLS 1.0–1.2 suites, secp224r1, compression.
  const [ciphers12, p224, compression] = onlyTls13
    ? [{ probes: [], keyExchange: [], incomplete: false }, false, 'unknown' as const]
    : await Promise.all([
        probeCiphers(target, counter, false),
        probeP224(target, counter, facts.chain[0]?.curve),
        hello(acceptsCompression(target)),
      ]);
  facts.ciphers = [...ciphers13.probes, ...ciphers12.probes];
  const seen = [...(main.value.negotiated?.keyExchange ? [main.value.negotiated.keyExchange] : []), ...ciphers13.keyExchange, ...ciphers12.keyExchange];
  if (typeof p224 === 'object' && p224.keyExchange) seen.push(p224.keyExchange);
  const key = (k: KeyExchangeFact): string => `${k.type} ${k.name ?? ''} ${k.size ?? ''}`;
  facts.keyExchange = seen.filter((k, i) => seen.findIndex((o) => key(o) === key(k)) === i);
  if (compression !== 'unknown') facts.compression = { offered: compression, note: 'answer to a crafted TLS 1.2 hello offering DEFLATE' };
  if (onlyTls13) {
    facts.compression = { offered: false, note: 'the server refuses TLS 1.0 to 1.2, and TLS 1.3 has no compression' };
    facts.renegotiation = { secure: true, clientInitiated: false, note: 'the server refuses TLS 1.0 to 1.2, and TLS 1.3 has no renegotiation' };
  } else if (tls12.accepted === true) {
    // OpenSSL 3 refuses servers without RFC 5746 (no SSL_OP_LEGACY_SERVER_CONNECT), so a TLS 1.2 handshake proves it.
    const renegotiated = tls12.renegotiated;
    facts.renegotiation = { secure: true, clientInitiated: renegotiated, ...(renegotiated === 'unknown' ? { note: 'no TLS 1.2 renegotiation attempt completed' } : {}) };
  }
  facts.handshakes = counter.handshakes;
  return facts;
}
