/** One TLS handshake with node:tls to an IP address, bounded by a timeout, with its failure classified. */
import type { Socket } from 'node:net';
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import type { TlsFacts } from './facts.js';
import { CONTEXT_KEYS, sharedSecureContext } from './secure-context.js';

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

/** Moves the context options (CA list, suites, versions, groups) into a shared SecureContext. */
function withSharedContext(options: ConnectionOptions): ConnectionOptions {
  const context: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) ((CONTEXT_KEYS as readonly string[]).includes(key) ? context : rest)[key] = value;
  return { ...rest, secureContext: sharedSecureContext(context) };
}

/**
 * Connects, completes the handshake, runs `use` on the open socket, and always destroys it. Certificate
 * errors never abort the handshake (`rejectUnauthorized: false`): they are facts, read by `use`.
 */
export async function handshake<T>(target: HandshakeTarget, options: ConnectionOptions, use: (socket: TLSSocket) => T | Promise<T>): Promise<HandshakeOutcome<T>> {
  const plain = await openStartTls(target);
  if (plain.error) return { ok: false, error: plain.error };
  const where = plain.socket ? { socket: plain.socket } : { host: target.address, port: target.port };
  return new Promise((resolve) => {
    let settled = false;
    const socket = connect({ ...withSharedContext(options), ...where, servername: target.serverName, rejectUnauthorized: false });
    const finish = (outcome: HandshakeOutcome<T>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      finish({ ok: false, error: { kind: 'timeout', message: `no handshake within ${target.timeoutMs} ms` } });
    }, target.timeoutMs);
    let connected = false;
    // After the handshake an error belongs to `use` (e.g. a renegotiation the server refuses with an alert):
    // the handshake itself succeeded, so it is not reported as a refused handshake.
    socket.on('error', (err) => {
      if (!connected) finish({ ok: false, error: classifyHandshakeError(err) });
    });
    socket.once('secureConnect', () => {
      connected = true;
      Promise.resolve()
        .then(() => use(socket))
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
