/**
 * A small authoritative DNS server for the sealed test network and the tests, over real UDP and TCP.
 * Zones are data (see dns-zones.ts). UDP answers larger than the client's EDNS size (or 512 bytes) are
 * truncated so that clients must retry over TCP. Per-name modes make it hostile on purpose: `drop` never
 * answers (a tarpit), `garbage` sends undecodable bytes, `wrong-id` answers with another ID (as a spoofer
 * would), `servfail` fails. It does not sign zones and never sets AD.
 */
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, isIPv6, type Socket } from 'node:net';
import dnsPacket from 'dns-packet';
import { normaliseName } from '../checks/dns/client.js';
import { answer, compileZones, type Zones } from './dns-zones.js';

export type { ZoneRecord, Zones } from './dns-zones.js';

export type DnsServerMode = 'normal' | 'drop' | 'garbage' | 'wrong-id' | 'servfail';

export interface TestDnsServerOptions {
  zones: Zones;
  /** Default 127.0.0.1. Only loopback addresses belong to the sealed test network. */
  host?: string;
  /** Default 0: any free port, see {@link TestDnsServer.port}. */
  port?: number;
  /** Hostile behaviour per query name (lower case, no trailing dot). */
  modes?: Record<string, DnsServerMode>;
  /** Hostile behaviour for a name and every name below it (a whole zone); `modes` wins for its names. */
  zoneModes?: Record<string, DnsServerMode>;
}

export interface ReceivedQuery {
  name: string;
  type: string;
  transport: 'udp' | 'tcp';
}

export interface TestDnsServer {
  host: string;
  /** The UDP and TCP port. */
  port: number;
  /** Every decodable query received, in order. */
  readonly queries: ReceivedQuery[];
  setMode(name: string, mode: DnsServerMode): void;
  close(): Promise<void>;
}

const RCODES = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;

interface Modes {
  names: Map<string, DnsServerMode>;
  zones: Map<string, DnsServerMode>;
}

/** The mode of a name: its own, else that of the nearest zone above it that has one. */
function modeOf(modes: Modes, name: string): DnsServerMode {
  const own = modes.names.get(name);
  if (own !== undefined) return own;
  for (let at = name; at !== ''; at = at.includes('.') ? at.slice(at.indexOf('.') + 1) : '') {
    const mode = modes.zones.get(at);
    if (mode !== undefined) return mode;
  }
  return 'normal';
}

/** The reply to one raw query, or null to stay silent (also when the query breaks the server: never a crash). */
function respond(...args: Parameters<typeof buildReply>): Buffer | null {
  try {
    return buildReply(...args);
  } catch {
    return null;
  }
}

function buildReply(zones: ReturnType<typeof compileZones>, modes: Modes, raw: Buffer, transport: 'udp' | 'tcp', log: ReceivedQuery[]): Buffer | null {
  let query: dnsPacket.DecodedPacket;
  try {
    query = dnsPacket.decode(raw);
  } catch {
    return null;
  }
  const question = query.questions?.[0];
  if (query.type !== 'query' || question === undefined) return null;
  const name = normaliseName(question.name);
  log.push({ name, type: question.type, transport });
  const mode = modeOf(modes, name);
  if (mode === 'drop') return null;
  if (mode === 'garbage') {
    // Our ID, then a question count the rest cannot hold: never decodable.
    const garbage = randomBytes(48);
    garbage.writeUInt16BE(query.id ?? 0, 0);
    garbage.writeUInt16BE(0xffff, 4);
    return garbage;
  }
  const opt = query.additionals?.find((record): record is dnsPacket.OptAnswer => record.type === 'OPT');
  const result = mode === 'servfail' ? { rcode: 'SERVFAIL' as const, answers: [], authorities: [] } : answer(zones, name, question.type);
  const id = mode === 'wrong-id' ? ((query.id ?? 0) + 1) % 65536 : (query.id ?? 0);
  const flags = (result.rcode === 'REFUSED' || mode === 'servfail' ? 0 : dnsPacket.AUTHORITATIVE_ANSWER) | (query.flag_rd ? dnsPacket.RECURSION_DESIRED : 0) | RCODES[result.rcode];
  const additionals: dnsPacket.Answer[] = opt ? [{ type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }] : [];
  const reply: dnsPacket.Packet = { type: 'response', id, flags, questions: [question], answers: result.answers, authorities: result.authorities, additionals };
  const encoded = dnsPacket.encode(reply);
  const limit = opt ? Math.max(512, opt.udpPayloadSize) : 512;
  if (transport === 'tcp' || encoded.length <= limit) return encoded;
  return dnsPacket.encode({ ...reply, flags: flags | dnsPacket.TRUNCATED_RESPONSE, answers: [], authorities: [] });
}

/** Serves TCP: 2-byte length-prefixed messages, any number per connection, arriving in any chunks. */
function serveTcp(socket: Socket, handle: (raw: Buffer) => Buffer | null): void {
  let buffered = Buffer.alloc(0);
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
      const length = buffered.readUInt16BE(0);
      const reply = handle(buffered.subarray(2, 2 + length));
      buffered = buffered.subarray(2 + length);
      if (reply !== null) {
        const prefix = Buffer.alloc(2);
        prefix.writeUInt16BE(reply.length);
        socket.write(Buffer.concat([prefix, reply]));
      }
    }
  });
}

/**
 * Starts the server on UDP and TCP on the same port.
 *
 * @example
 * const server = await startDnsServer({ zones: { 'example.test': [{ name: '@', type: 'A', data: '127.0.0.10' }] } });
 * // ... query 127.0.0.1:server.port ...
 * await server.close();
 */
export async function startDnsServer(options: TestDnsServerOptions): Promise<TestDnsServer> {
  const host = options.host ?? '127.0.0.1';
  const zones = compileZones(options.zones);
  const normalised = (record: Record<string, DnsServerMode> | undefined) => new Map(Object.entries(record ?? {}).map(([name, mode]) => [normaliseName(name), mode]));
  const modes: Modes = { names: normalised(options.modes), zones: normalised(options.zoneModes) };
  const queries: ReceivedQuery[] = [];
  const connections = new Set<Socket>();

  const tcp = createServer((socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
    serveTcp(socket, (raw) => respond(zones, modes, raw, 'tcp', queries));
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(options.port ?? 0, host, () => {
      tcp.off('error', reject);
      resolve();
    });
  });
  const address = tcp.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  const udp: UdpSocket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
  udp.on('message', (raw, peer) => {
    const reply = respond(zones, modes, raw, 'udp', queries);
    if (reply !== null) udp.send(reply, peer.port, peer.address);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(port, host, () => {
        udp.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    tcp.close();
    throw error;
  }
  udp.on('error', () => undefined);

  return {
    host,
    port,
    queries,
    setMode(name, mode) {
      modes.names.set(normaliseName(name), mode);
    },
    async close() {
      for (const socket of connections) socket.destroy();
      await Promise.all([new Promise<void>((resolve) => tcp.close(() => { resolve(); })), new Promise<void>((resolve) => udp.close(() => { resolve(); }))]);
    },
  };
}
