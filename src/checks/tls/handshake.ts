/** One TLS handshake with node:tls to an IP address, bounded by a timeout, with its failure classified. */
import type { Socket } from 'node:net';
import { connect, type SecureContext, type TLSSocket } from 'node:tls';
import type { TlsFacts } from './facts.js';
import { CONTEXT_KEYS, sharedSecureContext, type ContextOptions } from './secure-context.js';

/**
 * Opens a plain TCP connection and runs a STARTTLS dialogue (SMTP, ...) on it, resolving with the socket,
 * paused, ready for the ClientHello. It must reject (or time out) when the server does not offer STARTTLS.
 */
export type StartTls = (address: string, port: number, timeoutMs: number) => Promise<Socket>;

/** Where to connect: an address the caller resolved and the policy allowed, and the SNI name. */
export interface HandshakeTarget {
  address: string;
  port: number;
  serverName: string;
  timeoutMs: number;
  /** For STARTTLS services; without it TLS starts at once (implicit TLS, e.g. HTTPS). */
  starttls?: StartTls;
}

/**
 * The STARTTLS dialogue, bounded by the timeout. Its failures are kind `other`, never a refusal: a
 * server that drops a dialogue has said nothing about the TLS it offers.
 */
export async function openStartTls(target: HandshakeTarget): Promise<{ socket?: Socket; error?: HandshakeError }> {
  if (target.starttls === undefined) return {};
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => { reject(new Error(`no STARTTLS within ${target.timeoutMs} ms`)); }, target.timeoutMs);
  });
  try {
    return { socket: await Promise.race([target.starttls(target.address, target.port, target.timeoutMs), timeout]) };
  } catch (err) {
    return { error: { ...classifyHandshakeError(err), kind: 'other', message: `STARTTLS failed: ${classifyHandshakeError(err).message}` } };
  } finally {
    clearTimeout(timer);
  }
}

export type HandshakeError = NonNullable<TlsFacts['error']>;

export type HandshakeOutcome<T> = { ok: true; value: T } | { ok: false; error: HandshakeError };

const KINDS: Record<string, HandshakeError['kind']> = { ECONNREFUSED: 'refused', ECONNRESET: 'reset', EPIPE: 'reset', ETIMEDOUT: 'timeout' };

/** Maps a socket error to the small vocabulary of `TlsFacts.error`. */
export function classifyHandshakeError(err: unknown): HandshakeError {
  const code = typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : undefined;
  const message = err instanceof Error ? err.message.split('\n')[0] ?? err.message : String(err);
  const kind = code === undefined ? 'other' : (KINDS[code] ?? (/^ERR_SSL_|^ERR_TLS_/.test(code) ? 'handshake' : 'other'));
  return code === undefined ? { kind, message } : { kind, message, code };
}

/** True when a failed probe means the server refused what was offered (rather than "could not tell"). */
export const refused = (error: HandshakeError): boolean => error.kind === 'handshake' || error.kind === 'reset';

/**
 * What a handshake may set: context options only. node:tls silently ignores context options such as
 * `secureProtocol`, `cert`, `crl` or `dhparam` once `secureContext` is given, so anything outside
 * {@link CONTEXT_KEYS} is refused (by the type, and at run time for values typed more loosely).
 */
export type HandshakeOptions = ContextOptions;

/** The shared SecureContext for the options; throws a TypeError for a key that is not a context key. */
function contextFor(options: HandshakeOptions): SecureContext {
  const context: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (!(CONTEXT_KEYS as readonly string[]).includes(key)) throw new TypeError(`handshake option ${key} is not a context option (${CONTEXT_KEYS.join(', ')}) and would be ignored`);
    context[key] = value;
  }
  return sharedSecureContext(context);
}

/**
 * Connects, completes the handshake, runs `use` on the open socket, and always destroys it. Certificate
 * errors never abort the handshake (`rejectUnauthorized: false`): they are facts, read by `use`. The
 * handshake and `use` are each bounded by `target.timeoutMs` (the timer restarts at secureConnect, so that
 * `use` can set itself a shorter deadline that always fires first). Never rejects for network or context
 * trouble (a context OpenSSL cannot build, e.g. an unknown curve, is kind `other`); only for an option
 * that is not a context option, which is a programming error.
 */
export async function handshake<T>(target: HandshakeTarget, options: HandshakeOptions, use: (socket: TLSSocket) => T | Promise<T>): Promise<HandshakeOutcome<T>> {
  let secureContext: SecureContext;
  try {
    secureContext = contextFor(options);
  } catch (err) {
    if (err instanceof TypeError && err.message.startsWith('handshake option ')) throw err;
    return { ok: false, error: { kind: 'other', message: `cannot build the TLS context: ${classifyHandshakeError(err).message}` } };
  }
  const plain = await openStartTls(target);
  if (plain.error) return { ok: false, error: plain.error };
  const where = plain.socket ? { socket: plain.socket } : { host: target.address, port: target.port };
  return new Promise((resolve) => {
    let settled = false;
    let socket: TLSSocket | undefined;
    let timer: NodeJS.Timeout | undefined;
    const finish = (outcome: HandshakeOutcome<T>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket?.destroy();
      plain.socket?.destroy();
      resolve(outcome);
    };
    timer = setTimeout(() => {
      finish({ ok: false, error: { kind: 'timeout', message: `no handshake within ${target.timeoutMs} ms` } });
    }, target.timeoutMs);
    try {
      socket = connect({ ...where, secureContext, servername: target.serverName, rejectUnauthorized: false });
    } catch (err) {
      finish({ ok: false, error: classifyHandshakeError(err) });
      return;
    }
    const open = socket;
    let connected = false;
    // After the handshake an error belongs to `use` (e.g. a renegotiation the server refuses with an alert):
    // the handshake itself succeeded, so it is not reported as a refused handshake.
    open.on('error', (err) => {
      if (!connected) finish({ ok: false, error: classifyHandshakeError(err) });
    });
    open.once('secureConnect', () => {
      connected = true;
      clearTimeout(timer);
      timer = setTimeout(() => {
        finish({ ok: false, error: { kind: 'timeout', message: `no answer within ${target.timeoutMs} ms after the handshake` } });
      }, target.timeoutMs);
      Promise.resolve()
        .then(() => use(open))
        .then(
          (value) => {
            finish({ ok: true, value });
          },
          (err: unknown) => {
            finish({ ok: false, error: classifyHandshakeError(err) });
          },
        );
    });
  });
}
