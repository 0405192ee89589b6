/**
 * A minimal, hostile-safe SMTP client for the mail checks: greeting, EHLO, capabilities, STARTTLS, QUIT.
 * Bounded by an overall deadline, a per-line length cap and a line count cap; anything that is not SMTP
 * ends as an {@link SmtpError} with a kind, never a crash and never a hang.
 */
import { connect, type Socket } from 'node:net';
import type { AddressPolicy } from '../../domain/check.js';
import type { StartTls } from '../tls/handshake.js';

export type SmtpErrorKind = 'blocked' | 'timeout' | 'refused' | 'reset' | 'closed' | 'garbage' | 'too-long' | 'rejected' | 'no-starttls';

/** A classified failure of the SMTP dialogue. */
export class SmtpError extends Error {
  constructor(readonly kind: SmtpErrorKind, message: string) {
    super(message);
    this.name = 'SmtpError';
  }
}

export interface SmtpOptions {
  address: string;
  /** Default 25. */
  port?: number;
  /** Checked before connecting. Omit only when the caller already checked (the STARTTLS hook). */
  policy?: AddressPolicy;
  /** For the whole dialogue; default 10 s. */
  timeoutMs?: number;
  /** The name sent in EHLO; default `thorbecke.invalid`. */
  ehloName?: string;
  /** Default 4096 bytes per line and 100 lines per reply. */
  maxLineBytes?: number;
  maxLines?: number;
}

/** A reply: its code and its text lines (without code and separator). */
export interface SmtpReply {
  code: number;
  lines: string[];
}

export interface SmtpSession {
  greeting: SmtpReply;
  ehlo: SmtpReply;
  /** EHLO keywords, upper case, e.g. `STARTTLS`, `SIZE`, `PIPELINING`. */
  capabilities: string[];
  starttls: boolean;
}

const REPLY_LINE = /^(\d{3})([ -])(.*)$/;
const NET_KINDS: Record<string, SmtpErrorKind> = { ECONNREFUSED: 'refused', ECONNRESET: 'reset', EPIPE: 'reset', ETIMEDOUT: 'timeout' };

/** Reads replies line by line from a socket, enforcing the caps; rejects everything pending on any failure. */
class ReplyReader {
  private buffer = Buffer.alloc(0);
  private pending: { resolve: (r: SmtpReply) => void; reject: (e: SmtpError) => void } | undefined;
  private lines: string[] = [];
  private failure: SmtpError | undefined;
  private ready: SmtpReply[] = [];
  private code = '';

  constructor(private readonly maxLineBytes: number, private readonly maxLines: number) {}

  /** Bytes, lines and replies received after the last reply taken (must be none before a TLS upgrade). */
  get leftover(): number {
    return this.buffer.length + this.lines.length + this.ready.length;
  }

  push(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (let end = this.buffer.indexOf(10); end >= 0 && this.failure === undefined; end = this.buffer.indexOf(10)) {
      const line = this.buffer.subarray(0, end).toString('latin1').replace(/\r$/, '');
      this.buffer = this.buffer.subarray(end + 1);
      if (end > this.maxLineBytes) { this.fail(new SmtpError('too-long', `a reply line longer than ${this.maxLineBytes} bytes`)); return; }
      this.line(line);
    }
    if (this.buffer.length > this.maxLineBytes) this.fail(new SmtpError('too-long', `a reply line longer than ${this.maxLineBytes} bytes`));
  }

  private line(text: string): void {
    const match = REPLY_LINE.exec(text) ?? /^(\d{3})()$/.exec(text);
    if (match === null) { this.fail(new SmtpError('garbage', `not an SMTP reply: "${text.slice(0, 60)}"`)); return; }
    if (this.lines.length > 0 && match[1] !== this.code) { this.fail(new SmtpError('garbage', `a multi-line reply mixes codes ${this.code} and ${match[1] ?? ''}`)); return; }
    this.code = match[1] ?? '';
    this.lines.push(match[3] ?? '');
    if (this.lines.length > this.maxLines) { this.fail(new SmtpError('too-long', `a reply of more than ${this.maxLines} lines`)); return; }
    if (match[2] === '-') return;
    const reply = { code: Number(match[1]), lines: this.lines };
    this.lines = [];
    const waiter = this.pending;
    this.pending = undefined;
    if (waiter) waiter.resolve(reply);
    else this.ready.push(reply);
  }

