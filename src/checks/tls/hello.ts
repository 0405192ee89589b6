/**
 * A crafted ClientHello for what OpenSSL 3 in Node cannot offer: SSL 2.0, SSL 3.0 and TLS compression
 * (issue 3: "read the server's first reply rather than skip"). Sends one hello, reads the first reply
 * (ServerHello, alert or close) and stops; no handshake is completed.
 */
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import type { Acceptance } from './facts.js';
import { openStartTls, type HandshakeTarget } from './handshake.js';

/** Suites offered by the hellos: common TLS 1.2 and SSL 3.0 ones plus the renegotiation SCSV. */
const SUITES = [0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc009, 0xc013, 0xc00a, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035, 0x009e, 0x009f, 0x0033, 0x0039, 0xc023, 0xc027, 0xc024, 0xc028, 0x000a, 0x0005, 0x0004, 0x00ff];

const u16 = (n: number): Buffer => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
const vec16 = (b: Buffer): Buffer => Buffer.concat([u16(b.length), b]);
const ext = (type: number, body: Buffer): Buffer => Buffer.concat([u16(type), vec16(body)]);

function extensions(serverName: string): Buffer {
  const name = Buffer.from(serverName, 'ascii');
  const sni = vec16(Buffer.concat([Buffer.from([0]), vec16(name)]));
  const groups = vec16(Buffer.from([0x00, 0x1d, 0x00, 0x17, 0x00, 0x18]));
  const sigs = vec16(Buffer.from([0x04, 0x03, 0x05, 0x03, 0x06, 0x03, 0x08, 0x04, 0x08, 0x05, 0x08, 0x06, 0x04, 0x01, 0x05, 0x01, 0x06, 0x01, 0x02, 0x01]));
  return vec16(Buffer.concat([ext(0x0000, sni), ext(0x000a, groups), ext(0x000b, Buffer.from([1, 0])), ext(0x000d, sigs)]));
}

/** A TLS-format ClientHello: `version` 0x0300 (SSL 3.0, no extensions) or 0x0303 (TLS 1.2); `compression` offers DEFLATE first. */
export function clientHello(version: number, serverName: string, compression: boolean): Buffer {
  const suites = Buffer.concat(SUITES.map(u16));
  const body = Buffer.concat([
    u16(version),
    randomBytes(32),
    Buffer.from([0]),
    vec16(suites),
    compression ? Buffer.from([2, 1, 0]) : Buffer.from([1, 0]),
    version >= 0x0301 ? extensions(serverName) : Buffer.alloc(0),
  ]);
  const handshake = Buffer.concat([Buffer.from([1, (body.length >> 16) & 0xff, (body.length >> 8) & 0xff, body.length & 0xff]), body]);
  return Buffer.concat([Buffer.from([0x16, 0x03, version === 0x0300 ? 0x00 : 0x01]), vec16(handshake)]);
}

/** An SSL 2.0 CLIENT-HELLO offering the SSL 2.0 cipher kinds. */
export function ssl2Hello(): Buffer {
  const specs = Buffer.from([0x01, 0x00, 0x80, 0x02, 0x00, 0x80, 0x03, 0x00, 0x80, 0x04, 0x00, 0x80, 0x06, 0x00, 0x40, 0x07, 0x00, 0xc0]);
  const body = Buffer.concat([Buffer.from([0x01, 0x00, 0x02]), u16(specs.length), u16(0), u16(16), specs, randomBytes(16)]);
  return Buffer.concat([Buffer.from([0x80 | ((body.length >> 8) & 0x7f), body.length & 0xff]), body]);
}

/** What the first reply said: the ServerHello's version and compression method, or a refusal. */
export type Reply = { kind: 'server-hello'; version: number; compression: number } | { kind: 'ssl2-server-hello' } | { kind: 'refused' } | { kind: 'more' };

/** Parses the start of a server's reply; `more` when the bytes so far are not enough. */
export function parseReply(b: Buffer): Reply {
  if (b.length >= 3 && (b[0] ?? 0) & 0x80 && b[2] === 0x04) return { kind: 'ssl2-server-hello' };
  if (b.length < 6) return { kind: 'more' };
  if (b[0] !== 0x16 || b[5] !== 0x02) return { kind: 'refused' };
  const sid = 5 + 4 + 2 + 32;
  if (b.length < sid + 1) return { kind: 'more' };
  const at = sid + 1 + (b[sid] ?? 0) + 2;
  if (b.length < at + 1) return { kind: 'more' };
  return { kind: 'server-hello', version: ((b[9] ?? 0) << 8) | (b[10] ?? 0), compression: b[at] ?? 0 };
}

/** Sends `hello`, resolves with the first reply; `undefined` on timeout or connection trouble (not evidence). */
export async function sendHello(target: HandshakeTarget, hello: Buffer): Promise<Reply | undefined> {
  const plain = await openStartTls(target);
  if (plain.error) return undefined;
  return new Promise((resolve) => {
    let data = Buffer.alloc(0);
    const socket = plain.socket ?? connect({ host: target.address, port: target.port });
    const done = (reply: Reply | undefined): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reply);
    };
    const timer = setTimeout(() => { done(undefined); }, target.timeoutMs);
    // A STARTTLS socket was paused explicitly, so a 'data' listener alone would not start the flow.
    if (plain.socket) {
      socket.resume();
      socket.write(hello);
    }
    else socket.on('connect', () => socket.write(hello));
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const reply = parseReply(data);
      if (reply.kind !== 'more' || data.length > 16_384) done(reply.kind === 'more' ? { kind: 'refused' } : reply);
    });
    socket.on('end', () => { done(data.length === 0 ? { kind: 'refused' } : parseReply(data)); });
    socket.on('error', (err: Error & { code?: string }) => { done(err.code === 'ECONNRESET' ? { kind: 'refused' } : undefined); });
  });
}

/** Whether the server answers a hello of `version` with a ServerHello of that same version. */
export async function acceptsLegacy(target: HandshakeTarget, version: 0x0200 | 0x0300): Promise<Acceptance> {
  const reply = await sendHello(target, version === 0x0200 ? ssl2Hello() : clientHello(0x0300, target.serverName, false));
  if (reply === undefined || reply.kind === 'more') return 'unknown';
  if (version === 0x0200) return reply.kind === 'ssl2-server-hello';
  return reply.kind === 'server-hello' && reply.version === 0x0300;
}

/** Whether the server picks DEFLATE when a TLS 1.2 hello offers it before null compression. */
export async function acceptsCompression(target: HandshakeTarget): Promise<Acceptance> {
  const reply = await sendHello(target, clientHello(0x0303, target.serverName, true));
  if (reply?.kind !== 'server-hello') return 'unknown';
  return reply.compression !== 0;
}
