/**
 * Wire-level pieces of the DNS client: the typed error, reply verification and the TCP exchange
 * (2-byte length prefix, replies arriving in any number of chunks).
 */
import type { EventEmitter } from 'node:events';
import { connect } from 'node:net';
import dnsPacket from 'dns-packet';

/** Where queries go: an IP address (never a name) and a port. */
export interface DnsServer {
  host: string;
  port: number;
}

/** Why a query got no usable answer: no reply in time, an unreadable reply, no route, or a refusal. */
export type DnsErrorKind = 'timeout' | 'malformed' | 'network' | 'refused';

export class DnsError extends Error {
  constructor(
    readonly kind: DnsErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'DnsError';
  }
}

/**
 * Decodes a reply and checks that it answers our query: a response, our ID, our question.
 * Returns null for a well-formed packet that is not ours; throws when it cannot be decoded.
 */
export function decodeReply(raw: Buffer, id: number, name: string, type: string): dnsPacket.DecodedPacket | null {
  const reply = dnsPacket.decode(raw);
  if (reply.type !== 'response' || reply.id !== id) return null;
  const question = reply.questions?.[0];
  if (reply.questions?.length !== 1 || question === undefined) return null;
  if (question.name.toLowerCase().replace(/\.$/, '') !== name || question.type !== type) return null;
  return reply;
}

/**
 * Ends one exchange exactly once: stops its timer, silences and closes its socket, then settles the
 * promise. `startTimer` arms the deadline, whose error is made when it fires.
 */
export function exchangeEnd(
  socket: EventEmitter,
  close: () => void,
  resolve: (reply: Buffer) => void,
  reject: (error: DnsError) => void,
): { finish: (error: DnsError | null, reply?: Buffer) => void; startTimer: (ms: number, onTimeout: () => DnsError) => void } {
  let done = false;
  let timer: NodeJS.Timeout | undefined;
  const finish = (error: DnsError | null, reply?: Buffer): void => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    socket.removeAllListeners();
    socket.on('error', () => undefined);
    close();
    if (error) reject(error);
    else if (reply) resolve(reply);
  };
  const startTimer = (ms: number, onTimeout: () => DnsError): void => {
    timer = setTimeout(() => {
      finish(onTimeout());
    }, ms);
  };
  return { finish, startTimer };
}

/** Sends one query over TCP and resolves with the raw reply (without its length prefix). */
export function exchangeTcp(server: DnsServer, query: Buffer, timeoutMs: number, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const where = `${server.host} port ${server.port}`;
    const socket = connect({ host: server.host, port: server.port });
    const chunks: Buffer[] = [];
    let received = 0;
    let expected: number | null = null;
    const { finish, startTimer } = exchangeEnd(socket, () => socket.destroy(), resolve, reject);
    startTimer(timeoutMs, () => new DnsError('timeout', `no TCP answer from ${where} within ${timeoutMs} ms`));
    socket.on('connect', () => {
      const prefix = Buffer.alloc(2);
      prefix.writeUInt16BE(query.length);
      socket.write(Buffer.concat([prefix, query]));
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      const buffered = Buffer.concat(chunks);
      if (expected === null && buffered.length >= 2) {
        expected = buffered.readUInt16BE(0);
        if (expected > maxBytes) {
          finish(new DnsError('malformed', `the TCP answer from ${where} is larger than ${maxBytes} bytes`));
          return;
        }
      }
      if (expected !== null && received >= expected + 2) finish(null, buffered.subarray(2, expected + 2));
    });
    socket.on('end', () => {
      finish(new DnsError('malformed', `${where} closed the TCP connection before a complete answer`));
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      finish(error.code === 'ECONNREFUSED' ? new DnsError('refused', `${where} refused the TCP connection`) : new DnsError('network', `TCP to ${where} failed: ${error.message}`));
    });
  });
}