  fail(error: SmtpError): void {
    this.failure ??= error;
    const waiter = this.pending;
    this.pending = undefined;
    waiter?.reject(this.failure);
  }

  next(): Promise<SmtpReply> {
    const ready = this.ready.shift();
    if (ready) return Promise.resolve(ready);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.pending = { resolve, reject }));
  }
}

const capabilitiesOf = (ehlo: SmtpReply): string[] =>
  ehlo.lines.slice(1).map((line) => line.trim().split(/\s+/)[0]?.toUpperCase() ?? '').filter(Boolean);

/**
 * Connects, reads the greeting and sends EHLO; with `upgrade`, also STARTTLS, resolving with the paused
 * socket ready for the ClientHello. Without it, it says QUIT and closes. Rejects with {@link SmtpError}.
 */
export async function smtpDialogue(options: SmtpOptions, upgrade: boolean): Promise<{ session: SmtpSession; socket?: Socket }> {
  const decision = options.policy?.(options.address) ?? { allowed: true };
  if (!decision.allowed) throw new SmtpError('blocked', decision.reason);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const reader = new ReplyReader(options.maxLineBytes ?? 4096, options.maxLines ?? 100);
  const socket = connect({ host: options.address, port: options.port ?? 25 });
  const timer = setTimeout(() => { reader.fail(new SmtpError('timeout', `no complete SMTP dialogue within ${timeoutMs} ms`)); }, timeoutMs);
  socket.on('data', (chunk: Buffer) => { reader.push(chunk); });
  socket.on('error', (err: Error & { code?: string }) => { reader.fail(new SmtpError(NET_KINDS[err.code ?? ''] ?? 'closed', err.message)); });
  socket.on('close', () => { reader.fail(new SmtpError('closed', 'the server closed the connection')); });
  const expect = async (codes: number[], what: string): Promise<SmtpReply> => {
    const reply = await reader.next();
    if (!codes.includes(reply.code)) throw new SmtpError('rejected', `${what}: ${reply.code} ${reply.lines.join(' ').slice(0, 120)}`);
    return reply;
  };
  try {
    const greeting = await expect([220], 'greeting');
    socket.write(`EHLO ${options.ehloName ?? 'thorbecke.invalid'}\r\n`);
    const ehlo = await expect([250], 'EHLO');
    const capabilities = capabilitiesOf(ehlo);
    const session: SmtpSession = { greeting, ehlo, capabilities, starttls: capabilities.includes('STARTTLS') };
    if (!upgrade || !session.starttls) {
      socket.write('QUIT\r\n');
      socket.end();
      if (upgrade) throw new SmtpError('no-starttls', 'the server does not offer STARTTLS');
      return { session };
    }
    socket.write('STARTTLS\r\n');
    await expect([220], 'STARTTLS');
    // Anything after the 220 arrived in plain text and would be taken as TLS: refuse (STARTTLS injection).
    if (reader.leftover > 0) throw new SmtpError('garbage', 'data after the STARTTLS reply, before TLS');
    socket.pause();
    socket.removeAllListeners('data');
    socket.removeAllListeners('close');
    socket.removeAllListeners('error');
    socket.on('error', () => undefined); // the TLS socket that wraps it reports errors from here on
    return { session, socket };
  } catch (error) {
    socket.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** The greeting, EHLO and capabilities of one server, then QUIT. */
export async function smtpSession(options: SmtpOptions): Promise<SmtpSession> {
  return (await smtpDialogue(options, false)).session;
}

/**
 * A `StartTls` for {@link gatherTls}: every TLS probe of a mail server runs a real SMTP dialogue first.
 *
 * @example
 * await gatherTls({ address, port: 25, serverName: mx, policy, starttls: smtpStarttlsHook({ ehloName: 'scanner.example' }) });
 */
export function smtpStarttlsHook(options: Pick<SmtpOptions, 'ehloName' | 'policy' | 'maxLineBytes' | 'maxLines'> = {}): StartTls {
  return async (address, port, timeoutMs) => {
    const { socket } = await smtpDialogue({ ...options, address, port, timeoutMs }, true);
    if (socket === undefined) throw new SmtpError('no-starttls', 'the server does not offer STARTTLS');
    return socket;
  };
}
