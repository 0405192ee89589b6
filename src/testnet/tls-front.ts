/**
 * A TCP front for a node:tls server of the test network: it peeks at the first record of each connection and,
 * when the profile wants it, answers what OpenSSL 3 cannot (a ServerHello choosing DEFLATE, an SSL 3.0 or
 * SSL 2.0 ServerHello) with a crafted reply that src/checks/tls/hello.ts recognises, then closes. Anything
 * else is handed, bytes intact, to the TLS server. Hostile input is bounded: one record at most, a deadline.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { TlsProfile } from './tls-profile.js';

/** The largest first record the front waits for (TLS allows 2^14 plus expansion). */
const MAX_RECORD = 16_384 + 2048;
/** How long a connection may take to send its first record when the front must look at it. */
const PEEK_TIMEOUT_MS = 10_000;

/** What the first record asks for, as far as the crafted replies care. */
export type FirstRecord =
  | { kind: 'more' }
  | { kind: 'other' }
  | { kind: 'ssl2-hello' }
  | { kind: 'client-hello'; version: number; suites: number[]; compression: number[] };

/** Parses the start of a connection: a TLS ClientHello record, an SSL 2.0 CLIENT-HELLO, or something else. */
export function parseFirstRecord(b: Buffer): FirstRecord {
  if (b.length < 3) return { kind: 'more' };
  if (((b[0] ?? 0) & 0x80) !== 0 && b[2] === 0x01) return { kind: 'ssl2-hello' };
  if (b[0] !== 0x16 || b[1] !== 0x03) return { kind: 'other' };
  if (b.length < 5) return { kind: 'more' };
  const length = b.readUInt16BE(3);
  if (length > MAX_RECORD) return { kind: 'other' };
  if (b.length < 5 + length) return { kind: 'more' };
  const body = b.subarray(5, 5 + length);
  // handshake type (1) + length (3) + client_version (2) + random (32) + session id (1 + n)
  if (body[0] !== 0x01 || body.length < 4 + 2 + 32 + 1) return { kind: 'other' };
  const version = body.readUInt16BE(4);
  let at = 4 + 2 + 32;
  at += 1 + (body[at] ?? 0);
  if (at + 2 > body.length) return { kind: 'other' };
  const suitesLength = body.readUInt16BE(at);
  at += 2;
  if (at + suitesLength + 1 > body.length || suitesLength % 2 !== 0) return { kind: 'other' };
  const suites: number[] = [];
  for (let i = 0; i < suitesLength; i += 2) suites.push(body.readUInt16BE(at + i));
  at += suitesLength;
  const methods = body[at] ?? 0;
  if (at + 1 + methods > body.length) return { kind: 'other' };
  return { kind: 'client-hello', version, suites, compression: [...body.subarray(at + 1, at + 1 + methods)] };
}

/** A ServerHello record of `version` choosing `suite` and `compression`, without extensions. */
export function serverHello(version: number, suite: number, compression: number): Buffer {
  const body = Buffer.concat([Buffer.from([version >> 8, version & 0xff]), randomBytes(32), Buffer.from([0, suite >> 8, suite & 0xff, compression])]);
  const handshake = Buffer.concat([Buffer.from([0x02, 0, body.length >> 8, body.length & 0xff]), body]);
  return Buffer.concat([Buffer.from([0x16, version >> 8, version & 0xff, handshake.length >> 8, handshake.length & 0xff]), handshake]);
}

/** An SSL 2.0 SERVER-HELLO (no certificate, one cipher kind): enough for a client to see SSL 2.0 spoken. */
export function ssl2ServerHello(): Buffer {
  const body = Buffer.concat([Buffer.from([0x04, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x10, 0x01, 0x00, 0x80]), randomBytes(16)]);
  return Buffer.concat([Buffer.from([0x80 | (body.length >> 8), body.length & 0xff]), body]);
}

/** The crafted reply the profile gives to this first record, or undefined to hand it to the TLS server. */
export function craftedReply(profile: TlsProfile, first: FirstRecord): Buffer | undefined {
  if (first.kind === 'ssl2-hello') return profile.acceptSsl2 === true ? ssl2ServerHello() : undefined;
  if (first.kind !== 'client-hello') return undefined;
  const suite = first.suites.find((s) => s !== 0x00ff && s !== 0x5600 && (s & 0x0f0f) !== 0x0a0a) ?? 0x002f;
  if (first.version === 0x0300) return profile.acceptSsl3 === true ? serverHello(0x0300, suite, 0) : undefined;
  if (profile.acceptCompression === true && first.compression.includes(1)) return serverHello(Math.min(first.version, 0x0303), suite, 1);
  return undefined;
}

/** Whether the front must look at first records at all (otherwise connections go straight to TLS). */
export const needsFront = (profile: TlsProfile): boolean => profile.acceptCompression === true || profile.acceptSsl3 === true || profile.acceptSsl2 === true;

/**
 * A `net.Server` whose connections go to `tlsServer` (via its 'connection' event), except those the profile
 * answers with a crafted reply. `onConnection` is called once per accepted connection (for statistics).
 */
export function createTlsFront(tlsServer: Server, profile: TlsProfile, onConnection: (socket: Socket) => void): Server {
  const peek = needsFront(profile);
  return createServer((socket) => {
    onConnection(socket);
    socket.on('error', () => undefined);
    if (!peek) return void tlsServer.emit('connection', socket);
    let buffered = Buffer.alloc(0);
    const timer = setTimeout(() => socket.destroy(), PEEK_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      const first = parseFirstRecord(buffered);
      if (first.kind === 'more' && buffered.length <= MAX_RECORD + 5) return;
      clearTimeout(timer);
      socket.removeListener('data', onData);
      socket.removeListener('end', onEnd);
      socket.pause();
      const reply = craftedReply(profile, first);
      if (reply !== undefined) return void socket.end(reply);
      socket.unshift(buffered);
      tlsServer.emit('connection', socket);
    };
    const onEnd = (): void => {
      clearTimeout(timer);
      socket.destroy();
    };
    socket.on('data', onData);
    socket.on('end', onEnd);
    // An error or a reset ends the connection without 'end': the deadline must not outlive it.
    socket.once('close', () => { clearTimeout(timer); });
  });
}
